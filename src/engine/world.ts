/**
 * The layout of a world's agents in struct-of-arrays columns, allocated in SharedArrayBuffers
 * so that workers can step shards of the same world in place.
 *
 * Columns (world agent g = population offset + local index i):
 *   state    Float32, K_p per agent   propensities / probabilities / attractions
 *   hawk     Uint8, 1 per agent       hawkishness trait in [0, 1], stored as round(255 x)
 *   patience Uint8, 1 per agent       patience (discount factor) trait, stored likewise
 *   aux      Float32, 1 per agent of rules that need it (Bush–Mosteller aspiration)
 * World-level arrays (tiny, written by the coordinator between ticks):
 *   rewards  Float64, 3 K_p per population   R, H, F reward vectors for the coming tick
 *   params   Float64, RULE_STRIDE per population
 *   tally    Int32,  sum K_p per shard        action counts of the last tick
 */
import { RULE_STRIDE, initialVector, needsAux, packRule, type RuleSpec } from '../learning/rules.js';
import type { SliceArgs } from '../learning/kernel-args.js';
import { normalAt, tickKey, Stream } from '../random/rng.js';

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
  return layout.agents === 0 ? 0 : (4 * layout.stateFloats + 2 * layout.agents + 4 * layout.auxFloats) / layout.agents;
}

export function allocate(layout: WorldLayout, shards: number): WorldBuffers {
  const sab = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
  return {
    state: sab(4 * layout.stateFloats),
    hawk: sab(layout.agents),
    patience: sab(layout.agents),
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
    hawk: new Uint8Array(b.hawk),
    patience: new Uint8Array(b.patience),
    aux: new Float32Array(b.aux),
    rewards: new Float64Array(b.rewards),
    params: new Float64Array(b.params),
    tally: new Int32Array(b.tally),
  };
}

const clip01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Draws one agent's traits and resets its state. Every draw is keyed by (seed, agent, epoch,
 * stream) through `key = traitKey(seed, epoch)`: `epoch` is 0 at creation and the tick of a re-seating (Congress after an election),
 * so a replaced member gets fresh traits that do not depend on sharding.
 */
export function seatAgent(v: SliceArgs, pop: PopulationDef, l: PopulationLayout, i: number, init: Float32Array, key: number, hawkShift = 0): void {
  const g = l.agentOff + i;
  v.hawk[g] = Math.round(255 * clip01(pop.hawk.mean + hawkShift + pop.hawk.sd * normalAt(key, g, 0)));
  v.patience[g] = Math.round(255 * clip01(pop.patience.mean + pop.patience.sd * normalAt(key, g, 2)));
  v.state.set(init, l.stateOff + i * l.K);
  if (l.auxOff >= 0 && pop.rule.kind === 'bush-mosteller') {
    v.aux[l.auxOff + i] = pop.rule.aspiration.mean + pop.rule.aspiration.sd * normalAt(key, g, 4);
  }
}

/** The key of trait draws at an epoch (0 at creation, the tick + 1 of a re-seating). */
export const traitKey = (seed: number, epoch: number): number => tickKey(seed, epoch, Stream.traits);

/** Initialises every agent's traits and state, and packs every population's rule. */
export function initialise(v: SliceArgs, pops: readonly PopulationDef[], layout: WorldLayout, seed: number): void {
  pops.forEach((pop, p) => {
    const l = layout.populations[p];
    const init = initialVector(pop.rule, l.K, `populations.${pop.name}.rule.initial`);
    const key = traitKey(seed, 0);
    for (let i = 0; i < l.size; i++) seatAgent(v, pop, l, i, init, key);
    packRule(pop.rule, pop.noise, v.params, l.pOff);
  });
}

/** Divides every population's H and F reward vectors by 255: the kernels multiply trait bytes. */
export function scaleTraitVectors(rewards: Float64Array, layout: WorldLayout): void {
  for (const l of layout.populations) {
    for (let j = l.rOff + l.K; j < l.rOff + 3 * l.K; j++) rewards[j] /= 255;
  }
}

/** Agent range [lo, hi) of shard w of n for a population of `size` agents. */
export function shardRange(size: number, w: number, n: number): [number, number] {
  return [Math.floor((w * size) / n), Math.floor(((w + 1) * size) / n)];
}
