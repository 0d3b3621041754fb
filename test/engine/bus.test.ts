import { describe, expect, it } from 'vitest';
import { createBus, type ModelEvent, type Outcome } from '../../src/engine/bus.js';
import { Simulation } from '../../src/engine/simulation.js';
import { stepShard } from '../../src/engine/kernel.js';
import { getModel } from '../../src/models/index.js';
import { runScenario } from '../../src/scenarios/run.js';
import { scenarioFrom } from '../../src/scenarios/load.js';

describe('event bus', () => {
  it('carries tick summaries, events and one outcome to subscribers (inline)', async () => {
    const bus = createBus();
    const ticks: number[] = [], events: ModelEvent[] = [], outcomes: Outcome[] = [];
    bus.on('tick', (t) => ticks.push(t.tick));
    bus.on('event', (e) => events.push(e));
    bus.on('outcome', (o) => outcomes.push(o));
    const r = await runScenario(scenarioFrom({ agents: 400, ticks: 260, seed: 3 }), { mode: 'inline', bus });
    expect(ticks).toEqual(Array.from({ length: 260 }, (_, i) => i));
    expect(events).toEqual(r.events);
    expect(events.some((e) => e.kind === 'election')).toBe(true);
    expect(outcomes).toEqual([r.outcome]);
  });

  it('replays the events of a world run inside a worker on the coordinator bus, in order, with tick progress', async () => {
    const bus = createBus();
    const events: ModelEvent[] = [], ticks: number[] = [];
    bus.on('event', (e) => events.push(e));
    bus.on('tick', (t) => ticks.push(t.tick));
    const r = await runScenario(scenarioFrom({ agents: 400, ticks: 260, seed: 3 }), { mode: 'whole', bus, progressEvery: 52 });
    expect(events).toEqual(r.events);
    expect(events.map((e) => e.tick)).toEqual([...events.map((e) => e.tick)].sort((a, b) => a - b));
    expect(ticks).toEqual([0, 52, 104, 156, 208, 259]);
  });

  it('a simulation drops its subscribers at the end: a reused bus never feeds an old run', () => {
    const bus = createBus();
    const seen: number[] = [];
    bus.on('outcome', (o) => seen.push(o.tick));
    const model = getModel('table');
    const run = (seed: number) => {
      const sim = new Simulation(model, scenarioFrom({ agents: 200, ticks: 30, seed }), { shards: 1, bus });
      for (let t = 0; t < 30; t++) { sim.prepare(t); stepShard(sim.v, sim.layout, seed, t, 0, 1); sim.advance(t); }
      const r = sim.finish();
      return { sim, r };
    };
    const a = run(1);
    const eventsA = a.r.events.length;
    expect(a.sim.bus.all.size).toBe(0); // its own bus is empty
    const b = run(2);
    expect(a.r.events.length).toBe(eventsA); // run 2's events never reached run 1's log
    expect(b.sim.bus.all.size).toBe(0);
    expect(seen).toEqual([a.r.outcome.tick, b.r.outcome.tick]); // the caller's own subscriber stays
    expect(bus.all.get('outcome')?.length).toBe(1);
    expect(bus.all.get('*') ?? []).toHaveLength(0); // no forwarding left on the caller's bus
  });
});
