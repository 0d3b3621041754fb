/**
 * Experience-Weighted Attraction learning (Camerer & Ho 1999) with logit choice.
 *
 *   N(t)   = rho N(t-1) + 1
 *   A_j(t) = [ phi N(t-1) A_j(t-1) + (delta + (1 - delta) [j = a]) pi_j(t) ] / N(t)
 *   P(j)   = exp(lambda A_j) / sum_k exp(lambda A_k)
 *
 * pi_j is the payoff action j would have earned this tick (the population's reward vectors
 * give every action's payoff, so forgone payoffs are known). N(t) does not depend on choices,
 * so it is one number per population, advanced by the coordinator before each tick
 * (`advanceEwa`) and read by every agent from the parameter slots. Special cases:
 * delta = 0, rho = 0, phi = 1, N(0) = 1 is cumulative reinforcement; delta = 1, rho = phi is
 * weighted fictitious play.
 */
import { agentHash, nextHash, u01 } from '../random/rng.js';
import { logitChoice } from './choice.js';
import type { SliceArgs } from './kernel-args.js';

export const EWA_PHI = 2;
export const EWA_DELTA = 3;
export const EWA_RHO = 4;
export const EWA_LAMBDA = 5;
/** N(t-1) during the tick (packRule sets both slots to N(0); advanceEwa runs before every tick) */
export const EWA_NPREV = 6;
/** N(t) during the tick */
export const EWA_NNEW = 7;

/** Advances N before a tick: N(t-1) <- N(t), N(t) <- rho N(t-1) + 1. */
export function advanceEwa(params: Float64Array, pOff: number): void {
  const n = params[pOff + EWA_NNEW];
  params[pOff + EWA_NPREV] = n;
  params[pOff + EWA_NNEW] = params[pOff + EWA_RHO] * n + 1;
}

/** One agent's attraction update; `payoff(j)` is pi_j = R_j + hawk H_j + patience F_j + z. */
export function ewaUpdate(A: Float32Array, b: number, K: number, a: number, R: Float64Array, rOff: number, hawk: number, pat: number, z: number, phiN: number, delta: number, invN: number): void {
  const hOff = rOff + K, fOff = rOff + 2 * K;
  for (let j = 0; j < K; j++) {
    const pi = R[rOff + j] + hawk * R[hOff + j] + pat * R[fOff + j] + z;
    const w = j === a ? 1 : delta;
    A[b + j] = (phiN * A[b + j] + w * pi) * invN;
  }
}

export function stepEwa(s: SliceArgs, K: number, agentOff: number, stateOff: number, lo: number, hi: number, key: number, rOff: number, pOff: number, tOff: number): void {
  const A = s.state, hawk = s.hawk, pat = s.patience, R = s.rewards, tally = s.tally, P = s.params;
  const noise = P[pOff + 1];
  const phiN = P[pOff + EWA_PHI] * P[pOff + EWA_NPREV];
  const delta = P[pOff + EWA_DELTA];
  const lambda = P[pOff + EWA_LAMBDA];
  const invN = 1 / P[pOff + EWA_NNEW];
  for (let i = lo; i < hi; i++) {
    const g = agentOff + i;
    const h = agentHash(key, g);
    const u1 = u01(h), u2 = u01(nextHash(h));
    const b = stateOff + i * K;
    const a = logitChoice(A, b, K, lambda, u1);
    ewaUpdate(A, b, K, a, R, rOff, hawk[g], pat[g], noise * (u2 - 0.5), phiN, delta, invN);
    tally[tOff + a]++;
  }
}
