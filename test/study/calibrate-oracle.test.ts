/**
 * The calibration pipeline's ABC bookkeeping (study/calibrate.ts `abcGenerations`: proposals
 * in flight, out-of-order results, acceptance by index, resume from stored distances) on a toy
 * model with a known posterior: the mean μ of 25 draws from N(μ, 1), observed ȳ = 0.8, prior
 * μ ~ N(0, 2²), whose posterior is normal with mean 0.795 and sd 0.199 (conjugate).
 *
 * Two oracles: (1) the analytic posterior, within 6 ESS-predicted Monte Carlo sd (the allowance
 * test/analysis/abc.test.ts measured for ABC-SMC's weighted estimates); (2) the in-memory
 * drivers of analysis/abc.ts on the same problem and seed: the pipeline must give exactly
 * their populations (parameters, weights, tolerances), whatever order results arrive in,
 * however many are in flight, and after an interruption and resume.
 */
import { describe, expect, it } from 'vitest';
import { abcRejection, abcSmc, posteriorSummary, type AbcPopulation, type Prior, type Simulate } from '../../src/analysis/index.js';
import { CounterStream, Stream } from '../../src/random/rng.js';
import { abcGenerations, type ProposalEvaluator } from '../../src/study/calibrate.js';
import type { SmcBudget } from '../../src/study/calibration-spec.js';

const TAU = 0.2; // sd of the mean of 25 draws of N(μ, 1)
const Y_OBS = 0.8;
const EPSILON = TAU / 5;
const N = 300;
const PRIORS: Prior[] = [{ name: 'mu', dist: { kind: 'normal', mean: 0, sd: 2 } }];

const simulate: Simulate = (theta, { generation, index }) => {
  const z = new CounterStream(101, Stream.test, index, generation).normal();
  return Math.abs(theta[0]! + TAU * z - Y_OBS);
};

/**
 * An evaluator over the toy model: each result arrives after a pseudo-random delay (so results
 * come back out of order), stored distances persist in `store` across calls, and `stopAfter`
 * aborts scheduling after that many new evaluations (an interruption).
 */
function toyEvaluator(store: Map<string, number>, concurrency: number, stop?: { after: number; controller: AbortController }) {
  let calls = 0;
  const records: AbcPopulation[] = [];
  const ev: ProposalEvaluator = {
    concurrency,
    async stored(g, size) {
      const d = new Float64Array(size).fill(NaN);
      for (let j = 0; j < size; j++) { const v = store.get(`${g}/${j}`); if (v !== undefined) d[j] = v; }
      return d;
    },
    async evaluate(g, j, theta) {
      calls++;
      if (stop && calls >= stop.after) stop.controller.abort();
      const delay = new CounterStream(7, Stream.test, j, 1000 + g).next();
      await new Promise((r) => setTimeout(r, delay < 0.9 ? 0 : 2));
      const d = simulate(theta, { generation: g, index: j });
      store.set(`${g}/${j}`, d);
      return d;
    },
    async record(pop) { records.push(pop); },
  };
  return { ev, calls: () => calls, records };
}

const budget: SmcBudget = { method: 'smc', particles: N, generations: 20, alpha: 0.5, maxProposals: 100_000, minEpsilon: EPSILON };

function expectSamePopulations(a: AbcPopulation[], b: AbcPopulation[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((p, t) => {
    expect(p.epsilon).toBe(b[t]!.epsilon);
    expect(Array.from(p.indices)).toEqual(Array.from(b[t]!.indices));
    expect(Array.from(p.params)).toEqual(Array.from(b[t]!.params));
    expect(Array.from(p.weights)).toEqual(Array.from(b[t]!.weights));
    expect(p.proposals).toBe(b[t]!.proposals);
  });
}

describe('the calibration pipeline recovers a known posterior (toy Gaussian mean)', () => {
  const reference = abcSmc(simulate, { priors: PRIORS, seed: 4, populationSize: N, minEpsilon: EPSILON });

  it('ABC-SMC through the pipeline: the analytic posterior, and exactly the in-memory driver\'s populations with 16 in flight', async () => {
    const toy = toyEvaluator(new Map(), 16);
    const r = await abcGenerations(toy.ev, { priors: PRIORS, seed: 4 }, budget);
    expect(r.stop).toBe('epsilon');
    expect(r.interrupted).toBe(false);
    expectSamePopulations(r.populations, reference.populations);
    expect(toy.records.map((p) => p.generation)).toEqual(r.populations.map((_, i) => i));
    // conjugate posterior: precision 1/4 + 1/τ², mean (ȳ/τ²)/precision
    const precision = 1 / 4 + 1 / TAU ** 2;
    const truth = { mean: Y_OBS / TAU ** 2 / precision, sd: 1 / Math.sqrt(precision) };
    const post = r.populations[r.populations.length - 1]!;
    const s = posteriorSummary(PRIORS, post)[0]!;
    expect(Math.abs(s.mean - truth.mean)).toBeLessThan((6 * truth.sd) / Math.sqrt(post.ess));
    expect(Math.abs(s.sd - truth.sd)).toBeLessThan((6 * truth.sd) / Math.sqrt(2 * post.ess));
    expect(post.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // proposals in flight past a generation's decision are evaluated but not accepted
    expect(toy.calls()).toBeGreaterThanOrEqual(reference.simulations);
  });

  it('an interrupted calibration resumes from its stored distances to the same populations, re-running nothing stored', async () => {
    const store = new Map<string, number>();
    const controller = new AbortController();
    const first = toyEvaluator(store, 4, { after: 700, controller });
    const cut = await abcGenerations(first.ev, { priors: PRIORS, seed: 4 }, budget, { stop: controller.signal });
    expect(cut.interrupted).toBe(true);
    const storedBefore = store.size;
    const second = toyEvaluator(store, 3);
    const r = await abcGenerations(second.ev, { priors: PRIORS, seed: 4 }, budget);
    expectSamePopulations(r.populations, reference.populations);
    expect(second.calls()).toBe(store.size - storedBefore); // every evaluation of the resumed session was new
  });

  it('rejection through the pipeline keeps the same best quantile as the in-memory driver', async () => {
    const ref = abcRejection(simulate, { priors: PRIORS, seed: 5, proposals: 3000, quantile: 0.05 });
    const toy = toyEvaluator(new Map(), 8);
    const r = await abcGenerations(toy.ev, { priors: PRIORS, seed: 5 }, { method: 'rejection', proposals: 3000, quantile: 0.05 });
    expect(r.populations.length).toBe(1);
    expectSamePopulations(r.populations, [ref]);
    expect(toy.calls()).toBe(3000);
  });
});
