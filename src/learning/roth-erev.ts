/**
 * Roth–Erev reinforcement learning (Erev & Roth 1998, "three-parameter" form without the
 * local-generalisation kernel), with forgetting phi and experimentation epsilon:
 *
 *   q_j(t+1) = (1 - phi) q_j(t) + E_j,   E_j = r (1 - eps)        if j = a (the chosen action)
 *                                        E_j = r eps / (K - 1)     otherwise
 *   P(j) = q_j / sum_k q_k   (proportional choice)
 *
 * Payoffs r are clipped at 0 (the rule needs non-negative reinforcement). With phi = eps = 0
 * this is the basic (Roth & Erev 1995) cumulative rule, a Pólya urn when every payoff is 1.
 */
import { agentHash, nextHash, u01 } from '../engine/rng.js';
import { roulette } from './choice.js';
import type { SliceArgs } from './kernel-args.js';

/** Parameter slots (after the two common ones: rule code, noise). */
export const RE_PHI = 2;
export const RE_EPS = 3;

/** One agent's update after choosing `a` with payoff `r` (r >= 0). */
export function rothErevUpdate(q: Float32Array, b: number, K: number, a: number, r: number, decay: number, keep: number, spill: number): void {
  const sp = r * spill;
  for (let k = 0; k < K; k++) q[b + k] = q[b + k] * decay + sp;
  q[b + a] += r * keep - sp;
}

/** Steps agents [lo, hi) of one population for one tick. See kernel-args.ts for the layout. */
export function stepRothErev(s: SliceArgs, K: number, agentOff: number, stateOff: number, lo: number, hi: number, key: number, rOff: number, pOff: number, tOff: number): void {
  const q = s.state, hawk = s.hawk, pat = s.patience, R = s.rewards, tally = s.tally;
  const noise = s.params[pOff + 1];
  const decay = 1 - s.params[pOff + RE_PHI];
  const eps = s.params[pOff + RE_EPS];
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
    rothErevUpdate(q, b, K, a, r, decay, keep, spill);
    tally[tOff + a]++;
  }
}
