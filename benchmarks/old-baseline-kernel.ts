/**
 * SUPERSEDED: the project's first "bare baseline kernel" (until 2026-12), kept only so that
 * `npm run bench` can show the factor between it and the true reference on any machine. Its
 * arithmetic is the reference's except the roulette, `x >= p0 ? 1 : 0`, which V8 compiles to
 * branches that mispredict on random choices: it ran 2.2x slower than the reference on a lightly
 * loaded machine (1.6-2.3x under heavy load; docs/PERFORMANCE.md), so every
 * "x baseline" ratio measured against it was too high by that factor. Do not compare against it.
 */
const K = 4, S = 4, PHI = 0.01, NOISE = 0.1, DECAY = 1 - PHI, TWO_M32 = 2.3283064365386963e-10;

const PAYOFF = Float64Array.from({ length: K * S }, (_, i) => {
  const a = (i / S) | 0, g = i % S;
  return a === (g + 1) % K ? 1.0 : a === g ? 0.1 : 0.4;
});

function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** One tick for agents [lo, hi); writes the 4 action counts to tally[off..]. */
export function oldBaselineStep(p: Float32Array, lo: number, hi: number, seed: number, tick: number, g: number, tally: Int32Array, off: number): void {
  const tk = seed ^ Math.imul(tick, 0x85ebca77);
  const cnt = new Int32Array(K);
  for (let i = lo; i < hi; i++) {
    const h = fmix((fmix(tk ^ Math.imul(i, 0x9e3779b1)) + 0x6d2b79f5) | 0);
    const u1 = (h >>> 0) * TWO_M32;
    const u2 = (fmix(h ^ 0x27d4eb2f) >>> 0) * TWO_M32;
    const b = i << 2;
    const p0 = p[b], p1 = p[b + 1], p2 = p[b + 2], p3 = p[b + 3];
    const q1 = p0 + p1, q2 = q1 + p2, x = u1 * (q2 + p3);
    const a = (x >= p0 ? 1 : 0) + (x >= q1 ? 1 : 0) + (x >= q2 ? 1 : 0);
    cnt[a]++;
    const r = PAYOFF[a * S + g] + NOISE * (u2 - 0.5);
    p[b] = p0 * DECAY; p[b + 1] = p1 * DECAY; p[b + 2] = p2 * DECAY; p[b + 3] = p3 * DECAY;
    p[b + a] += (r > 0 ? r : 0) + 1e-3;
  }
  for (let k = 0; k < K; k++) tally[off + k] = cnt[k];
}

/** T ticks from g = 0 with the argmax aggregator, as the reference's `simulate`; returns the final g. */
export function oldSimulate(p: Float32Array, N: number, T: number, seed: number): number {
  const tally = new Int32Array(K);
  let g = 0;
  for (let t = 0; t < T; t++) {
    oldBaselineStep(p, 0, N, seed, t, g, tally, 0);
    let best = 0, bestN = -1;
    for (let k = 0; k < K; k++) if (tally[k] > bestN) { best = k; bestN = tally[k]; }
    g = best;
  }
  return g;
}
