/**
 * Per-population learning statistics: how a population's members learn, not only what they do.
 * A study records them as series variables `<statistic>:<population>` (study/spec.ts):
 *
 *   entropy     H(t) = (1/n) Σ_i −Σ_j P_ij(t) ln P_ij(t)      nats, in [0, ln K]
 *               the mean Shannon entropy of the members' choice probabilities at tick t (the
 *               distributions their tick-t choices are drawn from: learning/probabilities.ts);
 *               0 for a threshold rule (no draw), ln K for members that choose uniformly
 *   switch      S(t) = (1/n) #{i : a_i(t) ≠ a_i(t − 1)}         share of members, in [0, 1]
 *               the share of members whose action at tick t differs from their action at t − 1
 *               (at tick 0, from their initial action: section 5 of docs/ODD.md)
 *   dispersion  D(t) = (1/n) Σ_i Σ_j (P_ij(t) − P̄_j(t))²        probability², in [0, 1 − 1/K]
 *               how far members' mixed strategies lie from the population's mean strategy P̄:
 *               0 when every member holds the same probabilities, 1 − 1/K when members are pure
 *               and spread evenly over the K actions (computed in one pass from sums shifted by
 *               the first member's probabilities, clipped at 0: exactly 0 for identical members)
 *
 * n is the population's size, K its number of actions. They are computed by the coordinator
 * between ticks (in `Simulation.prepare` and `advance`), in one pass over the population's members
 * in agent order, from the agent columns in shared memory: the same sums in the same order
 * whatever the number of shards or workers, so the values are bit-identical across modes. They
 * are computed only at the ticks a study keeps (every `every`-th and the last) and only for the
 * statistics asked for; the pass allocates nothing (scratch arrays made once per run). They are
 * observations, not state: the run's digest does not include them.
 */
import { actNow, actPrev, type WorldViews } from '../learning/kernel-args.js';
import { choiceProbabilities } from '../learning/probabilities.js';
import type { PopulationLayout, WorldLayout } from './world.js';

/** The learning statistics, in the order their names are listed in messages and docs. */
export const LEARNING_STATS = ['entropy', 'switch', 'dispersion'] as const;
export type LearningStat = (typeof LEARNING_STATS)[number];

/** The unit of each statistic (the report's axes). */
export const LEARNING_STAT_UNITS: Readonly<Record<LearningStat, string>> = {
  entropy: 'nats',
  switch: 'share of members',
  dispersion: 'probability²',
};

/** One statistic of one population (its index in the model's declared order). */
export interface StatRequest { stat: LearningStat; population: number }

/** What a run computes: the statistics, at ticks 0, every, 2·every, … and the last. */
export interface StatsSpec { requests: readonly StatRequest[]; every: number }

/** Largest number of actions a population may have (action bytes). */
const MAX_K = 256;

/** Computes the requested statistics of one run into `values` (ticks × requests, row-major; NaN at ticks not kept). */
export class LearningStats {
  readonly values: Float64Array;
  private readonly probs = new Float64Array(MAX_K);
  private readonly sum = new Float64Array(MAX_K);
  private readonly shift = new Float64Array(MAX_K);
  private readonly n: number;

  constructor(private readonly layout: WorldLayout, readonly spec: StatsSpec, private readonly ticks: number) {
    this.n = spec.requests.length;
    this.values = new Float64Array(ticks * this.n).fill(Number.NaN);
    for (const r of spec.requests) {
      if (!layout.populations[r.population]) throw new RangeError(`learning statistic ${r.stat}: expected a population index below ${layout.populations.length}, found ${r.population}`);
    }
  }

  /** Whether tick t is one the run keeps. */
  private kept(t: number): boolean {
    return t % this.spec.every === 0 || t === this.ticks - 1;
  }

  /** Before tick t is stepped: entropy and dispersion of the distributions the members choose from at t. */
  beforeTick(v: WorldViews, t: number): void {
    if (!this.kept(t)) return;
    const req = this.spec.requests;
    for (let j = 0; j < this.n; j++) {
      const r = req[j]!;
      if (r.stat === 'switch') continue;
      const l = this.layout.populations[r.population]!;
      // both from one pass; a population asked for both is computed twice (a rare and small cost)
      const [h, d] = this.strategies(v, l, t);
      this.values[t * this.n + j] = r.stat === 'entropy' ? h : d;
    }
  }

  /** After every shard has stepped tick t: the share of members whose action changed. */
  afterTick(v: WorldViews, t: number): void {
    if (!this.kept(t)) return;
    const req = this.spec.requests;
    const now = actNow(v, t), prev = actPrev(v, t);
    for (let j = 0; j < this.n; j++) {
      const r = req[j]!;
      if (r.stat !== 'switch') continue;
      const l = this.layout.populations[r.population]!;
      let changed = 0;
      for (let g = l.agentOff, end = l.agentOff + l.size; g < end; g++) if (now[g] !== prev[g]) changed++;
      this.values[t * this.n + j] = l.size > 0 ? changed / l.size : Number.NaN;
    }
  }

  /** Mean entropy (nats) and dispersion of population l's members' choice probabilities at tick t. */
  private strategies(v: WorldViews, l: PopulationLayout, t: number): [number, number] {
    const K = l.K, p = this.probs, sum = this.sum, c = this.shift;
    if (l.size === 0) return [Number.NaN, Number.NaN];
    // the dispersion from sums shifted by the first member's probabilities c (the shifted-data
    // form of a variance): exactly 0 when every member holds the same probabilities, and no
    // cancellation of two large sums
    choiceProbabilities(v, l, 0, t, c);
    for (let k = 0; k < K; k++) sum[k] = 0;
    let hSum = 0, sqSum = 0;
    for (let i = 0; i < l.size; i++) {
      choiceProbabilities(v, l, i, t, p);
      let h = 0;
      for (let k = 0; k < K; k++) {
        const x = p[k]!, y = x - c[k]!;
        if (x > 0) h -= x * Math.log(x);
        sqSum += y * y;
        sum[k] += y;
      }
      hSum += h;
    }
    const n = l.size;
    let meanSq = 0;
    for (let k = 0; k < K; k++) { const m = sum[k]! / n; meanSq += m * m; }
    const d = sqSum / n - meanSq;
    return [hSum / n, d > 0 ? d : 0];
  }
}
