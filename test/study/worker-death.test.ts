/**
 * A worker that dies (out of memory under piscina's resourceLimits: the study's
 * `workerMemoryMb`) fails the run it held; the pool replaces the worker and the study goes on.
 *
 * The run exhausts memory through the test-only scenario hook `test.exhaustMemory`. The CLI
 * runs under an address-space cap (prlimit) where available, so that a hook that allocated
 * outside the JS heap could never take the machine's memory.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSeed } from '../../src/study/seeds.js';
import { cli } from '../helpers.js';
import { runsOf, studyDir } from './helpers.js';

const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

describe('a dying worker (end to end)', () => {
  it('fails only the run it held; the study goes on and exits 3', async () => {
    const dying = runSeed(3, 'x', 0, 2);
    const dir = studyDir({
      'x.yaml': `name: x\nagents: 100\nticks: 52\ntest:\n  exhaustMemory: true\n  onlySeeds: [${dying}]\n`,
      'study.yaml': 'name: oom\nseed: 3\nreplicates: 6\nscenarios: [a.yaml, x.yaml]\nworkerMemoryMb: 64\n',
    });
    const db = join(dir, 'oom.duckdb');
    const args = [cli, 'study', join(dir, 'study.yaml'), '--out', db, '--workers', '2', '--quiet'];
    const r = hasPrlimit
      ? spawnSync('prlimit', ['--as=6000000000', process.execPath, ...args], { encoding: 'utf8', timeout: 120_000 })
      : spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(3);
    const rows = await runsOf(db);
    expect(rows).toHaveLength(12);
    const failed = rows.filter((x) => x.status === 'failed');
    expect(failed).toHaveLength(1);
    expect([failed[0]!.scenario, failed[0]!.replicate]).toEqual(['x', 2]);
    expect(failed[0]!.error).toMatch(/^worker died: .*memory/i);
    expect(rows.filter((x) => x.status === 'ok')).toHaveLength(11); // runs after the death ran on the replacement worker
    expect(r.stdout).toContain('failed runs (1):');
  });
});
