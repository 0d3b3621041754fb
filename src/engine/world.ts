/**
 * The layout of a world's agents in struct-of-arrays columns, allocated in SharedArrayBuffers
 * so that workers can step shards of the same world in place (the columns are described in
 * learning/kernel-args.ts). World-level arrays are small and written by the coordinator between
 * ticks: the reward terms (R, trait coefficients, categorical tables, local coefficients,
 * hazards), the rule parameters, and the tally (one block per shard).
 *
 * Networks are CSR arrays (network.ts) in SharedArrayBuffers of their own, one per networked
 * population, built once per run from the counter RNG.
 */
import { CAT_ROWS, Hood, type NetViews, type PopSlice, type WorldViews } from '../learning/kernel-args.js';
import { initialVector, needsAux, packRule, RULE_STRIDE, stateWidth } from '../learning/rules.js';
import { TH_FIELD } from '../learning/threshold.js';
import { roulette, logitChoice } from '../learning/choice.js';
import { sample, type Dist } from '../random/distributions.js';
import { agentHash, CounterStream, Stream, tickKey, u01 } from '../random/rng.js';
import type { PopulationDef } from './declaration.js';

/** One population's layout: what the kernels read (PopSlice) and what the coordinator needs. */
export interface PopulationLayout extends PopSlice {
  readonly name: string;
  readonly fixed: boolean;
  /** storage index of each declared trait (continuous first, then categorical) */
  readonly traitSlot: readonly number[];
  /** categories of each declared trait (0 for continuous) */
  readonly traitCategories: readonly number[];
  /** the source population of its neighbourhood (itself when none) */
  readonly source: number;
  /** blocks of its tally (categories of the tallyBy trait), 0 without */
  readonly blocks: number;
}

export interface WorldLayout {
  readonly populations: readonly PopulationLayout[];
  readonly agents: number;
  readonly stateFloats: number;
  readonly auxFloats: number;
  readonly traitBytes: number;
  /** Int32 counts per shard block */
  readonly tallyStride: number;
  readonly rewardFloats: number;
  /** shares laid out population after population (K each): the recorder's row width */
  readonly shareWidth: number;
  /** first share of each population in that row */
  readonly shareOff: readonly number[];
  /** how the agents' choice and noise draws are keyed per tick (the model's `choiceKeys`) */
  readonly keys: ChoiceKeys;
}

/** fractable's tick keys (tickKey: four hash rounds over seed, tick and stream), or the reference kernel's (referenceKey). */
export type ChoiceKeys = 'counter' | 'reference';

/** The SharedArrayBuffers of one world: what a worker needs to step any shard of it. */
export interface WorldBuffers {
  state: SharedArrayBuffer;
  aux: SharedArrayBuffer;
  traits: SharedArrayBuffer;
  act0: SharedArrayBuffer;
  act1: SharedArrayBuffer;
  rewards: SharedArrayBuffer;
  params: SharedArrayBuffer;
  tally: SharedArrayBuffer;
  /** per population: CSR offsets and targets, or null */
  nets: Array<{ offsets: SharedArrayBuffer; targets: SharedArrayBuffer } | null>;
}

export function layoutOf(pops: readonly PopulationDef[], keys: ChoiceKeys = 'counter'): WorldLayout {
  let agentOff = 0, stateOff = 0, auxOff = 0, traitOff = 0, rOff = 0, tOff = 0, shareW = 0;
  const shareOff: number[] = [];
  const populations = pops.map((p, index): PopulationLayout => {
    const K = p.actions.length;
    const cont = p.traits.map((t, i) => [t, i] as const).filter(([t]) => t.kind === 'continuous');
    const cats = p.traits.map((t, i) => [t, i] as const).filter(([t]) => t.kind === 'categorical');
    const traitSlot = new Array<number>(p.traits.length);
    [...cont, ...cats].forEach(([, i], slot) => { traitSlot[i] = slot; });
    const nTc = cont.length, nTk = cats.length;
    const source = p.network ? pops.findIndex((q) => q.name === p.network!.source) : index;
    if (source < 0) throw new RangeError(`populations.${p.name}.network: expected a source population of the model, found "${p.network!.source}"`);
    const Ks = pops[source]!.actions.length;
    const hood = !p.network ? Hood.none : p.network.spec.kind === 'complete' ? Hood.complete : Hood.network;
    const blockTrait = p.tallyBy ? p.traits.findIndex((t) => t.name === p.tallyBy) : -1;
    if (p.tallyBy && (blockTrait < 0 || p.traits[blockTrait]!.kind !== 'categorical')) {
      throw new RangeError(`populations.${p.name}.tallyBy: expected a categorical trait of the population, found "${p.tallyBy}"`);
    }
    const blocks = blockTrait >= 0 ? p.traits[blockTrait]!.categories : 0;
    const width = stateWidth(p.rule, K);
    const cOff = rOff + K, kOff = cOff + nTc * K, lOff = kOff + nTk * CAT_ROWS * K;
    const hzOff = lOff + (hood !== Hood.none ? K * Ks : 0);
    const rEnd = hzOff + (p.consequences ? 2 * K : 0);
    const l: PopulationLayout = {
      index, name: p.name, fixed: p.fixed, K, size: p.size, agentOff, stateOff, width,
      auxOff: needsAux(p.rule) ? auxOff : -1, traitOff, nTc, nTk,
      rOff, cOff, kOff, lOff: hood !== Hood.none ? lOff : -1, hzOff: p.consequences ? hzOff : -1,
      pOff: index * RULE_STRIDE, tOff, hitOff: tOff + K,
      blockTrait: blockTrait >= 0 ? traitSlot[blockTrait]! : -1, bOff: tOff + K + 1,
      hood, srcAgentOff: 0, Ks, traitSlot, traitCategories: p.traits.map((t) => t.categories), source, blocks,
    };
    agentOff += p.size; stateOff += p.size * width; traitOff += p.size * (nTc + nTk);
    if (needsAux(p.rule)) auxOff += p.size;
    rOff = rEnd; tOff += K + 1 + blocks * K;
    shareOff.push(shareW); shareW += K;
    return l;
  });
  // sources' first agents, now that every offset is known
  const withSources = populations.map((l) => ({ ...l, srcAgentOff: populations[l.source]!.agentOff }));
  return {
    populations: withSources, agents: agentOff, stateFloats: stateOff, auxFloats: auxOff, traitBytes: traitOff,
    tallyStride: tOff, rewardFloats: rOff, shareWidth: shareW, shareOff, keys,
  };
}

/** Bytes of per-agent columns per agent (state, aux, traits, the two action bytes; networks apart). */
export function bytesPerAgent(layout: WorldLayout): number {
  return layout.agents === 0 ? 0 : (4 * layout.stateFloats + 4 * layout.auxFloats + layout.traitBytes + 2 * layout.agents) / layout.agents;
}

export function allocate(layout: WorldLayout, shards: number, nets: WorldBuffers['nets'] = layout.populations.map(() => null)): WorldBuffers {
  const sab = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
  return {
    state: sab(4 * layout.stateFloats),
    aux: sab(4 * layout.auxFloats),
    traits: sab(layout.traitBytes),
    act0: sab(layout.agents),
    act1: sab(layout.agents),
    rewards: sab(8 * layout.rewardFloats),
    params: sab(8 * RULE_STRIDE * layout.populations.length),
    tally: sab(4 * layout.tallyStride * shards),
    nets,
  };
}

/** Typed views over a world's buffers: what the kernels take. */
export function views(b: WorldBuffers): WorldViews {
  return {
    state: new Float32Array(b.state),
    aux: new Float32Array(b.aux),
    traits: new Uint8Array(b.traits),
    act0: new Uint8Array(b.act0),
    act1: new Uint8Array(b.act1),
    rewards: new Float64Array(b.rewards),
    params: new Float64Array(b.params),
    tally: new Int32Array(b.tally),
    nets: b.nets.map((n): NetViews | null => (n ? { offsets: new Int32Array(n.offsets), targets: new Int32Array(n.targets) } : null)),
  };
}

const clip01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** The key of trait draws at an epoch (0 at creation, the tick + 1 of a re-seating). */
export const traitKey = (seed: number, epoch: number): number => tickKey(seed, epoch, Stream.traits);

/** A distribution moved by `shift` (a normal's mean, or a fixed value); others unchanged. */
function shifted(d: Dist, shift: number): Dist {
  if (shift === 0) return d;
  if (d.kind === 'normal') return { ...d, mean: d.mean + shift };
  if (d.kind === 'fixed') return { ...d, value: d.value + shift };
  return d;
}

/**
 * Draws one agent's traits and rule scalar and resets its state. Declared trait t uses draws
 * 2t, 2t + 1 of the key (so that adding a trait never changes another's values); the rule's
 * per-agent scalar (an aspiration, a threshold) draws 2·nT, 2·nT + 1.
 */
export function seatAgent(v: WorldViews, pop: PopulationDef, l: PopulationLayout, i: number, init: Float32Array, key: number, shift?: Readonly<Record<string, number>>): void {
  const g = l.agentOff + i, nT = pop.traits.length, tb = l.traitOff + i * nT;
  for (let t = 0; t < nT; t++) {
    const tr = pop.traits[t]!;
    const x = sample(shifted(tr.dist, shift?.[tr.name] ?? 0), key, g, 2 * t);
    v.traits[tb + l.traitSlot[t]!] = tr.kind === 'continuous' ? Math.round(255 * clip01(x)) : Math.min(tr.categories - 1, Math.max(0, Math.round(x)));
  }
  if (l.width > 0) v.state.set(init, l.stateOff + i * l.width);
  if (l.auxOff >= 0) {
    if (pop.rule.kind === 'bush-mosteller') v.aux[l.auxOff + i] = sample({ kind: 'normal', mean: pop.rule.aspiration.mean, sd: pop.rule.aspiration.sd, min: -Infinity, max: Infinity }, key, g, 2 * nT);
    else if (pop.rule.kind === 'threshold') v.aux[l.auxOff + i] = sample(pop.rule.threshold, key, g, 2 * nT);
  }
}

/**
 * The agents' actions "of tick −1", which the first tick's neighbours read: a threshold
 * population's seed agents (a random `count`, or each with probability `share`), and for a
 * learning rule a choice from the initial state (draws of Stream.init at tick −1).
 */
function initialActions(v: WorldViews, pop: PopulationDef, l: PopulationLayout, seed: number): void {
  const lo = l.agentOff, hi = l.agentOff + l.size;
  const rule = pop.rule;
  if (rule.kind === 'threshold') {
    const key = tickKey(seed, 0, Stream.init);
    for (let g = lo; g < hi; g++) v.act0[g] = u01(agentHash(key, g)) < rule.seeds.share ? rule.active : rule.inactive;
    // `count` distinct seed agents by Floyd's algorithm (one counter draw per step)
    const n = l.size, m = Math.min(rule.seeds.count, n), rs = new CounterStream(seed, Stream.init, l.index + 1, 1);
    const chosen = new Set<number>();
    for (let j = n - m; j < n; j++) {
      const x = Math.floor(rs.at(j) * (j + 1));
      chosen.add(chosen.has(x) ? j : x);
    }
    for (const i of chosen) v.act0[lo + i] = rule.active;
  } else {
    const key = tickKey(seed, 0x7fffffff, Stream.init);
    for (let i = 0; i < l.size; i++) {
      const u = u01(agentHash(key, lo + i)), b = l.stateOff + i * l.width;
      v.act0[lo + i] = rule.kind === 'ewa' ? logitChoice(v.state, b, l.K, rule.lambda, u) : roulette(v.state, b, l.K, u);
    }
  }
  v.act1.set(v.act0.subarray(lo, hi), lo);
}

/** Initialises every agent's traits, state and initial action, and packs every population's rule. */
export function initialise(v: WorldViews, pops: readonly PopulationDef[], layout: WorldLayout, seed: number): void {
  pops.forEach((pop, p) => {
    const l = layout.populations[p]!;
    const init = initialVector(pop.rule, l.K, `populations.${pop.name}.rule.initial`);
    const key = traitKey(seed, 0);
    for (let i = 0; i < l.size; i++) seatAgent(v, pop, l, i, init, key);
    packRule(pop.rule, pop.noise, v.params, l.pOff);
    initialActions(v, pop, l, seed);
  });
}

/**
 * After the model has written this tick's reward terms: divides every continuous trait
 * coefficient by 255 (the kernels multiply the trait byte), and folds a complete (mean-field)
 * neighbourhood's local term into R from its source's shares of the last tick (the threshold rule
 * reads that share from its parameter slot instead).
 */
export function finishRewards(v: WorldViews, layout: WorldLayout, shares: Float64Array | null): void {
  const R = v.rewards;
  for (const l of layout.populations) {
    for (let j = l.cOff; j < l.kOff; j++) R[j] /= 255;
    if (l.hood !== Hood.complete) continue;
    const so = layout.shareOff[l.source]!;
    if (l.width === 0) {
      v.params[l.pOff + TH_FIELD] = shares ? shares[so + v.params[l.pOff + 2]!]! : 0;
      continue;
    }
    for (let a = 0; a < l.K; a++) {
      let x = 0;
      for (let b = 0; b < l.Ks; b++) x += R[l.lOff + a * l.Ks + b]! * (shares ? shares[so + b]! : 1 / l.Ks);
      R[l.rOff + a] += x;
    }
  }
}

/** Agent range [lo, hi) of shard w of n for a population of `size` agents. */
export function shardRange(size: number, w: number, n: number): [number, number] {
  return [Math.floor((w * size) / n), Math.floor(((w + 1) * size) / n)];
}
