/**
 * Approximate Bayesian Computation as deterministic steps: rejection ABC, and ABC-SMC in the
 * ABC-PMC form of Beaumont, Cornuet, Marin & Robert (2009, Biometrika 96:983-990; the
 * sequential scheme of Toni et al. 2009, J. R. Soc. Interface 6:187-202) with adaptive
 * tolerances (ε_t the α-quantile of the previous population's distances, Del Moral, Doucet &
 * Jasra 2012, Stat. Comput. 22:1009-1020; as pyABC's `QuantileEpsilon`).
 *
 * Nothing here calls a simulator in a loop that a crash could interrupt halfway: every
 * proposal has an index (generation g, proposal j), and
 * - its parameters are a pure function of (seed, g, j, the previous population)
 *   ({@link smcPropose}), drawn from its own counter stream ({@link proposalStream}), so
 *   proposals can be made in any order, on any thread, and again after a crash;
 * - acceptance is decided by index, not by arrival: a generation's population is the first n
 *   proposals in index order whose distance is within the tolerance ({@link smcAccept}).
 * A pool may therefore evaluate proposals out of order and beyond the n-th acceptance; the
 * population is the same. {@link abcSmc} and {@link abcRejection} are small in-memory drivers
 * over these steps.
 *
 * Populations are n × d row-major Float64Arrays, d = the number of priors, in prior order.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { CounterStream, Stream } from '../random/rng.js';
import { AnalysisSubstream } from './stats.js';
import { checkPriors, jointLogDensity, openUnit, priorCdf, priorQuantile, type Prior } from './priors.js';
import {
  column,
  effectiveSampleSize,
  weightedCovariance,
  weightedMean,
  weightedMeanVector,
  weightedQuantile,
  weightedVariance,
} from './weighted.js';

/** The fixed inputs of a calibration: the priors (in parameter order) and the seed. */
export interface AbcProblem {
  priors: readonly Prior[];
  seed: number;
}

/** One generation's accepted population. */
export interface AbcPopulation {
  /** Generation g (0: proposals from the prior). */
  generation: number;
  /** The tolerance ε_g the population was accepted at. */
  epsilon: number;
  /** Proposal indices j of the accepted particles, ascending. */
  indices: Uint32Array;
  /** n × d accepted parameters, row i = particle i. */
  params: Float64Array;
  /** Distance of each accepted particle. */
  distances: Float64Array;
  /** Normalised importance weights (sum 1). */
  weights: Float64Array;
  /** Simulations the generation needed: the index of its n-th acceptance + 1. */
  proposals: number;
  /** n / proposals. */
  acceptanceRate: number;
  /**
   * Effective sample size 1/Σ w_i². It understates the Monte Carlo error of weighted
   * estimates when a few particles far in a tail carry large weights (measured on Gaussian
   * oracles: the sd of a posterior sd estimate was about 1.6× the ESS prediction).
   */
  ess: number;
}

/** Most re-draws of one proposal before giving up on landing inside the prior's support. */
const MAX_ATTEMPTS = 100_000;
/** Generations addressable by the proposal streams' tick word (g occupies its low 16 bits). */
const MAX_GENERATIONS = 1 << 16;

/**
 * The counter stream of proposal (g, j): `CounterStream(seed, Stream.analysis, agent = j,
 * tick = AnalysisSubstream.abcProposal·2^16 + g)`. Rejection ABC's proposal j is SMC
 * generation 0's proposal j.
 */
export function proposalStream(seed: number, generation: number, index: number): CounterStream {
  if (!Number.isInteger(generation) || generation < 0 || generation >= MAX_GENERATIONS) {
    throw new RangeError(`generation: expected an integer in [0, ${MAX_GENERATIONS}), found ${generation}`);
  }
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) {
    throw new RangeError(`proposal index: expected an integer in [0, 2^32), found ${index}`);
  }
  return new CounterStream(seed, Stream.analysis, index, AnalysisSubstream.abcProposal * MAX_GENERATIONS + generation);
}

/**
 * Everything a generation's proposals and weights need from the previous population, computed
 * once: cumulative weights for drawing ancestors, the Cholesky factor L of the perturbation
 * covariance Σ = 2·Cov_w(previous) (Beaumont et al. 2009), and the previous particles whitened
 * by L (z_j = L⁻¹θ_j) so that the kernel density costs one squared distance per pair.
 */
export interface SmcKernel {
  problem: AbcProblem;
  /** The generation this kernel proposes for: previous generation + 1, or 0 for the prior. */
  generation: number;
  dimension: number;
  previous: AbcPopulation | null;
  /** Cumulative previous weights (last entry 1). */
  cumulative: Float64Array;
  /** d × d row-major lower-triangular L with L Lᵀ = Σ. */
  chol: Float64Array;
  /** n × d previous particles whitened by L. */
  whitened: Float64Array;
  /** ln of the previous weights. */
  logWeights: Float64Array;
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`seed: expected a non-negative safe integer, found ${seed}`);
  }
}

/** Solves L z = x (forward substitution) for the d × d lower-triangular row-major L, into z. */
function forwardSolve(chol: Float64Array, d: number, x: ArrayLike<number>, xOffset: number, z: Float64Array, zOffset: number): void {
  for (let k = 0; k < d; k++) {
    let s = x[xOffset + k]!;
    for (let l = 0; l < k; l++) s -= chol[k * d + l]! * z[zOffset + l]!;
    z[zOffset + k] = s / chol[k * d + k]!;
  }
}

/**
 * Lower Cholesky factor of 2·Cov_w of a population. Throws, naming the parameter, when one has
 * collapsed (its weighted sd below 1e-12 of its magnitude: rounding, not spread) or the
 * covariance is otherwise singular.
 */
function perturbationFactor(prev: AbcPopulation, priors: readonly Prior[]): Float64Array {
  const d = priors.length;
  const cov = weightedCovariance(prev.params, d, prev.weights);
  const mean = weightedMeanVector(prev.params, d, prev.weights);
  const where = `population of generation ${prev.generation}`;
  for (let k = 0; k < d; k++) {
    const sd = Math.sqrt(cov[k * d + k]!);
    if (!(sd > 1e-12 * Math.max(1, Math.abs(mean[k]!)))) {
      throw new RangeError(`${where}: parameter ${priors[k]!.name}: expected a spread of values, found all particles at ${mean[k]} (sd ${sd})`);
    }
  }
  const sigma = new Matrix(d, d);
  for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) sigma.set(k, l, 2 * cov[k * d + l]!);
  const decomposition = new CholeskyDecomposition(sigma);
  if (!decomposition.isPositiveDefinite()) {
    throw new RangeError(
      `${where}: expected a positive-definite weighted covariance of the ${d} parameters, found a singular one ` +
        '(parameters that are exact functions of each other, or fewer particles than parameters)',
    );
  }
  return Float64Array.from(decomposition.lowerTriangularMatrix.to1DArray());
}

/** Builds the kernel for the generation after `prev` (or for generation 0 when `prev` is null). */
export function smcKernel(problem: AbcProblem, prev: AbcPopulation | null): SmcKernel {
  checkPriors(problem.priors);
  checkSeed(problem.seed);
  const d = problem.priors.length;
  if (prev === null) {
    const empty = new Float64Array(0);
    return { problem, generation: 0, dimension: d, previous: null, cumulative: empty, chol: empty, whitened: empty, logWeights: empty };
  }
  const n = prev.weights.length;
  if (prev.params.length !== n * d) {
    throw new RangeError(`population of generation ${prev.generation}: expected ${n}·${d} parameters, found ${prev.params.length}`);
  }
  const chol = perturbationFactor(prev, problem.priors);
  const whitened = new Float64Array(n * d);
  for (let i = 0; i < n; i++) forwardSolve(chol, d, prev.params, i * d, whitened, i * d);
  const cumulative = new Float64Array(n);
  const logWeights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += prev.weights[i]!;
  let cum = 0;
  for (let i = 0; i < n; i++) {
    cum += prev.weights[i]! / total;
    cumulative[i] = cum;
    logWeights[i] = Math.log(prev.weights[i]! / total);
  }
  cumulative[n - 1] = 1;
  return { problem, generation: prev.generation + 1, dimension: d, previous: prev, cumulative, chol, whitened, logWeights };
}

/** First i with cumulative[i] > u (binary search): the ancestor drawn by the uniform u. */
function ancestor(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The parameters of proposal j of the kernel's generation, a pure function of (seed, g, j,
 * previous population). Generation 0: θ_k = F_k⁻¹(u_k), the prior by inverse CDF. Later
 * generations (Toni et al. 2009, Algorithm ABC SMC, steps S2.1-S2.2): draw an ancestor θ_i
 * with probability w_i, perturb θ = θ_i + L ξ with ξ ~ N(0, I), and, while θ falls outside
 * the prior's support, draw ancestor and perturbation again from the same stream. Re-drawing
 * both samples the mixture Σ_i w_i K(θ | θ_i) restricted to the support, whose normalising
 * constant is one number for the whole generation, so the weights of {@link smcWeights} stay
 * exact after normalisation.
 */
export function smcPropose(kernel: SmcKernel, index: number): Float64Array {
  const { problem, generation, dimension: d } = kernel;
  const rng = proposalStream(problem.seed, generation, index);
  const theta = new Float64Array(d);
  const prev = kernel.previous;
  if (prev === null) {
    for (let k = 0; k < d; k++) theta[k] = priorQuantile(problem.priors[k]!.dist, openUnit(rng.next()));
    return theta;
  }
  const xi = new Float64Array(d);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const i = ancestor(kernel.cumulative, rng.next());
    for (let k = 0; k < d; k++) xi[k] = rng.normal();
    for (let k = 0; k < d; k++) {
      let s = prev.params[i * d + k]!;
      for (let l = 0; l <= k; l++) s += kernel.chol[k * d + l]! * xi[l]!;
      theta[k] = s;
    }
    if (Number.isFinite(jointLogDensity(problem.priors, theta))) return theta;
  }
  throw new RangeError(
    `proposal (${generation}, ${index}): expected a perturbed particle inside the prior's support, found none in ${MAX_ATTEMPTS} draws`,
  );
}

/** A generation's acceptance so far: decided, or waiting for the proposal at `next`. */
export type Acceptance =
  | { state: 'done'; indices: Uint32Array; proposals: number }
  | { state: 'pending'; accepted: number; next: number };

/** Whether a distance is accepted at tolerance ε: d ≤ ε and d finite (Infinity marks a failed simulation). */
function within(distance: number, epsilon: number): boolean {
  return distance <= epsilon && distance < Infinity;
}

/**
 * Acceptance by proposal index: the population is the first n proposals, in index order, whose
 * distance d_j satisfies d_j ≤ ε (and is finite). `distances[j]` is NaN while proposal j is not
 * evaluated yet; the decision is 'done' as soon as n acceptances precede the first unevaluated
 * index, so it is the same whatever order the results arrive in. 'pending' gives the count so
 * far and the first index still needed.
 */
export function smcAccept(distances: ArrayLike<number>, epsilon: number, n: number): Acceptance {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`population size: expected a positive integer, found ${n}`);
  if (!(epsilon >= 0)) throw new RangeError(`epsilon: expected a number ≥ 0, found ${epsilon}`);
  const indices = new Uint32Array(n);
  let accepted = 0;
  for (let j = 0; j < distances.length; j++) {
    const d = distances[j]!;
    if (Number.isNaN(d)) return { state: 'pending', accepted, next: j };
    if (within(d, epsilon)) {
      indices[accepted++] = j;
      if (accepted === n) return { state: 'done', indices, proposals: j + 1 };
    }
  }
  return { state: 'pending', accepted, next: distances.length };
}

/**
 * Importance weights of a new population (Beaumont et al. 2009):
 * w_i ∝ π(θ_i) / Σ_j w_j^{prev} K(θ_i | θ_j^{prev}), K the N(θ_j, Σ) density, normalised to
 * sum 1; equal weights in generation 0. Computed in logs with a log-sum-exp over j, so a
 * particle far from every ancestor does not underflow. O(n·n_prev·d), no allocation per pair.
 */
export function smcWeights(kernel: SmcKernel, params: Float64Array): Float64Array {
  const d = kernel.dimension;
  const n = params.length / d;
  const weights = new Float64Array(n);
  if (kernel.previous === null) return weights.fill(1 / n);
  const m = kernel.logWeights.length;
  const z = new Float64Array(d);
  const terms = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    forwardSolve(kernel.chol, d, params, i * d, z, 0);
    let top = -Infinity;
    for (let j = 0; j < m; j++) {
      let q = 0;
      for (let k = 0; k < d; k++) {
        const e = z[k]! - kernel.whitened[j * d + k]!;
        q += e * e;
      }
      const t = kernel.logWeights[j]! - 0.5 * q;
      terms[j] = t;
      if (t > top) top = t;
    }
    let s = 0;
    for (let j = 0; j < m; j++) s += Math.exp(terms[j]! - top);
    weights[i] = jointLogDensity(kernel.problem.priors, params, i * d) - (top + Math.log(s));
  }
  return normaliseLogWeights(weights);
}

/** exp(ℓ_i − max ℓ) / Σ, in place. */
function normaliseLogWeights(logW: Float64Array): Float64Array {
  let top = -Infinity;
  for (let i = 0; i < logW.length; i++) if (logW[i]! > top) top = logW[i]!;
  let s = 0;
  for (let i = 0; i < logW.length; i++) {
    logW[i] = Math.exp(logW[i]! - top);
    s += logW[i]!;
  }
  for (let i = 0; i < logW.length; i++) logW[i]! /= s;
  return logW;
}

/**
 * The population of a decided generation: the accepted proposals' parameters (re-proposed
 * from their indices, so the population is a pure function of the kernel and the distances),
 * their distances, weights and effective sample size.
 */
export function smcPopulation(
  kernel: SmcKernel,
  epsilon: number,
  acceptance: Extract<Acceptance, { state: 'done' }>,
  distances: ArrayLike<number>,
): AbcPopulation {
  const d = kernel.dimension;
  const n = acceptance.indices.length;
  const params = new Float64Array(n * d);
  const accepted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = acceptance.indices[i]!;
    params.set(smcPropose(kernel, j), i * d);
    accepted[i] = distances[j]!;
  }
  const weights = smcWeights(kernel, params);
  return {
    generation: kernel.generation,
    epsilon,
    indices: acceptance.indices,
    params,
    distances: accepted,
    weights,
    proposals: acceptance.proposals,
    acceptanceRate: n / acceptance.proposals,
    ess: effectiveSampleSize(weights),
  };
}

/**
 * The next tolerance: ε_{t+1} = max(minEpsilon, weighted α-quantile of the previous
 * population's distances), with pyABC's weighted quantile ({@link weightedQuantile}). Since
 * every accepted distance is ≤ ε_t, the tolerances never increase.
 */
export function nextTolerance(prev: AbcPopulation, alpha = 0.5, minEpsilon = 0): number {
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`alpha: expected a number in (0, 1], found ${alpha}`);
  return Math.max(minEpsilon, weightedQuantile(prev.distances, prev.weights, alpha));
}

/** Why an ABC-SMC run stopped. */
export type StopReason = 'epsilon' | 'acceptance' | 'generations' | 'budget';

/** The stopping rule of ABC-SMC (any one suffices). */
export interface SmcStopRule {
  /** Stop once ε_t ≤ minEpsilon (default 0: never). Tolerances are also floored at it. */
  minEpsilon?: number;
  /** Stop once a generation's acceptance rate n/proposals falls below this (default 0: never). */
  minAcceptanceRate?: number;
  /** Stop after this many generations, counting generation 0 (default 20). */
  maxGenerations?: number;
}

/** The reason to stop after population `pop`, or null to go on. */
export function smcStop(pop: AbcPopulation, rule: SmcStopRule = {}): StopReason | null {
  const { minEpsilon = 0, minAcceptanceRate = 0, maxGenerations = 20 } = rule;
  if (pop.epsilon <= minEpsilon) return 'epsilon';
  if (pop.acceptanceRate < minAcceptanceRate) return 'acceptance';
  if (pop.generation + 1 >= maxGenerations) return 'generations';
  return null;
}

/** A simulator as the drivers call it: the distance between its output for θ and the data. */
export type Simulate = (theta: Float64Array, id: { generation: number; index: number }) => number;

/** Options of {@link abcSmc}. */
export interface AbcSmcOptions extends AbcProblem, SmcStopRule {
  /** Particles per generation, n. */
  populationSize: number;
  /** Quantile of the previous distances that sets the next tolerance (default 0.5, pyABC's). */
  alpha?: number;
  /** Tolerance of generation 0 (default Infinity: the first n prior draws). */
  initialEpsilon?: number;
  /** Most simulations in all (default Infinity); a generation it cuts short is dropped. */
  maxSimulations?: number;
}

/** Result of {@link abcSmc}. */
export interface AbcSmcResult {
  /** Every completed generation, in order; the last is the posterior. */
  populations: AbcPopulation[];
  posterior: AbcPopulation;
  /** Simulations run in all. */
  simulations: number;
  stop: StopReason;
}

function simulateChecked(simulate: Simulate, theta: Float64Array, generation: number, index: number): number {
  const d = simulate(theta, { generation, index });
  if (typeof d !== 'number' || Number.isNaN(d) || d < 0) {
    throw new RangeError(
      `simulate(proposal (${generation}, ${index})): expected a distance ≥ 0 (Infinity for a failed simulation), found ${d}`,
    );
  }
  return d;
}

/**
 * In-memory ABC-SMC over the step functions: per generation, build the kernel, set ε (initial,
 * then {@link nextTolerance}), simulate proposals 0, 1, 2, … in order until n are accepted,
 * form the population, and apply the stopping rule. For tests and library users; the
 * `calibrate` command runs the same steps through a pool.
 */
export function abcSmc(simulate: Simulate, options: AbcSmcOptions): AbcSmcResult {
  const { populationSize: n, alpha = 0.5, initialEpsilon = Infinity, minEpsilon = 0, maxSimulations = Infinity } = options;
  const problem: AbcProblem = { priors: options.priors, seed: options.seed };
  const populations: AbcPopulation[] = [];
  let simulations = 0;
  let prev: AbcPopulation | null = null;
  for (;;) {
    const kernel = smcKernel(problem, prev);
    const epsilon = prev === null ? initialEpsilon : nextTolerance(prev, alpha, minEpsilon);
    const distances: number[] = [];
    let accepted = 0;
    while (accepted < n) {
      if (simulations >= maxSimulations) {
        if (prev === null) throw new RangeError(`maxSimulations: expected enough for generation 0, found ${maxSimulations}`);
        return { populations, posterior: prev, simulations, stop: 'budget' };
      }
      const j = distances.length;
      const d = simulateChecked(simulate, smcPropose(kernel, j), kernel.generation, j);
      simulations++;
      distances.push(d);
      if (within(d, epsilon)) accepted++;
    }
    const acceptance = smcAccept(distances, epsilon, n) as Extract<Acceptance, { state: 'done' }>;
    const pop = smcPopulation(kernel, epsilon, acceptance, distances);
    populations.push(pop);
    const stop = smcStop(pop, options);
    if (stop !== null) return { populations, posterior: pop, simulations, stop };
    prev = pop;
  }
}

/**
 * The k proposals with the smallest distances (ties to the lower index), as indices in
 * ascending order: rejection ABC by quantile, independent of evaluation order.
 */
export function acceptBest(distances: ArrayLike<number>, k: number): Uint32Array {
  const m = distances.length;
  if (!Number.isInteger(k) || k < 1 || k > m) throw new RangeError(`k: expected an integer in [1, ${m}], found ${k}`);
  const order = Uint32Array.from({ length: m }, (_, j) => j).sort((a, b) => distances[a]! - distances[b]! || a - b);
  return order.subarray(0, k).sort();
}

/** Options of {@link abcRejection}: accept by tolerance, or keep the best quantile. */
export type AbcRejectionOptions = AbcProblem &
  (
    | {
        /** Accept the first n proposals (in index order) with distance ≤ epsilon. */
        n: number;
        epsilon: number;
        /** Most simulations (default Infinity); running out is an error. */
        maxSimulations?: number;
      }
    | {
        /** Simulate this many proposals and keep the ⌈quantile · proposals⌉ closest. */
        proposals: number;
        quantile: number;
      }
  );

/**
 * Rejection ABC (Pritchard et al. 1999, Mol. Biol. Evol. 16:1791): proposals from the prior
 * (SMC generation 0's proposals), accepted either by a tolerance ε — the first n in index
 * order with d ≤ ε — or by keeping the best quantile α of a fixed number M of proposals, the
 * ⌈αM⌉ smallest distances (then ε is reported as the largest accepted distance). Accepted
 * particles have equal weights.
 */
export function abcRejection(simulate: Simulate, options: AbcRejectionOptions): AbcPopulation {
  const kernel = smcKernel({ priors: options.priors, seed: options.seed }, null);
  const distances: number[] = [];
  const run = (j: number): number => simulateChecked(simulate, smcPropose(kernel, j), 0, j);
  if ('quantile' in options) {
    const { proposals: m, quantile } = options;
    if (!Number.isInteger(m) || m < 1) throw new RangeError(`proposals: expected a positive integer, found ${m}`);
    if (!(quantile > 0 && quantile <= 1)) throw new RangeError(`quantile: expected a number in (0, 1], found ${quantile}`);
    for (let j = 0; j < m; j++) distances.push(run(j));
    const indices = acceptBest(distances, Math.ceil(quantile * m));
    let epsilon = 0;
    for (const j of indices) epsilon = Math.max(epsilon, distances[j]!);
    return { ...smcPopulation(kernel, epsilon, { state: 'done', indices, proposals: m }, distances), acceptanceRate: indices.length / m };
  }
  const { n, epsilon, maxSimulations = Infinity } = options;
  let accepted = 0;
  while (accepted < n) {
    if (distances.length >= maxSimulations) {
      throw new RangeError(`maxSimulations: expected enough for ${n} acceptances at ε = ${epsilon}, found ${accepted} in ${maxSimulations}`);
    }
    const d = run(distances.length);
    distances.push(d);
    if (within(d, epsilon)) accepted++;
  }
  const acceptance = smcAccept(distances, epsilon, n) as Extract<Acceptance, { state: 'done' }>;
  return smcPopulation(kernel, epsilon, acceptance, distances);
}

/** Posterior summary of one parameter. */
export interface ParameterSummary {
  name: string;
  mean: number;
  sd: number;
  median: number;
  /** Equal-tailed credible interval at the requested level (weighted quantiles (1∓level)/2). */
  lower: number;
  upper: number;
}

/** Weighted mean, sd, median and equal-tailed credible interval of each parameter. */
export function posteriorSummary(priors: readonly Prior[], pop: AbcPopulation, level = 0.95): ParameterSummary[] {
  if (!(level > 0 && level < 1)) throw new RangeError(`level: expected a number in (0, 1), found ${level}`);
  const d = priors.length;
  return priors.map((prior, k) => {
    const x = column(pop.params, d, k);
    return {
      name: prior.name,
      mean: weightedMean(x, pop.weights),
      sd: Math.sqrt(weightedVariance(x, pop.weights)),
      median: weightedQuantile(x, pop.weights, 0.5),
      lower: weightedQuantile(x, pop.weights, (1 - level) / 2),
      upper: weightedQuantile(x, pop.weights, (1 + level) / 2),
    };
  });
}

/**
 * The share of the prior that the posterior occupies, defined as the prior mass of the box of
 * the posterior's equal-tailed marginal credible intervals at `level`:
 * share = Π_k [F_k(upper_k) − F_k(lower_k)], F_k the prior CDFs; `perParameter` holds the
 * factors. Why this definition: with independent priors the prior mass of a box is exact (no
 * density estimate, no further draws); it depends only on the posterior, not on the tolerance
 * or the simulator's noise — unlike the prior acceptance rate P(d ≤ ε), which is the ABC
 * evidence and tends to 0 as ε → 0 even for a posterior of fixed width — and its factors say
 * which parameters the data constrain. For a posterior with correlated parameters the box is
 * larger than the highest-posterior region, so the share overstates the volume it occupies.
 */
export function priorShare(priors: readonly Prior[], pop: AbcPopulation, level = 0.95): { share: number; perParameter: Float64Array } {
  const summary = posteriorSummary(priors, pop, level);
  const perParameter = Float64Array.from(summary, (s, k) => priorCdf(priors[k]!.dist, s.upper) - priorCdf(priors[k]!.dist, s.lower));
  return { share: perParameter.reduce((a, b) => a * b, 1), perParameter };
}
