/** The two-sample tests against scipy 1.17 (values printed by scipy.stats, copied here). */
import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity, mannWhitney } from '../../src/analysis/tests.js';
import { CounterStream } from '../../src/random/rng.js';

describe('mannWhitney', () => {
  const x = [3, 5, 1, 4, 3, 5, 2, 6, 7, 3], y = [1, 2, 2, 0, 3, 1, 4, 2, 1, 0, 2];
  it('matches scipy.stats.mannwhitneyu(method="asymptotic") with ties', () => {
    const r = mannWhitney(x, y);
    expect(r.u).toBe(93.5);
    expect(r.pGreater).toBeCloseTo(0.0033234224936956663, 12);
    expect(r.pLess).toBeCloseTo(0.997327412565267, 12);
    expect(r.p).toBeCloseTo(0.006646844987391333, 12);
  });
  it('is calibrated under the null: about 1% of 2000 tests of equal samples reject at 0.01', () => {
    // 2000 tests × P(reject) = 0.01: the count is Binomial(2000, 0.01) (mean 20, sd 4.4); [6, 36] holds with p > 0.999
    const rng = new CounterStream(7, 0);
    let rejected = 0;
    for (let t = 0; t < 2000; t++) {
      const a = Array.from({ length: 40 }, () => Math.floor(rng.next() * 5)), b = Array.from({ length: 40 }, () => Math.floor(rng.next() * 5));
      if (mannWhitney(a, b).pGreater < 0.01) rejected++;
    }
    expect(rejected).toBeGreaterThanOrEqual(6);
    expect(rejected).toBeLessThanOrEqual(36);
  });
  it('refuses empty samples', () => {
    expect(() => mannWhitney([], [1])).toThrow(RangeError);
  });
});

describe('chiSquareHomogeneity', () => {
  it('matches scipy.stats.chi2_contingency(correction=False)', () => {
    const r = chiSquareHomogeneity([[30, 50, 20], [25, 45, 40]]);
    expect(r.statistic).toBeCloseTo(6.9238799478033926, 10);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(0.031368848205023704, 10);
  });
  it('drops empty columns', () => {
    const r = chiSquareHomogeneity([[12, 0, 8, 5], [9, 0, 14, 2], [7, 0, 10, 9]]);
    expect(r.statistic).toBeCloseTo(7.686648351648351, 10);
    expect(r.df).toBe(4);
    expect(r.p).toBeCloseTo(0.10375500525046148, 10);
  });
});
