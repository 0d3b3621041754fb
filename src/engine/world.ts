/**
 * The layout of a world's agents in struct-of-arrays columns, allocated in shared memory
 * so that workers can step shards of the same world in place (the columns are described in
 * learning/kernel-args.ts). World-level arrays are small and written by the coordinator between
 * ticks: the reward terms (R, trait coefficients, categorical tables, local coefficients,
 * hazards), the rule parameters, and the tally (one block per shard).
 *
 * All of it lives in one arena, a shared WebAssembly.Memory (WorldBuffers), which the WebAssembly
 * kernels address in place; networks (CSR arrays, network.ts, built once per run from the counter
 * RNG) are copied into it after they are built (adoptNetworks).
 */
import { CAT_ROWS, Hood, type NetViews, type PopSlice, type WorldViews } from '../learning/kernel-args.js';
import { initialVector, needsAux, packRule, RULE_STRIDE, stateWidth } from '../learning/rules.js';
import { TH_FIELD } from '../learning/threshold.js';
import { roulette, logitChoice } from '../learning/choice.js';
import { FRAC_ENTRIES, fillFractions, WasmWorld } from '../learning/wasm.js';
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

/**
 * Where one column lives: `bytes` bytes at byte offset `at` of the world's arena (its shared
 * WebAssembly.Memory), or of `sab` for a world without an arena.
 */
export interface Region {
  at: number;
  bytes: number;
  sab?: SharedArrayBuffer;
}

/**
 * The memory of one world: what a worker needs to step any shard of it (posted to workers, which
 * share it; nothing is copied). Every column and network lives in one arena, a shared
 * WebAssembly.Memory, so that the WebAssembly kernels (learning/wasm.ts) work on it in place; a
 * world too large for a 32-bit memory (ARENA_LIMIT) keeps each column in a SharedArrayBuffer of
 * its own and runs the JavaScript kernels (bit-identical).
 */
export interface WorldBuffers {
  /** the arena, or null */
  memory: WebAssembly.Memory | null;
  /** bytes of the arena in use (its next free byte) */
  top: number;
  state: Region;
  aux: Region;
  traits: Region;
  act0: Region;
  act1: Region;
  rewards: Region;
  params: Region;
  tally: Region;
  /** the quotient table of the WebAssembly kernels (in the arena only) */
  frac: Region | null;
  /** per population: CSR offsets and targets, or null */
  nets: Array<{ offsets: Region; targets: Region } | null>;
}

/** WebAssembly pages (64 KiB) */
const PAGE = 65536;
/** The largest arena: a 32-bit memory of 65,536 pages (4 GiB). */
export const ARENA_PAGES = 65536;
export const ARENA_LIMIT = ARENA_PAGES * PAGE;
/** Alignment of every region (a Float64 column needs 8). */
const ALIGN = 8;
const aligned = (x: number) => Math.ceil(x / ALIGN) * ALIGN;

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

/** Options of allocate: `arena: false` keeps every column in a SharedArrayBuffer of its own (the JavaScript kernels only). */
export interface AllocateOptions {
  arena?: boolean;
}

export function allocate(layout: WorldLayout, shards: number, opts: AllocateOptions = {}): WorldBuffers {
  const sizes = {
    state: 4 * layout.stateFloats,
    aux: 4 * layout.auxFloats,
    traits: layout.traitBytes,
    act0: layout.agents,
    act1: layout.agents,
    rewards: 8 * layout.rewardFloats,
    params: 8 * RULE_STRIDE * layout.populations.length,
    tally: 4 * layout.tallyStride * shards,
  };
  const names = Object.keys(sizes) as Array<keyof typeof sizes>;
  let top = 0;
  const at = {} as Record<keyof typeof sizes, number>;
  for (const k of names) { at[k] = top; top = aligned(top + Math.max(ALIGN, sizes[k])); }
  const fracAt = top;
  top = aligned(top + 8 * FRAC_ENTRIES);
  const memory = opts.arena === false ? null : arena(top);
  const region = memory
    ? (k: keyof typeof sizes): Region => ({ at: at[k], bytes: sizes[k] })
    : (k: keyof typeof sizes): Region => ({ at: 0, bytes: sizes[k], sab: new SharedArrayBuffer(Math.max(ALIGN, sizes[k])) });
  if (memory) fillFractions(new Float64Array(memory.buffer, fracAt, FRAC_ENTRIES));
  return {
    memory, top: memory ? top : 0, frac: memory ? { at: fracAt, bytes: 8 * FRAC_ENTRIES } : null, nets: layout.populations.map(() => null),
    state: region('state'), aux: region('aux'), traits: region('traits'), act0: region('act0'), act1: region('act1'),
    rewards: region('rewards'), params: region('params'), tally: region('tally'),
  };
}

/**
 * A shared memory of `bytes`, or null when a world that large does not fit in 32 bits or the
 * memory cannot be had: V8 reserves about 10 GiB of address space for every WebAssembly memory
 * (its guard regions), which a process under an address-space limit (ulimit -v, prlimit --as)
 * may not be given. Such a world keeps its columns in SharedArrayBuffers and runs the JavaScript
 * kernels: the same results, more slowly.
 */
function arena(bytes: number): WebAssembly.Memory | null {
  if (bytes > ARENA_LIMIT) return null;
  try {
    return new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)), maximum: ARENA_PAGES, shared: true });
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

/** A region of `bytes` at the top of the arena, growing it (null when the arena would exceed ARENA_LIMIT or cannot grow). */
function claim(b: WorldBuffers, bytes: number): Region | null {
  const m = b.memory!, at = b.top, end = aligned(at + Math.max(ALIGN, bytes));
  if (end > ARENA_LIMIT) return null;
  const have = m.buffer.byteLength;
  if (end > have) {
    try {
      m.grow(Math.ceil((end - have) / PAGE));
    } catch (e) {
      if (e instanceof RangeError) return null;
      throw e;
    }
  }
  b.top = end;
  return { at, bytes };
}

/**
 * Takes a world's networks (CSR, as built by engine/network.ts) into its memory: copied into the
 * arena (after which the built arrays are garbage), or kept in their own SharedArrayBuffers when
 * the world has no arena or the arena would pass 4 GiB. Sets b.nets, v.nets and the addresses the
 * WebAssembly kernels read.
 */
export function adoptNetworks(b: WorldBuffers, v: WorldViews, csrs: ReadonlyArray<NetViews | null>): void {
  const own = (x: Int32Array): Region => ({ at: x.byteOffset, bytes: x.byteLength, sab: x.buffer as SharedArrayBuffer });
  b.nets = csrs.map((g) => {
    if (!g) return null;
    if (b.memory) {
      const offsets = claim(b, g.offsets.byteLength), targets = offsets && claim(b, g.targets.byteLength);
      if (offsets && targets) {
        new Int32Array(b.memory.buffer, offsets.at, g.offsets.length).set(g.offsets);
        new Int32Array(b.memory.buffer, targets.at, g.targets.length).set(g.targets);
        return { offsets, targets };
      }
    }
    return { offsets: own(g.offsets), targets: own(g.targets) };
  });
  v.nets = netViews(b);
  if (v.wasm) v.wasm.nets = wasmNets(b);
}

/** The buffer a region lies in: its own, or the arena as it is now (after any growth). */
const bufferOf = (b: WorldBuffers, r: Region): SharedArrayBuffer => r.sab ?? (b.memory!.buffer as SharedArrayBuffer);

function netViews(b: WorldBuffers): Array<NetViews | null> {
  return b.nets.map((n) => (n ? {
    offsets: new Int32Array(bufferOf(b, n.offsets), n.offsets.at, n.offsets.bytes / 4),
    targets: new Int32Array(bufferOf(b, n.targets), n.targets.at, n.targets.bytes / 4),
  } : null));
}

/** Byte addresses of the networks in the arena (null for one outside it). */
const wasmNets = (b: WorldBuffers) => b.nets.map((n) => (n && !n.offsets.sab && !n.targets.sab ? { offsets: n.offsets.at, targets: n.targets.at } : null));

/** Typed views over a world's memory: what the kernels take. */
export function views(b: WorldBuffers): WorldViews {
  const buf = (r: Region) => bufferOf(b, r);
  const v: WorldViews = {
    state: new Float32Array(buf(b.state), b.state.at, b.state.bytes / 4),
    aux: new Float32Array(buf(b.aux), b.aux.at, b.aux.bytes / 4),
    traits: new Uint8Array(buf(b.traits), b.traits.at, b.traits.bytes),
    act0: new Uint8Array(buf(b.act0), b.act0.at, b.act0.bytes),
    act1: new Uint8Array(buf(b.act1), b.act1.at, b.act1.bytes),
    rewards: new Float64Array(buf(b.rewards), b.rewards.at, b.rewards.bytes / 8),
    params: new Float64Array(buf(b.params), b.params.at, b.params.bytes / 8),
    tally: new Int32Array(buf(b.tally), b.tally.at, b.tally.bytes / 4),
    nets: netViews(b),
    wasm: b.memory ? new WasmWorld(b.memory, {
      state: b.state.at, act0: b.act0.at, act1: b.act1.at, rewards: b.rewards.at, tally: b.tally.at, frac: b.frac!.at,
    }) : null,
  };
  if (v.wasm) v.wasm.nets = wasmNets(b);
  return v;
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
