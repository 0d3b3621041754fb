import { describe, expect, it } from 'vitest';
import { createBus, type MechanismEvent, type Outcome } from '../../src/engine/bus.js';
import { runScenario } from '../../src/engine/run.js';
import { scenarioFrom } from '../../src/scenarios/load.js';

describe('event bus', () => {
  it('carries tick summaries, mechanism events and one outcome to subscribers (inline)', async () => {
    const bus = createBus();
    const ticks: number[] = [], events: MechanismEvent[] = [], outcomes: Outcome[] = [];
    bus.on('tick', (t) => ticks.push(t.tick));
    bus.on('mechanism', (e) => events.push(e));
    bus.on('outcome', (o) => outcomes.push(o));
    const r = await runScenario(scenarioFrom({ agents: 400, ticks: 260, seed: 3 }), { mode: 'inline', bus });
    expect(ticks).toEqual(Array.from({ length: 260 }, (_, i) => i));
    expect(events).toEqual(r.events);
    expect(events.some((e) => e.kind === 'election')).toBe(true);
    expect(outcomes).toEqual([r.outcome]);
  });

  it('replays the events of a world run inside a worker on the coordinator bus, in order', async () => {
    const bus = createBus();
    const events: MechanismEvent[] = [];
    bus.on('mechanism', (e) => events.push(e));
    const r = await runScenario(scenarioFrom({ agents: 400, ticks: 260, seed: 3 }), { mode: 'whole', bus });
    expect(events).toEqual(r.events);
    expect(events.map((e) => e.tick)).toEqual([...events.map((e) => e.tick)].sort((a, b) => a - b));
  });
});
