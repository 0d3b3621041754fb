/**
 * Categorical factors in Sobol' and Morris designs, mapped onto the unit interval by index
 * (level k = ⌊u·m⌋, clipped to m − 1): the samplers lay out level indices, Sobol' indices of a
 * function of a categorical input match its known variance decomposition, and Morris' effects
 * of a categorical factor are per level step.
 */
import { describe, expect, it } from 'vitest';
import { analyzeMorris, analyzeSobol, sampleMorris, sampleSobol, unitToLevel, type Problem } from '../../src/analysis/index.js';

describe('categorical factors by index', () => {
  it('unitToLevel: ⌊u·m⌋, each level 1/m of the unit interval, u = 1 clipped to the last level', () => {
    expect([0, 0.2, 1 / 3, 0.5, 0.66, 2 / 3, 0.99, 1].map((u) => unitToLevel(u, 3))).toEqual([0, 0, 1, 1, 1, 2, 2, 2]);
    expect(unitToLevel(0.5, 2)).toBe(1);
  });

  it('sampleSobol: a categorical column holds level indices, each level in exactly N/m of the A rows when m divides N; numeric columns are as without categories', () => {
    const n = 256;
    const problem: Problem = { names: ['k', 'x'], bounds: [[0, 0], [2, 4]], categories: [4, null] };
    const rows = sampleSobol(problem, n, { secondOrder: false, seed: 1 });
    const plain = sampleSobol({ names: ['k', 'x'], bounds: [[0, 1], [2, 4]] }, n, { secondOrder: false, seed: 1 });
    expect(rows.map((r) => r[1])).toEqual(plain.map((r) => r[1]));
    expect(rows.every((r) => Number.isInteger(r[0]) && r[0]! >= 0 && r[0]! <= 3)).toBe(true);
    const a = rows.filter((_, i) => i % 4 === 0); // A_i is the first row of each block of D + 2 = 4
    expect([0, 1, 2, 3].map((k) => a.filter((r) => r[0] === k).length)).toEqual([64, 64, 64, 64]);
    expect(rows.map((r, i) => (i % 4 === 0 ? unitToLevel(plain[i]![0]!, 4) : r[0]))).toEqual(rows.map((r) => r[0]));
  });

  it('Sobol\' indices of f(k, x) = a_k + b_k·x (k of 3 levels, x uniform) match the analytic variance decomposition', () => {
    const a = [0, 2, 5], b = [1, 1, 4];
    const problem: Problem = { names: ['k', 'x'], bounds: [[0, 2], [0, 1]], categories: [3, null] };
    const X = sampleSobol(problem, 4096, { secondOrder: true, seed: 7 });
    const y = X.map(([k, x]) => a[k!]! + b[k!]! * x!);
    const r = analyzeSobol(problem, y, { secondOrder: true, resamples: 0 });
    // V1 = Var_k(a_k + b_k/2), V2 = mean(b)²/12, E_k Var(f|k) = E[b_k²]/12, V = V1 + E_k Var(f|k)
    const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
    const cond = a.map((ak, i) => ak + b[i]! / 2);
    const v1 = mean(cond.map((c) => (c - mean(cond)) ** 2));
    const v2 = mean(b) ** 2 / 12;
    const within = mean(b.map((t) => t * t)) / 12;
    const v = v1 + within;
    expect(Math.abs(r.S1[0]! - v1 / v)).toBeLessThan(0.02);
    expect(Math.abs(r.S1[1]! - v2 / v)).toBeLessThan(0.02);
    expect(Math.abs(r.ST[0]! - (1 - v2 / v))).toBeLessThan(0.02);
    expect(Math.abs(r.ST[1]! - (1 - v1 / v))).toBeLessThan(0.02);
    expect(Math.abs(r.S2![0]![1]! - (within - v2) / v)).toBeLessThan(0.02); // V12 = V − V1 − V2
  });

  it('Morris: every step moves a categorical index by at least one level, for any m and grid', () => {
    for (const levels of [4, 6, 8, 10]) {
      for (const m of [2, 3, 4, 5, 7, 11]) {
        const problem: Problem = { names: ['k', 'x'], bounds: [[0, 0], [0, 1]], categories: [m, null] };
        const X = sampleMorris(problem, 40, { levels, seed: m });
        for (let t = 0; t < 40; t++) {
          const rows = X.slice(3 * t, 3 * t + 3);
          const moves = [rows[1]![0]! - rows[0]![0]!, rows[2]![0]! - rows[1]![0]!].filter((dk) => dk !== 0);
          expect(moves).toHaveLength(1);
          expect(rows.every((r) => Number.isInteger(r[0]) && r[0]! >= 0 && r[0]! < m)).toBe(true);
        }
      }
    }
  });

  it('Morris\' effects of a categorical factor are per level step: f = 5·k + 2x gives mu* 5 (sigma 0) for k and 2 for x', () => {
    const problem: Problem = { names: ['k', 'x'], bounds: [[0, 2], [0, 1]], categories: [3, null] };
    const X = sampleMorris(problem, 30, { levels: 4, seed: 3 });
    expect(X.some((r, i) => i % 3 !== 0 && Math.abs(r[0]! - X[i - 1]![0]!) === 2)).toBe(true); // some steps move two levels
    const r = analyzeMorris(problem, X, X.map(([k, x]) => 5 * k! + 2 * x!), { levels: 4, resamples: 10 });
    expect(r.mu[0]).toBeCloseTo(5, 12);
    expect(r.mu_star[0]).toBeCloseTo(5, 12);
    expect(r.sigma[0]).toBeCloseTo(0, 12);
    expect(r.mu_star[1]).toBeCloseTo(2, 12);
    // a switch (two levels): the effect is the change when it goes from its first level to its second
    const sw: Problem = { names: ['on', 'x'], bounds: [[0, 1], [0, 1]], categories: [2, null] };
    const S = sampleMorris(sw, 20, { levels: 6, seed: 4 });
    const m = analyzeMorris(sw, S, S.map(([k, x]) => [1, 4][k!]! + x!), { levels: 6, resamples: 10 });
    expect(m.mu[0]).toBeCloseTo(3, 12);
    expect(m.sigma[0]).toBeCloseTo(0, 12);
  });

  it('a categorical factor needs an integer number of levels ≥ 2', () => {
    expect(() => sampleSobol({ names: ['k'], bounds: [[0, 1]], categories: [1] }, 8)).toThrow(/categories of k must be an integer ≥ 2/);
    expect(() => sampleSobol({ names: ['k'], bounds: [[0, 1]], categories: [2, 2] }, 8)).toThrow(/1 names but 2 categories/);
  });
});
