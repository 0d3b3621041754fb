/**
 * How many runs a study keeps in flight: 2 per worker for large worlds (memory), 8 per worker when
 * every run is a small world (whose round trips would leave workers idle). The bound is the
 * agent-ticks of a run, checked against every scenario of the study.
 */
import { describe, expect, it } from 'vitest';
import { inFlightLimit, SMALL_RUN_AGENT_TICKS } from '../../src/study/runner.js';

const sc = (agents: number, ticks: number) => ({ agents, ticks }) as never;

describe('runs in flight', () => {
  it('8 per worker when every scenario is a small world, 2 per worker otherwise', () => {
    expect(inFlightLimit({ scenarios: [sc(100, 52)] }, 2)).toBe(16);
    expect(inFlightLimit({ scenarios: [sc(SMALL_RUN_AGENT_TICKS / 10, 10)] }, 3)).toBe(24); // exactly at the bound
    expect(inFlightLimit({ scenarios: [sc(2000, 520)] }, 2)).toBe(4); // the default study: 1.04 M agent-ticks
    expect(inFlightLimit({ scenarios: [sc(100, 52), sc(2000, 520)] }, 4)).toBe(8); // one large scenario decides
  });
});
