/**
 * Small statistics toolkit for the analysis library: normal quantiles and tail probabilities,
 * the Wilson score interval, exact binomial and two-proportion tests, numpy-style quantiles and
 * a seeded percentile bootstrap.
 *
 * All randomness comes from the counter RNG (`src/random/rng.ts`) on `Stream.analysis`; each
 * purpose inside this library draws from its own sub-stream (the `agent` word of the counter
 * key, see {@link analysisRng}), so that, for example, scrambling a Sobol design and
 * bootstrapping its indices with the same seed never share draws.
 */
import { CounterStream, Stream } from '../random/rng.js';

/** Sub-streams of `Stream.analysis`, one per purpose, passed as the counter key's agent word. */
export const AnalysisSubstream = {
  sobolScramble: 1,
  sobolBootstrap: 2,
  morrisSample: 3,
  morrisBootstrap: 4,
  bootstrap: 5,
  /**
   * ABC proposals. Proposal j of generation g draws from
   * `CounterStream(seed, Stream.analysis, agent = j, tick = abcProposal·2^16 + g)` (see
   * `proposalStream` in abc.ts): its own stream, whose tick word is never 0, so it never meets
   * the streams above (agent = sub-stream, tick = 0).
   */
  abcProposal: 6,
} as const;

/** The counter stream for one purpose of the analysis library under a study seed. */
export function analysisRng(seed: number, substream: number): CounterStream {
  if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  }
  return new CounterStream(seed, Stream.analysis, substream);
}

/** Throws unless 0 < confidence < 1. */
export function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must lie strictly between 0 and 1, got ${confidence}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Normal distribution
// ---------------------------------------------------------------------------------------------

/** Horner evaluation of c[0] + c[1] x + … + c[n] x^n. */
function horner(c: readonly number[], x: number): number {
  let v = 0;
  for (let i = c.length - 1; i >= 0; i--) v = v * x + c[i]!;
  return v;
}

// Coefficients of Wichura (1988), Algorithm AS 241 (PPND16), Applied Statistics 37(3):477-484.
const AS241_A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const AS241_B = [
  1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
const AS241_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833,
  7.7454501427834140764e-4,
];
const AS241_D = [
  1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
  0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
  1.05075007164441684324e-9,
];
const AS241_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5,
  2.01033439929228813265e-7,
];
const AS241_F = [
  1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
  2.04426310338993978564e-15,
];

/**
 * Standard normal quantile Φ⁻¹(p), by Wichura's Algorithm AS 241 (PPND16, Applied Statistics
 * 37:477-484, 1988), relative accuracy about 1e-16 — the algorithm behind R's `qnorm`.
 * Returns -Infinity at p = 0, +Infinity at p = 1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_A, r)) / horner(AS241_B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value = horner(AS241_C, r) / horner(AS241_D, r);
  } else {
    r -= 5;
    value = horner(AS241_E, r) / horner(AS241_F, r);
  }
  return q < 0 ? -value : value;
}

/** Standard normal density φ(x). */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Upper tail Q(x) = 1 − Φ(x) of the standard normal, to about 1e-14 relative accuracy even
 * far in the tail. For |x| ≤ 2, Marsaglia's (2004, J. Stat. Softw. 11(4)) series
 * Φ(x) = ½ + φ(x)(x + x³/3 + x⁵/(3·5) + …); beyond, Laplace's continued fraction for Mills'
 * ratio Q(x)/φ(x) = 1/(x + 1/(x + 2/(x + 3/(x + …)))), evaluated by the modified Lentz method.
 */
export function normalSf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  let tail: number;
  if (ax <= 2) {
    const x2 = ax * ax;
    let term = ax;
    let sum = ax;
    for (let k = 3; term > 1e-17 * sum; k += 2) {
      term *= x2 / k;
      sum += term;
    }
    tail = 0.5 - normalPdf(ax) * sum;
  } else if (ax > 40) {
    tail = 0;
  } else {
    // Lentz: f = x + 1/(x + 2/(x + …)), the denominator of Mills' ratio.
    let f = ax;
    let c = ax;
    let d = 0;
    for (let n = 1; n < 1000; n++) {
      d = 1 / (ax + n * d);
      c = ax + n / c;
      const delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    tail = normalPdf(ax) / f;
  }
  return x >= 0 ? tail : 1 - tail;
}

/** Standard normal CDF Φ(x) (see {@link normalSf} for the method). */
export function normalCdf(x: number): number {
  return normalSf(-x);
}

/** The two-sided critical value z with P(|Z| ≤ z) = confidence, i.e. Φ⁻¹(0.5 + confidence/2). */
export function zForConfidence(confidence: number): number {
  checkConfidence(confidence);
  return normalQuantile(0.5 + confidence / 2);
}

// ---------------------------------------------------------------------------------------------
// Proportions
// ---------------------------------------------------------------------------------------------

/** A proportion with a confidence interval. */
export interface ProportionInterval {
  /** The point estimate k / n. */
  p: number;
  lo: number;
  hi: number;
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; method 3 of Newcombe 1998,
 * "Two-sided confidence intervals for the single proportion", Stat. Med. 17:857-872):
 *
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half = z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²)
 *
 * with z = Φ⁻¹(0.5 + confidence/2). The bounds are exactly 0 when k = 0 and 1 when k = n.
 */
export function wilson(k: number, n: number, confidence = 0.95): ProportionInterval {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!(k >= 0 && k <= n)) throw new RangeError(`k must lie in [0, n], got k=${k}, n=${n}`);
  const z = zForConfidence(confidence);
  const p = k / n;
  const z2n = (z * z) / n;
  const denom = 1 + z2n;
  const centre = (p + z2n / 2) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const lo = k === 0 ? 0 : Math.max(0, centre - half);
  const hi = k === n ? 1 : Math.min(1, centre + half);
  return { p, lo, hi };
}

/** Result of a z test: the statistic and its p-values. */
export interface ZTestResult {
  z: number;
  /** Two-sided p-value, 2·(1 − Φ(|z|)). */
  p: number;
  /** One-sided p-value for the alternative "first proportion greater", 1 − Φ(z). */
  pGreater: number;
  /** One-sided p-value for the alternative "first proportion smaller", Φ(z). */
  pLess: number;
  /** The two sample proportions k1/n1 and k2/n2. */
  p1: number;
  p2: number;
}

/**
 * Two-proportion z test with the pooled variance (the textbook test, as statsmodels'
 * `proportions_ztest` computes it): p̄ = (k1+k2)/(n1+n2),
 * z = (k1/n1 − k2/n2) / √(p̄(1−p̄)(1/n1 + 1/n2)). When p̄ is 0 or 1 the proportions are equal
 * and z = 0 (p = 1).
 */
export function twoProportionZTest(k1: number, n1: number, k2: number, n2: number): ZTestResult {
  for (const [k, n] of [
    [k1, n1],
    [k2, n2],
  ] as const) {
    if (!(n > 0) || !(k >= 0 && k <= n)) throw new RangeError(`invalid counts k=${k}, n=${n}`);
  }
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se === 0 ? 0 : (p1 - p2) / se;
  return { z, p: Math.min(1, 2 * normalSf(Math.abs(z))), pGreater: normalSf(z), pLess: normalCdf(z), p1, p2 };
}

// Lanczos approximation (g = 7, n = 9), relative error about 1e-15 for positive arguments.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms). */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xm = x - 1;
  let a = LANCZOS[0]!;
  const t = xm + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (xm + i);
  return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Binomial probability mass P(X = k), X ~ Bin(n, p), through log-gamma. */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const logC = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  return Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** Alternative hypotheses for {@link binomialTest}. */
export type Alternative = 'two-sided' | 'greater' | 'less';

/**
 * Exact binomial test of H0: success probability = p, given k successes in n trials, as
 * `scipy.stats.binomtest` computes it: 'greater' is P(X ≥ k), 'less' is P(X ≤ k), and
 * 'two-sided' sums the probabilities of all outcomes no more likely than k (with scipy's
 * relative tolerance 1e-7 on the comparison). This is the test behind EMA Workbench's
 * quasi-p values for PRIM boxes (Bryant & Lempert 2010).
 */
export function binomialTest(k: number, n: number, p: number, alternative: Alternative = 'two-sided'): number {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(`binomialTest needs integers 0 ≤ k ≤ n, got k=${k}, n=${n}`);
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must lie in [0, 1], got ${p}`);
  const pmf = (i: number): number => binomialPmf(i, n, p);
  let sum = 0;
  if (alternative === 'greater') {
    for (let i = k; i <= n; i++) sum += pmf(i);
  } else if (alternative === 'less') {
    for (let i = 0; i <= k; i++) sum += pmf(i);
  } else {
    const limit = pmf(k) * (1 + 1e-7);
    for (let i = 0; i <= n; i++) {
      const v = pmf(i);
      if (v <= limit) sum += v;
    }
  }
  return Math.min(1, sum);
}

// ---------------------------------------------------------------------------------------------
// Descriptive statistics and the bootstrap
// ---------------------------------------------------------------------------------------------

/** Arithmetic mean. */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** Variance with `ddof` delta degrees of freedom (numpy's convention: divide by n − ddof). */
export function variance(values: ArrayLike<number>, ddof = 0): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - m;
    s += d * d;
  }
  return s / (values.length - ddof);
}

/** Standard deviation with `ddof` delta degrees of freedom. */
export function std(values: ArrayLike<number>, ddof = 0): number {
  return Math.sqrt(variance(values, ddof));
}

/**
 * Quantile of already sorted data by linear interpolation between order statistics —
 * Hyndman & Fan (1996) type 7, numpy's and R's default: h = (n − 1)q, value =
 * x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must lie in [0, 1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Options of {@link bootstrapCI}. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples (default 1000). */
  resamples?: number;
  /** Confidence level of the interval (default 0.95). */
  confidence?: number;
  /** Seed of the counter RNG (default 0). */
  seed?: number;
}

/** A statistic with a bootstrap confidence interval. */
export interface BootstrapInterval {
  /** The statistic on the original data. */
  estimate: number;
  lo: number;
  hi: number;
  /** Standard deviation (ddof = 1) of the bootstrap replicates. */
  se: number;
}

/**
 * Percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13): resample `values` with
 * replacement `resamples` times, evaluate `stat` on each replicate, and report the type-7
 * quantiles (1 − c)/2 and (1 + c)/2 of the replicates. Deterministic for a given seed.
 */
export function bootstrapCI(
  values: ArrayLike<number>,
  stat: (sample: Float64Array) => number,
  { resamples = 1000, confidence = 0.95, seed = 0 }: BootstrapOptions = {},
): BootstrapInterval {
  checkConfidence(confidence);
  const n = values.length;
  if (n === 0) throw new RangeError('bootstrapCI needs at least one value');
  if (!Number.isInteger(resamples) || resamples < 2) throw new RangeError('resamples must be an integer ≥ 2');
  const rng = analysisRng(seed, AnalysisSubstream.bootstrap);
  const original = Float64Array.from(values as ArrayLike<number>);
  const sample = new Float64Array(n);
  const reps = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = original[rng.int(n)]!;
    reps[b] = stat(sample);
  }
  const sorted = Float64Array.from(reps).sort();
  return {
    estimate: stat(original),
    lo: quantile(sorted, (1 - confidence) / 2),
    hi: quantile(sorted, (1 + confidence) / 2),
    se: std(reps, 1),
  };
}
