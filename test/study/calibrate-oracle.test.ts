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
import { abcRejection, abcSmc, posteriorSummary } from '../../src/analysis/index.js';
import { abcGenerations } from '../../src/study/calibrate.js';
import type { SmcBudget } from '../../src/study/calibration-spec.js';
import { expectSamePopulations, PRIORS, simulate, TAU, toyEvaluator, Y_OBS } from './abc-toy.js';

const EPSILON = TAU / 5;
const N = 300;

const budget: SmcBudget = { method: 'smc', particles: N, generations: 20, alpha: 0.5, maxProposals: 100_000, minEpsilon: EPSILON };

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
    // proposals in flight past a generation's decision are evaluated but not accepted; none is
    // started once the generation is decided, so at most 2 × concurrency − 1 lie past its n-th acceptance
    expect(toy.calls()).toBeGreaterThanOrEqual(reference.simulations);
    for (const p of r.populations) {
      const past = toy.evaluated.filter((e) => e.generation === p.generation && e.index >= p.proposals).length;
      expect(past, `generation ${p.generation}`).toBeLessThanOrEqual(2 * 16 - 1);
    }
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
