import { describe, it, expect } from 'vitest';
import { CounterStream, Stream } from '../../src/random/rng.js';
import { prim, primQuantile } from '../../src/analysis/index.js';

/** n uniform points in [0, 1]^d from the counter RNG's test stream. */
function uniformPoints(n: number, d: number, seed: number): number[][] {
  const rng = new CounterStream(seed, Stream.test);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.next()));
}

const inside = (p: number[], limits: [number, number][]): boolean =>
  limits.every(([lo, hi], j) => p[j]! >= lo && p[j]! <= hi);

describe('prim', () => {
  it('recovers the box x0 > 0.7, x1 < 0.3 on noiseless synthetic data', () => {
    for (const seed of [1, 2, 3]) {
      const x = uniformPoints(2000, 4, seed);
      const y = x.map((p) => p[0]! > 0.7 && p[1]! < 0.3);
      const r = prim(x, y, { names: ['a', 'b', 'c', 'd'] });
      const { box } = r;
      expect([...box.restricted].sort()).toEqual(['a', 'b']);
      // Peels remove 5% of the box per step, i.e. ~0.015 of x0's range near 0.7; the limits
      // land within that of the true edges (measured ≤ 0.016), checked at the brief's 0.05.
      expect(Math.abs(box.limits[0]![0] - 0.7)).toBeLessThan(0.05);
      expect(Math.abs(box.limits[1]![1] - 0.3)).toBeLessThan(0.05);
      // Unrestricted inputs keep the data range, i.e. roughly [0, 1].
      expect(box.limits[2]![0]).toBeLessThan(0.01);
      expect(box.limits[3]![1]).toBeGreaterThan(0.99);
      // Noiseless data: the chosen box is pure, and misses only the last peel step's worth
      // of cases of interest (measured coverage 0.93–0.99).
      expect(box.density).toBe(1);
      expect(box.coverage).toBeGreaterThan(0.9);
      // The restricted limits are highly significant; unrestricted ones have no quasi-p.
      expect(box.qp[0]![0]).toBeLessThan(1e-10);
      expect(box.qp[1]![1]).toBeLessThan(1e-10);
      expect(Number.isNaN(box.qp[2]![0])).toBe(true);
    }
  });

  it('reports coverage, density and mass as their definitions on every step', () => {
    const x = uniformPoints(1500, 3, 7);
    const noise = new CounterStream(8, Stream.test);
    const y = x.map((p) => (p[0]! > 0.6 && p[2]! < 0.5) !== noise.next() < 0.1);
    const r = prim(x, y, { peelAlpha: 0.1 });
    const total = y.filter(Boolean).length;
    expect(r.totalCoi).toBe(total);
    expect(r.trajectory[0]!.phase).toBe('initial');
    expect(r.trajectory[0]!.mass).toBe(1);
    for (const step of r.trajectory) {
      const inBox = x.map((p, i) => [inside(p, step.limits), y[i]!] as const).filter(([b]) => b);
      const coi = inBox.filter(([, v]) => v).length;
      // Definitions (exact counts, so exact equality).
      expect(step.n).toBe(inBox.length);
      expect(step.coi).toBe(coi);
      expect(step.coverage).toBe(coi / total);
      expect(step.density).toBe(coi / inBox.length);
      expect(step.mass).toBe(inBox.length / x.length);
      expect(step.mass).toBeGreaterThanOrEqual(0.05);
    }
    // Peels shrink the box and pastes grow it, each raising the density.
    for (let i = 1; i < r.trajectory.length; i++) {
      const prev = r.trajectory[i - 1]!;
      const step = r.trajectory[i]!;
      if (step.phase === 'peel') expect(step.n).toBeLessThan(prev.n);
      if (step.phase === 'paste') expect(step.n).toBeGreaterThan(prev.n);
      expect(step.density).toBeGreaterThan(prev.density);
    }
    // The chosen box has the highest density on the trajectory.
    const top = Math.max(...r.trajectory.map((s) => s.density));
    expect(r.box.density).toBe(top);
  });

  it('classifies numeric outcomes by threshold and threshold type', () => {
    const x = uniformPoints(1500, 2, 4);
    const score = x.map((p) => p[0]! + (p[1]! > 0.5 ? 1 : 0));
    const above = prim(x, score, { threshold: 1.6 });
    const viaBool = prim(
      x,
      score.map((s) => s >= 1.6),
    );
    expect(above.box.limits).toEqual(viaBool.box.limits);
    const below = prim(x, score, { threshold: 0.3, thresholdType: 'below' });
    expect(below.box.limits[0]![1]).toBeLessThan(0.35);
    expect(() => prim(x, score)).toThrow(/threshold/);
    // 0/1 numbers need no threshold.
    expect(prim(x, score.map((s) => (s >= 1.6 ? 1 : 0))).box.limits).toEqual(above.box.limits);
  });

  it('is deterministic', () => {
    const x = uniformPoints(800, 3, 5);
    const y = x.map((p) => p[1]! > 0.5);
    expect(prim(x, y)).toEqual(prim(x, y));
  });
});

describe('primQuantile', () => {
  it('takes midpoints between distinct order statistics, as EMA’s get_quantile', () => {
    const data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // h = 9·0.05 = 0.45 → between data[0] and data[1].
    expect(primQuantile(data, 0.05)).toBe(1.5);
    // h = 9·0.95 = 8.55 → between data[8] and data[9].
    expect(primQuantile(data, 0.95)).toBe(9.5);
    // Ties widen the bracket so the limit falls between distinct values.
    expect(primQuantile([1, 1, 1, 2, 3], 0.05)).toBe(1.5);
    expect(primQuantile([1, 2, 3, 3, 3], 0.95)).toBe(2.5);
  });
});
