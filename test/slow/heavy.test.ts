/**
 * Heavier checks, run by `npm run test:slow` (and CI), not by `npm test`:
 * determinism of a world large enough to be sharded by default. The seed's claims at the default
 * world size are in claims.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSeed } from '../../src/study/seeds.js';
import { cli } from '../helpers.js';
import { runsOf, studyDir } from '../study/helpers.js';
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

  it('a poison run in a sharded world of a study fails only that run; a sound large run keeps its digest', async () => {
    // replicate 0 of `big` exhausts the heap in the model's update; replicate 1 runs soundly
    const poisoned = runSeed(4, 'big', 0, 0);
    const dir = studyDir({
      'big.yaml': `name: big\nagents: ${SHARD_THRESHOLD}\nticks: 4\ntest:\n  exhaustMemory: true\n  onlySeeds: [${poisoned}]\n`,
      'study.yaml': 'name: poison\nseed: 4\nreplicates: 2\nscenarios: [a.yaml, big.yaml]\nworkerMemoryMb: 64\n',
    });
    const db = join(dir, 'p.duckdb');
    const args = [cli, 'study', join(dir, 'study.yaml'), '--out', db, '--workers', '2', '--quiet'];
    const prlimit = spawnSync('prlimit', ['--version']).status === 0;
    const r = prlimit
      ? spawnSync('prlimit', ['--as=12000000000', process.execPath, ...args], { encoding: 'utf8', timeout: 300_000 })
      : spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stderr).toBe(3);
    const rows = await runsOf(db);
    expect(rows.map((x) => [x.scenario, x.replicate, x.status])).toEqual([['a', 0, 'ok'], ['big', 0, 'failed'], ['a', 1, 'ok'], ['big', 1, 'ok']]);
    expect(rows[1]!.error).toMatch(/^worker died: .*memory/i);
    // the sound large run ran sharded inside a worker: the same digest as on this thread
    const sound = scenarioFrom({ agents: SHARD_THRESHOLD, ticks: 4, seed: Number(rows[3]!.seed) });
    expect(rows[3]!.digest).toBe((await runScenario({ ...sound, name: 'big' }, { mode: 'inline' })).digest);
  }, 600_000);
});
