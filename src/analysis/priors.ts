/**
 * Independent priors for calibration: uniform, (truncated) normal, log-uniform and (scaled)
 * beta, each with its density, CDF and quantile (inverse CDF). Sampling is by inverse CDF from
 * counter-RNG uniforms, so a prior draw is a pure function of its uniforms.
 */
import { normalCdf, normalQuantile, normalSf } from './stats.js';
import { betaQuantile, logBeta, regularizedBeta } from './special.js';

/** One parameter's prior distribution. Normal and beta accept optional bounds (truncation / scaling). */
export type PriorDist =
  | { kind: 'uniform'; lower: number; upper: number }
  /** Normal(mean, sd²), truncated to [lower, upper] when either bound is given. */
  | { kind: 'normal'; mean: number; sd: number; lower?: number; upper?: number }
  /** log X uniform on [ln lower, ln upper]; density 1/(x ln(upper/lower)). 0 < lower < upper. */
  | { kind: 'loguniform'; lower: number; upper: number }
  /** lower + (upper − lower)·Beta(a, b); [lower, upper] defaults to [0, 1]. */
  | { kind: 'beta'; a: number; b: number; lower?: number; upper?: number };

/** A named prior. A calibration's priors are independent: the joint density is the product. */
export interface Prior {
  name: string;
  dist: PriorDist;
}

/** (0, 1) from a counter-RNG uniform in [0, 1): shifts by half a step (2^-33) so that 0 never reaches a quantile. */
export function openUnit(u: number): number {
  return u + 1.1641532182693481e-10;
}

function fail(path: string, expected: string, found: unknown): never {
  throw new RangeError(`${path}: expected ${expected}, found ${String(found)}`);
}

/** Throws, naming the prior and field, unless every prior is well formed. */
export function checkPriors(priors: readonly Prior[]): void {
  if (priors.length === 0) fail('priors', 'at least one prior', 'none');
  priors.forEach((prior, i) => {
    const at = `priors[${i}] (${prior.name}).dist`;
    const d = prior.dist;
    const finite = (v: unknown, field: string): void => {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${at}.${field}`, 'a finite number', v);
    };
    const ordered = (lo: number, hi: number): void => {
      if (!(lo < hi)) fail(`${at}.upper`, `a number above lower = ${lo}`, hi);
    };
    switch (d.kind) {
      case 'uniform':
        finite(d.lower, 'lower');
        finite(d.upper, 'upper');
        ordered(d.lower, d.upper);
        break;
      case 'loguniform':
        finite(d.lower, 'lower');
        finite(d.upper, 'upper');
        if (!(d.lower > 0)) fail(`${at}.lower`, 'a positive number', d.lower);
        ordered(d.lower, d.upper);
        break;
      case 'normal':
        finite(d.mean, 'mean');
        if (!(d.sd > 0) || !Number.isFinite(d.sd)) fail(`${at}.sd`, 'a positive finite number', d.sd);
        if (d.lower !== undefined && Number.isNaN(d.lower)) fail(`${at}.lower`, 'a number', d.lower);
        if (d.upper !== undefined && Number.isNaN(d.upper)) fail(`${at}.upper`, 'a number', d.upper);
        ordered(d.lower ?? -Infinity, d.upper ?? Infinity);
        if (truncatedNormalMass(d) <= 0) fail(`${at}`, 'bounds holding some normal mass', `[${d.lower}, ${d.upper}]`);
        break;
      case 'beta':
        for (const f of ['a', 'b'] as const) {
          finite(d[f], f);
          if (!(d[f] > 0)) fail(`${at}.${f}`, 'a positive shape', d[f]);
        }
        finite(d.lower ?? 0, 'lower');
        finite(d.upper ?? 1, 'upper');
        ordered(d.lower ?? 0, d.upper ?? 1);
        break;
      default:
        fail(`${at}.kind`, "'uniform', 'normal', 'loguniform' or 'beta'", (d as { kind: unknown }).kind);
    }
  });
}

type NormalDist = Extract<PriorDist, { kind: 'normal' }>;

/** Standardised bounds α = (lower − μ)/σ, β = (upper − μ)/σ of a (truncated) normal. */
function normalBounds(d: NormalDist): [number, number] {
  return [((d.lower ?? -Infinity) - d.mean) / d.sd, ((d.upper ?? Infinity) - d.mean) / d.sd];
}

/** Z = Φ(β) − Φ(α), computed on the upper tails when α > 0 so that far-tail truncations keep their digits. */
function truncatedNormalMass(d: NormalDist): number {
  const [a, b] = normalBounds(d);
  return a > 0 ? normalSf(a) - normalSf(b) : normalCdf(b) - normalCdf(a);
}

/** The support [lower, upper] of a prior (infinite for an untruncated normal). */
export function priorSupport(dist: PriorDist): [number, number] {
  switch (dist.kind) {
    case 'normal':
      return [dist.lower ?? -Infinity, dist.upper ?? Infinity];
    case 'beta':
      return [dist.lower ?? 0, dist.upper ?? 1];
    default:
      return [dist.lower, dist.upper];
  }
}

/**
 * Log density ln π(x); −Infinity outside the support. Truncated normal:
 * φ((x−μ)/σ)/(σZ); beta on [l, u]: Beta((x−l)/(u−l); a, b)/(u−l).
 */
export function priorLogDensity(dist: PriorDist, x: number): number {
  const [lo, hi] = priorSupport(dist);
  if (!(x >= lo && x <= hi)) return -Infinity;
  switch (dist.kind) {
    case 'uniform':
      return -Math.log(dist.upper - dist.lower);
    case 'loguniform':
      return -Math.log(x * Math.log(dist.upper / dist.lower));
    case 'normal': {
      const z = (x - dist.mean) / dist.sd;
      return -0.5 * z * z - Math.log(dist.sd * Math.sqrt(2 * Math.PI) * truncatedNormalMass(dist));
    }
    case 'beta': {
      const width = hi - lo;
      const y = (x - lo) / width;
      return (dist.a - 1) * Math.log(y) + (dist.b - 1) * Math.log1p(-y) - logBeta(dist.a, dist.b) - Math.log(width);
    }
  }
}

/** Density π(x). */
export function priorDensity(dist: PriorDist, x: number): number {
  return Math.exp(priorLogDensity(dist, x));
}

/** CDF F(x) = P(X ≤ x). */
export function priorCdf(dist: PriorDist, x: number): number {
  const [lo, hi] = priorSupport(dist);
  if (x <= lo) return 0;
  if (x >= hi) return 1;
  switch (dist.kind) {
    case 'uniform':
      return (x - lo) / (hi - lo);
    case 'loguniform':
      return Math.log(x / lo) / Math.log(hi / lo);
    case 'normal': {
      const [a] = normalBounds(dist);
      const z = (x - dist.mean) / dist.sd;
      const mass = truncatedNormalMass(dist);
      return a > 0 ? (normalSf(a) - normalSf(z)) / mass : (normalCdf(z) - normalCdf(a)) / mass;
    }
    case 'beta':
      return regularizedBeta((x - lo) / (hi - lo), dist.a, dist.b);
  }
}

/**
 * Quantile F⁻¹(u) for u ∈ (0, 1). Truncated normal: μ + σΦ⁻¹(Φ(α) + u(Φ(β) − Φ(α))), or, when
 * α > 0, the mirror form on the upper tail −Φ⁻¹(Q(α) − u(Q(α) − Q(β))) (Q = 1 − Φ), so that a
 * truncation far in a tail neither loses precision nor returns ±∞.
 */
export function priorQuantile(dist: PriorDist, u: number): number {
  const [lo, hi] = priorSupport(dist);
  switch (dist.kind) {
    case 'uniform':
      return lo + u * (hi - lo);
    case 'loguniform':
      return Math.exp(Math.log(lo) + u * Math.log(hi / lo));
    case 'normal': {
      const [a, b] = normalBounds(dist);
      const z =
        a > 0
          ? -normalQuantile(normalSf(a) - u * (normalSf(a) - normalSf(b)))
          : normalQuantile(normalCdf(a) + u * (normalCdf(b) - normalCdf(a)));
      return Math.min(hi, Math.max(lo, dist.mean + dist.sd * z));
    }
    case 'beta':
      return lo + (hi - lo) * betaQuantile(u, dist.a, dist.b);
  }
}

/** Joint log density Σ_k ln π_k(θ_k) of independent priors at θ (θ read from `theta` at `offset`). */
export function jointLogDensity(priors: readonly Prior[], theta: ArrayLike<number>, offset = 0): number {
  let s = 0;
  for (let k = 0; k < priors.length; k++) s += priorLogDensity(priors[k]!.dist, theta[offset + k]!);
  return s;
}

