/**
 * The layout of a world's agents in struct-of-arrays columns, allocated in SharedArrayBuffers
 * so that workers can step shards of the same world in place.
 *
 * Columns (world agent g = population offset + local index i):
 *   state    Float32, K_p per agent   propensities / probabilities / attractions
 *   hawk     Float32, 1 per agent     hawkishness trait in [0, 1]
 *   patience Float32, 1 per agent     patience (discount factor) trait in [0, 1]
 *   aux      Float32, 1 per agent of rules that need it (Bush–Mosteller aspiration)
 * World-level arrays (tiny, written by the coordinator between ticks):
 *   rewards  Float64, 3 K_p per population   R, H, F reward vectors for the coming tick
 *   params   Float64, RULE_STRIDE per population
 *   tally    Int32,  sum K_p per shard        action counts of the last tick
 */
import { RULE_STRIDE, initialVector, needsAux, packRule, type RuleSpec } from '../learning/rules.js';
import type { SliceArgs } from '../learning/kernel-args.js';
import { CounterStream, Stream } from './rng.js';

/** A trait distribution: normal(mean, sd) clipped to [0, 1]. */
export interface TraitDist { mean: number; sd: number }

/** One population as the engine sees it. */
export interface PopulationDef {
  name: string;
  actions: readonly string[];
  size: number;
  rule: RuleSpec;
  noise: number;
  hawk: TraitDist;
  patience: TraitDist;
}

export interface PopulationLayout {
  readonly index: number;
  readonly name: string;
  readonly K: number;
  readonly size: number;
  /** first world agent id */
  readonly agentOff: number;
  /** first float of its state */
  readonly stateOff: number;
  /** first float of its aux column, or -1 */
  readonly auxOff: number;
  /** first Float64 of its reward vectors (R, then H, then F) */
  readonly rOff: number;
  /** first Float64 of its rule parameters */
  readonly pOff: number;
  /** first Int32 of its counts within one shard's tally block */
  readonly tOff: number;
}

export interface WorldLayout {
  readonly populations: readonly PopulationLayout[];
  readonly agents: number;
  readonly stateFloats: number;
  readonly auxFloats: number;
  /** Int32 counts per shard (sum of K over populations) */
  readonly tallyStride: number;
  readonly rewardFloats: number;
}

/** The SharedArrayBuffers of one world: what a worker needs to step any shard of it. */
export interface WorldBuffers {
  state: SharedArrayBuffer;
  hawk: SharedArrayBuffer;
  patience: SharedArrayBuffer;
  aux: SharedArrayBuffer;
  rewards: SharedArrayBuffer;
  params: SharedArrayBuffer;
  tally: SharedArrayBuffer;
}

export function layoutOf(pops: readonly PopulationDef[]): WorldLayout {
  let agentOff = 0, stateOff = 0, auxOff = 0, rOff = 0, tOff = 0;
  const populations = pops.map((p, index): PopulationLayout => {
    const K = p.actions.length;
    const l = { index, name: p.name, K, size: p.size, agentOff, stateOff, auxOff: needsAux(p.rule) ? auxOff : -1, rOff, pOff: index * RULE_STRIDE, tOff };
    agentOff += p.size; stateOff += p.size * K; rOff += 3 * K; tOff += K;
    if (needsAux(p.rule)) auxOff += p.size;
    return l;
  });
  return { populations, agents: agentOff, stateFloats: stateOff, auxFloats: auxOff, tallyStride: tOff, rewardFloats: rOff };
}

/** Bytes of per-agent state (agent columns only; world-level arrays are O(populations)). */
export function bytesPerAgent(layout: WorldLayout): number {
  return layout.agents === 0 ? 0 : (4 * (layout.stateFloats + 2 * layout.agents + layout.auxFloats)) / layout.agents;
}

export function allocate(layout: WorldLayout, shards: number): WorldBuffers {
  const sab = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
  return {
    state: sab(4 * layout.stateFloats),
    hawk: sab(4 * layout.agents),
    patience: sab(4 * layout.agents),
    aux: sab(4 * layout.auxFloats),
    rewards: sab(8 * layout.rewardFloats),
    params: sab(8 * RULE_STRIDE * layout.populations.length),
    tally: sab(4 * layout.tallyStride * shards),
  };
}

/** Typed views over a world's buffers: the kernels' `SliceArgs`. */
export function views(b: WorldBuffers): SliceArgs {
  return {
    state: new Float32Array(b.state),
    hawk: new Float32Array(b.hawk),
    patience: new Float32Array(b.patience),
    aux: new Float32Array(b.aux),
    rewards: new Float64Array(b.rewards),
    params: new Float64Array(b.params),
    tally: new Int32Array(b.tally),
  };
}

const clip01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Draws one agent's traits and resets its state. Every draw is keyed by (seed, agent, epoch,
 * stream): `epoch` is 0 at creation and the tick of a re-seating (Congress after an election),
 * so a replaced member gets fresh traits that do not depend on sharding.
 */
export function seatAgent(v: SliceArgs, pop: PopulationDef, l: PopulationLayout, i: number, init: Float32Array, seed: number, epoch: number, hawkShift = 0): void {
  const g = l.agentOff + i;
  const rs = new CounterStream(seed, Stream.traits, g, epoch);
  v.hawk[g] = clip01(pop.hawk.mean + hawkShift + pop.hawk.sd * rs.normal());
  v.patience[g] = clip01(pop.patience.mean + pop.patience.sd * rs.normal());
  v.state.set(init, l.stateOff + i * l.K);
  if (l.auxOff >= 0 && pop.rule.kind === 'bush-mosteller') {
    v.aux[l.auxOff + i] = pop.rule.aspiration.mean + pop.rule.aspiration.sd * rs.normal();
  }
}

/** Initialises every agent's traits and state, and packs every population's rule. */
export function initialise(v: SliceArgs, pops: readonly PopulationDef[], layout: WorldLayout, seed: number): void {
  pops.forEach((pop, p) => {
    const l = layout.populations[p];
    const init = initialVector(pop.rule, l.K, `populations.${pop.name}.rule.initial`);
    for (let i = 0; i < l.size; i++) seatAgent(v, pop, l, i, init, seed, 0);
    packRule(pop.rule, pop.noise, v.params, l.pOff);
  });
}

/** Agent range [lo, hi) of shard w of n for a population of `size` agents. */
export function shardRange(size: number, w: number, n: number): [number, number] {
  return [Math.floor((w * size) / n), Math.floor(((w + 1) * size) / n)];
}
