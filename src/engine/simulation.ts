/**
 * The tick pipeline, shared by both modes:
 *   (1) step: every shard of every population chooses, is rewarded and learns (kernel.ts);
 *   (2) the coordinator sums the shards' integer tallies into action shares;
 *   (3) the world update (the model) computes the next global state and, from it, the
 *       reward vectors of the coming tick; structural changes (re-seating) happen here;
 *   (4) events go on the bus.
 * `runWhole` drives it synchronously in one thread (a small world inside one worker);
 * `runSharded` awaits a step function that fans the shards out to the pool. Both call the
 * same `prepare` / `advance`, so their results are bit-identical.
 */
import { createHash } from 'node:crypto';
import { beforeTick, initialVector } from '../learning/rules.js';
import type { SliceArgs } from '../learning/kernel-args.js';
import { createBus, type Bus, type MechanismEvent, type Outcome, type TickSummary } from './bus.js';
import { attachRecorder, type Series } from './recorder.js';
import { stepShard, sumTallies } from './kernel.js';
import type { ModelRuntime, OutcomeClassifier, UpdateContext } from './model-api.js';
import { agentHash, tickKey, u01, Stream } from '../random/rng.js';
import { allocate, bytesPerAgent, initialise, layoutOf, scaleTraitVectors, seatAgent, traitKey, views, type WorldBuffers, type WorldLayout } from './world.js';

export interface SimulationOptions {
  seed: number;
  ticks: number;
  /** number of shards the tally is laid out for (1 in whole mode) */
  shards: number;
  bus?: Bus;
}


export interface SimulationResult {
  outcome: Outcome;
  final: Float64Array;
  finalShares: Float64Array;
  series: Series;
  events: MechanismEvent[];
  digest: string;
  bytesPerAgent: number;
}

export class Simulation {
  readonly layout: WorldLayout;
  readonly buffers: WorldBuffers;
  readonly v: SliceArgs;
  private state: Float64Array;
  private next: Float64Array;
  private readonly counts: Int32Array;
  private readonly shares: Float64Array;
  private readonly series: Series;
  private readonly events: MechanismEvent[] = [];
  private readonly classifier: OutcomeClassifier;
  /** the caller's bus, or the simulation's own (inside a worker) */
  readonly bus: Bus;
  private readonly reseats: Array<[number, number, number]> = [];
  private readonly ctx: UpdateContext;
  private announced = false;
  private tickNow = 0;
  /** reused every tick: subscribers must copy what they keep */
  private readonly summary: TickSummary;

  constructor(readonly model: ModelRuntime, readonly opts: SimulationOptions) {
    this.layout = layoutOf(model.populations);
    this.buffers = allocate(this.layout, opts.shards);
    this.v = views(this.buffers);
    initialise(this.v, model.populations, this.layout, opts.seed);
    this.state = model.initialState();
    this.next = new Float64Array(this.state.length);
    this.counts = new Int32Array(this.layout.tallyStride);
    this.shares = new Float64Array(this.layout.tallyStride);
    this.summary = { tick: 0, state: this.state, shares: this.shares };
    // The bus's own subscribers: the event log, the outcome classifier and the recorder.
    // (The logger and progress subscribe to the caller's bus, or to the replay of a worker's events.)
    const bus = (this.bus = opts.bus ?? createBus());
    const classifier = (this.classifier = model.createClassifier());
    bus.on('mechanism', (e) => { this.events.push(e); classifier.onEvent(e); });
    bus.on('tick', (t) => classifier.onTick(t.tick, t.state));
    this.series = attachRecorder(bus, model.stateNames, opts.ticks, this.layout.tallyStride);
    const self = this;
    this.ctx = {
      get tick() { return self.tickNow; },
      seed: opts.seed,
      draw: (k: number) => u01(agentHash(tickKey(opts.seed, self.tickNow, Stream.world), k)),
      emit: (e) => self.emit({ ...e, tick: self.tickNow }),
      reseat: (population, fraction, hawkShift) => { self.reseats.push([population, fraction, hawkShift]); },
    };
    model.rewards(this.state, null, this.v.rewards, this.layout);
    scaleTraitVectors(this.v.rewards, this.layout);
  }

  private emit(e: MechanismEvent): void {
    this.bus.emit('mechanism', e);
  }

  /** Rule bookkeeping before tick t is stepped (EWA's experience weight). */
  prepare(t: number): void {
    for (const l of this.layout.populations) beforeTick(this.v.params, l.pOff, t);
  }

  /** Steps (2)–(4) after every shard has stepped tick t. */
  advance(t: number): void {
    this.tickNow = t;
    const { layout, counts, shares } = this;
    sumTallies(this.v.tally, layout.tallyStride, this.opts.shards, counts);
    for (const l of layout.populations) {
      const n = l.size > 0 ? l.size : 1;
      for (let k = 0; k < l.K; k++) shares[l.tOff + k] = counts[l.tOff + k] / n;
    }
    this.model.update(this.state, shares, this.next, this.ctx);
    const s = this.next; this.next = this.state; this.state = s;
    for (const [p, fraction, shift] of this.reseats) this.reseat(p, fraction, shift, t);
    this.reseats.length = 0;
    this.summary.tick = t;
    this.summary.state = this.state;
    this.bus.emit('tick', this.summary);
    const o = this.classifier.current();
    if (o && !this.announced) { this.announced = true; this.bus.emit('outcome', o); }
    this.model.rewards(this.state, shares, this.v.rewards, layout);
    scaleTraitVectors(this.v.rewards, layout);
  }

  /** Replaces `fraction` of population p's agents, chosen by a counter draw per agent. */
  private reseat(p: number, fraction: number, hawkShift: number, t: number): void {
    const pop = this.model.populations[p], l = this.layout.populations[p];
    const init = initialVector(pop.rule, l.K);
    const key = tickKey(this.opts.seed, t, Stream.init), traits = traitKey(this.opts.seed, t + 1);
    for (let i = 0; i < l.size; i++) {
      if (u01(agentHash(key, l.agentOff + i)) < fraction) seatAgent(this.v, pop, l, i, init, traits, hawkShift);
    }
  }

  finish(): SimulationResult {
    const outcome = this.classifier.finish(this.opts.ticks);
    if (!this.announced) { this.announced = true; this.bus.emit('outcome', outcome); }
    this.bus.emit('done', { ticks: this.opts.ticks });
    return {
      outcome,
      final: Float64Array.from(this.state),
      finalShares: Float64Array.from(this.shares),
      series: this.series,
      events: this.events,
      digest: this.digest(),
      bytesPerAgent: bytesPerAgent(this.layout),
    };
  }

  /** SHA-256 over the per-tick series and the final agent state: two runs compare by one string. */
  digest(): string {
    const h = createHash('sha256');
    const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    h.update(bytes(this.series.state));
    h.update(bytes(this.series.shares));
    h.update(bytes(this.v.state.subarray(0, this.layout.stateFloats)));
    h.update(bytes(this.v.aux.subarray(0, this.layout.auxFloats)));
    h.update(bytes(this.v.hawk.subarray(0, this.layout.agents)));
    return h.digest('hex');
  }
}

/** Runs the whole world on this thread: one shard, no messages per tick. */
export function runWhole(model: ModelRuntime, opts: Omit<SimulationOptions, 'shards'>): SimulationResult {
  const sim = new Simulation(model, { ...opts, shards: 1 });
  for (let t = 0; t < opts.ticks; t++) {
    sim.prepare(t);
    stepShard(sim.v, sim.layout, opts.seed, t, 0, 1);
    sim.advance(t);
  }
  return sim.finish();
}

/** Runs the world tick by tick, awaiting `step(t)` to step all shards (e.g. on a worker pool). */
export async function runSharded(sim: Simulation, step: (t: number) => Promise<void>): Promise<SimulationResult> {
  for (let t = 0; t < sim.opts.ticks; t++) {
    sim.prepare(t);
    await step(t);
    sim.advance(t);
  }
  return sim.finish();
}
