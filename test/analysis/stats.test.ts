import { describe, it, expect } from 'vitest';
import {
  binomialTest,
  bootstrapCI,
  logGamma,
  mean,
  normalCdf,
  normalQuantile,
  normalSf,
  quantile,
  std,
  twoProportionZTest,
  wilson,
} from '../../src/analysis/index.js';

describe('normalQuantile (AS 241)', () => {
  it('matches reference quantiles', () => {
    // Reference values from scipy.stats.norm.ppf; AS 241 is accurate to ~1e-16, so 1e-12
    // only absorbs the last-digit differences between the two implementations.
    const cases: [number, number][] = [
      [0.975, 1.959963984540054],
      [0.95, 1.6448536269514722],
      [0.999, 3.090232306167813],
      [0.025, -1.9599639845400545],
      [1e-10, -6.361340902404056],
      [0.8413447460685429, 1],
    ];
    for (const [p, z] of cases) expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it('inverts the normal CDF', () => {
    for (const p of [1e-8, 0.001, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999]) {
      // The CDF is accurate to ~1e-14 relative and the quantile to ~1e-16: 1e-13 covers both.
      expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(1e-13 * Math.max(p, 1e-3));
    }
  });
});

describe('normalCdf / normalSf', () => {
  it('matches reference values, including far tails', () => {
    // scipy.stats.norm.cdf / sf references. The series / continued fraction keep ~1e-14
    // relative accuracy (measured ≤ 6e-14 up to x = 30): tolerance 1e-12 relative.
    const cases: [number, number][] = [
      [0, 0.5],
      [-3, 0.0013498980316300933],
      [0.5, 0.6914624612740131],
      [-10, 7.61985302416047e-24],
      [-2.5, 0.006209665325776132],
    ];
    for (const [x, p] of cases) expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(1e-12);
    const tails: [number, number][] = [
      [5, 2.866515718791933e-7],
      [7, 1.279812543885835e-12],
      [20, 2.7536241186061556e-89],
    ];
    for (const [x, q] of tails) expect(Math.abs(normalSf(x) - q) / q).toBeLessThan(1e-12);
  });
});

describe('wilson', () => {
  it('reproduces Newcombe (1998), Table I, method 3 (Wilson score, no continuity correction)', () => {
    // Published to 4 decimals, so the tolerance is half a unit in the 4th decimal: 5e-5.
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
      [0, 10, 0, 0.2775],
    ];
    for (const [k, n, lo, hi] of cases) {
      const w = wilson(k, n);
      expect(w.p).toBe(k / n);
      expect(Math.abs(w.lo - lo)).toBeLessThan(5e-5);
      expect(Math.abs(w.hi - hi)).toBeLessThan(5e-5);
    }
  });

  it('is exact at the extremes and narrows with lower confidence', () => {
    expect(wilson(0, 10).lo).toBe(0);
    expect(wilson(10, 10).hi).toBe(1);
    const w95 = wilson(30, 100);
    const w80 = wilson(30, 100, 0.8);
    expect(w80.hi - w80.lo).toBeLessThan(w95.hi - w95.lo);
    expect(() => wilson(11, 10)).toThrow(RangeError);
  });
});

describe('twoProportionZTest', () => {
  it('computes the pooled z statistic and its p-values', () => {
    // Hand-checked: p1 = 0.6, p2 = 0.45, pooled 0.525; se = √(0.525·0.475·(2/100)) = 0.0706222;
    // z = 0.15 / 0.0706222 = 2.12397.
    const r = twoProportionZTest(60, 100, 45, 100);
    expect(r.z).toBeCloseTo(2.123977, 5);
    expect(r.p).toBeCloseTo(2 * normalSf(r.z), 14);
    expect(r.p).toBeCloseTo(0.033674, 5);
    expect(r.pGreater).toBeCloseTo(r.p / 2, 14);
    expect(r.pLess).toBeCloseTo(1 - r.p / 2, 14);
    expect(twoProportionZTest(0, 10, 0, 20)).toMatchObject({ z: 0, p: 1 });
  });
});

describe('binomialTest', () => {
  it('matches scipy.stats.binomtest', () => {
    // scipy references; exact sums of pmf terms via log-gamma agree to ~1e-13.
    expect(binomialTest(7, 20, 0.2, 'greater')).toBeCloseTo(0.08669251356740035, 12);
    expect(binomialTest(7, 20, 0.2, 'less')).toBeCloseTo(0.9678573369191248, 12);
    expect(binomialTest(7, 20, 0.2)).toBeCloseTo(0.09822172861346881, 12);
    expect(binomialTest(0, 10, 0.5)).toBeCloseTo(0.001953125, 12);
    expect(binomialTest(682, 925, 0.75)).toBeCloseTo(0.3824915595748517, 10);
  });

  it('rests on an accurate log-gamma', () => {
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});

describe('quantile (type 7)', () => {
  it('interpolates between order statistics as numpy.quantile', () => {
    const x = [1, 2, 3, 4, 10];
    // numpy.quantile(x, q) values (exact in binary for these inputs).
    expect(quantile(x, 0)).toBe(1);
    expect(quantile(x, 1)).toBe(10);
    expect(quantile(x, 0.5)).toBe(3);
    expect(quantile(x, 0.25)).toBe(2);
    expect(quantile(x, 0.9)).toBeCloseTo(7.6, 12);
    expect(quantile([5], 0.3)).toBe(5);
  });
});

describe('bootstrapCI', () => {
  it('brackets the mean of normal-ish data and is reproducible per seed', () => {
    const values = Array.from({ length: 200 }, (_, i) => Math.sin(i * 12.9898) * 10);
    const a = bootstrapCI(values, mean, { resamples: 2000, seed: 1 });
    expect(a.estimate).toBeCloseTo(mean(values), 12);
    expect(a.lo).toBeLessThan(a.estimate);
    expect(a.hi).toBeGreaterThan(a.estimate);
    // The percentile interval of a mean should be close to ±1.96·sd/√n; 25% slack covers the
    // bootstrap's own Monte Carlo error with 2000 resamples.
    const half = (1.96 * std(values, 1)) / Math.sqrt(values.length);
    expect(Math.abs((a.hi - a.lo) / 2 - half) / half).toBeLessThan(0.25);
    expect(bootstrapCI(values, mean, { resamples: 2000, seed: 1 })).toEqual(a);
    expect(bootstrapCI(values, mean, { resamples: 2000, seed: 2 })).not.toEqual(a);
  });
});
