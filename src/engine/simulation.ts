/**
 * The tick pipeline, shared by every mode:
 *   (1) step: every shard of every population chooses, is paid and learns (kernel.ts);
 *   (2) the coordinator sums the shards' integer tallies into counts and shares;
 *   (3) the world update (the model's runtime) computes the next state; structural changes
 *       (re-seating) happen here; then the model writes the reward terms of the coming tick;
 *   (4) events go on the simulation's own bus, which forwards them to the caller's.
 * `runWhole` drives it in one thread (a small world inside one worker); `runSharded` awaits a
 * step function that fans the shards out to the pool. Both call the same `prepare` / `advance`,
 * so their results are bit-identical.
 */
import { createHash } from 'node:crypto';
import { beforeTick, initialVector } from '../learning/rules.js';
import type { WorldViews } from '../learning/kernel-args.js';
import { agentHash, fmix32, tickKey, u01, Stream } from '../random/rng.js';
import { createBus, forward, type Bus, type TickSummary } from './bus.js';
import type { ModelDeclaration, ModelEvent, ModelRuntime, OutcomeClassifier, Outcome, PopulationDef, Reseat, RewardSink, RunConfig, Tallies, UpdateIO } from './declaration.js';
import { stepShard, sumTallies } from './kernel.js';
import { buildNetworks, type NetworkStats } from './networks.js';
import { resolvePopulations } from './populations.js';
import { LearningStats, type StatsSpec } from './learning-stats.js';
import { attachRecorder, type Series } from './recorder.js';
import { adoptNetworks, allocate, bytesPerAgent, finishRewards, initialise, layoutOf, seatAgent, traitKey, views, type WorldBuffers, type WorldLayout } from './world.js';

export interface SimulationOptions {
  /** number of shards the tally is laid out for (1 in whole mode) */
  shards: number;
  /** the caller's bus: every event is forwarded to it */
  bus?: Bus;
  /** learning statistics to compute (learning-stats.ts; none by default) */
  stats?: StatsSpec;
}

export interface SimulationResult {
  outcome: Outcome;
  outputs: Record<string, number | string | boolean | null>;
  final: Float64Array;
  finalShares: Float64Array;
  /** each population's action shares averaged over every tick of the run */
  meanShares: Float64Array;
  series: Series;
  /** the learning statistics asked for: ticks × requests, row-major (NaN at ticks not kept); null when none */
  stats: Float64Array | null;
  events: ModelEvent[];
  digest: string;
  bytesPerAgent: number;
  populations: Array<{ name: string; size: number; fixed: boolean; actions: readonly string[] }>;
  networks: NetworkStats[];
}

/** The 32-bit FNV-1a hash of a draw site's name: its stream within the world stream. */
export function drawStream(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** The tallies of the last tick as the model reads them. */
class TickTallies implements Tallies {
  readonly counts: Int32Array;
  readonly shares: Float64Array;
  constructor(private readonly layout: WorldLayout) {
    this.counts = new Int32Array(layout.tallyStride);
    this.shares = new Float64Array(layout.shareWidth);
  }
  /** shares from the counts just summed */
  refresh(): void {
    for (const l of this.layout.populations) {
      const n = l.size > 0 ? l.size : 1, so = this.layout.shareOff[l.index]!;
      for (let a = 0; a < l.K; a++) this.shares[so + a] = this.counts[l.tOff + a]! / n;
    }
  }
  share(p: number, a: number): number { return this.shares[this.layout.shareOff[p]! + a]!; }
  count(p: number, a: number): number { return this.counts[this.layout.populations[p]!.tOff + a]!; }
  size(p: number): number { return this.layout.populations[p]!.size; }
  hits(p: number): number { return this.counts[this.layout.populations[p]!.hitOff]!; }
  blockCount(p: number, c: number, a: number): number {
    const l = this.layout.populations[p]!;
    return c < l.blocks ? this.counts[l.bOff + c * l.K + a]! : 0;
  }
}

/** The engine's side of the reward terms: writes into the reward buffer at the layout's offsets. */
class Rewards implements RewardSink {
  constructor(private readonly R: Float64Array, private readonly layout: WorldLayout) {}
  reward(p: number, a: number, value: number): void { const l = this.layout.populations[p]!; this.R[l.rOff + a] += value; }
  trait(p: number, t: number, a: number, coef: number): void {
    const l = this.layout.populations[p]!;
    this.R[l.cOff + l.traitSlot[t]! * l.K + a] += coef;
  }
  category(p: number, t: number, c: number, a: number, value: number): void {
    const l = this.layout.populations[p]!;
    this.R[l.kOff + ((l.traitSlot[t]! - l.nTc) * 256 + c) * l.K + a] += value;
  }
  local(p: number, a: number, b: number, coef: number): void {
    const l = this.layout.populations[p]!;
    if (l.lOff < 0) throw new Error(`population ${l.name} has no neighbourhood: a local term needs one`);
    this.R[l.lOff + a * l.Ks + b] += coef;
  }
  hazard(p: number, a: number, probability: number, cost: number): void {
    const l = this.layout.populations[p]!;
    if (l.hzOff < 0) throw new Error(`population ${l.name} is not declared with consequences`);
    this.R[l.hzOff + a] = probability;
    this.R[l.hzOff + l.K + a] = cost;
  }
}

export class Simulation {
  readonly layout: WorldLayout;
  readonly buffers: WorldBuffers;
  readonly v: WorldViews;
  readonly populations: PopulationDef[];
  readonly runtime: ModelRuntime;
  readonly bus: Bus;
  readonly networkStats: NetworkStats[];
  private state: Float64Array;
  private next: Float64Array;
  private readonly tallies: TickTallies;
  /** the action shares summed over the ticks stepped so far */
  private readonly shareSum: Float64Array;
  private readonly series: Series;
  private readonly stats: LearningStats | null;
  private readonly events: ModelEvent[] = [];
  private readonly classifier: OutcomeClassifier;
  private readonly reseats: Array<[number, Reseat]> = [];
  private readonly io: UpdateIO;
  private readonly sink: Rewards;
  private readonly stops: Array<() => void> = [];
  private readonly hooks: RunConfig['test'];
  private readonly draws: Map<string, number>;
  private worldKey = 0;
  private announced = false;
  private tickNow = 0;
  private hog: unknown[] = [];
  /** reused every tick: subscribers must copy what they keep */
  private readonly summary: TickSummary;

  constructor(readonly model: ModelDeclaration, readonly run: RunConfig, readonly opts: SimulationOptions) {
    this.populations = resolvePopulations(model, run);
    this.layout = layoutOf(this.populations, model.choiceKeys ?? 'counter');
    this.buffers = allocate(this.layout, opts.shards);
    this.v = views(this.buffers);
    initialise(this.v, this.populations, this.layout, run.seed);
    const nets = buildNetworks(this.populations, this.layout, this.v, run.seed);
    adoptNetworks(this.buffers, this.v, nets.csrs);
    this.networkStats = nets.stats;
    this.runtime = model.create(run, this.populations);
    this.state = this.runtime.initialState();
    this.next = new Float64Array(this.state.length);
    this.tallies = new TickTallies(this.layout);
    this.shareSum = new Float64Array(this.layout.shareWidth);
    this.sink = new Rewards(this.v.rewards, this.layout);
    this.summary = { tick: 0, state: this.state, shares: this.tallies.shares };
    this.hooks = run.test && (!run.test.onlySeeds || run.test.onlySeeds.includes(run.seed)) ? run.test : undefined;
    this.draws = new Map(model.draws.map((d) => [d.name, drawStream(d.name)]));

    // The simulation's own bus: the event log, the classifier and the recorder; everything is
    // forwarded to the caller's bus, and every subscription is dropped in finish().
    const bus = (this.bus = createBus());
    const classifier = (this.classifier = this.runtime.createClassifier());
    bus.on('event', (e) => { this.events.push(e); classifier.onEvent(e); });
    bus.on('tick', (t) => classifier.onTick(t.tick, t.state));
    const rec = attachRecorder(bus, model.state.map((s) => s.name), run.ticks, this.layout.shareWidth);
    this.series = rec.series;
    this.stats = opts.stats && opts.stats.requests.length > 0 ? new LearningStats(this.layout, opts.stats, run.ticks) : null;
    this.stops.push(rec.stop, () => bus.all.clear());
    if (opts.bus) this.stops.push(forward(bus, opts.bus));

    const self = this;
    this.io = {
      get tick() { return self.tickNow; },
      get s() { return self.state; },
      get n() { return self.next; },
      t: this.tallies,
      draw: (name: string, index = 0) => {
        const h = self.draws.get(name);
        if (h === undefined) throw new Error(`model ${model.name}: draw site "${name}" is not declared (declare it in the model's draws, with its reason)`);
        return u01(agentHash(self.worldKey ^ h, index));
      },
      emit: (e) => self.bus.emit('event', { ...e, tick: self.tickNow }),
      reseat: (population, which) => { self.reseats.push([population, which]); },
    };
    this.writeRewards(null, this.initialShares());
  }

  /** The shares of the agents' initial actions (what a complete neighbourhood reads at tick 0). */
  private initialShares(): Float64Array {
    const sh = new Float64Array(this.layout.shareWidth);
    for (const l of this.layout.populations) {
      const so = this.layout.shareOff[l.index]!;
      for (let g = l.agentOff; g < l.agentOff + l.size; g++) sh[so + this.v.act0[g]!]! += 1 / l.size;
    }
    return sh;
  }

  private writeRewards(t: Tallies | null, shares: Float64Array): void {
    this.v.rewards.fill(0, 0, this.layout.rewardFloats);
    this.runtime.rewards(this.state, t, this.sink);
    finishRewards(this.v, this.layout, shares);
  }

  /** The tallies of the last tick stepped (what the model read in its update). */
  get last(): Tallies {
    return this.tallies;
  }

  /** Rule bookkeeping before tick t is stepped (EWA's experience weight). */
  prepare(t: number): void {
    for (const l of this.layout.populations) beforeTick(this.v.params, l.pOff, t);
    this.stats?.beforeTick(this.v, t);
  }

  /** Steps (2)–(4) after every shard has stepped tick t. */
  advance(t: number): void {
    this.tickNow = t;
    this.worldKey = tickKey(this.run.seed, t, Stream.world);
    if (this.hooks?.failAtTick === t) throw new Error(`test hook: run fails at tick ${t}`);
    // on the JS heap (not typed arrays, which live outside it), so the worker's heap limit trips
    if (this.hooks?.exhaustMemory) for (;;) this.hog.push(new Array(1 << 20).fill(1));
    const { layout, tallies } = this;
    sumTallies(this.v.tally, layout.tallyStride, this.opts.shards, tallies.counts);
    tallies.refresh();
    this.stats?.afterTick(this.v, t);
    for (let k = 0; k < this.shareSum.length; k++) this.shareSum[k] += tallies.shares[k]!;
    this.next.set(this.state);
    this.runtime.update(this.io);
    const s = this.next; this.next = this.state; this.state = s;
    for (const [p, which] of this.reseats) this.reseat(p, which, t);
    this.reseats.length = 0;
    this.summary.tick = t;
    this.summary.state = this.state;
    this.bus.emit('tick', this.summary);
    const o = this.classifier.current();
    if (o && !this.announced) { this.announced = true; this.bus.emit('outcome', o); }
    this.writeRewards(tallies, tallies.shares);
  }

  /** Replaces members of population p: a random share (a counter draw per agent) or a range of members. */
  private reseat(p: number, which: Reseat, t: number): void {
    const base = this.populations[p]!, l = this.layout.populations[p]!;
    const pop = which.traits ? { ...base, traits: base.traits.map((tr) => ({ ...tr, dist: which.traits![tr.name] ?? tr.dist })) } : base;
    const init = initialVector(pop.rule, l.K);
    const key = tickKey(this.run.seed, t, Stream.init), traits = traitKey(this.run.seed, t + 1);
    const from = Math.max(0, which.from ?? 0), to = Math.min(l.size, which.to ?? l.size);
    for (let i = from; i < to; i++) {
      if (which.fraction === undefined || u01(agentHash(key, l.agentOff + i)) < which.fraction) seatAgent(this.v, pop, l, i, init, traits, which.shift);
    }
  }

  finish(): SimulationResult {
    try {
      const outcome = this.classifier.finish(this.run.ticks);
      if (!this.announced) { this.announced = true; this.bus.emit('outcome', outcome); }
      this.bus.emit('done', { ticks: this.run.ticks });
      return {
        outcome,
        outputs: this.runtime.outputs(this.state, this.events, this.run.ticks),
        final: Float64Array.from(this.state),
        finalShares: Float64Array.from(this.tallies.shares),
        meanShares: this.shareSum.map((v) => v / this.run.ticks),
        series: this.series,
        stats: this.stats?.values ?? null,
        events: this.events,
        digest: this.digest(),
        bytesPerAgent: bytesPerAgent(this.layout),
        populations: this.populations.map((p) => ({ name: p.name, size: p.size, fixed: p.fixed, actions: p.actions })),
        networks: this.networkStats,
      };
    } finally {
      this.close();
    }
  }

  /** Drops every subscription of this simulation (its own bus's and the forwarding to the caller's). */
  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** SHA-256 over the per-tick series and the final agent columns: two runs compare by one string. */
  digest(): string {
    const h = createHash('sha256');
    const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const L = this.layout;
    h.update(bytes(this.series.state));
    h.update(bytes(this.series.shares));
    h.update(bytes(this.v.state.subarray(0, L.stateFloats)));
    h.update(bytes(this.v.aux.subarray(0, L.auxFloats)));
    h.update(bytes(this.v.traits.subarray(0, L.traitBytes)));
    h.update(bytes((this.run.ticks & 1) === 1 ? this.v.act0.subarray(0, L.agents) : this.v.act1.subarray(0, L.agents)));
    return h.digest('hex');
  }
}

/** Runs the whole world on this thread: one shard, no messages per tick. */
export function runWhole(model: ModelDeclaration, run: RunConfig, bus?: Bus, stats?: StatsSpec): SimulationResult {
  const sim = new Simulation(model, run, { shards: 1, ...(bus ? { bus } : {}), ...(stats ? { stats } : {}) });
  try {
    for (let t = 0; t < run.ticks; t++) {
      sim.prepare(t);
      stepShard(sim.v, sim.layout, run.seed, t, 0, 1);
      sim.advance(t);
    }
    return sim.finish();
  } finally {
    sim.close();
  }
}

/** Runs the world tick by tick, awaiting `step(t)` to step all shards (e.g. on a worker pool). */
export async function runSharded(sim: Simulation, step: (t: number) => Promise<void>): Promise<SimulationResult> {
  try {
    for (let t = 0; t < sim.run.ticks; t++) {
      sim.prepare(t);
      await step(t);
      sim.advance(t);
    }
    return sim.finish();
  } finally {
    sim.close();
  }
}
