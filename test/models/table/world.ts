/**
 * A hand-built world for the table model's unit tests: a TableModel on the default parameters (a
 * test may change any), a state (the model's initial state, then whatever the test writes), the
 * tallies of the last tick given as shares by population and action name, a world update view
 * whose draws the test fixes, and a reward sink that adds up what the mechanisms pay. No engine,
 * no agents, no learning: each mechanism's functions are called directly.
 */
import type { ModelEvent, Reseat, RewardSink, Tallies, UpdateIO } from '../../../src/engine/declaration.js';
import type { Player } from '../../../src/models/table/issues.js';
import { initialState } from '../../../src/models/table/index.js';
import { TableModel } from '../../../src/models/table/model.js';
import { defaultParams, type Params } from '../../../src/models/table/params.js';
import { POPULATIONS } from '../../../src/models/table/populations.js';
import { S } from '../../../src/models/table/state.js';

/** Shares of the last tick: population name → action name → share. A population not named chose uniformly. */
export type Shares = Record<string, Record<string, number>>;

/** The size a mass population is given in these tests (fixed populations have their real sizes). */
export const MASS_SIZE = 1000;

const popIndex = (name: string): number => {
  const i = POPULATIONS.findIndex((p) => p.name === name);
  if (i < 0) throw new Error(`no population ${name}`);
  return i;
};

export const sizeOf = (pop: number): number => {
  const s = POPULATIONS[pop]!.size as { fixed?: number };
  return s.fixed ?? MASS_SIZE;
};

/** Tallies from shares (an action a named population's shares leave out has share 0). */
export function tallies(shares: Shares = {}, hits: Record<string, number> = {}): Tallies {
  const table = POPULATIONS.map((p) => {
    const given = shares[p.name];
    return (p.actions as readonly string[]).map((a) => (given ? (given[a] ?? 0) : 1 / p.actions.length));
  });
  for (const name of Object.keys(shares)) {
    const i = popIndex(name);
    for (const a of Object.keys(shares[name]!)) if (!(POPULATIONS[i]!.actions as readonly string[]).includes(a)) throw new Error(`no action ${a} of ${name}`);
  }
  return {
    share: (p, a) => table[p]![a]!,
    count: (p, a) => table[p]![a]! * sizeOf(p),
    size: (p) => sizeOf(p),
    hits: (p) => hits[POPULATIONS[p]!.name] ?? 0,
    blockCount: () => 0,
    shares: Float64Array.from(table.flat()),
  };
}

export interface World {
  m: TableModel;
  p: Params;
  /** the state at the start of the update (io.s) */
  s: Float64Array;
  /** the next state (io.n, m.cur) */
  n: Float64Array;
  events: Array<Omit<ModelEvent, 'tick'>>;
  reseats: Array<{ pop: number; which: Reseat }>;
  draws: string[];
}

export interface WorldOptions {
  /** change the parameters (a deep copy of the defaults) */
  params?: (p: Params) => void;
  /** write the state (the next state starts as a copy of it) */
  state?: (s: Float64Array, p: Params) => void;
  shares?: Shares;
  hits?: Record<string, number>;
  tick?: number;
  /** the uniform each draw site returns (default ½) */
  draws?: Record<string, number>;
  start?: string;
  ticks?: number;
}

/** A world ready for a mechanism's update (m.io set, m.cur the next state) and for its rewards (`forRewards`). */
export function world(o: WorldOptions = {}): World {
  const p = structuredClone(defaultParams()) as Params;
  o.params?.(p);
  const s = initialState(p);
  o.state?.(s, p);
  const n = Float64Array.from(s);
  const m = new TableModel(p, o.start ?? '2025-12-01', o.ticks ?? 520);
  const events: World['events'] = [], reseats: World['reseats'] = [], draws: string[] = [];
  const t = tallies(o.shares, o.hits);
  const io: UpdateIO = {
    tick: o.tick ?? 1, s, n, t,
    draw: (name) => { draws.push(name); return o.draws?.[name] ?? 0.5; },
    emit: (e) => { events.push(e); },
    reseat: (pop, which) => { reseats.push({ pop, which }); },
  };
  m.io = io;
  m.t = t;
  m.cur = n;
  return { m, p, s, n, events, reseats, draws };
}

/** Points the model at the state for the rewards of the coming tick (as index.ts does), players rebuilt. */
export function forRewards(w: World): World {
  w.m.cur = w.s;
  w.m.players.update(w.m);
  return w;
}

/** A reward sink that adds up every term by population and action name. */
export class Sink implements RewardSink {
  readonly rewards = new Map<string, number>();
  readonly traits: Array<{ pop: string; trait: number; action: string; coef: number }> = [];
  readonly categories: Array<{ pop: string; trait: number; category: number; action: string; value: number }> = [];
  readonly locals: Array<{ pop: string; a: string; b: string; coef: number }> = [];
  readonly hazards: Array<{ pop: string; action: string; probability: number; cost: number }> = [];
  private key = (p: number, a: number) => `${POPULATIONS[p]!.name}.${POPULATIONS[p]!.actions[a]}`;
  reward(p: number, a: number, value: number): void { const k = this.key(p, a); this.rewards.set(k, (this.rewards.get(k) ?? 0) + value); }
  trait(p: number, t: number, a: number, coef: number): void { this.traits.push({ pop: POPULATIONS[p]!.name, trait: t, action: POPULATIONS[p]!.actions[a]!, coef }); }
  category(p: number, t: number, c: number, a: number, value: number): void { this.categories.push({ pop: POPULATIONS[p]!.name, trait: t, category: c, action: POPULATIONS[p]!.actions[a]!, value }); }
  local(p: number, a: number, b: number, coef: number): void { this.locals.push({ pop: POPULATIONS[p]!.name, a: POPULATIONS[p]!.actions[a]!, b: POPULATIONS[p]!.actions[b]!, coef }); }
  hazard(p: number, a: number, probability: number, cost: number): void { this.hazards.push({ pop: POPULATIONS[p]!.name, action: POPULATIONS[p]!.actions[a]!, probability, cost }); }
  /** the summed reward of `pop.action` (0 when nothing paid it) */
  get(key: string): number { return this.rewards.get(key) ?? 0; }
}

/** The events of a kind. */
export const ofKind = (w: World, kind: string) => w.events.filter((e) => e.kind === kind);

/** A term vector of the five dimensions. */
export const v = (...x: number[]): Float64Array => Float64Array.from(x);

/** A hand-built veto player: nothing cared about, nothing at stake, unless the test says so. */
export function player(o: Partial<Player> = {}): Player {
  return { ideal: v(0, 0, 0, 0, 0), sal: v(0, 0, 0, 0, 0), quo: v(0, 0, 0, 0, 0), durability: [1, 1, 1], reliefCost: 0, concessionCost: 0, outside: 0, ...o };
}

export { S };
