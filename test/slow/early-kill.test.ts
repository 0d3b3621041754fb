/**
 * Resume after an early kill: a study killed (SIGKILL) within milliseconds of creating its
 * store leaves a file with no study in it yet (DuckDB's header only, or nothing at all). A plain
 * re-run refuses it and points at --resume; --resume starts the study in it. Killed for real at
 * several moments just after the file appears, and with the two shapes made by hand.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { cli, fractable, root } from '../helpers.js';
import { query, studyDir } from '../study/helpers.js';

const dir = studyDir({ 's.yaml': 'name: s\nseed: 1\nreplicates: 3\nscenarios: [a.yaml]\n' });
const file = join(dir, 's.yaml');
const resume = (db: string) => fractable(['study', file, '--out', db, '--resume', '--workers', '1', '--quiet', '--no-summary']);

describe('a store that holds no study yet', () => {
  it('an empty DuckDB file: a plain run points at --resume (exit 2); --resume starts the study in it', async () => {
    const db = join(dir, 'empty.duckdb');
    const inst = await DuckDBInstance.create(db);
    inst.closeSync();
    const plain = fractable(['study', file, '--out', db, '--quiet']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('empty.duckdb: expected a new results store, found an existing one; use --resume to continue it');
    const status = fractable(['status', db]);
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/empty\.duckdb: expected a fractable results store, found an empty database with no study yet \(a study killed as it started\? --resume starts it again\)/);
    expect(resume(db).code).toBe(0);
    expect(await query(db, 'SELECT name, (SELECT count(*) FROM runs)::INTEGER AS n FROM study')).toEqual([{ name: 's', n: 3 }]);
  });

  it('a zero-byte file (killed before DuckDB wrote a byte): --resume starts the study', async () => {
    const db = join(dir, 'zero.duckdb');
    writeFileSync(db, '');
    expect(resume(db).code).toBe(0);
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM runs')).toEqual([{ n: 3 }]);
  });

  it('killed with SIGKILL 0 and 10 ms after the store appears: --resume completes each', async () => {
    for (const delay of [0, 10]) {
      const db = join(dir, `killed-${delay}.duckdb`);
      const c = spawn(process.execPath, [cli, 'study', file, '--out', db, '--workers', '1', '--quiet'], { cwd: root, stdio: 'ignore' });
      await new Promise<void>((resolve) => {
        const t = setInterval(() => { if (existsSync(db)) { clearInterval(t); setTimeout(resolve, delay); } }, 1);
        c.on('close', () => { clearInterval(t); resolve(); });
      });
      c.kill('SIGKILL');
      await new Promise((resolve) => { if (c.exitCode !== null || c.signalCode !== null) resolve(null); else c.on('close', resolve); });
      const r = resume(db);
      expect(r.stderr, `delay ${delay} ms`).toBe('');
      expect(r.code).toBe(0);
      expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM runs')).toEqual([{ n: 3 }]);
    }
  });
});
