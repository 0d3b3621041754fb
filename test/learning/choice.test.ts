import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { logitChoice, logitProbabilities, roulette } from '../../src/learning/choice.js';
import { agentHash, nextHash, Stream, tickKey, u01 } from '../../src/random/rng.js';
import { ALPHA, chiSquarePValue, note } from './helpers.js';

const SEED = 314159;

/** n uniforms from the counter RNG (the agents of one tick, as a kernel would draw them). */
function uniforms(n: number, tick: number): Float64Array {
  const key = tickKey(SEED, tick, Stream.test);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = u01(agentHash(key, i));
  return u;
}

/** Float32 arrays of K weights >= 0 with at least one positive. */
const weights = (minK: number, maxK: number) =>
  fc.array(fc.oneof(fc.constant(0), fc.float({ min: Math.fround(1e-6), max: Math.fround(1e6), noNaN: true })), { minLength: minK, maxLength: maxK })
    .filter((w) => w.some((x) => x > 0))
    .map((w) => Float32Array.from(w));

const unitU = fc.oneof(
  fc.constantFrom(0, 0.5, 1 - 2 ** -32, 1 - 2 ** -53),
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
);

describe('logit choice', () => {
  it('lambda = 0 gives uniform probabilities whatever the attractions', () => {
    for (const A of [[0, 0], [1, -5, 30], [100, 0, -100, 7.5], [-1e6, 2, 3, 4, 1e6]]) {
      const p = logitProbabilities(A, 0);
      for (const x of p) expect(x).toBeCloseTo(1 / A.length, 15);
    }
  });

  it('lambda = 0: observed frequencies over 200k draws are uniform (chi-square)', () => {
    const A = Float32Array.from([3, -1, 10, 0.5]);
    const K = A.length, n = 200_000;
    const u = uniforms(n, 1);
    const c = new Int32Array(K);
    for (let i = 0; i < n; i++) c[logitChoice(A, 0, K, 0, u[i])]++;
    // Under the null the statistic is chi-square with K - 1 = 3 df; p > 1e-5 means below ~25.9.
    const r = chiSquarePValue(c, new Array(K).fill(1 / K));
    note('logit lambda=0 counts / chi2', Array.from(c), r);
    expect(r.p).toBeGreaterThan(ALPHA);
  });

  it('lambda > 0: observed frequencies match logitProbabilities (chi-square)', () => {
    const A = Float32Array.from([0.3, -0.2, 1.1, 0.0, 0.7]);
    const K = A.length, n = 200_000, lambda = 2;
    const p = logitProbabilities(A, lambda);
    // Direct softmax without the max shift, as an independent oracle.
    const e = Array.from(A, (x) => Math.exp(lambda * x));
    const s = e.reduce((a, b) => a + b, 0);
    for (let k = 0; k < K; k++) expect(p[k]).toBeCloseTo(e[k] / s, 12);
    const u = uniforms(n, 2);
    const c = new Int32Array(K);
    for (let i = 0; i < n; i++) c[logitChoice(A, 0, K, lambda, u[i])]++;
    const r = chiSquarePValue(c, p);
    note('logit lambda=2 counts / expected / chi2', Array.from(c), p.map((x) => x * n), r);
    expect(r.p).toBeGreaterThan(ALPHA);
  });

  it('logitProbabilities does not overflow for large lambda and sums to 1', () => {
    const p = logitProbabilities([1000, 999, -1000], 50);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 14);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-50)), 14);
  });

  it('large lambda always picks the argmax (property, any u in [0, 1))', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 8 }),
      fc.nat(),
      unitU,
      fc.nat({ max: 4 }),
      (ints, which, u, b) => {
        // Distinct attractions on a grid of 1e-3 (exact enough in float32 for |A| <= 1),
        // with a unique maximum; lambda * gap >= 1e6 * 1e-3 = 1000 makes every exp(...) other
        // than the argmax's underflow to 0.
        const K = ints.length;
        const A = new Float32Array(b + K);
        for (let k = 0; k < K; k++) A[b + k] = ints[k] / 1000;
        const m = which % K;
        let max = -Infinity;
        for (let k = 0; k < K; k++) if (k !== m) max = Math.max(max, A[b + k]);
        A[b + m] = K === 1 ? 0 : Math.fround(max + 0.002);
        const a = logitChoice(A, b, K, 1e6, u);
        const p = logitProbabilities(A.subarray(b, b + K), 1e6);
        return a === m && p[m] === 1;
      },
    ), { seed: 11, numRuns: 2000 });
  });
});

describe('roulette choice', () => {
  it('frequencies match w / sum(w) over 500k draws (chi-square), zero weights never chosen', () => {
    const w = Float32Array.from([0, 1, 2, 0, 3, 4, 0.5, 0]);
    const K = w.length, n = 500_000;
    const tot = w.reduce((a, b) => a + b, 0);
    const probs = Array.from(w, (x) => x / tot);
    const u = uniforms(n, 3);
    const c = new Int32Array(K);
    for (let i = 0; i < n; i++) c[roulette(w, 0, K, u[i])]++;
    // Zero-weight cells are dropped from the test (and must be empty): 5 positive cells, 4 df.
    const r = chiSquarePValue(c, probs);
    note('roulette counts / expected / chi2', Array.from(c), probs.map((x) => x * n), r);
    expect(r.df).toBe(4);
    expect(r.p).toBeGreaterThan(ALPHA);
    expect([c[0], c[3], c[7]]).toEqual([0, 0, 0]);
  });

  it('uses the slice [b, b + K) only', () => {
    const w = Float32Array.from([100, 100, 0, 1, 0, 100]);
    const u = uniforms(10_000, 4);
    let other = 0;
    for (let i = 0; i < u.length; i++) if (roulette(w, 2, 3, u[i]) !== 1) other++;
    expect(other).toBe(0);
  });

  it('never picks a zero-weight action (property, any u in [0, 1) including the ends)', () => {
    fc.assert(fc.property(weights(1, 8), unitU, (w, u) => {
      const a = roulette(w, 0, w.length, u);
      return Number.isInteger(a) && a >= 0 && a < w.length && w[a] > 0;
    }), { seed: 12, numRuns: 5000 });
  });

  it('picks action a exactly when u falls in [W_{a-1}, W_a) / W (property)', () => {
    fc.assert(fc.property(weights(1, 6), unitU, (w, u) => {
      const a = roulette(w, 0, w.length, u);
      const tot = w.reduce((s, x) => s + x, 0);
      let lo = 0;
      for (let k = 0; k < a; k++) lo += w[k];
      const hi = lo + w[a];
      const x = u * tot;
      return x >= lo && x < hi;
    }), { seed: 13, numRuns: 5000 });
  });

  it('two draws of one agent (u01(h), u01(nextHash(h))) do not bias the choice', () => {
    // The kernels choose with the first draw and use the second for payoff noise; choosing
    // with the second must give the same distribution.
    const w = Float32Array.from([1, 3]);
    const key = tickKey(SEED, 5, Stream.choice);
    const n = 200_000;
    const c = new Int32Array(2);
    for (let i = 0; i < n; i++) c[roulette(w, 0, 2, u01(nextHash(agentHash(key, i))))]++;
    expect(chiSquarePValue(c, [0.25, 0.75]).p).toBeGreaterThan(ALPHA);
  });
});
