/**
 * The run list of a study, computed lazily from run ids (nothing proportional to the number
 * of runs is held in memory but the set of completed ids on resume).
 *
 * Run ids are replicate-major: with S scenarios, L policies (`levers:`; L = 1 without) and P
 * design points,
 *
 *   run_id = replicate · (S·L·P) + (scenario_index · L + policy_index) · P + design_point
 *
 * so the first S·L·P runs are replicate 0 of every scenario, policy and design point, the next
 * S·L·P replicate 1, and so on: a study stopped half-way holds a balanced subset. A policy is
 * crossed with the design as a scenario is (without levers the ids are those of
 * `replicate · (S·P) + scenario_index · P + design_point`). Shard i of n (1-based) holds the
 * runs with run_id mod n = i − 1.
 *
 * The seed does not depend on the policy: the runs of every policy at one scenario, design point
 * and replicate share their seed (common random numbers), so that policies are compared on the
 * same draws of chance.
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
  /** index of the run's policy in the study's levers (0 without levers) */
  policyIndex: number;
  /** the run's policy, null without levers */
  policy: string | null;
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
  const S = study.scenarios.length, L = study.policies?.length ?? 1, P = study.points;
  const replicate = Math.floor(runId / (S * L * P));
  const rest = runId - replicate * S * L * P;
  const cell = Math.floor(rest / P);
  const designPoint = rest - cell * P;
  const scenarioIndex = Math.floor(cell / L);
  const policyIndex = cell - scenarioIndex * L;
  const scenario = study.scenarios[scenarioIndex]!.name;
  return {
    runId, scenarioIndex, scenario, policyIndex, policy: study.policies ? study.policies[policyIndex]!.name : null, designPoint, replicate,
    seed: runSeed(study.seed, scenario, designPoint, replicate),
    values: study.design ? study.design.points[designPoint]! : [],
  };
}

/** The run ids of a shard in schedule order, skipping those in `done`. */
export function* pendingRuns(study: ResolvedStudy, shard: Shard | null, done: ReadonlySet<number>): Generator<PlannedRun> {
  const start = shard ? shard.index - 1 : 0, step = shard ? shard.count : 1;
  for (let id = start; id < study.runs; id += step) if (!done.has(id)) yield plannedRun(study, id);
}

/** The scenario one run executes: the study's scenario under the run's policy at the design point, with the run's seed. */
export function scenarioOf(study: ResolvedStudy, run: PlannedRun): ResolvedScenario {
  const base = study.scenarios[run.scenarioIndex]!;
  // a design value is a factor's code: the value itself for a number, 0/1 for a boolean, an index for an enum (factors.ts);
  // a model parameter goes into the params, a population setting into the scenario's populations.
  // The policy's levers and the design's factors are applied together (never the same parameter): model parameters first
  const policy = study.policies?.[run.policyIndex];
  const names = [...(policy?.names ?? []), ...(study.design?.names ?? [])];
  const at = names.length ? applyDesign(study.model, base, names, [...(policy?.codes ?? []), ...run.values]).run : base;
  return { ...at, seed: run.seed };
}
