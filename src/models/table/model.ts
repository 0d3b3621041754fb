/**
 * The runtime of one run of the table model: the parameters, the calendar, the state being
 * updated, and the helpers every mechanism uses. Mechanisms are plain objects with an `update`
 * (the world update after a tick, in the order of `mechanisms/index.ts`) and a `rewards` (the
 * payoff terms of the coming tick): they read and write the state through this object.
 */
import type { RewardSink, Tallies, UpdateIO } from '../../engine/declaration.js';
import type { PassageKey } from './passages.js';
import type { Params } from './params.js';
import { elections, type Election } from './calendar.js';
import { Players } from './players.js';
import { POPULATIONS } from './populations.js';
import { S } from './state.js';

export interface Mechanism {
  readonly name: string;
  readonly title: string;
  readonly passages: readonly PassageKey[];
  /** the parameter groups it reads */
  readonly groups: readonly (keyof Params)[];
  update?(m: TableModel): void;
  rewards?(m: TableModel, out: RewardSink): void;
}

export class TableModel {
  readonly elections: Election[];
  /** the world update's view (set by update) */
  io!: UpdateIO;
  /** the tallies of the last tick (null before the first) */
  t: Tallies | null = null;
  /** the state as it stands: in the update the next state (written in place), in the rewards the state */
  cur!: Float64Array;

  /** the two sides at the table, rebuilt every tick */
  readonly players: Players;

  constructor(readonly p: Params, readonly start: string, readonly ticks: number) {
    this.elections = elections(start, ticks, p.calendar.transitionWeeks);
    this.players = new Players(p);
  }

  /** the next state (being written by the update) */
  get n(): Float64Array { return this.io.n; }
  /** the state at the start of the update */
  get s(): Float64Array { return this.io.s; }
  get tick(): number { return this.io.tick; }

  /** share of population `pop` that took action `a` at the last tick (the uniform share before the first) */
  share(pop: number, a: number): number {
    return this.t ? this.t.share(pop, a) : 1 / POPULATIONS[pop]!.actions.length;
  }

  /** the phase of the table */
  get phase(): number { return this.cur[S.phase]!; }
}

/** Index of a population's trait (declared order), -1 when it has none of that name. */
export function traitIndex(pop: number, name: string): number {
  return (POPULATIONS[pop]!.traits as ReadonlyArray<{ name: string }>).findIndex((t) => t.name === name);
}

/**
 * A member's hawkishness h pays its body's hardest action hawkTilt · (h − ½) and its most
 * accommodating one hawkTilt · (½ − h): centred, so that a member of average hawkishness is paid nothing.
 */
export function hawkTilt(m: TableModel, out: RewardSink, pop: number, soft: number, hard: number): void {
  const t = traitIndex(pop, 'hawk'), k = m.p.principals.hawkTilt;
  if (t < 0) return;
  out.trait(pop, t, hard, k);
  out.reward(pop, hard, -0.5 * k);
  out.trait(pop, t, soft, -k);
  out.reward(pop, soft, 0.5 * k);
}

/** clamp(x) to [lo, hi] */
export const clamp = (x: number, lo = 0, hi = 1): number => (x < lo ? lo : x > hi ? hi : x);
