/**
 * Statistics of weighted samples (importance-weighted ABC populations): mean, variance,
 * quantiles, covariance and the effective sample size. Weights need not be normalised; they
 * must be non-negative with a positive sum. Multivariate samples are n × d row-major
 * Float64Arrays (row i is particle i).
 */

function weightSum(weights: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!(w >= 0)) throw new RangeError(`weights[${i}]: expected a non-negative number, found ${w}`);
    s += w;
  }
  if (!(s > 0)) throw new RangeError(`weights: expected a positive sum, found ${s}`);
  return s;
}

function checkLengths(values: ArrayLike<number>, weights: ArrayLike<number>): void {
  if (values.length !== weights.length) {
    throw new RangeError(`weights: expected ${values.length} weights (one per value), found ${weights.length}`);
  }
}

/** Weighted mean Σ w_i x_i / Σ w_i. */
export function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  checkLengths(values, weights);
  const total = weightSum(weights);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += weights[i]! * values[i]!;
  return s / total;
}

/**
 * Weighted variance Σ w_i (x_i − x̄_w)² / Σ w_i: the variance of the weighted empirical
 * distribution, with no small-sample correction (pyABC's `weighted_var`).
 */
export function weightedVariance(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  const m = weightedMean(values, weights);
  const total = weightSum(weights);
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - m;
    s += weights[i]! * d * d;
  }
  return s / total;
}

/**
 * Weighted quantile as pyABC's `weighted_quantile`: sort the values, give the i-th smallest the
 * plotting position p_i = (Σ_{j≤i} w_j − w_i/2)/Σ w, and interpolate linearly in p (clamped to
 * the smallest and largest value outside [p_1, p_n]). With equal weights p_i = (i − ½)/n,
 * Hyndman & Fan's type 5 (Hazen).
 */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  checkLengths(values, weights);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q: expected a probability in [0, 1], found ${q}`);
  const n = values.length;
  if (n === 0) return Number.NaN;
  const total = weightSum(weights);
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  let cum = 0;
  let prevP = -Infinity;
  let prevX = values[order[0]!]!;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    const w = weights[i]! / total;
    const p = cum + w / 2;
    cum += w;
    const x = values[i]!;
    if (q <= p) {
      if (r === 0 || p === prevP) return x;
      return prevX + ((q - prevP) / (p - prevP)) * (x - prevX);
    }
    prevP = p;
    prevX = x;
  }
  return prevX;
}

/** Effective sample size (Σ w)² / Σ w² (Kish 1965; Liu 1996): n for equal weights, 1 for a single non-zero weight. */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
  const total = weightSum(weights);
  let s2 = 0;
  for (let i = 0; i < weights.length; i++) s2 += weights[i]! * weights[i]!;
  return (total * total) / s2;
}

/** Column k of an n × d row-major matrix. */
export function column(rows: ArrayLike<number>, d: number, k: number): Float64Array {
  const n = rows.length / d;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[i * d + k]!;
  return out;
}

/** Weighted mean vector of an n × d row-major sample. */
export function weightedMeanVector(rows: ArrayLike<number>, d: number, weights: ArrayLike<number>): Float64Array {
  const n = weights.length;
  if (rows.length !== n * d) throw new RangeError(`rows: expected ${n}·${d} = ${n * d} numbers, found ${rows.length}`);
  const total = weightSum(weights);
  const m = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const w = weights[i]! / total;
    for (let k = 0; k < d; k++) m[k]! += w * rows[i * d + k]!;
  }
  return m;
}

/**
 * Weighted covariance Σ_i w_i (θ_i − θ̄)(θ_i − θ̄)ᵀ / Σ w (no small-sample correction), a
 * d × d row-major matrix, exactly symmetric. Twice this is Beaumont et al.'s (2009) ABC-PMC
 * perturbation covariance.
 */
export function weightedCovariance(rows: ArrayLike<number>, d: number, weights: ArrayLike<number>): Float64Array {
  const m = weightedMeanVector(rows, d, weights);
  const total = weightSum(weights);
  const cov = new Float64Array(d * d);
  const dev = new Float64Array(d);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]! / total;
    for (let k = 0; k < d; k++) dev[k] = rows[i * d + k]! - m[k]!;
    for (let k = 0; k < d; k++) {
      for (let l = 0; l <= k; l++) cov[k * d + l]! += w * dev[k]! * dev[l]!;
    }
  }
  for (let k = 0; k < d; k++) for (let l = 0; l < k; l++) cov[l * d + k] = cov[k * d + l]!;
  return cov;
}
