/**
 * The parts of an agent's payoff that every rule shares (see kernel-args.ts for the formula):
 * the trait terms, the local term from the neighbours' last actions, and the own consequence.
 * Small functions over typed arrays and numbers, written to be inlined into the kernels' loops:
 * they allocate nothing (the neighbour counts go to a module-level scratch array; each worker
 * thread has its own module instance).
 */
import { nextHash, u01 } from '../random/rng.js';
import { bit } from './choice.js';
import { CAT_ROWS, type PopSlice, type WorldViews } from './kernel-args.js';

/** Scratch for neighbour counts, one slot per action of the source population. */
export const NEIGHBOUR_COUNTS = new Int32Array(256);

/** r plus agent i's trait terms for action a, added one by one in storage order. */
export function addTraits(r: number, traits: Uint8Array, R: Float64Array, p: PopSlice, i: number, a: number): number {
  const K = p.K, nTc = p.nTc, nTk = p.nTk, tb = p.traitOff + i * (nTc + nTk);
  for (let t = 0; t < nTc; t++) r += traits[tb + t] * R[p.cOff + t * K + a];
  for (let t = 0; t < nTk; t++) r += R[p.kOff + (t * CAT_ROWS + traits[tb + nTc + t]) * K + a];
  return r;
}

/**
 * Counts agent i's neighbours by their action of the last tick into NEIGHBOUR_COUNTS[0 .. Ks);
 * returns the degree.
 */
export function countNeighbours(v: WorldViews, p: PopSlice, i: number, prev: Uint8Array): number {
  const net = v.nets[p.index]!, cnt = NEIGHBOUR_COUNTS, src = p.srcAgentOff, Ks = p.Ks;
  const lo = net.offsets[i]!, hi = net.offsets[i + 1]!, tg = net.targets;
  // Two and three source actions (most populations) count in registers: an increment of a
  // counter in memory waits for the previous one whenever two neighbours took the same action.
  if (Ks === 2) {
    let m1 = 0;
    for (let j = lo; j < hi; j++) m1 += prev[src + tg[j]!]!; // actions are 0 or 1: the sum counts the 1s
    cnt[0] = hi - lo - m1;
    cnt[1] = m1;
  } else if (Ks === 3) {
    let m1 = 0, m2 = 0;
    for (let j = lo; j < hi; j++) {
      const s = prev[src + tg[j]!]!;
      m1 += bit(s === 1);
      m2 += bit(s === 2);
    }
    cnt[0] = hi - lo - m1 - m2;
    cnt[1] = m1;
    cnt[2] = m2;
  } else {
    for (let b = 0; b < Ks; b++) cnt[b] = 0;
    for (let j = lo; j < hi; j++) cnt[prev[src + tg[j]!]!]!++;
  }
  return hi - lo;
}

/** r plus the local term of action a, from counts made by countNeighbours (nothing at degree 0). */
export function addLocal(r: number, R: Float64Array, p: PopSlice, a: number, deg: number): number {
  if (deg === 0) return r;
  const Ks = p.Ks, row = p.lOff + a * Ks, cnt = NEIGHBOUR_COUNTS;
  for (let b = 0; b < Ks; b++) r += R[row + b]! * (cnt[b]! / deg);
  return r;
}

/**
 * Agent i's payoff for action a before its own consequence: R[a], the traits, the local term
 * (counting the neighbours when the population has a network), and the noise z.
 */
export function payoffOf(v: WorldViews, p: PopSlice, i: number, a: number, z: number, prev: Uint8Array): number {
  const R = v.rewards;
  let r = addTraits(R[p.rOff + a]!, v.traits, R, p, i, a);
  if (p.hood === 1) r = addLocal(r, R, p, a, countNeighbours(v, p, i, prev));
  return r + z;
}

/**
 * The third draw of an agent (after choice u1 and noise u2): whether its action's hazard strikes
 * it this tick (always false for a population without consequences). The cost to subtract is
 * `hazardCost(R, p, a)`.
 */
export function struck(R: Float64Array, p: PopSlice, a: number, h2: number): boolean {
  return p.hzOff >= 0 && u01(nextHash(h2)) < R[p.hzOff + a]!;
}

export const hazardCost = (R: Float64Array, p: PopSlice, a: number): number => R[p.hzOff + p.K + a]!;

/** Counts the agent's action in its block's tally (when the population is tallied by a trait). */
export function countBlock(v: WorldViews, p: PopSlice, i: number, a: number, tBase: number): void {
  if (p.blockTrait < 0) return;
  const cat = v.traits[p.traitOff + i * (p.nTc + p.nTk) + p.blockTrait]!;
  v.tally[tBase + p.bOff + cat * p.K + a]!++;
}
