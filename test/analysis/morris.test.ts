import { describe, it, expect } from 'vitest';
import {
  analyzeMorris,
  elementaryEffects,
  morrisDelta,
  sampleMorris,
  type Problem,
} from '../../src/analysis/index.js';

const unit = (d: number): Problem => ({
  names: Array.from({ length: d }, (_, i) => `x${i}`),
  bounds: Array.from({ length: d }, () => [0, 1] as [number, number]),
});

describe('sampleMorris', () => {
  const problem: Problem = {
    names: ['a', 'b', 'c', 'd'],
    bounds: [
      [0, 1],
      [-5, 5],
      [10, 12],
      [0, 100],
    ],
  };

  it('lays out r·(D+1) rows', () => {
    expect(sampleMorris(problem, 10)).toHaveLength(10 * 5);
    expect(sampleMorris(unit(7), 3, { levels: 6 })).toHaveLength(3 * 8);
  });

  it('changes exactly one coordinate per step, by ±Δ·range, each factor once per trajectory', () => {
    for (const levels of [4, 6, 8]) {
      const delta = morrisDelta(levels);
      const rows = sampleMorris(problem, 25, { levels, seed: 3 });
      for (let t = 0; t < 25; t++) {
        const moved = new Set<number>();
        for (let k = 0; k < 4; k++) {
          const before = rows[t * 5 + k]!;
          const after = rows[t * 5 + k + 1]!;
          const changed = before.map((v, i) => (after[i] !== v ? i : -1)).filter((i) => i >= 0);
          expect(changed).toHaveLength(1);
          const i = changed[0]!;
          moved.add(i);
          const [lo, hi] = problem.bounds[i]!;
          // Scaling to bounds costs a few ulps: 1e-9 relative to the range.
          expect(Math.abs(Math.abs(after[i]! - before[i]!) - delta * (hi - lo))).toBeLessThan(1e-9 * (hi - lo));
        }
        expect(moved.size).toBe(4);
      }
    }
  });

  it('keeps every point on the p-level grid inside the bounds', () => {
    const levels = 6;
    for (const row of sampleMorris(problem, 20, { levels, seed: 1 })) {
      row.forEach((v, i) => {
        const [lo, hi] = problem.bounds[i]!;
        const g = ((v - lo) / (hi - lo)) * (levels - 1);
        expect(Math.abs(g - Math.round(g))).toBeLessThan(1e-9);
        expect(g).toBeGreaterThan(-1e-9);
        expect(g).toBeLessThan(levels - 1 + 1e-9);
      });
    }
  });

  it('is deterministic per seed', () => {
    expect(sampleMorris(problem, 5, { seed: 9 })).toEqual(sampleMorris(problem, 5, { seed: 9 }));
    expect(sampleMorris(problem, 5, { seed: 9 })).not.toEqual(sampleMorris(problem, 5, { seed: 10 }));
  });

  it('rejects odd levels', () => {
    expect(() => sampleMorris(problem, 5, { levels: 5 })).toThrow(RangeError);
  });
});

describe('analyzeMorris', () => {
  it('reproduces Exercise 4 of Saltelli et al. (2008), Global Sensitivity Analysis: The Primer, p. 138', () => {
    // Six trajectories of two factors on a 4-level grid, with the book's outputs (the data
    // also used by SALib's test_analyze_morris.py).
    const x = [
      [0, 1 / 3], [0, 1], [2 / 3, 1],
      [0, 1 / 3], [2 / 3, 1 / 3], [2 / 3, 1],
      [2 / 3, 0], [2 / 3, 2 / 3], [0, 2 / 3],
      [1 / 3, 1], [1, 1], [1, 1 / 3],
      [1 / 3, 1], [1 / 3, 1 / 3], [1, 1 / 3],
      [1 / 3, 2 / 3], [1 / 3, 0], [1, 0],
    ];
    const y = [0.97, 0.71, 2.39, 0.97, 2.3, 2.39, 1.87, 2.4, 0.87, 2.15, 1.71, 1.54, 2.15, 2.17, 1.54, 2.2, 1.87, 1.0];
    const r = analyzeMorris(unit(2), x, y, { seed: 1 });
    // The book's elementary effects. Its outputs are printed to 2 decimals, so each effect
    // Δy/Δ carries up to 2·0.005/(2/3) = 0.015 of rounding: tolerance 0.016.
    const book = [
      [2.52, 2.01, 2.3, -0.66, -0.93, -1.3],
      [-0.39, 0.13, 0.8, 0.25, -0.02, 0.51],
    ];
    r.effects.forEach((row, i) => row.forEach((v, t) => expect(Math.abs(v - book[i]![t]!)).toBeLessThan(0.016)));
    // The book's summary measures, with the same rounding allowance (0.016 on means of
    // effects; sigma 0.02 since rounding also enters through the squares).
    expect(Math.abs(r.mu[0]! - 0.66)).toBeLessThan(0.016);
    expect(Math.abs(r.mu[1]! - 0.21)).toBeLessThan(0.016);
    expect(Math.abs(r.mu_star[0]! - 1.62)).toBeLessThan(0.016);
    expect(Math.abs(r.mu_star[1]! - 0.35)).toBeLessThan(0.016);
    expect(Math.abs(r.sigma[0]! - 1.79)).toBeLessThan(0.02);
    expect(Math.abs(r.sigma[1]! - 0.41)).toBeLessThan(0.02);
  });

  it('reproduces the trajectory t_1 effects of Exercise 5 (Saltelli et al. 2008, tables 3.10 and 3.12)', () => {
    // One trajectory of 15 factors (inputs are quantiles ±0.39, ±1.64 of normal factors; the
    // unit-grid step is Δ = 2/3 as in the book), outputs from table 3.10.
    const x = [
      [1.64, -1.64, -1.64, 0.39, -0.39, 0.39, -1.64, -1.64, -0.39, -0.39, 1.64, 1.64, -0.39, 0.39, 1.64],
      [1.64, -1.64, -1.64, 0.39, -0.39, -1.64, -1.64, -1.64, -0.39, -0.39, 1.64, 1.64, -0.39, 0.39, 1.64],
      [1.64, -1.64, -1.64, 0.39, -0.39, -1.64, -1.64, -1.64, 1.64, -0.39, 1.64, 1.64, -0.39, 0.39, 1.64],
      [1.64, -1.64, -1.64, 0.39, -0.39, -1.64, -1.64, 0.39, 1.64, -0.39, 1.64, 1.64, -0.39, 0.39, 1.64],
      [1.64, -1.64, -1.64, -1.64, -0.39, -1.64, -1.64, 0.39, 1.64, -0.39, 1.64, 1.64, -0.39, 0.39, 1.64],
      [1.64, -1.64, -1.64, -1.64, -0.39, -1.64, -1.64, 0.39, 1.64, -0.39, 1.64, -0.39, -0.39, 0.39, 1.64],
      [1.64, -1.64, -1.64, -1.64, -0.39, -1.64, -1.64, 0.39, 1.64, -0.39, 1.64, -0.39, -0.39, -1.64, 1.64],
      [1.64, 0.39, -1.64, -1.64, -0.39, -1.64, -1.64, 0.39, 1.64, -0.39, 1.64, -0.39, -0.39, -1.64, 1.64],
      [1.64, 0.39, -1.64, -1.64, -0.39, -1.64, -1.64, 0.39, 1.64, -0.39, 1.64, -0.39, -0.39, -1.64, -0.39],
      [1.64, 0.39, -1.64, -1.64, -0.39, -1.64, -1.64, 0.39, 1.64, 1.64, 1.64, -0.39, -0.39, -1.64, -0.39],
      [1.64, 0.39, -1.64, -1.64, 1.64, -1.64, -1.64, 0.39, 1.64, 1.64, 1.64, -0.39, -0.39, -1.64, -0.39],
      [1.64, 0.39, -1.64, -1.64, 1.64, -1.64, -1.64, 0.39, 1.64, 1.64, -0.39, -0.39, -0.39, -1.64, -0.39],
      [1.64, 0.39, -1.64, -1.64, 1.64, -1.64, 0.39, 0.39, 1.64, 1.64, -0.39, -0.39, -0.39, -1.64, -0.39],
      [1.64, 0.39, 0.39, -1.64, 1.64, -1.64, 0.39, 0.39, 1.64, 1.64, -0.39, -0.39, -0.39, -1.64, -0.39],
      [-0.39, 0.39, 0.39, -1.64, 1.64, -1.64, 0.39, 0.39, 1.64, 1.64, -0.39, -0.39, -0.39, -1.64, -0.39],
      [-0.39, 0.39, 0.39, -1.64, 1.64, -1.64, 0.39, 0.39, 1.64, 1.64, -0.39, -0.39, 1.64, -1.64, -0.39],
    ];
    const y = [24.9, 22.72, 21.04, 16.01, 10.4, 10.04, 8.6, 13.39, 4.69, 8.02, 9.98, 3.75, 1.33, 2.59, 6.37, 9.99];
    const book = [-5.67, 7.18, 1.89, 8.42, 2.93, 3.28, -3.62, -7.55, -2.51, 5.0, 9.34, 0.54, 5.43, 2.15, 13.05];
    const ee = elementaryEffects(x, y, 15, 2 / 3).map((row) => row[0]!);
    // Same 2-decimal rounding allowance as above: 0.016 (measured at most 0.010).
    ee.forEach((v, i) => expect(Math.abs(v - book[i]!)).toBeLessThan(0.016));
  });

  it('gives mu_star = |c_i|·range and sigma = 0 for a linear model (closed form)', () => {
    const c = [1, -2, 0.5, 3, 0];
    const problem: Problem = {
      names: ['a', 'b', 'c', 'd', 'e'],
      bounds: [[0, 1], [-1, 1], [2, 6], [0, 10], [0, 1]],
    };
    const x = sampleMorris(problem, 20, { seed: 3 });
    const r = analyzeMorris(problem, x, x.map((p) => p.reduce((s, v, i) => s + c[i]! * v, 0)), { seed: 1 });
    problem.bounds.forEach(([lo, hi], i) => {
      // Exact in real arithmetic; floating point leaves ~1e-15 — tolerance 1e-9.
      expect(r.mu_star[i]!).toBeCloseTo(Math.abs(c[i]!) * (hi - lo), 9);
      expect(r.mu[i]!).toBeCloseTo(c[i]! * (hi - lo), 9);
      expect(r.sigma[i]!).toBeLessThan(1e-9);
      expect(r.mu_star_conf[i]!).toBeLessThan(1e-9);
    });
  });

  it('shows interactions only in sigma of the interacting inputs: f = x0 + 2·x1·x2 + x3', () => {
    const problem = unit(4);
    const x = sampleMorris(problem, 30, { seed: 3 });
    const f = (p: number[]): number => p[0]! + 2 * p[1]! * p[2]! + p[3]!;
    const r = analyzeMorris(problem, x, x.map(f), { seed: 1 });
    // Closed form per effect: EE of x1 is 2·x2 (and of x2 is 2·x1) at the point where it moved.
    for (let t = 0; t < 30; t++) {
      for (let k = 0; k < 4; k++) {
        const before = x[t * 5 + k]!;
        const after = x[t * 5 + k + 1]!;
        if (after[1] !== before[1]) expect(r.effects[1]![t]!).toBeCloseTo(2 * before[2]!, 9);
        if (after[2] !== before[2]) expect(r.effects[2]![t]!).toBeCloseTo(2 * before[1]!, 9);
      }
    }
    // Additive inputs: every effect is exactly 1 (tolerance for rounding only).
    for (const i of [0, 3]) {
      expect(r.mu_star[i]!).toBeCloseTo(1, 9);
      expect(r.sigma[i]!).toBeLessThan(1e-9);
    }
    // Interacting inputs: effects 2·x_other over the grid {0, 1/3, 2/3, 1} spread widely; the
    // population sd of 2·U{0,1/3,2/3,1} is 0.75, so 0.4 is a safe lower bound for 30 draws.
    for (const i of [1, 2]) expect(r.sigma[i]!).toBeGreaterThan(0.4);
  });

  it('ranks the Sobol G-function inputs x3 > x4 > x2 > the rest', () => {
    const a = [78, 12, 0.5, 2, 97, 33];
    const g = (p: number[]): number => a.reduce((prod, ai, i) => (prod * (Math.abs(4 * p[i]! - 2) + ai)) / (1 + ai), 1);
    const problem = unit(6);
    for (const seed of [1, 2, 3]) {
      const x = sampleMorris(problem, 50, { seed });
      const r = analyzeMorris(problem, x, x.map(g), { seed });
      const m = r.mu_star;
      expect(m[2]!).toBeGreaterThan(m[3]!);
      expect(m[3]!).toBeGreaterThan(m[1]!);
      for (const i of [0, 4, 5]) expect(m[1]!).toBeGreaterThan(m[i]!);
    }
  });

  it('is deterministic per seed and varies mu_star_conf with the seed', () => {
    const problem = unit(3);
    const x = sampleMorris(problem, 15, { seed: 2 });
    const y = x.map((p) => Math.sin(6 * p[0]!) + p[1]! * p[2]!);
    const a = analyzeMorris(problem, x, y, { seed: 1, resamples: 300 });
    expect(analyzeMorris(problem, x, y, { seed: 1, resamples: 300 })).toEqual(a);
    const b = analyzeMorris(problem, x, y, { seed: 2, resamples: 300 });
    expect(b.mu_star).toEqual(a.mu_star);
    expect(b.mu_star_conf).not.toEqual(a.mu_star_conf);
  });

  it('rejects designs that are not trajectories', () => {
    const x = [
      [0, 0],
      [1, 1],
      [1, 0],
    ];
    expect(() => analyzeMorris(unit(2), x, [0, 1, 2])).toThrow(/exactly one/);
    expect(() => analyzeMorris(unit(2), x.slice(0, 2), [0, 1])).toThrow(RangeError);
  });
});
