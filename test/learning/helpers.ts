/**
 * Test helpers shared by the learning and RNG oracle tests: a hand-built SliceArgs for one toy
 * population, and the few distribution functions the statistical checks need (chi-square and
 * Kolmogorov–Smirnov tail probabilities). Kept self-contained (no import from src/analysis) so
 * that the oracle tests do not depend on the code of another module under test.
 */
import type { PopSlice, WorldViews } from '../../src/learning/kernel-args.js';
import { initialVector, packRule, type RuleSpec } from '../../src/learning/rules.js';
import { allocate, layoutOf, views } from '../../src/engine/world.js';

/**
 * One hand-built population of n agents with K actions and two continuous traits (hawk, patience),
 * every agent at the rule's initial vector. `rewards` is laid out as the kernels read it for this
 * population: R (K), then the hawk coefficients (K), then the patience coefficients (K), already
 * divided by 255 (the kernels multiply the trait byte).
 */
export interface TestSlice {
  v: WorldViews;
  p: PopSlice;
  state: Float32Array;
  aux: Float32Array;
  rewards: Float64Array;
  params: Float64Array;
  tally: Int32Array;
  /** sets agent i's trait bytes */
  setTraits(i: number, hawk: number, patience: number): void;
  /** agent i's byte of trait t (0 hawk, 1 patience) */
  trait(i: number, t: number): number;
}

export function makeSlice(rule: RuleSpec, n: number, K: number, noise = 0): TestSlice {
  const trait = (name: string) => ({ name, kind: 'continuous' as const, categories: 0, dist: { kind: 'fixed' as const, value: 0 } });
  const layout = layoutOf([{ name: 'test', actions: Array.from({ length: K }, (_, k) => `a${k}`), size: n, fixed: false, rule, noise, traits: [trait('hawk'), trait('patience')], network: null, tallyBy: null, consequences: false }]);
  const v = views(allocate(layout, 1)), p = layout.populations[0]!;
  packRule(rule, noise, v.params, p.pOff);
  const init = initialVector(rule, K);
  if (p.width > 0) for (let i = 0; i < n; i++) v.state.set(init, i * K);
  return {
    v, p, state: v.state, aux: v.aux, rewards: v.rewards, params: v.params, tally: v.tally,
    setTraits(i, hawk, patience) { v.traits[2 * i] = hawk; v.traits[2 * i + 1] = patience; },
    trait: (i, t) => v.traits[2 * i + t]!,
  };
}

/** Sets the base reward vector R (the first K slots of `rewards`). */
export function setPayoffs(s: TestSlice, R: readonly number[]): void {
  for (let k = 0; k < R.length; k++) s.rewards[k] = R[k]!;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
export function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised upper incomplete gamma Q(a, x) (series below a + 1, Lentz continued fraction above). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lg = lnGamma(a);
  if (x < a + 1) {
    let sum = 1 / a, term = sum, ap = a;
    for (let n = 0; n < 10000; n++) {
      ap += 1; term *= x / ap; sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - lg);
  }
  const tiny = 1e-300;
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b; if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - lg) * h;
}

/** P(X >= x) for X ~ chi-square with df degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/** Pearson's chi-square statistic of observed counts against expected counts. */
export function chiSquareStat(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let x2 = 0;
  for (let k = 0; k < observed.length; k++) x2 += (observed[k] - expected[k]) ** 2 / expected[k];
  return x2;
}

/** Chi-square goodness-of-fit p-value of counts against probabilities (cells with p = 0 skipped). */
export function chiSquarePValue(counts: ArrayLike<number>, probs: ArrayLike<number>): { stat: number; df: number; p: number } {
  let n = 0;
  for (let k = 0; k < counts.length; k++) n += counts[k];
  const obs: number[] = [], exp: number[] = [];
  for (let k = 0; k < counts.length; k++) if (probs[k] > 0) { obs.push(counts[k]); exp.push(n * probs[k]); }
  const stat = chiSquareStat(obs, exp);
  const df = obs.length - 1;
  return { stat, df, p: chiSquareSf(stat, df) };
}

/** Two-sided one-sample Kolmogorov–Smirnov statistic D_n of a sample against a continuous CDF. */
export function ksStatistic(sample: readonly number[], cdf: (x: number) => number): number {
  const xs = [...sample].sort((a, b) => a - b);
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(xs[i]);
    d = Math.max(d, (i + 1) / n - F, F - i / n);
  }
  return d;
}

/** Asymptotic Kolmogorov tail P(sqrt(n) D_n > t) = 2 sum (-1)^(k-1) exp(-2 k^2 t^2). */
export function kolmogorovSf(t: number): number {
  if (t < 0.2) return 1;
  let s = 0;
  for (let k = 1; k <= 100; k++) s += 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * t * t);
  return Math.min(1, Math.max(0, s));
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return s / (xs.length - 1);
}

/**
 * Significance level used by every statistical check: a correct implementation fails one check
 * with probability 1e-5 (and all of them together with probability well below 1e-3). The seeds
 * are fixed, so in practice every run is the same run; the level only says how surprising a
 * failure would be for a correct implementation.
 */
export const ALPHA = 1e-5;
/** Two-sided normal quantile for ALPHA: |Z| > 4.417 has probability 1e-5. */
export const Z_ALPHA = 4.417;

/** Prints a measured value when FRACTABLE_TEST_REPORT=1 (to tabulate measured vs expected). */
export function note(label: string, ...values: unknown[]): void {
  if (process.env.FRACTABLE_TEST_REPORT === '1') console.log(`[measured] ${label}`, ...values);
}
