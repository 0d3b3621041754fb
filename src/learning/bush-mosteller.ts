/**
 * Bush–Mosteller stochastic learning with aspiration and habituation (Macy & Flache 2002).
 * The agent holds choice probabilities p and an aspiration level A. After choosing a and
 * earning r, the stimulus is s = clamp((r - A) / scale, -1, 1), where `scale` is the largest
 * possible |r - A| (Macy & Flache's sup normalisation), and
 *
 *   p_a <- p_a + (1 - p_a) l s   if s >= 0        (satisfied: reinforce a)
 *   p_a <- p_a + p_a l s         if s <  0        (dissatisfied: inhibit a)
 *   p_j <- p_j (1 - p_a') / sum_{k != a} p_k   for j != a (the others keep their proportions)
 *   A   <- (1 - h) A + h r                         (habituation; h = 0 keeps A fixed)
 *
 * In the two-action case the renormalisation is exactly Macy & Flache's complement rule. Dividing
 * by the stored sum of the others (rather than 1 - p_a) keeps the float32 vector on the simplex:
 * rounding errors are corrected at every update instead of amplified.
 */
import { agentHash, nextHash, u01 } from '../random/rng.js';
import { roulette } from './choice.js';
import { actNow, actPrev, NOISE, type PopSlice, type WorldViews } from './kernel-args.js';
import { countBlock, hazardCost, payoffOf, struck } from './payoff.js';

export const BM_RATE = 2;
export const BM_HABITUATION = 3;
export const BM_SCALE = 4;

/** Stimulus of payoff r against aspiration A, normalised by scale and clamped to [-1, 1]. */
export function bmStimulus(r: number, A: number, scale: number): number {
  const s = (r - A) / scale;
  return s > 1 ? 1 : s < -1 ? -1 : s;
}

/** One agent's probability update after choosing `a` with stimulus `st`. */
export function bushMostellerUpdate(p: Float32Array, b: number, K: number, a: number, st: number, l: number): void {
  const pa = p[b + a]!;
  const npa = st >= 0 ? pa + (1 - pa) * l * st : pa + pa * l * st;
  let rest = 0; // the stored sum of the others, summed directly (subtracting p_a from the total would cancel)
  for (let k = 0; k < K; k++) if (k !== a) rest += p[b + k]!;
  if (rest > 0) {
    const f = (1 - npa) / rest;
    for (let k = 0; k < K; k++) p[b + k] *= f;
  } else {
    const even = K > 1 ? (1 - npa) / (K - 1) : 0;
    for (let k = 0; k < K; k++) p[b + k] = even;
  }
  p[b + a] = npa;
}

export function stepBushMosteller(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const P = v.state, asp = v.aux, R = v.rewards, now = actNow(v, tick), prev = actPrev(v, tick), tally = v.tally, K = p.K;
  const noise = v.params[p.pOff + NOISE]!;
  const l = v.params[p.pOff + BM_RATE]!;
  const hab = v.params[p.pOff + BM_HABITUATION]!;
  const scale = v.params[p.pOff + BM_SCALE]!;
  const tOff = tBase + p.tOff;
  let hits = 0;
  for (let i = lo; i < hi; i++) {
    const g = p.agentOff + i;
    const h = agentHash(key, g), h2 = nextHash(h);
    const u1 = u01(h), u2 = u01(h2);
    const b = p.stateOff + i * K;
    const a = roulette(P, b, K, u1);
    let r = payoffOf(v, p, i, a, noise * (u2 - 0.5), prev);
    if (struck(R, p, a, h2)) { r -= hazardCost(R, p, a); hits++; }
    const A = asp[p.auxOff + i]!;
    bushMostellerUpdate(P, b, K, a, bmStimulus(r, A, scale), l);
    asp[p.auxOff + i] = (1 - hab) * A + hab * r;
    now[g] = a;
    tally[tOff + a]!++;
    countBlock(v, p, i, a, tBase);
  }
  tally[tBase + p.hitOff] += hits;
}
