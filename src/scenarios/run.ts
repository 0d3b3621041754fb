/**
 * Running a resolved scenario: its model from the registry, then the engine's run API.
 */
import type { RunOptions, WorldRun } from '../engine/run.js';
import { runWorld } from '../engine/run.js';
import { getModel } from '../models/index.js';
import type { ResolvedScenario } from './schema.js';

export async function runScenario(sc: ResolvedScenario, opts: RunOptions = {}): Promise<WorldRun> {
  return runWorld(getModel(sc.model), sc, opts);
}
