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
import { agentHash, nextHash, u01 } from '../random/rng.js';
import { roulette } from './choice.js';
import type { SliceArgs } from './kernel-args.js';

/** Parameter slots (after the two common ones: rule code, noise). */
export const RE_PHI = 2;
export const RE_EPS = 3;

/** One agent's update after choosing `a` with payoff `r` (r >= 0). */
export function rothErevUpdate(q: Float32Array, b: number, K: number, a: number, r: number, decay: number, keep: number, spill: number): void {
  const sp = r * spill, qa = q[b + a];
  for (let k = 0; k < K; k++) q[b + k] = q[b + k] * decay + sp;
  q[b + a] = qa * decay + r * keep; // directly: no cancellation of + sp - sp
}

/** Steps agents [lo, hi) of one population for one tick. See kernel-args.ts for the layout. */
export function stepRothErev(s: SliceArgs, K: number, agentOff: number, stateOff: number, lo: number, hi: number, key: number, rOff: number, pOff: number, tOff: number): void {
  if (K === 3) stepRothErev3(s, agentOff, stateOff, lo, hi, key, rOff, pOff, tOff);
  else if (K === 4) stepRothErev4(s, agentOff, stateOff, lo, hi, key, rOff, pOff, tOff);
  else stepRothErevK(s, K, agentOff, stateOff, lo, hi, key, rOff, pOff, tOff);
}

/**
 * K = 3 and K = 4, unrolled: the same arithmetic in the same order as the generic kernel
 * (so results are bit-identical to it), with propensities held in locals, one pass over memory
 * and the counts kept in registers. The choice is random, so the roulette stays branch-free;
 * the selects below compile to conditional moves.
 */
export function stepRothErev3(s: SliceArgs, agentOff: number, stateOff: number, lo: number, hi: number, key: number, rOff: number, pOff: number, tOff: number): void {
  const q = s.state, hawk = s.hawk, pat = s.patience, R = s.rewards;
  const noise = s.params[pOff + 1], decay = 1 - s.params[pOff + RE_PHI], eps = s.params[pOff + RE_EPS];
  const keep = 1 - eps, spill = eps / 2;
  const R0 = R[rOff], R1 = R[rOff + 1], R2 = R[rOff + 2], H0 = R[rOff + 3], H1 = R[rOff + 4], H2 = R[rOff + 5], F0 = R[rOff + 6], F1 = R[rOff + 7], F2 = R[rOff + 8];
  let c0 = 0, c1 = 0, c2 = 0;
  for (let i = lo; i < hi; i++) {
    const g = agentOff + i;
    const h = agentHash(key, g);
    const u1 = u01(h), u2 = u01(nextHash(h));
    const b = stateOff + i * 3;
    const q0 = q[b], q1 = q[b + 1], q2 = q[b + 2];
    const x = u1 * (q0 + q1 + q2);
    const c = q0 + q1;
    const a = (x >= q0 ? 1 : 0) + (x >= c ? 1 : 0);
    const hw = hawk[g], pt = pat[g];
    let r = (a === 0 ? R0 + hw * H0 + pt * F0 : a === 1 ? R1 + hw * H1 + pt * F1 : R2 + hw * H2 + pt * F2) + noise * (u2 - 0.5);
    if (r < 0) r = 0;
    const sp = r * spill, kp = r * keep;
    q[b] = q0 * decay + (a === 0 ? kp : sp);
    q[b + 1] = q1 * decay + (a === 1 ? kp : sp);
    q[b + 2] = q2 * decay + (a === 2 ? kp : sp);
    if (a === 0) c0++; else if (a === 1) c1++; else c2++;
  }
  const t = s.tally;
  t[tOff] += c0; t[tOff + 1] += c1; t[tOff + 2] += c2;
}

export function stepRothErev4(s: SliceArgs, agentOff: number, stateOff: number, lo: number, hi: number, key: number, rOff: number, pOff: number, tOff: number): void {
  const q = s.state, hawk = s.hawk, pat = s.patience, R = s.rewards;
  const noise = s.params[pOff + 1], decay = 1 - s.params[pOff + RE_PHI], eps = s.params[pOff + RE_EPS];
  const keep = 1 - eps, spill = eps / 3;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let i = lo; i < hi; i++) {
    const g = agentOff + i;
    const h = agentHash(key, g);
    const u1 = u01(h), u2 = u01(nextHash(h));
    const b = stateOff + (i << 2);
    const q0 = q[b], q1 = q[b + 1], q2 = q[b + 2], q3 = q[b + 3];
    const x = u1 * (q0 + q1 + q2 + q3);
    const c1s = q0 + q1, c2s = c1s + q2;
    const a = (x >= q0 ? 1 : 0) + (x >= c1s ? 1 : 0) + (x >= c2s ? 1 : 0);
    let r = R[rOff + a] + hawk[g] * R[rOff + 4 + a] + pat[g] * R[rOff + 8 + a] + noise * (u2 - 0.5);
    if (r < 0) r = 0;
    const sp = r * spill, kp = r * keep;
    q[b] = q0 * decay + (a === 0 ? kp : sp);
    q[b + 1] = q1 * decay + (a === 1 ? kp : sp);
    q[b + 2] = q2 * decay + (a === 2 ? kp : sp);
    q[b + 3] = q3 * decay + (a === 3 ? kp : sp);
    if (a === 0) c0++; else if (a === 1) c1++; else if (a === 2) c2++; else c3++;
  }
  const t = s.tally;
  t[tOff] += c0; t[tOff + 1] += c1; t[tOff + 2] += c2; t[tOff + 3] += c3;
}

/** Any K: the reference form of the rule. */
export function stepRothErevK(s: SliceArgs, K: number, agentOff: number, stateOff: number, lo: number, hi: number, key: number, rOff: number, pOff: number, tOff: number): void {
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
