/**
 * How many runs a study keeps in flight: 2 per worker for large worlds (memory), 8 per worker when
 * every run is a small world (whose round trips would leave workers idle). The bound is the
 * agent-ticks of a run, checked against every scenario of the study. Beyond those, finished runs
 * wait for their transaction (store.ts: commit pacing), bounded by commitBacklog.
 */
import { describe, expect, it } from 'vitest';
import { commitBacklog, inFlightLimit, SMALL_RUN_AGENT_TICKS } from '../../src/study/runner.js';
import { COMMIT_ROWS } from '../../src/study/store.js';

const sc = (agents: number, ticks: number) => ({ agents, ticks }) as never;

describe('runs in flight', () => {
  it('8 per worker when every scenario is a small world, 2 per worker otherwise', () => {
    expect(inFlightLimit({ scenarios: [sc(100, 52)] }, 2)).toBe(16);
    expect(inFlightLimit({ scenarios: [sc(SMALL_RUN_AGENT_TICKS / 10, 10)] }, 3)).toBe(24); // exactly at the bound
    expect(inFlightLimit({ scenarios: [sc(2000, 520)] }, 2)).toBe(4); // the default study: 1.04 M agent-ticks
    expect(inFlightLimit({ scenarios: [sc(100, 52), sc(2000, 520)] }, 4)).toBe(8); // one large scenario decides
  });

  it('beyond those, finished runs waiting for their transaction: two transactions\' worth for small worlds, as many as run at once otherwise', () => {
    expect(commitBacklog({ scenarios: [sc(100, 52)] }, 16)).toBe(2 * COMMIT_ROWS);
    expect(commitBacklog({ scenarios: [sc(100, 52)] }, 8 * 32)).toBe(8 * 32); // 32 workers: the in-flight limit is larger
    expect(commitBacklog({ scenarios: [sc(2000, 520)] }, 4)).toBe(4);
  });
});
