import { describe, it, expect } from 'vitest';
import { sobolSequence, SOBOL_MAX_DIMENSION } from '../../src/analysis/index.js';

/** Warnock's closed form of the squared L2-star discrepancy of points in [0, 1)^d. */
function l2StarDiscrepancySq(points: number[][]): number {
  const n = points.length;
  const d = points[0]!.length;
  let single = 0;
  for (const p of points) single += p.reduce((acc, x) => acc * (1 - x * x), 1);
  let pair = 0;
  for (const p of points) {
    for (const q of points) {
      let prod = 1;
      for (let k = 0; k < d; k++) prod *= 1 - Math.max(p[k]!, q[k]!);
      pair += prod;
    }
  }
  return 3 ** -d - (2 ** (1 - d) / n) * single + pair / (n * n);
}

/** Counts points per cell of a 2^a × 2^b grid over two coordinates. */
function cellCounts(points: number[][], i: number, j: number, a: number, b: number): number[] {
  const counts = new Array<number>(2 ** (a + b)).fill(0);
  for (const p of points) {
    const u = Math.floor(p[i]! * 2 ** a);
    const v = Math.floor(p[j]! * 2 ** b);
    counts[u * 2 ** b + v]! += 1;
  }
  return counts;
}

describe('sobolSequence', () => {
  it('starts with the known unscrambled Joe–Kuo points', () => {
    // Reference: Joe & Kuo's program / scipy qmc.Sobol(3, scramble=False), first 10 points.
    const expected = [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
      [0.1875, 0.3125, 0.9375],
      [0.6875, 0.8125, 0.4375],
    ];
    // Exact: the points are dyadic rationals, so equality is exact in floating point.
    expect(sobolSequence(10, 3)).toEqual(expected);
  });

  it('reproduces scipy qmc.Sobol(256, scramble=False) over 1024 points and all 256 dimensions', () => {
    const x = sobolSequence(1024, SOBOL_MAX_DIMENSION);
    // Single values read from scipy 1.17 (exact dyadic values, so compared exactly).
    expect(x[5]![63]).toBe(0.625);
    expect(x[100]![127]).toBe(0.4609375);
    expect(x[1000]![199]).toBe(0.8427734375);
    expect(x[777]![255]).toBe(0.6357421875);
    expect(x[513]![64]).toBe(0.0458984375);
    // Weighted checksum of the whole 1024 × 256 block, computed in numpy on scipy's points.
    // Every term is a multiple of 2^-10 well below 2^53, so the sum is exact in any order.
    let checksum = 0;
    for (let i = 0; i < 1024; i++) {
      for (let d = 0; d < 256; d++) checksum += x[i]![d]! * (((i * 31 + d * 17) % 101) + 1);
    }
    expect(checksum).toBe(6675648.4541015625);
  });

  it('fast-forwards with skip exactly as scipy fast_forward', () => {
    // scipy: s = qmc.Sobol(5, scramble=False); s.fast_forward(1000); s.random(3) (exact dyadics).
    expect(sobolSequence(3, 5, { skip: 1000 })).toEqual([
      [0.2197265625, 0.0966796875, 0.5185546875, 0.6767578125, 0.2802734375],
      [0.7197265625, 0.5966796875, 0.0185546875, 0.1767578125, 0.7802734375],
      [0.9697265625, 0.3466796875, 0.7685546875, 0.9267578125, 0.5302734375],
    ]);
    const whole = sobolSequence(40, 7);
    expect(sobolSequence(8, 7, { skip: 32 })).toEqual(whole.slice(32));
  });

  it('is a (0, m, 2)-net in its first two dimensions: every elementary interval holds one point', () => {
    const m = 10;
    const x = sobolSequence(2 ** m, 2);
    for (let a = 0; a <= m; a++) {
      expect(new Set(cellCounts(x, 0, 1, a, m - a))).toEqual(new Set([1]));
    }
  });

  it('stratifies every one-dimensional projection, scrambled or not', () => {
    const m = 8;
    for (const scramble of [false, 'owen', 'shift'] as const) {
      const x = sobolSequence(2 ** m, 40, { scramble, seed: 11 });
      for (let d = 0; d < 40; d++) {
        // Each of the 2^m intervals [k/2^m, (k+1)/2^m) holds exactly one point.
        const cells = new Set(x.map((p) => Math.floor(p[d]! * 2 ** m)));
        expect(cells.size).toBe(2 ** m);
      }
    }
  });

  it('has a far lower L2-star discrepancy than independent uniform points', () => {
    const n = 512;
    const d = 5;
    for (const scramble of [false, 'owen'] as const) {
      const disc = l2StarDiscrepancySq(sobolSequence(n, d, { scramble, seed: 3 }));
      // Expected squared L2-star discrepancy of n i.i.d. uniform points: (2^-d − 3^-d)/n.
      const random = (2 ** -d - 3 ** -d) / n;
      // A Sobol' net of 512 points is typically 20–100× below the Monte Carlo value; a factor
      // of 5 leaves a wide margin while still failing for any broken direction numbers.
      expect(disc).toBeLessThan(random / 5);
    }
  });

  it('scrambles deterministically by seed, keeping points in [0, 1)', () => {
    const a = sobolSequence(64, 6, { scramble: true, seed: 5 });
    const b = sobolSequence(64, 6, { scramble: 'owen', seed: 5 });
    const c = sobolSequence(64, 6, { scramble: true, seed: 6 });
    const plain = sobolSequence(64, 6);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(plain);
    for (const p of [...a, ...c]) for (const v of p) expect(v >= 0 && v < 1).toBe(true);
    // A digital shift XORs a constant per dimension: differences between two shifted points
    // keep the XOR structure, e.g. shifted(0) XOR shifted(1) = plain(1) bitwise.
    const s = sobolSequence(2, 3, { scramble: 'shift', seed: 9 });
    for (let d = 0; d < 3; d++) {
      const xor = (Math.round(s[0]![d]! * 2 ** 32) ^ Math.round(s[1]![d]! * 2 ** 32)) >>> 0;
      expect(xor / 2 ** 32).toBe(plain[1]![d]);
    }
  });

  it('rejects invalid arguments', () => {
    expect(() => sobolSequence(4, 0)).toThrow(RangeError);
    expect(() => sobolSequence(4, SOBOL_MAX_DIMENSION + 1)).toThrow(RangeError);
    expect(() => sobolSequence(-1, 2)).toThrow(RangeError);
    expect(() => sobolSequence(4, 2, { skip: 1.5 })).toThrow(RangeError);
  });
});
