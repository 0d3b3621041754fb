/**
 * ABC oracles: the mean of Gaussian data with known variance, whose posterior is analytic
 * (normal prior → normal posterior; uniform prior → truncated normal), recovered by rejection
 * ABC and by ABC-SMC; a two-parameter case for the covariance kernel; and the properties that
 * make the steps safe on a pool: identical results in any evaluation order, tolerances that
 * decrease, weights that sum to 1.
 *
 * Tolerances are in units of the Monte Carlo sd that the effective sample size predicts:
 * sd/√ESS for a posterior mean, sd/√(2·ESS) for a posterior sd (normal theory). Rejection's
 * particles are independent, and over seeds 1–100 its errors had a spread of 0.93–1.0 such
 * units: its checks allow 4 (a 4σ event, probability 6e-5 per check for a random seed). ABC-SMC's
 * weighted estimates scatter more than its ESS says — a few particles far in a tail carry
 * large weights — and over seeds 1–100 with these settings the spread of its sd estimate was
 * 1.6 units (normal and U(0, 0.7) priors; 1.2 in the two-parameter case, 40 seeds) and of its
 * mean 0.9–1.2, the largest single deviation 4.5 units: its checks allow 6 (≥ 3.8 measured sd).
 * With a U(0, 1) prior the estimate is heavier-tailed still (2 of 100 seeds beyond 11 units,
 * from one far-tail particle with an eighth of the weight), which is why that case uses U(0, 0.7).
 * An independent numpy ABC-PMC gave the same spread and ESS on the two-parameter case.
 *
 * The tolerance is small enough (ε = τ/5, τ the sd of the summary) that the ABC posterior's
 * extra likelihood variance, ε²/3 for the acceptance window |ȳ − ȳ_obs| ≤ ε, moves the
 * posterior sd by under 0.7% (0.0013, a twentieth of the allowance); in the two-parameter case
 * the window is a disc of radius ε = 0.2 in standardised summaries, and the exact ABC posterior
 * (by quadrature) has sd 0.3% above the analytic one.
 */
import { describe, expect, it } from 'vitest';
import {
  abcRejection,
  abcSmc,
  normalCdf,
  posteriorSummary,
  priorShare,
  smcAccept,
  smcKernel,
  smcPopulation,
  smcPropose,
  smcWeights,
  nextTolerance,
  weightedCovariance,
  acceptBest,
  type AbcPopulation,
  type AbcProblem,
  type Prior,
  type Simulate,
} from '../../src/analysis/index.js';
import { CounterStream, Stream } from '../../src/random/rng.js';

const SIM_SEED = 101;
const N_OBS = 25;
const SIGMA = 1;
const TAU = SIGMA / Math.sqrt(N_OBS); // sd of the sample mean: 0.2
const Y_OBS = 0.8;

/**
 * The sample mean of N_OBS draws from N(μ, σ²) is exactly N(μ, τ²), so the simulator draws it
 * directly, from a test stream keyed by the proposal (generation, index). Distance: |ȳ − ȳ_obs|.
 */
const gaussianMean: Simulate = (theta, { generation, index }) => {
  const z = new CounterStream(SIM_SEED, Stream.test, index, generation).normal();
  return Math.abs(theta[0]! + TAU * z - Y_OBS);
};

/** Conjugate normal posterior of μ: precision 1/s0² + 1/τ², mean (m0/s0² + ȳ/τ²)/precision. */
function normalPosterior(m0: number, s0: number, ybar: number, tau: number) {
  const precision = 1 / s0 ** 2 + 1 / tau ** 2;
  return { mean: (m0 / s0 ** 2 + ybar / tau ** 2) / precision, sd: 1 / Math.sqrt(precision) };
}

/** Mean and sd of N(μ, s²) truncated to [a, b] (Johnson, Kotz & Balakrishnan 1994, §10.1). */
function truncatedNormal(mu: number, s: number, a: number, b: number) {
  const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const al = (a - mu) / s;
  const be = (b - mu) / s;
  const z = normalCdf(be) - normalCdf(al);
  const r = (phi(al) - phi(be)) / z;
  return { mean: mu + s * r, sd: s * Math.sqrt(1 + (al * phi(al) - be * phi(be)) / z - r * r) };
}

/** Allowances of the header, in ESS-predicted Monte Carlo sd: 4 for rejection, 6 for ABC-SMC. */
const REJECTION_UNITS = 4;
const SMC_UNITS = 6;

/** Mean within units·sd/√ESS and sd within units·sd/√(2·ESS) of the analytic posterior. */
function expectPosterior(pop: AbcPopulation, priors: Prior[], k: number, truth: { mean: number; sd: number }, units: number) {
  const s = posteriorSummary(priors, pop)[k]!;
  expect(Math.abs(s.mean - truth.mean)).toBeLessThan((units * truth.sd) / Math.sqrt(pop.ess));
  expect(Math.abs(s.sd - truth.sd)).toBeLessThan((units * truth.sd) / Math.sqrt(2 * pop.ess));
}

const NORMAL_PRIOR: Prior[] = [{ name: 'mu', dist: { kind: 'normal', mean: 0, sd: 2 } }];
const EPSILON = TAU / 5;
const N = 500;

describe('ABC on a Gaussian mean with a normal prior (analytic normal posterior)', () => {
  const truth = normalPosterior(0, 2, Y_OBS, TAU);
  const rejection = abcRejection(gaussianMean, { priors: NORMAL_PRIOR, seed: 1, n: N, epsilon: EPSILON });
  const smc = abcSmc(gaussianMean, { priors: NORMAL_PRIOR, seed: 1, populationSize: N, minEpsilon: EPSILON });

  it('rejection recovers the posterior mean and sd', () => {
    expect(rejection.indices.length).toBe(N);
    expect(Math.max(...rejection.distances)).toBeLessThanOrEqual(EPSILON);
    expect(rejection.ess).toBeCloseTo(N, 9);
    expectPosterior(rejection, NORMAL_PRIOR, 0, truth, REJECTION_UNITS);
  });

  it('ABC-SMC reaches the final tolerance and recovers the posterior mean and sd', () => {
    expect(smc.stop).toBe('epsilon');
    expect(smc.posterior.epsilon).toBe(EPSILON);
    expectPosterior(smc.posterior, NORMAL_PRIOR, 0, truth, SMC_UNITS);
  });

  it('tolerances decrease, weights are positive and sum to 1', () => {
    const eps = smc.populations.map((p) => p.epsilon);
    expect(eps[0]).toBe(Infinity);
    for (let t = 1; t < eps.length; t++) expect(eps[t]!).toBeLessThan(eps[t - 1]!);
    for (const pop of smc.populations) {
      expect(pop.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(pop.weights.every((w) => w > 0)).toBe(true);
      expect(Math.max(...pop.distances)).toBeLessThanOrEqual(pop.epsilon);
      expect(pop.generation).toBe(smc.populations.indexOf(pop));
    }
    // ε_{t+1} is the weighted median of generation t's distances (floored at the final ε)
    expect(eps[2]).toBe(nextTolerance(smc.populations[1]!, 0.5, EPSILON));
  });

  it('needs fewer simulations than rejection for the same tolerance, also per effective particle', () => {
    // Same ε, hence the same ABC posterior; SMC's weights cost it some effective sample size,
    // so it is charged per effective particle too. (Measured: see README, "Calibration".)
    expect(smc.simulations).toBeLessThan(rejection.proposals);
    expect(smc.simulations / smc.posterior.ess).toBeLessThan(rejection.proposals / rejection.ess);
  });

  it('the prior share of the 95% credible interval matches the analytic one', () => {
    // Analytic: prior mass Φ(hi/2) − Φ(lo/2) of the posterior's interval mean ± 1.96 sd. The
    // allowance 0.03 is about 4 Monte Carlo sd of the estimate (a 2.5% quantile's sd,
    // √(q(1−q)/ESS)/f(x_q) ≈ 0.024 in μ at each end, times a prior density ≤ 0.2).
    const lo = truth.mean - 1.959963984540054 * truth.sd;
    const hi = truth.mean + 1.959963984540054 * truth.sd;
    const share = priorShare(NORMAL_PRIOR, smc.posterior).share;
    expect(Math.abs(share - (normalCdf(hi / 2) - normalCdf(lo / 2)))).toBeLessThan(0.03);
  });
});

describe('ABC on a Gaussian mean with a uniform prior (doubly truncated normal posterior)', () => {
  const priors: Prior[] = [{ name: 'mu', dist: { kind: 'uniform', lower: 0, upper: 0.7 } }];
  const yObs = 0.1; // near the lower bound: the posterior is cut at 0 (and, 3 sd up, at 0.7)
  const simulate: Simulate = (theta, { generation, index }) => {
    const z = new CounterStream(SIM_SEED, Stream.test, index, generation).normal();
    return Math.abs(theta[0]! + TAU * z - yObs);
  };
  const truth = truncatedNormal(yObs, TAU, 0, 0.7);

  it('rejection and ABC-SMC recover the truncated normal mean and sd', () => {
    const rejection = abcRejection(simulate, { priors, seed: 2, n: N, epsilon: EPSILON });
    expectPosterior(rejection, priors, 0, truth, REJECTION_UNITS);
    const smc = abcSmc(simulate, { priors, seed: 2, populationSize: N, minEpsilon: EPSILON });
    expectPosterior(smc.posterior, priors, 0, truth, SMC_UNITS);
    // every particle stayed inside the support: out-of-support perturbations were re-drawn
    expect(smc.posterior.params.every((x) => x >= 0 && x <= 0.7)).toBe(true);
    // the prior share of a uniform prior is the credible interval's width over the prior's
    const s = posteriorSummary(priors, smc.posterior)[0]!;
    expect(priorShare(priors, smc.posterior).share).toBeCloseTo((s.upper - s.lower) / 0.7, 14);
  });

  it('rejection by quantile keeps the best proposals, ties to the lower index', () => {
    const pop = abcRejection(simulate, { priors, seed: 2, proposals: 4000, quantile: 0.05 });
    expect(pop.indices.length).toBe(200);
    expect(pop.proposals).toBe(4000);
    expect(Math.max(...pop.distances)).toBe(pop.epsilon);
    expect(Array.from(acceptBest([3, 1, 2, 1, 0], 3))).toEqual([1, 3, 4]);
  });
});

describe('ABC-SMC with two parameters of different scales (the covariance kernel)', () => {
  // y ~ N(μ, 1) and z ~ N(ν, 5²), 25 observations each: summaries ȳ (sd 0.2) and z̄ (sd 1);
  // priors μ ~ N(0, 0.3²) (informative: it pulls the posterior mean from 0.8 to 0.55, so the
  // π(θ) factor of the weights matters) and ν ~ N(10, 10²); independent conjugate posteriors.
  const priors: Prior[] = [
    { name: 'mu', dist: { kind: 'normal', mean: 0, sd: 0.3 } },
    { name: 'nu', dist: { kind: 'normal', mean: 10, sd: 10 } },
  ];
  const Z_OBS = 3;
  const simulate: Simulate = (theta, { generation, index }) => {
    const rng = new CounterStream(SIM_SEED, Stream.test, index, generation);
    const dy = (theta[0]! + 0.2 * rng.normal() - Y_OBS) / 0.2;
    const dz = (theta[1]! + 1 * rng.normal() - Z_OBS) / 1;
    return Math.hypot(dy, dz);
  };
  const smc = abcSmc(simulate, { priors, seed: 3, populationSize: N, minEpsilon: 0.2 });

  it('recovers both marginal posteriors and their independence', () => {
    expect(smc.stop).toBe('epsilon');
    expectPosterior(smc.posterior, priors, 0, normalPosterior(0, 0.3, Y_OBS, 0.2), SMC_UNITS);
    expectPosterior(smc.posterior, priors, 1, normalPosterior(10, 10, Z_OBS, 1), SMC_UNITS);
    const cov = weightedCovariance(smc.posterior.params, 2, smc.posterior.weights);
    const r = cov[1]! / Math.sqrt(cov[0]! * cov[3]!);
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(smc.posterior.ess)); // sd of r ≈ 1/√ESS at ρ = 0
  });

  it("perturbs with twice the previous population's weighted covariance (Beaumont et al. 2009)", () => {
    const prev = smc.populations[1]!;
    const kernel = smcKernel({ priors, seed: 3 }, prev);
    const cov = weightedCovariance(prev.params, 2, prev.weights);
    const L = kernel.chol;
    const llt = [L[0]! * L[0]!, L[0]! * L[2]!, L[2]! * L[0]!, L[2]! ** 2 + L[3]! ** 2];
    expect(L[1]).toBe(0);
    llt.forEach((v, i) => expect(v).toBeCloseTo(2 * cov[i]!, 12));
    // the scales differ by about 5: the kernel follows them
    expect(Math.sqrt(llt[3]! / llt[0]!)).toBeGreaterThan(2);
  });
});

describe('ABC-SMC as deterministic steps', () => {
  const problem: AbcProblem = { priors: NORMAL_PRIOR, seed: 7 };
  const options = { ...problem, populationSize: 200, maxGenerations: 4 };

  it('gives identical populations when proposals are evaluated in a shuffled order', () => {
    const reference = abcSmc(gaussianMean, options);
    expect(reference.stop).toBe('generations');
    const batch = 64;
    let prev: AbcPopulation | null = null;
    let overshoot = 0;
    for (let g = 0; g < 4; g++) {
      const kernel = smcKernel(problem, prev);
      const eps = prev === null ? Infinity : nextTolerance(prev);
      const distances: number[] = [];
      let pop: AbcPopulation | null = null;
      for (let start = 0; pop === null; start += batch) {
        // a pool returning one batch in a scrambled order (Fisher–Yates on a test stream)
        const order = Array.from({ length: batch }, (_, i) => start + i);
        const shuffle = new CounterStream(99, Stream.test, start, g);
        for (let i = order.length - 1; i > 0; i--) {
          const k = shuffle.int(i + 1);
          [order[i], order[k]] = [order[k]!, order[i]!];
        }
        for (let j = start; j < start + batch; j++) distances[j] = Number.NaN;
        for (const j of order) {
          distances[j] = gaussianMean(smcPropose(kernel, j), { generation: g, index: j });
          const acc = smcAccept(distances, eps, 200);
          if (acc.state === 'done') {
            pop = smcPopulation(kernel, eps, acc, distances);
            overshoot += distances.filter((d) => !Number.isNaN(d)).length - acc.proposals;
            break;
          }
        }
      }
      expect(pop).toEqual(reference.populations[g]);
      prev = pop;
    }
    expect(overshoot).toBeGreaterThan(0); // results past the decision arrived and changed nothing
  });

  it('re-proposes bit-identically from a stored copy of the previous population (a resume)', () => {
    const run = abcSmc(gaussianMean, options);
    const stored = JSON.parse(JSON.stringify(run.populations[2], (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
    const restored: AbcPopulation = {
      ...stored,
      indices: Uint32Array.from(stored.indices),
      params: Float64Array.from(stored.params),
      distances: Float64Array.from(stored.distances),
      weights: Float64Array.from(stored.weights),
    };
    const a = smcKernel(problem, run.populations[2]!);
    const b = smcKernel(problem, restored);
    for (const j of [0, 1, 17, 4242, 2 ** 31]) expect(smcPropose(b, j)).toEqual(smcPropose(a, j));
    expect(smcPropose(a, 5)).not.toEqual(smcPropose(a, 6));
  });

  it('smcWeights is π(θ)/Σ_j w_j K(θ | θ_j), normalised, with K = N(θ_j, 2·Cov_w): by hand', () => {
    // previous population: θ = 0 and 1 with weights 1/4, 3/4 → mean 3/4, Cov_w = 3/16, Σ = 3/8
    const prev: AbcPopulation = {
      generation: 0,
      epsilon: 1,
      indices: Uint32Array.from([0, 1]),
      params: Float64Array.from([0, 1]),
      distances: Float64Array.from([0.5, 0.5]),
      weights: Float64Array.from([0.25, 0.75]),
      proposals: 2,
      acceptanceRate: 1,
      ess: 1.6,
    };
    const priors: Prior[] = [{ name: 'x', dist: { kind: 'normal', mean: 0, sd: 1 } }];
    const kernel = smcKernel({ priors, seed: 1 }, prev);
    expect(kernel.generation).toBe(1);
    expect(kernel.chol[0]! ** 2).toBeCloseTo(3 / 8, 15);
    const theta = [0.2, 0.9, -1.5];
    const k = (x: number, c: number) => Math.exp(-((x - c) ** 2) / (2 * (3 / 8)));
    const raw = theta.map((x) => Math.exp(-0.5 * x * x) / (0.25 * k(x, 0) + 0.75 * k(x, 1)));
    const total = raw.reduce((a, b) => a + b);
    const weights = smcWeights(kernel, Float64Array.from(theta));
    raw.forEach((r, i) => expect(weights[i]).toBeCloseTo(r / total, 14));
  });

  it('smcAccept waits for the first unevaluated index and ignores failed simulations', () => {
    const nan = Number.NaN;
    expect(smcAccept([0.1, nan, 0.2], 0.5, 2)).toEqual({ state: 'pending', accepted: 1, next: 1 });
    expect(smcAccept([0.1, 0.9, 0.2, nan], 0.5, 2)).toEqual({ state: 'done', indices: Uint32Array.from([0, 2]), proposals: 3 });
    expect(smcAccept([Infinity, 0.1], Infinity, 1)).toEqual({ state: 'done', indices: Uint32Array.from([1]), proposals: 2 });
    expect(smcAccept([0.9, 0.9], 0.5, 1)).toEqual({ state: 'pending', accepted: 0, next: 2 });
  });

  it('rejects bad input with the field, the expectation and what was found', () => {
    expect(() => abcSmc(() => Number.NaN, options)).toThrow(
      'simulate(proposal (0, 0)): expected a distance ≥ 0 (Infinity for a failed simulation), found NaN',
    );
    expect(() => smcKernel({ priors: NORMAL_PRIOR, seed: -1 }, null)).toThrow('seed: expected a non-negative safe integer, found -1');
    expect(() => abcRejection(gaussianMean, { ...problem, n: 10, epsilon: 1e-9, maxSimulations: 100 })).toThrow(
      'maxSimulations: expected enough for 10 acceptances at ε = 1e-9, found 0 in 100',
    );
    const collapsed: AbcPopulation = { ...abcSmc(gaussianMean, { ...options, maxGenerations: 1 }).posterior };
    collapsed.params = new Float64Array(collapsed.params.length).fill(0.5);
    expect(() => smcKernel(problem, collapsed)).toThrow(
      'population of generation 0: parameter mu: expected a spread of values, found all particles at 0.5',
    );
  });
});
