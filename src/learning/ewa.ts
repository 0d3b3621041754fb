/**
 * Experience-Weighted Attraction learning (Camerer & Ho 1999) with logit choice.
 *
 *   N(t)   = rho N(t-1) + 1
 *   A_j(t) = [ phi N(t-1) A_j(t-1) + (delta + (1 - delta) [j = a]) pi_j(t) ] / N(t)
 *   P(j)   = exp(lambda A_j) / sum_k exp(lambda A_k)
 *
 * pi_j is the payoff action j would have earned this agent this tick: its own payoff of every
 * action (the population's term, its traits, its neighbours' last actions, the same noise), so
 * forgone payoffs are known. A forgone action's consequence enters at its expected cost
 * (hazard × cost): it was not taken, so it could not strike. N(t) does not depend on choices,
 * so it is one number per population, advanced by the coordinator before each tick
 * (`advanceEwa`) and read by every agent from the parameter slots. Special cases:
 * delta = 0, rho = 0, phi = 1, N(0) = 1 is cumulative reinforcement; delta = 1, rho = phi is
 * weighted fictitious play.
 */
import { agentHash, nextHash, u01 } from '../random/rng.js';
import { bit, logitChoice } from './choice.js';
import { actNow, actPrev, Hood, NOISE, type PopSlice, type WorldViews } from './kernel-args.js';
import { addLocal, addTraits, countBlock, countNeighbours, hazardCost, struck } from './payoff.js';

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
  const n = params[pOff + EWA_NNEW]!;
  params[pOff + EWA_NPREV] = n;
  params[pOff + EWA_NNEW] = params[pOff + EWA_RHO]! * n + 1;
}

/**
 * One agent's attraction update, given pi_j for every action in `pi[0 .. K)`: the agent's own
 * payoff of each action this tick (R, its traits, its neighbours, the same noise z; the chosen
 * action's realised consequence, a forgone action's expected one).
 */
export function ewaUpdate(A: Float32Array, b: number, K: number, a: number, pi: Float64Array, phiN: number, delta: number, invN: number): void {
  // the weight of action j, delta (forgone) or 1 (chosen), read from a table by (j === a): the
  // choice is random, so a branch on it would mispredict
  const W = WEIGHTS;
  W[0] = delta;
  W[1] = 1;
  for (let j = 0; j < K; j++) A[b + j] = (phiN * A[b + j]! + W[bit(j === a)]! * pi[j]!) * invN;
}

/** ewaUpdate's two weights: [delta, 1]. */
const WEIGHTS = new Float64Array(2);

/** Scratch for one agent's payoffs of every action. */
const PI = new Float64Array(256);

export function stepEwa(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  if (p.K === 2) stepEwa2(v, p, lo, hi, key, tBase, tick);
  else stepEwaK(v, p, lo, hi, key, tBase, tick);
}

/** Any K: the reference form of the rule. */
export function stepEwaK(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const A = v.state, R = v.rewards, P = v.params, now = actNow(v, tick), prev = actPrev(v, tick), tally = v.tally, K = p.K;
  const noise = P[p.pOff + NOISE]!;
  const phiN = P[p.pOff + EWA_PHI]! * P[p.pOff + EWA_NPREV]!;
  const delta = P[p.pOff + EWA_DELTA]!;
  const lambda = P[p.pOff + EWA_LAMBDA]!;
  const invN = 1 / P[p.pOff + EWA_NNEW]!;
  const tOff = tBase + p.tOff;
  let hits = 0;
  for (let i = lo; i < hi; i++) {
    const g = p.agentOff + i;
    const h = agentHash(key, g), h2 = nextHash(h);
    const u1 = u01(h), u2 = u01(h2);
    const b = p.stateOff + i * K;
    const a = logitChoice(A, b, K, lambda, u1);
    const z = noise * (u2 - 0.5);
    const deg = p.hood === Hood.network ? countNeighbours(v, p, i, prev) : 0;
    for (let j = 0; j < K; j++) {
      let r = addTraits(R[p.rOff + j]!, v.traits, R, p, i, j);
      r = addLocal(r, R, p, j, deg) + z;
      if (p.hzOff >= 0 && j !== a) r -= R[p.hzOff + j]! * hazardCost(R, p, j);
      PI[j] = r;
    }
    if (struck(R, p, a, h2)) { PI[a] -= hazardCost(R, p, a); hits++; }
    ewaUpdate(A, b, K, a, PI, phiN, delta, invN);
    now[g] = a;
    tally[tOff + a]!++;
    countBlock(v, p, i, a, tBase);
  }
  tally[tBase + p.hitOff] += hits;
}

/** stepEwa2's table of the chosen-side exponentials: [1, e] (see there). */
const E2 = new Float64Array(2);

/**
 * K = 2 (an electorate's two parties, most mass populations' yes/no), unrolled: the same
 * arithmetic in the same order as stepEwaK, so bit-identical to it. The logit choice needs one
 * exponential instead of two: with m the larger attraction (A0 on a tie), the other action's
 * term is exp(λ (A_other − m)) = exp(λ · −|A1 − A0|) (IEEE subtraction is sign-symmetric, and
 * exp(±0) = 1) and m's own is exp(0) = 1 exactly; the total, (0 + e0) + e1, is 1 + e either way.
 * Which side is which is read from a two-slot table by (A1 > A0), not branched on: the
 * attractions differ from agent to agent, so a branch would mispredict.
 */
export function stepEwa2(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const A = v.state, R = v.rewards, P = v.params, now = actNow(v, tick), prev = actPrev(v, tick), tally = v.tally;
  const noise = P[p.pOff + NOISE]!;
  const phiN = P[p.pOff + EWA_PHI]! * P[p.pOff + EWA_NPREV]!;
  const delta = P[p.pOff + EWA_DELTA]!;
  const lambda = P[p.pOff + EWA_LAMBDA]!;
  const invN = 1 / P[p.pOff + EWA_NNEW]!;
  const tOff = tBase + p.tOff, rOff = p.rOff, hzOff = p.hzOff, networked = p.hood === Hood.network;
  const W = WEIGHTS, E = E2;
  W[0] = delta;
  W[1] = 1;
  E[0] = 1;
  let hits = 0;
  for (let i = lo; i < hi; i++) {
    const g = p.agentOff + i;
    const h = agentHash(key, g), h2 = nextHash(h);
    const u1 = u01(h), u2 = u01(h2);
    const b = p.stateOff + 2 * i;
    const A0 = A[b]!, A1 = A[b + 1]!;
    E[1] = Math.exp(lambda * -Math.abs(A1 - A0));
    const e0 = E[bit(A1 > A0)]!;
    const a = bit(u1 * (1 + E[1]!) >= e0);
    const z = noise * (u2 - 0.5);
    const deg = networked ? countNeighbours(v, p, i, prev) : 0;
    let pi0 = addLocal(addTraits(R[rOff]!, v.traits, R, p, i, 0), R, p, 0, deg) + z;
    let pi1 = addLocal(addTraits(R[rOff + 1]!, v.traits, R, p, i, 1), R, p, 1, deg) + z;
    if (hzOff >= 0) {
      if (a !== 0) pi0 -= R[hzOff]! * hazardCost(R, p, 0);
      if (a !== 1) pi1 -= R[hzOff + 1]! * hazardCost(R, p, 1);
      if (struck(R, p, a, h2)) {
        if (a === 0) pi0 -= hazardCost(R, p, 0);
        else pi1 -= hazardCost(R, p, 1);
        hits++;
      }
    }
    A[b] = (phiN * A0 + W[bit(a === 0)]! * pi0) * invN;
    A[b + 1] = (phiN * A1 + W[bit(a === 1)]! * pi1) * invN;
    now[g] = a;
    tally[tOff + a]!++;
    countBlock(v, p, i, a, tBase);
  }
  tally[tBase + p.hitOff] += hits;
}
