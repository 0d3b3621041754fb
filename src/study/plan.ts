/**
 * The run list of a study, computed lazily from run ids (nothing proportional to the number
 * of runs is held in memory but the set of completed ids on resume).
 *
 * Run ids are replicate-major: with S scenarios and P design points,
 *
 *   run_id = replicate · (S·P) + scenario_index · P + design_point
 *
 * so the first S·P runs are replicate 0 of every scenario and design point, the next S·P
 * replicate 1, and so on: a study stopped half-way holds a balanced subset. Shard i of n
 * (1-based) holds the runs with run_id mod n = i − 1.
 */
import { applyDesign } from './factors.js';
import type { ResolvedScenario } from '../scenarios/schema.js';
import { InputError } from '../errors.js';
import { runSeed } from './seeds.js';
import type { ResolvedStudy } from './spec.js';

export interface PlannedRun {
  runId: number;
  scenarioIndex: number;
  scenario: string;
  designPoint: number;
  replicate: number;
  seed: number;
  /** the design's values at this point (empty without a design) */
  values: number[];
}

export interface Shard { index: number; count: number }

/** Parses "i/n" (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const i = m ? Number(m[1]) : NaN, n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1) || !(i >= 1) || i > n || n > 1_000_000) {
    throw new InputError(`--shard: expected i/n with 1 <= i <= n (e.g. 2/8), found ${JSON.stringify(text)}`);
  }
  return { index: i, count: n };
}

export const shardText = (s: Shard | null): string | null => (s ? `${s.index}/${s.count}` : null);

export const inShard = (runId: number, s: Shard | null): boolean => !s || runId % s.count === s.index - 1;

/** Number of runs of the study in a shard. */
export function shardSize(total: number, s: Shard | null): number {
  if (!s) return total;
  const r = s.index - 1;
  return r >= total ? 0 : Math.floor((total - 1 - r) / s.count) + 1;
}

export function plannedRun(study: ResolvedStudy, runId: number): PlannedRun {
  const S = study.scenarios.length, P = study.points;
  const replicate = Math.floor(runId / (S * P));
  const rest = runId - replicate * S * P;
  const scenarioIndex = Math.floor(rest / P);
  const designPoint = rest - scenarioIndex * P;
  const scenario = study.scenarios[scenarioIndex]!.name;
  return {
    runId, scenarioIndex, scenario, designPoint, replicate,
    seed: runSeed(study.seed, scenario, designPoint, replicate),
    values: study.design ? study.design.points[designPoint]! : [],
  };
}

/** The run ids of a shard in schedule order, skipping those in `done`. */
export function* pendingRuns(study: ResolvedStudy, shard: Shard | null, done: ReadonlySet<number>): Generator<PlannedRun> {
  const start = shard ? shard.index - 1 : 0, step = shard ? shard.count : 1;
  for (let id = start; id < study.runs; id += step) if (!done.has(id)) yield plannedRun(study, id);
}

/** The scenario one run executes: the study's scenario at the design point, with the run's seed. */
export function scenarioOf(study: ResolvedStudy, run: PlannedRun): ResolvedScenario {
  const base = study.scenarios[run.scenarioIndex]!;
  // a design value is a factor's code: the value itself for a number, 0/1 for a boolean, an index for an enum (factors.ts);
  // a model parameter goes into the params, a population setting into the scenario's populations
  const at = study.design ? applyDesign(study.model, base, study.design.names, run.values).run : base;
  return { ...at, seed: run.seed };
}
