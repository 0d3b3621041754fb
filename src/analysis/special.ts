/**
 * Special functions the estimators rest on: the regularized incomplete gamma function (for
 * chi-square tail probabilities) and the regularized incomplete beta function with its
 * inverse (for beta priors). Continued fractions are evaluated by the modified Lentz method
 * (Press et al., Numerical Recipes, 3rd ed., 2007, §6.2 and §6.4); accuracy is about 1e-14
 * relative, limited by `logGamma`.
 */
import { logGamma, normalSf } from './stats.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 10000;

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Series P(a, x) = e^{−x} x^a / Γ(a) · Σ_n x^n / (a(a+1)…(a+n)), for x < a + 1. */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Continued fraction Q(a, x) = e^{−x} x^a / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− …)), x ≥ a + 1. */
function gammaFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

function checkGammaArgs(a: number, x: number): void {
  if (!(a > 0)) throw new RangeError(`incomplete gamma: a: expected a positive number, found ${a}`);
  if (!(x >= 0)) throw new RangeError(`incomplete gamma: x: expected a number ≥ 0, found ${x}`);
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a) (series or continued fraction). */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x), accurate in the tail. */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaFraction(a, x);
}

/**
 * Upper tail P(X > x) of the chi-square distribution with k degrees of freedom:
 * Q(k/2, x/2). For k = 1 it is computed as 2·(1 − Φ(√x)), which is exact to the normal tail's
 * accuracy.
 */
export function chiSquareSf(x: number, k: number): number {
  if (!(k > 0)) throw new RangeError(`chiSquareSf: k: expected a positive number of degrees of freedom, found ${k}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (k === 1) return 2 * normalSf(Math.sqrt(x));
  return regularizedGammaQ(k / 2, x / 2);
}

/** Continued fraction for I_x(a, b) (Numerical Recipes `betacf`), for x < (a+1)/(a+b+2). */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

function checkBetaShape(a: number, b: number): void {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`beta: a, b: expected positive finite shapes, found a=${a}, b=${b}`);
  }
}

/**
 * Regularized incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b), the CDF of the
 * Beta(a, b) distribution: x^a (1−x)^b / (a B(a, b)) times a continued fraction, using the
 * symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges faster.
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  checkBetaShape(a, b);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(a, b, x)) / a;
  return 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** Density of Beta(a, b) at x ∈ (0, 1). */
export function betaPdf(x: number, a: number, b: number): number {
  if (x < 0 || x > 1) return 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b));
}

/** Starting point of the quantile search (Numerical Recipes `invbetai`, after Abramowitz & Stegun 26.5.22). */
function betaQuantileGuess(p: number, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) x = -x;
    const al = (x * x - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (x * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  const lna = Math.log(a / (a + b));
  const lnb = Math.log(b / (a + b));
  const t = Math.exp(a * lna) / a;
  const u = Math.exp(b * lnb) / b;
  const w = t + u;
  return p < t / w ? Math.pow(a * w * p, 1 / a) : 1 - Math.pow(b * w * (1 - p), 1 / b);
}

/**
 * Quantile of Beta(a, b): the x with I_x(a, b) = p, by Newton's method on I_x − p from the
 * Abramowitz–Stegun starting point, safeguarded by bisection on a bracket that every
 * evaluation narrows (so it converges even where the density is infinite at 0 or 1). For
 * p > ½ it solves the mirror problem 1 − x = quantile of Beta(b, a) at 1 − p (exact in
 * floating point), so that an upper quantile close to 1 is as accurate as a double near 1 allows.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  checkBetaShape(a, b);
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return p > 0.5 ? 1 - lowerBetaQuantile(1 - p, b, a) : lowerBetaQuantile(p, a, b);
}

/** {@link betaQuantile} for p ≤ ½, to within about two units in the last place. */
function lowerBetaQuantile(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  let x = betaQuantileGuess(p, a, b);
  if (!(x > 0 && x < 1)) x = 0.5;
  for (let iter = 0; iter < 400; iter++) {
    const f = regularizedBeta(x, a, b) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    let next = x - f / betaPdf(x, a, b);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 4e-16 * x || next === lo || next === hi) return next;
    x = next;
  }
  return x;
}
