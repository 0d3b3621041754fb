/**
 * `fractable calibrate` killed (SIGKILL) while generation 1 runs, then resumed with another
 * worker count: the store ends exactly as an uninterrupted run's (particles, generations,
 * posterior, scorecard, knock-outs, every run's digest).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fractable } from '../helpers.js';
import { setup, snapshot } from '../cli/calibrate-helpers.js';

describe('fractable calibrate, killed and resumed', () => {
  it('resumes to the same store as an uninterrupted run', async () => {
    const dir = setup();
    const db = join(dir, 'out', 'tiny.duckdb');
    expect(fractable(['calibrate', join(dir, 'tiny.yaml'), '--out', db, '--workers', '2']).code).toBe(0);
    const a = await snapshot(db);
    const db2 = join(dir, 'out2', 'tiny.duckdb');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, 'calibrate', join(dir, 'tiny.yaml'), '--out', db2, '--workers', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/generation 1: [1-9]/.test(err)) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`expected the run to be killed, it exited ${code}: ${err}`))));
    });
    expect(existsSync(db2)).toBe(true);
    const resumed = fractable(['calibrate', join(dir, 'tiny.yaml'), '--out', db2, '--workers', '2', '--resume']);
    expect(resumed.code).toBe(0);
    expect(await snapshot(db2)).toEqual(a);
  }, 600_000);
});
