import { describe, expect, it } from 'vitest';
import {
  betaPdf,
  betaQuantile,
  chiSquareSf,
  normalSf,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from '../../src/analysis/index.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('regularized incomplete gamma', () => {
  it('matches scipy.special.gammainc / gammaincc', () => {
    // scipy 1.17 references; our continued fractions and series reach ~1e-14 relative.
    const cases: [number, number, number, number][] = [
      [0.5, 0.1, 0.34527915398142317, 0.6547208460185768],
      [2.5, 3.0, 0.6937810815867212, 0.30621891841327875],
      [10, 4, 0.008132242796933871, 0.9918677572030661],
      [10, 20, 0.9950045876916924, 0.0049954123083075785],
      [100, 90, 0.15822098918643007, 0.84177901081357],
      [0.1, 5, 0.9998560610341533, 0.00014393896584673387],
    ];
    for (const [a, x, p, q] of cases) {
      expect(rel(regularizedGammaP(a, x), p)).toBeLessThan(1e-12);
      expect(rel(regularizedGammaQ(a, x), q)).toBeLessThan(1e-12);
    }
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(regularizedGammaQ(3, Infinity)).toBe(0);
  });

  it('gives chi-square tails equal to their closed forms and to scipy.stats.chi2.sf', () => {
    for (const x of [0.01, 0.5, 2, 7.5, 20, 60]) {
      expect(rel(chiSquareSf(x, 1), 2 * normalSf(Math.sqrt(x)))).toBeLessThan(1e-14);
      expect(rel(chiSquareSf(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-12);
      expect(rel(chiSquareSf(x, 4), Math.exp(-x / 2) * (1 + x / 2))).toBeLessThan(1e-12);
    }
    const scipy: [number, number, number][] = [
      [16.79, 1, 4.1752751389197874e-5],
      [3.841458820694124, 1, 0.05],
      [7.814727903251178, 3, 0.05],
      [30, 5, 1.4748581038443073e-5],
      [100, 10, 5.4497019829205215e-17],
      [1e-3, 3, 0.9999915920809419],
    ];
    for (const [x, k, p] of scipy) expect(rel(chiSquareSf(x, k), p)).toBeLessThan(1e-11);
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(() => chiSquareSf(1, 0)).toThrow('k: expected a positive number of degrees of freedom, found 0');
  });
});

describe('regularized incomplete beta and its inverse', () => {
  it('matches closed forms and scipy.special.betainc', () => {
    for (const x of [0.001, 0.1, 0.37, 0.5, 0.9, 0.999]) {
      expect(rel(regularizedBeta(x, 1, 3), 1 - (1 - x) ** 3)).toBeLessThan(1e-13);
      expect(rel(regularizedBeta(x, 2.5, 1), x ** 2.5)).toBeLessThan(1e-13);
      expect(rel(regularizedBeta(x, 2, 2), 3 * x * x - 2 * x ** 3)).toBeLessThan(1e-13);
      expect(rel(regularizedBeta(x, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(x)))).toBeLessThan(1e-13);
    }
    const scipy: [number, number, number, number][] = [
      [0.3, 2, 5, 0.5798250000000003],
      [0.01, 0.3, 0.7, 0.21576857250318632],
      [0.6, 10, 3, 0.08344332287999998],
      [0.999, 50, 2, 0.9987659096068829],
    ];
    for (const [x, a, b, p] of scipy) expect(rel(regularizedBeta(x, a, b), p)).toBeLessThan(1e-12);
  });

  it('inverts to scipy.stats.beta.ppf, including U-shaped and peaked shapes', () => {
    const scipy: [number, number, number, number][] = [
      [0.3, 2, 5, 0.18180347131894917],
      [0.1, 0.5, 0.5, 0.024471741852423214],
      [0.95, 10, 3, 0.9281297444577301],
      [0.999, 0.3, 0.7, 0.9997838965329151],
      [1e-6, 2, 2, 0.0005774614337920399],
      [0.5, 200, 300, 0.39986656271411614],
    ];
    for (const [p, a, b, x] of scipy) expect(rel(betaQuantile(p, a, b), x)).toBeLessThan(1e-10);
    // p up to 0.999: beyond, the quantile of a small b lies closer to 1 than a double can resolve.
    for (const p of [1e-9, 0.01, 0.5, 0.77, 0.999]) {
      for (const [a, b] of [[0.2, 0.3], [1, 1], [3, 0.6], [40, 7]] as const) {
        // within 1e-12 relative, or within the CDF's step between neighbouring doubles (pdf·ulp)
        const x = betaQuantile(p, a, b);
        const step = betaPdf(x, a, b) * Number.EPSILON * 2;
        expect(Math.abs(regularizedBeta(x, a, b) - p)).toBeLessThan(1e-12 * Math.max(p, 1e-3) + step);
      }
    }
    expect([betaQuantile(0, 2, 3), betaQuantile(1, 2, 3)]).toEqual([0, 1]);
  });
});
