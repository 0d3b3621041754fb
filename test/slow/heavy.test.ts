/**
 * Heavier checks, run by `npm run test:slow` (and CI), not by `npm test`:
 * determinism of a world large enough to be sharded by default. The seed's claims at the default
 * world size are in claims.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { SHARD_THRESHOLD } from '../../src/engine/run.js';
import { runScenario } from '../../src/scenarios/run.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { scenarioFrom } from '../../src/scenarios/load.js';

describe('large worlds', () => {
  it(`a ${SHARD_THRESHOLD + 50_000}-agent world gives one digest whole and sharded over 2, 3 and 4 workers`, async () => {
    const sc = scenarioFrom({ agents: SHARD_THRESHOLD + 50_000, ticks: 30, seed: 77 });
    const whole = await runScenario(sc, { mode: 'whole' });
    const pool = new WorkerPool({ workers: 4 });
    try {
      for (const workers of [2, 3, 4]) {
        const r = await runScenario(sc, { workers, pool });
        expect(r.mode).toBe('sharded');
        expect(r.digest).toBe(whole.digest);
      }
    } finally {
      await pool.destroy();
    }
  }, 600_000);
});
