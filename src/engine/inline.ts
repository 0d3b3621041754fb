/**
 * Runs one scenario whole on the calling thread (what a pool worker does for a small world),
 * and the one conversion of a simulation's result into the reply every mode returns.
 */
import { createModel } from '../model/index.js';
import type { ResolvedScenario } from '../scenarios/schema.js';
import type { Bus } from './bus.js';
import type { WorldReply } from './protocol.js';
import { runWhole, type SimulationResult } from './simulation.js';

export function runInline(sc: ResolvedScenario, bus?: Bus): SimulationResult {
  return runWhole(createModel(sc), { seed: sc.seed, ticks: sc.ticks, ...(bus ? { bus } : {}) });
}

/** A simulation's result in the transferable form of a WorldReply; the series only if kept. */
export function toReply(r: SimulationResult, keepSeries: boolean): WorldReply {
  return {
    outcome: r.outcome,
    final: r.final,
    finalShares: r.finalShares,
    stateNames: r.series.stateNames,
    seriesState: keepSeries ? r.series.state : null,
    seriesShares: keepSeries ? r.series.shares : null,
    events: r.events,
    digest: r.digest,
    bytesPerAgent: r.bytesPerAgent,
  };
}
