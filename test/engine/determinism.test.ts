import { describe, expect, it } from 'vitest';
import { chooseMode, SHARD_THRESHOLD } from '../../src/engine/run.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { runScenario } from '../../src/scenarios/run.js';
import { scenarioFrom } from '../../src/scenarios/load.js';
import type { ResolvedScenario } from '../../src/scenarios/schema.js';

// Worlds large enough that every shard of every population holds agents at W = 4.
const cases: Array<[string, ResolvedScenario]> = [
  ['the seed model (13 populations, traits)', scenarioFrom({ agents: 6000, ticks: 80, seed: 42 })],
  ['a threshold cascade on an Erdős–Rényi network', scenarioFrom({
    model: 'cascades', agents: 6000, ticks: 40, seed: 42,
    populations: { agents: { rule: { kind: 'threshold', threshold: { kind: 'uniform', min: 0.05, max: 0.4 }, seeds: { count: 30 } }, network: { kind: 'erdos-renyi', meanDegree: 4 } } },
  })],
  ['a Prisoner\'s Dilemma on a Watts–Strogatz network (Bush–Mosteller, local payoffs)', scenarioFrom({
    model: 'games', agents: 6000, ticks: 60, seed: 42,
    populations: { players: { network: { kind: 'watts-strogatz', k: 8, p: 0.1 }, noise: 0.2 } },
  })],
  ['three conventions on a small world (Roth–Erev, the WebAssembly network kernel in the shared arena)', scenarioFrom({
    model: 'conventions', agents: 6000, ticks: 60, seed: 42,
  })],
];

describe('determinism across workers and modes', () => {
  for (const [what, sc] of cases) {
    it(`one digest for inline, whole-in-a-worker and sharded runs at 1, 2, 3 and 4 workers: ${what}`, async () => {
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
          expect(r.networks).toEqual(inline.networks);
        }
      } finally {
        await pool.destroy();
      }
      expect([...digests]).toEqual([inline.digest]);
    });
  }

  it('gives different digests for different seeds, and the same digest when repeated', async () => {
    const sc = cases[1]![1];
    const a = await runScenario(sc, { mode: 'inline' });
    const b = await runScenario({ ...sc, seed: 43 }, { mode: 'inline' });
    const c = await runScenario(sc, { mode: 'inline' });
    expect(a.digest).not.toBe(b.digest);
    expect(a.networks[0]!.edges).not.toBe(b.networks[0]!.edges);
    expect(c.digest).toBe(a.digest);
  });

  it('chooses sharding by size only when more than one worker is asked for', () => {
    expect(chooseMode(SHARD_THRESHOLD, 2)).toBe('sharded');
    expect(chooseMode(SHARD_THRESHOLD - 1, 2)).toBe('whole');
    expect(chooseMode(10 * SHARD_THRESHOLD, 1)).toBe('whole');
    expect(chooseMode(100, 4, 'sharded')).toBe('sharded');
  });
});
