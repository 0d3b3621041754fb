/**
 * Shared helpers of the model's directional tests: run two arms of a small world with seeds
 * 1..n and everything else fixed, count outcomes, and test the difference one-sided.
 */
import { runInline } from '../../helpers.js';
import { scenarioFrom } from '../../../src/scenarios/load.js';
import { twoProportionZTest } from '../../../src/analysis/stats.js';
import { S } from '../../../src/models/table/state.js';

/** 13 populations x 20 agents, 520 weekly ticks (ten years), 200 replicates per arm. */
export const AGENTS = 260;
export const TICKS = 520;
export const N = 200;

type Params = Record<string, Record<string, unknown>>;

export interface RunSummary {
  kind: string;
  signed: boolean;
  /** mean economic stress over the run */
  meanStress: number;
  /** mean credibility of US commitments over the run */
  meanCredibility: number;
  /** mean IAEA access over the run */
  meanAccess: number;
}

const merge = (a: Params, b: Params): Params => {
  const o: Params = structuredClone(a);
  for (const [g, v] of Object.entries(b)) o[g] = { ...(o[g] ?? {}), ...v };
  return o;
};

const cache = new Map<string, RunSummary[]>();

/** Runs seeds 1..n of `params` (cached by its JSON: arms shared between tests run once). */
export function arm(base: Params, over: Params = {}, n = N, ticks = TICKS): RunSummary[] {
  const params = merge(base, over);
  const key = JSON.stringify([params, n, ticks]);
  const hit = cache.get(key);
  if (hit) return hit;
  const out: RunSummary[] = [];
  for (let seed = 1; seed <= n; seed++) {
    const r = runInline(scenarioFrom({ agents: AGENTS, ticks, seed, params }));
    const ns = r.series.state.length / ticks;
    let stress = 0, cred = 0, access = 0;
    for (let t = 0; t < ticks; t++) {
      stress += r.series.state[t * ns + S.stress] / ticks;
      cred += r.series.state[t * ns + S.credibility] / ticks;
      access += r.series.state[t * ns + S.access] / ticks;
    }
    out.push({ kind: r.outcome.kind, signed: r.events.some((e) => e.kind === 'deal-signed'), meanStress: stress, meanCredibility: cred, meanAccess: access });
  }
  cache.set(key, out);
  return out;
}

export const count = (runs: RunSummary[], pred: (r: RunSummary) => boolean): number => runs.reduce((k, r) => k + (pred(r) ? 1 : 0), 0);
export const kindIs = (...kinds: string[]) => (r: RunSummary) => kinds.includes(r.kind);

/** One-sided two-proportion z test that the share of `pred` is greater in `hi` than in `lo`. */
export function greater(hi: RunSummary[], lo: RunSummary[], pred: (r: RunSummary) => boolean) {
  const k1 = count(hi, pred), k2 = count(lo, pred);
  const t = twoProportionZTest(k1, hi.length, k2, lo.length);
  return { k1, k2, p: t.pGreater, diff: t.p1 - t.p2 };
}

/** Counts conditioned on a subset: the share of `pred` among the runs satisfying `given`. */
export function greaterAmong(hi: RunSummary[], lo: RunSummary[], given: (r: RunSummary) => boolean, pred: (r: RunSummary) => boolean) {
  return greater(hi.filter(given), lo.filter(given), pred);
}

export { S };
