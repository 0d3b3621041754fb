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
import type { SliceArgs } from './kernel-args.js';

export const MRE_PHI = 2;
export const MRE_EPS = 3;

/** One agent's update after choosing `a` with payoff `r` (r >= 0). */
export function modifiedRothErevUpdate(q: Float32Array, b: number, K: number, a: number, r: number, decay: number, keep: number, spill: number): void {
  const qa = q[b + a];
  for (let k = 0; k < K; k++) q[b + k] = q[b + k] * (decay + spill);
  q[b + a] = qa * decay + r * keep;
}

export function stepModifiedRothErev(s: SliceArgs, K: number, agentOff: number, stateOff: number, lo: number, hi: number, key: number, rOff: number, pOff: number, tOff: number): void {
  const q = s.state, hawk = s.hawk, pat = s.patience, R = s.rewards, tally = s.tally;
  const noise = s.params[pOff + 1];
  const decay = 1 - s.params[pOff + MRE_PHI];
  const eps = s.params[pOff + MRE_EPS];
  const keep = 1 - eps;
  const spill = K > 1 ? eps / (K - 1) : 0;
  const hOff = rOff + K, fOff = rOff + 2 * K;
  for (let i = lo; i < hi; i++) {
    const g = agentOff + i;
    const h = agentHash(key, g);
    const u1 = u01(h), u2 = u01(nextHash(h));
    const b = stateOff + i * K;
    const a = roulette(q, b, K, u1);
    let r = R[rOff + a] + hawk[g] * R[hOff + a] + pat[g] * R[fOff + a] + noise * (u2 - 0.5);
    if (r < 0) r = 0;
    modifiedRothErevUpdate(q, b, K, a, r, decay, keep, spill);
    tally[tOff + a]++;
  }
}
