/**
 * The project's own copy of the true yardstick, `shared/reference-kernel/model.mjs` (its `step`,
 * `aggregate`, `checksum` and `simulate`): N agents x 4 actions, propensities in one Float32Array,
 * two counter-based draws per agent (murmur3 fmix32, two rounds), branch-free roulette,
 * payoff[a*4+g] plus noise, a Roth–Erev update, argmax aggregator.
 *
 * The arithmetic is the reference's, expression for expression, so that V8 compiles both to the
 * same code: `npm run bench` measures both in one process and prints their ratio, and
 * test/bench/reference.test.ts checks that both give the same checksum and final g. The roulette
 * must stay `(x >= p0) | 0`: written as `x >= p0 ? 1 : 0` V8 emits a branch per comparison, which
 * mispredicts on random choices, and the kernel runs ~2.2x slower on a quiet machine (the old
 * baseline did that; see old-baseline-kernel.ts and docs/PERFORMANCE.md). The bench uses this copy as the denominator of
 * every "x reference" ratio only when shared/reference-kernel is absent.
 */
export const K = 4, S = 4, PHI = 0.01, NOISE = 0.1, SEED = 0x2545f491;
const DECAY = 1 - PHI, TWO_M32 = 2.3283064365386963e-10; // 2^-32

/** payoff[a*S + g]: best reply is "one ahead" of the current majority, so g keeps cycling. */
export const PAYOFF = Float64Array.from({ length: K * S }, (_, i) => {
  const a = (i / S) | 0, g = i % S;
  return a === (g + 1) % K ? 1.0 : a === g ? 0.1 : 0.4;
});

// murmur3 fmix32 finaliser
function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** `true | 0` in the emitted JavaScript: TypeScript types a comparison as boolean. */
type Bit = number;

/**
 * One tick for agents [lo, hi). Counter-based RNG keyed by (seed, agent, tick), so the result does
 * not depend on how agents are sharded. Writes the 4 action counts at tally[off..].
 */
export function step(p: Float32Array, lo: number, hi: number, seed: number, tick: number, g: number, tally: Int32Array, off: number): void {
  const tk = seed ^ Math.imul(tick, 0x85ebca77), cnt = new Int32Array(K);
  for (let i = lo; i < hi; i++) {
    const h = fmix((fmix(tk ^ Math.imul(i, 0x9e3779b1)) + 0x6d2b79f5) | 0); // draw 1: 2 rounds
    const u1 = (h >>> 0) * TWO_M32;
    const u2 = (fmix(h ^ 0x27d4eb2f) >>> 0) * TWO_M32;               // draw 2: noise
    const b = i << 2;
    const p0 = p[b], p1 = p[b + 1], p2 = p[b + 2], p3 = p[b + 3];
    const q1 = p0 + p1, q2 = q1 + p2, x = u1 * (q2 + p3);
    // branch-free roulette: the choice is random, so branches would mispredict
    const a = (((x >= p0) as unknown as Bit) | 0) + (((x >= q1) as unknown as Bit) | 0) + (((x >= q2) as unknown as Bit) | 0);
    cnt[a]++;
    const r = PAYOFF[a * S + g] + NOISE * (u2 - 0.5);
    p[b] = p0 * DECAY; p[b + 1] = p1 * DECAY; p[b + 2] = p2 * DECAY; p[b + 3] = p3 * DECAY;
    p[b + a] += (r > 0 ? r : 0) + 1e-3;
  }
  for (let k = 0; k < K; k++) tally[off + k] = cnt[k];
}

/** Sum the action counts of W shards and return the argmax (lowest index wins ties). */
export function aggregate(tally: Int32Array, W: number): number {
  let best = 0, bestN = -1;
  for (let k = 0; k < K; k++) {
    let n = 0;
    for (let w = 0; w < W; w++) n += tally[w * K + k];
    if (n > bestN) { best = k; bestN = n; }
  }
  return best;
}

/** Float64 sum of all propensities, in index order (agent by agent, action by action). */
export const checksum = (p: Float32Array): number => { let s = 0; for (let i = 0; i < p.length; i++) s += p[i]; return s; };

/** Single-thread driver: T ticks over all N agents from g = 0; returns the final global state. */
export function simulate(p: Float32Array, N: number, T: number, seed: number): number {
  const tally = new Int32Array(K);
  let g = 0;
  for (let t = 0; t < T; t++) { step(p, 0, N, seed, t, g, tally, 0); g = aggregate(tally, 1); }
  return g;
}
