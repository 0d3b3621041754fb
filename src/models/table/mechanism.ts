/**
 * The contract of a mechanism of the seed: a named submodule that reads the global state
 * (`s`) and the last tick's action shares, and writes its part of the next state (`n`, which
 * starts as a copy of `s`) and of the reward vectors. Mechanisms never touch agents.
 */
import type { UpdateIO } from '../../engine/declaration.js';
import type { Params } from './params.js';
import type { PassageKey } from './passages.js';

/** What a mechanism may do besides reading and writing the state: draw (nature only), emit, re-seat. */
export type Ctx = Pick<UpdateIO, 'tick' | 'draw' | 'emit' | 'reseat'>;

export interface TickIO {
  /** state at the start of the update (read) */
  readonly s: Float64Array;
  /** next state (read what earlier mechanisms wrote, write your part) */
  readonly n: Float64Array;
  /** action shares of the tick just stepped: share(p, a) = sh[3p + a] */
  readonly sh: Float64Array;
  readonly p: Params;
  readonly ctx: Ctx;
}

/** Additive reward terms: R (everyone), H (times hawkishness), F (times patience). */
export interface RewardSink {
  add(pop: number, action: number, r: number, h?: number, f?: number): void;
}

export interface Mechanism {
  /** file and key, e.g. 'credibility' */
  readonly name: string;
  readonly title: string;
  readonly passages: readonly PassageKey[];
  /** parameter groups it reads */
  readonly groups: readonly (keyof Params)[];
  update?(io: TickIO): void;
  /** `sh` is null before the first tick */
  rewards?(s: Float64Array, sh: Float64Array | null, p: Params, out: RewardSink): void;
}

/** share(p, a) of the last tick, or the uniform 1/3 before the first tick. */
export const share = (sh: Float64Array | null, pop: number, a: number): number => (sh ? sh[3 * pop + a] : 1 / 3);
export const clamp = (x: number, lo = 0, hi = 1): number => (x < lo ? lo : x > hi ? hi : x);
