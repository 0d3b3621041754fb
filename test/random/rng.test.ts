import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  agentHash,
  CounterStream,
  drawAt,
  normalAt,
  fmix32,
  nextHash,
  seedWords,
  Stream,
  tickKey,
  u01,
  uniform,
  TWO_M32,
} from '../../src/random/rng.js';
import { ALPHA, chiSquarePValue, chiSquareSf, mean, note, variance, Z_ALPHA } from '../learning/helpers.js';

const SEED = 20240611;
const N = 1_000_000;
const BINS = 64;
const uniformProbs = new Array(BINS).fill(1 / BINS);

function binCounts(draw: (i: number) => number, n: number, bins: number): Int32Array {
  const c = new Int32Array(bins);
  for (let i = 0; i < n; i++) c[Math.floor(draw(i) * bins)]++;
  return c;
}

describe('counter RNG: determinism and range', () => {
  it('is a pure function of its key', () => {
    let mismatches = 0;
    for (let t = 0; t < 50; t++) {
      const k1 = tickKey(SEED, t, Stream.choice), k2 = tickKey(SEED, t, Stream.choice);
      if (k1 !== k2) mismatches++;
      for (let a = 0; a < 100; a++) {
        if (agentHash(k1, a) !== agentHash(k2, a)) mismatches++;
        if (nextHash(agentHash(k1, a)) !== nextHash(agentHash(k2, a))) mismatches++;
        if (uniform(SEED, a, t, Stream.choice) !== u01(agentHash(k1, a))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('u01 maps every 32-bit hash into [0, 1), including the extremes', () => {
    expect(u01(0)).toBe(0);
    expect(u01(-1)).toBe(1 - TWO_M32); // 0xffffffff as a signed int
    expect(u01(-1)).toBeLessThan(1);
    expect(u01(0x80000000 | 0)).toBe(0.5);
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (h) => {
      const u = u01(h);
      return u >= 0 && u < 1;
    }), { seed: 1, numRuns: 2000 });
    const key = tickKey(SEED, 3, Stream.test);
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < 200_000; i++) {
      const h = agentHash(key, i);
      const u = u01(h), v = u01(nextHash(h));
      lo = Math.min(lo, u, v); hi = Math.max(hi, u, v);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
  });

  it('fmix32 is a bijection on a sample (no collisions among 2^18 consecutive inputs)', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1 << 18; i++) seen.add(fmix32(i) >>> 0);
    expect(seen.size).toBe(1 << 18);
  });
});

describe('counter RNG: uniformity (chi-square over 64 bins, 1e6 draws)', () => {
  // Under uniformity the statistic is chi-square with 63 df; we require its p-value to exceed
  // ALPHA = 1e-5 (critical value ~123, against a mean of 63 and sd of 11.2).
  it('across the agents of one tick', () => {
    const key = tickKey(SEED, 17, Stream.choice);
    const c = binCounts((i) => u01(agentHash(key, i)), N, BINS);
    const r = chiSquarePValue(c, uniformProbs);
    note('rng chi2 agents of one tick', r);
    expect(r.df).toBe(63);
    expect(r.p).toBeGreaterThan(ALPHA);
  });

  it('across the second draws (nextHash) of the agents of one tick', () => {
    const key = tickKey(SEED, 18, Stream.choice);
    const c = binCounts((i) => u01(nextHash(agentHash(key, i))), N, BINS);
    note('rng chi2 second draws', chiSquarePValue(c, uniformProbs));
    expect(chiSquarePValue(c, uniformProbs).p).toBeGreaterThan(ALPHA);
  });

  it('across the ticks of one agent', () => {
    const c = binCounts((t) => uniform(SEED, 42, t, Stream.choice), N, BINS);
    note('rng chi2 ticks of one agent', chiSquarePValue(c, uniformProbs));
    expect(chiSquarePValue(c, uniformProbs).p).toBeGreaterThan(ALPHA);
  });

  it('across the positions of one CounterStream', () => {
    const cs = new CounterStream(SEED, Stream.analysis, 7, 3);
    const c = binCounts(() => cs.next(), 250_000, BINS);
    note('rng chi2 CounterStream', chiSquarePValue(c, uniformProbs));
    expect(chiSquarePValue(c, uniformProbs).p).toBeGreaterThan(ALPHA);
  });
});

describe('counter RNG: independence of an agent\'s first and second draw', () => {
  it('u01(h) and u01(nextHash(h)) are uncorrelated and jointly uniform', () => {
    const key = tickKey(SEED, 5, Stream.choice);
    const n = N;
    let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    const G = 16;
    const grid = new Int32Array(G * G);
    for (let i = 0; i < n; i++) {
      const h = agentHash(key, i);
      const x = u01(h), y = u01(nextHash(h));
      sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
      grid[Math.floor(x * G) * G + Math.floor(y * G)]++;
    }
    const cov = sxy / n - (sx / n) * (sy / n);
    const r = cov / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
    // Under independence r is approximately N(0, 1/n): sd 0.001 for n = 1e6, so the
    // two-sided 1e-5 bound is Z_ALPHA / sqrt(n) = 0.0044.
    expect(Math.abs(r)).toBeLessThan(Z_ALPHA / Math.sqrt(n));
    // Joint 16 x 16 histogram: chi-square with 255 df under independence and uniformity.
    const res = chiSquarePValue(grid, new Array(G * G).fill(1 / (G * G)));
    note('rng first/second draw: r, bound, joint chi2', r, Z_ALPHA / Math.sqrt(n), res);
    expect(res.df).toBe(255);
    expect(res.p).toBeGreaterThan(ALPHA);
  });

  it('neighbouring agents are uncorrelated (lag-1 across the agent index)', () => {
    const key = tickKey(SEED, 6, Stream.choice);
    const n = 500_000;
    let prev = u01(agentHash(key, 0));
    let s = 0;
    for (let i = 1; i <= n; i++) {
      const u = u01(agentHash(key, i));
      s += (prev - 0.5) * (u - 0.5);
      prev = u;
    }
    note('rng lag-1 agent covariance', s / n, 'bound', Z_ALPHA / (12 * Math.sqrt(n)));
    // E = 0, sd of each product term = 1/12, so the mean has sd 1/(12 sqrt(n)).
    expect(Math.abs(s / n)).toBeLessThan(Z_ALPHA / (12 * Math.sqrt(n)));
  });
});

describe('counter RNG: distinct keys give distinct sequences', () => {
  /** The first `m` draws of agents 0..n-1 under a key. */
  function block(key: number, n = 200): number[] {
    const out: number[] = [];
    for (let a = 0; a < n; a++) out.push(agentHash(key, a) >>> 0);
    return out;
  }
  /** Number of positions where two blocks agree (2^-32 chance each for independent blocks). */
  function agreements(x: number[], y: number[]): number {
    let k = 0;
    for (let i = 0; i < x.length; i++) if (x[i] === y[i]) k++;
    return k;
  }

  it('different seeds, streams and ticks', () => {
    const base = block(tickKey(SEED, 10, Stream.choice));
    expect(agreements(base, block(tickKey(SEED + 1, 10, Stream.choice)))).toBe(0);
    expect(agreements(base, block(tickKey(SEED, 11, Stream.choice)))).toBe(0);
    for (const s of Object.values(Stream)) {
      if (s !== Stream.choice) expect(agreements(base, block(tickKey(SEED, 10, s)))).toBe(0);
    }
    // tickKey is a chain of bijections of each argument (xor, odd multiply, add, fmix32), so
    // for the other arguments fixed it is injective in the tick, in the low seed word and in
    // the stream: no collisions at all, not just improbable ones.
    const S = Object.values(Stream);
    const byTick = new Set<number>(), bySeed = new Set<number>(), byStream = new Set<number>();
    for (let t = 0; t < 100_000; t++) byTick.add(tickKey(SEED, t, Stream.noise));
    for (let seed = 0; seed < 100_000; seed++) bySeed.add(tickKey(seed, 3, Stream.noise));
    for (const st of S) byStream.add(tickKey(SEED, 3, st));
    expect(byTick.size).toBe(100_000);
    expect(bySeed.size).toBe(100_000);
    expect(byStream.size).toBe(S.length);
    // Jointly it is a hash, not a bijection: across a 5 x 5 x 7 grid of (seed, tick, stream) a
    // collision has probability 175^2 / 2^33 = 3.6e-6 for an ideal 32-bit hash.
    const grid = new Set<number>();
    for (let seed = 0; seed < 5; seed++) for (let t = 0; t < 5; t++) for (const st of S) grid.add(tickKey(seed, t, st));
    expect(grid.size).toBe(5 * 5 * S.length);
  });

  it('seeds above 2^32 differ from their low 32 bits (and from each other)', () => {
    for (const low of [0, 1, 12345, 2 ** 31, 2 ** 32 - 1]) {
      const lowKey = tickKey(low, 0, Stream.choice);
      for (const high of [1, 2, 3, 1000, 2 ** 21 - 1]) {
        const seed = high * 2 ** 32 + low;
        expect(seed).toBeLessThan(2 ** 53);
        expect(seedWords(seed)).toEqual([low >>> 0, high]);
        const k = tickKey(seed, 0, Stream.choice);
        expect(k).not.toBe(lowKey);
        expect(agreements(block(k), block(lowKey))).toBe(0);
      }
    }
    expect(tickKey(2 ** 53 - 1, 0, 1)).not.toBe(tickKey(2 ** 53 - 2, 0, 1));
    expect(tickKey(2 ** 32, 0, 1)).not.toBe(tickKey(0, 0, 1));
    expect(tickKey(2 ** 33, 0, 1)).not.toBe(tickKey(2 ** 32, 0, 1));
  });

  it('different agents of one key differ', () => {
    const key = tickKey(SEED, 0, Stream.choice);
    const seen = new Set<number>();
    for (let a = 0; a < 100_000; a++) seen.add(agentHash(key, a));
    expect(seen.size).toBe(100_000); // agentHash is a bijection in the agent index
  });
});

describe('CounterStream', () => {
  it('at(i) equals the i-th next(), and at() does not move the cursor', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 53 - 1 }),
      fc.constantFrom(...Object.values(Stream)),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 100_000 }),
      (seed, stream, agent, tick) => {
        const a = new CounterStream(seed, stream, agent, tick);
        const b = new CounterStream(seed, stream, agent, tick);
        for (let i = 0; i < 40; i++) {
          const x = b.at(i);
          if (a.next() !== x) return false;
          if (b.at(i) !== x) return false; // random access is repeatable
        }
        return true;
      },
    ), { seed: 7, numRuns: 300 });
  });

  it('is the sequential view of drawAt/normalAt under tickKey(seed, tick, stream)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 53 - 1 }),
      fc.constantFrom(...Object.values(Stream)),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 100_000 }),
      fc.nat({ max: 1000 }),
      (seed, stream, agent, tick, skip) => {
        const key = tickKey(seed, tick, stream);
        const cs = new CounterStream(seed, stream, agent, tick);
        for (let i = 0; i < skip % 7; i++) cs.next();
        const i0 = skip % 7;
        if (cs.at(skip) !== drawAt(key, agent, skip)) return false;
        // normal() consumes draws i0 and i0 + 1, exactly normalAt(key, agent, i0).
        const z = cs.normal();
        return Object.is(z, normalAt(key, agent, i0)) && cs.next() === drawAt(key, agent, i0 + 2);
      },
    ), { seed: 8, numRuns: 300 });
  });

  it('streams of different agents, ticks and seeds differ', () => {
    const draws = (cs: CounterStream) => Array.from({ length: 64 }, (_, i) => cs.at(i));
    const ref = draws(new CounterStream(SEED, Stream.init, 0, 0));
    for (const other of [
      new CounterStream(SEED, Stream.init, 1, 0),
      new CounterStream(SEED, Stream.init, 0, 1),
      new CounterStream(SEED + 1, Stream.init, 0, 0),
      new CounterStream(SEED, Stream.traits, 0, 0),
      new CounterStream(SEED + 2 ** 32, Stream.init, 0, 0),
    ]) {
      const d = draws(other);
      expect(d.filter((x, i) => x === ref[i]).length).toBe(0);
    }
  });

  it('int(n) is in [0, n) and uniform; normal() has mean 0 and variance 1', () => {
    const cs = new CounterStream(SEED, Stream.test, 3, 9);
    const c = new Int32Array(7);
    let bad = 0;
    for (let i = 0; i < 70_000; i++) {
      const k = cs.int(7);
      if (!(Number.isInteger(k) && k >= 0 && k < 7)) bad++;
      else c[k]++;
    }
    expect(bad).toBe(0);
    note('rng int(7) chi2', chiSquarePValue(c, new Array(7).fill(1 / 7)));
    expect(chiSquarePValue(c, new Array(7).fill(1 / 7)).p).toBeGreaterThan(ALPHA);
    const z: number[] = [];
    for (let i = 0; i < 100_000; i++) z.push(cs.normal());
    note('rng normal mean, var', mean(z), variance(z));
    // mean: sd 1/sqrt(n) = 0.0032; variance: sd sqrt(2/n) = 0.0045 (normal kurtosis 3).
    expect(Math.abs(mean(z))).toBeLessThan(Z_ALPHA / Math.sqrt(z.length));
    expect(Math.abs(variance(z) - 1)).toBeLessThan(Z_ALPHA * Math.sqrt(2 / z.length));
    expect(z.every(Number.isFinite)).toBe(true);
  });
});

describe('chi-square tail (helper sanity check)', () => {
  it('matches tabulated quantiles', () => {
    // 5% critical values from standard tables.
    expect(chiSquareSf(3.841, 1)).toBeCloseTo(0.05, 3);
    expect(chiSquareSf(7.815, 3)).toBeCloseTo(0.05, 3);
    expect(chiSquareSf(82.529, 63)).toBeCloseTo(0.05, 3);
    expect(chiSquareSf(293.248, 255)).toBeCloseTo(0.05, 3);
    // 1e-5 critical value for 1 df is 19.511 (= 4.417^2).
    expect(chiSquareSf(19.511, 1)).toBeCloseTo(1e-5, 6);
  });
});
