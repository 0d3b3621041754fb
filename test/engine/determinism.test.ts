import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { scenarioFrom } from '../../src/scenarios/load.js';

// A world large enough that every shard of every population holds agents at W = 4.
const sc = scenarioFrom({ agents: 6000, ticks: 80, seed: 42 });

describe('determinism across workers and modes', () => {
  it('gives one digest for inline, whole-in-a-worker and sharded runs at 1, 2, 3 and 4 workers', async () => {
    const digests = new Set<string>();
    const inline = await runScenario(sc, { mode: 'inline' });
    digests.add(inline.digest);
    digests.add((await runScenario(sc, { mode: 'whole' })).digest);
    const pool = new WorkerPool({ workers: 4 });
    try {
      for (const workers of [1, 2, 3, 4]) {
        const r = await runScenario(sc, { mode: 'sharded', workers, pool });
        digests.add(r.digest);
        expect(r.final).toEqual(inline.final);
        expect(r.outcome).toEqual(inline.outcome);
        expect(r.events).toEqual(inline.events);
      }
    } finally {
      await pool.destroy();
    }
    expect([...digests]).toEqual([inline.digest]);
  });

  it('gives different digests for different seeds, and the same digest when repeated', async () => {
    const a = await runScenario(sc, { mode: 'inline' });
    const b = await runScenario({ ...sc, seed: 43 }, { mode: 'inline' });
    const c = await runScenario(sc, { mode: 'inline' });
    expect(a.digest).not.toBe(b.digest);
    expect(c.digest).toBe(a.digest);
  });

  it('chooses sharding by size only when more than one worker is asked for', async () => {
    const { chooseMode, SHARD_THRESHOLD } = await import('../../src/engine/run.js');
    expect(chooseMode(SHARD_THRESHOLD, 2)).toBe('sharded');
    expect(chooseMode(SHARD_THRESHOLD - 1, 2)).toBe('whole');
    expect(chooseMode(10 * SHARD_THRESHOLD, 1)).toBe('whole');
    expect(chooseMode(100, 4, 'sharded')).toBe('sharded');
  });
});
