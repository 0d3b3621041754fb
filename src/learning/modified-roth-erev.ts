/**
 * Modified Roth–Erev learning (Nicolaisen, Petrov & Tesfatsion 2001). The experimentation term
 * of unchosen actions is proportional to their own propensity instead of the payoff. In the
 * original rule a zero payoff changes nothing but the common decay (1 - phi), so the choice
 * probabilities stay put; here the chosen action's share falls while unchosen propensities are
 * scaled by (1 - phi + eps/(K-1)), so zero-payoff choices are learned from:
 *
 *   q_j(t+1) = (1 - phi) q_j(t) + E_j,   E_j = r (1 - eps)              if j = a
 *                                        E_j = q_j(t) eps / (K - 1)      otherwise
 */
import { agentHash, nextHash, u01 } from '../random/rng.js';
import { roulette } from './choice.js';
import { actNow, actPrev, NOISE, type PopSlice, type WorldViews } from './kernel-args.js';
import { countBlock, hazardCost, payoffOf, struck } from './payoff.js';

export const MRE_PHI = 2;
export const MRE_EPS = 3;

/** One agent's update after choosing `a` with payoff `r` (r >= 0). */
export function modifiedRothErevUpdate(q: Float32Array, b: number, K: number, a: number, r: number, decay: number, keep: number, spill: number): void {
  const qa = q[b + a]!;
  for (let k = 0; k < K; k++) q[b + k] = q[b + k]! * (decay + spill);
  q[b + a] = qa * decay + r * keep;
}

export function stepModifiedRothErev(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const q = v.state, R = v.rewards, now = actNow(v, tick), prev = actPrev(v, tick), tally = v.tally, K = p.K;
  const noise = v.params[p.pOff + NOISE]!, decay = 1 - v.params[p.pOff + MRE_PHI]!, eps = v.params[p.pOff + MRE_EPS]!;
  const keep = 1 - eps, spill = K > 1 ? eps / (K - 1) : 0, tOff = tBase + p.tOff;
  let hits = 0;
  for (let i = lo; i < hi; i++) {
    const g = p.agentOff + i;
    const h = agentHash(key, g), h2 = nextHash(h);
    const u1 = u01(h), u2 = u01(h2);
    const b = p.stateOff + i * K;
    const a = roulette(q, b, K, u1);
    let r = payoffOf(v, p, i, a, noise * (u2 - 0.5), prev);
    if (struck(R, p, a, h2)) { r -= hazardCost(R, p, a); hits++; }
    if (r < 0) r = 0;
    modifiedRothErevUpdate(q, b, K, a, r, decay, keep, spill);
    now[g] = a;
    tally[tOff + a]!++;
    countBlock(v, p, i, a, tBase);
  }
  tally[tBase + p.hitOff] += hits;
}
