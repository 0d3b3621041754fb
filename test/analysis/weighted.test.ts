import { describe, expect, it } from 'vitest';
import {
  effectiveSampleSize,
  weightedCovariance,
  weightedMean,
  weightedQuantile,
  weightedVariance,
} from '../../src/analysis/index.js';

describe('weighted statistics', () => {
  it('mean and variance by hand', () => {
    // x = 1, 2, 4 with weights 1, 1, 2: mean 11/4, variance (1.75² + 0.75² + 2·1.25²)/4 = 1.6875.
    expect(weightedMean([1, 2, 4], [1, 1, 2])).toBe(2.75);
    expect(weightedVariance([1, 2, 4], [1, 1, 2])).toBeCloseTo(1.6875, 15);
  });

  it("quantile follows pyABC's weighted_quantile (np.interp on cumsum − w/2)", () => {
    // Sorted x = 1, 2, 4, w = .25, .25, .5 → positions .125, .375, .75.
    expect(weightedQuantile([4, 1, 2], [0.5, 0.25, 0.25], 0.5)).toBeCloseTo(2 + ((0.5 - 0.375) / (0.75 - 0.375)) * 2, 15);
    expect(weightedQuantile([4, 1, 2], [0.5, 0.25, 0.25], 0.1)).toBe(1); // clamped below p_1
    expect(weightedQuantile([4, 1, 2], [0.5, 0.25, 0.25], 0.9)).toBe(4); // clamped above p_n
    expect(weightedQuantile([4, 1, 2], [0.5, 0.25, 0.25], 0.375)).toBe(2);
    // equal weights: Hazen's type 5, the median of 1..4 is 2.5
    expect(weightedQuantile([3, 1, 4, 2], [1, 1, 1, 1], 0.5)).toBe(2.5);
  });

  it('covariance is symmetric and matches the hand computation', () => {
    // points (0,0), (1,2), (2,1) with weights 1, 1, 2: mean (1.25, 1); Cov = Σ w dev devᵀ / 4.
    const cov = weightedCovariance([0, 0, 1, 2, 2, 1], 2, [1, 1, 2]);
    const sxx = (1.25 ** 2 + 0.25 ** 2 + 2 * 0.75 ** 2) / 4;
    const syy = (1 + 1 + 0) / 4;
    const sxy = (1.25 * 1 + -0.25 * 1 + 2 * 0.75 * 0) / 4;
    expect(Array.from(cov)).toEqual([sxx, sxy, sxy, syy].map((v, i) => (Math.abs(cov[i]! - v) < 1e-15 ? cov[i] : v)));
    expect(cov[1]).toBe(cov[2]);
  });

  it('effective sample size: n for equal weights, 1 for one weight', () => {
    expect(effectiveSampleSize([2, 2, 2, 2])).toBeCloseTo(4, 14);
    expect(effectiveSampleSize([0, 0, 3, 0])).toBe(1);
    expect(effectiveSampleSize([0.5, 0.25, 0.25])).toBeCloseTo(1 / (0.25 + 0.0625 + 0.0625), 14);
  });

  it('rejects negative or all-zero weights and mismatched lengths', () => {
    expect(() => weightedMean([1, 2], [1, -1])).toThrow('weights[1]: expected a non-negative number, found -1');
    expect(() => weightedMean([1, 2], [0, 0])).toThrow('weights: expected a positive sum, found 0');
    expect(() => weightedMean([1, 2], [1])).toThrow('weights: expected 2 weights (one per value), found 1');
  });
});
