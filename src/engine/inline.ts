/**
 * Runs one scenario whole on the calling thread (what a pool worker does for a small world).
 */
import { createModel } from '../model/index.js';
import type { ResolvedScenario } from '../scenarios/schema.js';
import type { Bus } from './bus.js';
import { runWhole, type SimulationResult } from './simulation.js';

export function runInline(sc: ResolvedScenario, bus?: Bus): SimulationResult {
  return runWhole(createModel(sc), { seed: sc.seed, ticks: sc.ticks, ...(bus ? { bus } : {}) });
}
