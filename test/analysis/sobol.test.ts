import { describe, it, expect } from 'vitest';
import { analyzeSobol, sampleSobol, type Problem } from '../../src/analysis/index.js';

const PI = Math.PI;
const ishigamiProblem: Problem = {
  names: ['x1', 'x2', 'x3'],
  bounds: [
    [-PI, PI],
    [-PI, PI],
    [-PI, PI],
  ],
};
const A_ISH = 7;
const B_ISH = 0.1;
const ishigami = (x: number[]): number =>
  Math.sin(x[0]!) + A_ISH * Math.sin(x[1]!) ** 2 + B_ISH * x[2]! ** 4 * Math.sin(x[0]!);

/** Analytic Ishigami indices (Ishigami & Homma 1990; Sobol' & Levitan 1999). */
function ishigamiAnalytic(): { S1: number[]; ST: number[]; S13: number } {
  const v1 = 0.5 * (1 + (B_ISH * PI ** 4) / 5) ** 2;
  const v2 = A_ISH ** 2 / 8;
  const v13 = B_ISH ** 2 * PI ** 8 * (1 / 18 - 1 / 50);
  const v = v1 + v2 + v13;
  return { S1: [v1 / v, v2 / v, 0], ST: [(v1 + v13) / v, v2 / v, v13 / v], S13: v13 / v };
}

const G_A = [78, 12, 0.5, 2, 97, 33];
const gProblem: Problem = { names: G_A.map((_, i) => `x${i + 1}`), bounds: G_A.map(() => [0, 1] as [number, number]) };
const gFunction = (x: number[]): number => G_A.reduce((p, a, i) => (p * (Math.abs(4 * x[i]! - 2) + a)) / (1 + a), 1);

/** Analytic G-function indices: V_i = 1/(3(1+a_i)²), V = Π(1+V_i) − 1, V_Ti = V_i Π_{j≠i}(1+V_j). */
function gAnalytic(): { S1: number[]; ST: number[] } {
  const vi = G_A.map((a) => 1 / (3 * (1 + a) ** 2));
  const prod = vi.reduce((p, v) => p * (1 + v), 1);
  const v = prod - 1;
  return { S1: vi.map((x) => x / v), ST: vi.map((x) => (x * prod) / (1 + x) / v) };
}

describe('sampleSobol', () => {
  it('lays out n·(D+2) rows without and n·(2D+2) with second order', () => {
    expect(sampleSobol(ishigamiProblem, 16, { secondOrder: false })).toHaveLength(16 * 5);
    expect(sampleSobol(ishigamiProblem, 16)).toHaveLength(16 * 8);
    expect(sampleSobol(gProblem, 8, { secondOrder: false })).toHaveLength(8 * 8);
    expect(sampleSobol(gProblem, 8)).toHaveLength(8 * 14);
  });

  it('orders each block as A, AB_1..AB_D, BA_1..BA_D, B (SALib layout)', () => {
    const d = 3;
    const rows = sampleSobol(ishigamiProblem, 8, { scramble: true, seed: 2 });
    for (let i = 0; i < 8; i++) {
      const block = rows.slice(i * (2 * d + 2), (i + 1) * (2 * d + 2));
      const a = block[0]!;
      const b = block[2 * d + 1]!;
      for (let j = 0; j < d; j++) {
        const ab = block[1 + j]!;
        const ba = block[1 + d + j]!;
        for (let k = 0; k < d; k++) {
          expect(ab[k]).toBe(k === j ? b[k] : a[k]);
          expect(ba[k]).toBe(k === j ? a[k] : b[k]);
        }
      }
    }
  });

  it('takes A and B from the first and last D columns of a 2D-dimensional Sobol sequence, scaled', () => {
    const rows = sampleSobol({ names: ['p', 'q'], bounds: [[10, 20], [-1, 1]] }, 4, { secondOrder: false });
    // Base points of the 4-dimensional sequence (scipy): 0, 0.5, (0.75, 0.25, 0.25, 0.25),
    // (0.25, 0.75, 0.75, 0.75); blocks of D + 2 = 4 rows.
    expect(rows[0]).toEqual([10, -1]); // A of point 0
    expect(rows[3]).toEqual([10, -1]); // B of point 0
    expect(rows[4]).toEqual([15, 0]); // A of point 1
    expect(rows[8]).toEqual([17.5, -0.5]); // A of point 2 = (0.75, 0.25)
    expect(rows[11]).toEqual([12.5, -0.5]); // B of point 2 = (0.25, 0.25)
    expect(rows[12]).toEqual([12.5, 0.5]); // A of point 3 = (0.25, 0.75)
    expect(rows[15]).toEqual([17.5, 0.5]); // B of point 3 = (0.75, 0.75)
  });
});

describe('analyzeSobol', () => {
  it('matches SALib’s estimators exactly on the same design', () => {
    // Reference: SALib's sample layout and its first_order / total_order / second_order
    // functions (src/SALib/analyze/sobol.py) transliterated into numpy and run on scipy's
    // unscrambled qmc.Sobol(6) with N = 1024 for Ishigami. Same design and same formulas, so
    // only rounding differs: tolerance 1e-12.
    const x = sampleSobol(ishigamiProblem, 1024);
    const r = analyzeSobol(ishigamiProblem, x.map(ishigami), { resamples: 0 });
    const S1 = [0.33295510535317324, 0.4413139385440669, 0.018578437929572516];
    const ST = [0.5581790457114659, 0.4432845840303481, 0.2421493733549653];
    r.S1.forEach((v, i) => expect(v).toBeCloseTo(S1[i]!, 12));
    r.ST.forEach((v, i) => expect(v).toBeCloseTo(ST[i]!, 12));
    expect(r.S2![0]![1]).toBeCloseTo(-4.955281413510093e-5, 12);
    expect(r.S2![0]![2]).toBeCloseTo(0.22760710553788024, 12);
    expect(r.S2![1]![2]).toBeCloseTo(0.0048765516488903544, 12);
    expect(r.S1_conf.every(Number.isNaN)).toBe(true);
  });

  it('recovers the analytic Ishigami indices (a = 7, b = 0.1)', () => {
    const exact = ishigamiAnalytic();
    // Sanity check of the closed form against the published values.
    expect(exact.S1[0]).toBeCloseTo(0.3139, 4);
    expect(exact.ST[0]).toBeCloseTo(0.5576, 4);
    expect(exact.ST[2]).toBeCloseTo(0.2437, 4);

    const n = 2 ** 13;
    const x = sampleSobol(ishigamiProblem, n);
    const r = analyzeSobol(ishigamiProblem, x.map(ishigami), { seed: 7 });
    // With N = 2^13 unscrambled Sobol' base points the estimation error is about 0.001–0.002
    // (measured 0.0009 at worst for S1 and ST); 0.02 is the tolerance the brief asks for and
    // is still an order of magnitude below any structural error (a wrong layout or estimator
    // shifts these indices by 0.1 or more).
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(r.S1[i]! - exact.S1[i]!)).toBeLessThan(0.02);
      expect(Math.abs(r.ST[i]! - exact.ST[i]!)).toBeLessThan(0.02);
      // The bootstrap half-width is about 0.01–0.03 here (it measures Monte Carlo, not QMC,
      // error, so it is conservative): the analytic value must lie within estimate ± 3·conf.
      expect(Math.abs(r.S1[i]! - exact.S1[i]!)).toBeLessThan(3 * r.S1_conf[i]!);
      expect(Math.abs(r.ST[i]! - exact.ST[i]!)).toBeLessThan(3 * r.ST_conf[i]!);
    }
    // Only x1–x3 interact: S13 = ST3 ≈ 0.2437, S12 = S23 = 0. Same 0.02 tolerance (measured
    // error 0.001); the conf of S2 is about 0.04, the check at 3·conf is looser still.
    expect(Math.abs(r.S2![0]![2]! - exact.S13)).toBeLessThan(0.02);
    expect(Math.abs(r.S2![0]![2]! - exact.S13)).toBeLessThan(3 * r.S2_conf![0]![2]!);
    expect(Math.abs(r.S2![0]![1]!)).toBeLessThan(0.02);
    expect(Math.abs(r.S2![1]![2]!)).toBeLessThan(0.02);
    // The diagonal and lower triangle are NaN, as in SALib.
    expect(Number.isNaN(r.S2![1]![0]!)).toBe(true);
    expect(Number.isNaN(r.S2![1]![1]!)).toBe(true);
    expect(Number.isNaN(r.S2_conf![2]![0]!)).toBe(true);
  });

  it('recovers the analytic Sobol G-function indices, a = [78, 12, 0.5, 2, 97, 33]', () => {
    const exact = gAnalytic();
    const published = [0.000276, 0.010195, 0.765743, 0.191436, 0.000179, 0.00149];
    // The closed form agrees with the published S1 to their 6 decimals.
    exact.S1.forEach((v, i) => expect(v).toBeCloseTo(published[i]!, 6));

    const n = 2 ** 13;
    const x = sampleSobol(gProblem, n, { secondOrder: false });
    const r = analyzeSobol(gProblem, x.map(gFunction), { secondOrder: false, seed: 7 });
    // Measured errors at N = 2^13 are below 0.0005 for S1 and 0.0001 for ST; 0.01 leaves a
    // wide margin while still separating x3 (0.77), x4 (0.19), x2 (0.01) and the rest (< 0.002).
    for (let i = 0; i < 6; i++) {
      expect(Math.abs(r.S1[i]! - exact.S1[i]!)).toBeLessThan(0.01);
      expect(Math.abs(r.ST[i]! - exact.ST[i]!)).toBeLessThan(0.01);
    }
    // The dominant inputs, where the bootstrap widths are meaningful, lie within 3·conf.
    for (const i of [1, 2, 3]) {
      expect(Math.abs(r.S1[i]! - exact.S1[i]!)).toBeLessThan(3 * r.S1_conf[i]!);
      expect(Math.abs(r.ST[i]! - exact.ST[i]!)).toBeLessThan(3 * r.ST_conf[i]!);
    }
    expect(r.S2).toBeUndefined();
  });

  it('is deterministic per seed and varies its bootstrap with the seed', () => {
    const x = sampleSobol(ishigamiProblem, 256);
    const y = x.map(ishigami);
    const a = analyzeSobol(ishigamiProblem, y, { resamples: 200, seed: 1 });
    const b = analyzeSobol(ishigamiProblem, y, { resamples: 200, seed: 1 });
    const c = analyzeSobol(ishigamiProblem, y, { resamples: 200, seed: 2 });
    expect(a).toEqual(b);
    // Point estimates do not depend on the seed; bootstrap widths do.
    expect(c.S1).toEqual(a.S1);
    expect(c.S1_conf).not.toEqual(a.S1_conf);
    expect(c.ST_conf).not.toEqual(a.ST_conf);
    // Scrambled designs are reproducible per seed too.
    const s1 = sampleSobol(ishigamiProblem, 32, { scramble: true, seed: 4 });
    expect(sampleSobol(ishigamiProblem, 32, { scramble: true, seed: 4 })).toEqual(s1);
    expect(sampleSobol(ishigamiProblem, 32, { scramble: true, seed: 5 })).not.toEqual(s1);
  });

  it('rejects an output vector whose length does not fit the layout', () => {
    expect(() => analyzeSobol(ishigamiProblem, new Array(8 * 10 + 1).fill(0))).toThrow(/multiple of 8/);
    expect(() => analyzeSobol(ishigamiProblem, new Array(16).fill(0), { secondOrder: false })).toThrow(RangeError);
  });
});

describe('analyzeSobol on a nearly constant output', () => {
  it('leaves out resamples that drew only equal values (their indices are undefined) instead of dividing by rounding error', () => {
    const p: Problem = { names: ['x1', 'x2', 'x3'], bounds: [[0, 1], [0, 1], [0, 1]] };
    const rows = sampleSobol(p, 32);
    // a share that is 0.125 at two rows of the design and 0 elsewhere (as P(outcome) of a rare outcome)
    // P(deal-censored) of the example Sobol' study under maximum pressure: 1 of 8 replicates at 13 of 256 rows
    const rare = new Set([1, 2, 46, 88, 118, 122, 180, 195, 200, 206, 217, 228, 239]);
    const y = rows.map((_, i) => (rare.has(i) ? 0.125 : 0));
    const r = analyzeSobol(p, y, { resamples: 500, seed: 1 });
    for (const c of [...r.S1_conf, ...r.ST_conf]) {
      expect(Number.isFinite(c)).toBe(true);
      expect(c).toBeLessThan(10); // the one-pass variance of a constant resample (≈ 1e-19) gave ≈ 1e15
    }
  });
});
