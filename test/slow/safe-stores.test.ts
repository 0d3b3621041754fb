/**
 * Stores that cannot lose work, end to end through the CLI with real processes: --overwrite of
 * a store another study is writing is refused (the writer keeps its results and reports only its
 * own); a store replaced after a study closed it is never reported as that study's; a store
 * whose directory is removed mid-study stops the study with exit 4. Bad output paths are in
 * test/cli/paths.test.ts; the full-disk case (a real tmpfs) is in test/slow/full-disk.test.ts.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { summarize } from '../../src/study/summary.js';
import { fractable } from '../helpers.js';
import { query, startCli, studyDir } from '../study/helpers.js';

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at \S+ \(|node:internal/);

// one scenario of 200 agents × 104 ticks: 200 replicates on one worker run long enough for a second process to meet them running
const slowStudy = (name: string, replicates: number) => `name: ${name}\nseed: 7\nreplicates: ${replicates}\nscenarios: [c.yaml]\nrecord: [outcome, metrics, series]\nseries: { every: 4 }\n`;
const files = (o: Record<string, string>) => ({ 'c.yaml': 'name: c\nagents: 200\nticks: 104\n', ...o });

describe('--overwrite and the study identity', () => {
  const dir = studyDir(files({ 'first.yaml': slowStudy('first', 200), 'second.yaml': slowStudy('second', 4) }));
  const db = join(dir, 'shared.duckdb');

  it('refuses to overwrite a store another process is writing (exit 2); the writer keeps its runs and reports only its own', async () => {
    const a = startCli(['--verbose', 'study', join(dir, 'first.yaml'), '--out', db, '--workers', '1', '--no-progress']);
    await a.stored(2);
    const b = fractable(['study', join(dir, 'second.yaml'), '--out', db, '--overwrite', '--workers', '1', '--quiet']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/shared\.duckdb: expected a store no other process is using, found it locked by another process.*--overwrite replaces only a fractable store that no process is using/);
    noStack(b.stderr);
    // merge --overwrite onto it is refused the same way (checked before any input is read)
    const m = fractable(['merge', join(dir, 'second.yaml'), '--out', db, '--overwrite']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/shared\.duckdb: expected a store no other process is using, found it locked by another process.*--overwrite replaces only a store that no process is using/);
    a.child.kill('SIGINT'); // the writer is still running (a 200-run study): stop it to keep the test short
    const ra = await a.exit;
    expect(ra.code).toBe(130);
    const n = Number(/stopped: (\d+) of 200 runs are stored in \S*shared\.duckdb/.exec(ra.stderr)?.[1]);
    expect(n).toBeGreaterThanOrEqual(2);
    const [row] = await query(db, 'SELECT name, instance, (SELECT count(*) FROM runs)::INTEGER AS n FROM study');
    expect(row).toMatchObject({ name: 'first', n });
    expect(String(row!.instance)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('once free, --overwrite replaces the store under its lock with a new study instance; a summary asked for the old instance is refused', async () => {
    const [before] = await query(db, 'SELECT instance FROM study');
    const b = fractable(['study', join(dir, 'second.yaml'), '--out', db, '--overwrite', '--workers', '1', '--quiet']);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/^study second /);
    const [after] = await query(db, 'SELECT name, instance, (SELECT count(*) FROM runs)::INTEGER AS n FROM study');
    expect(after).toMatchObject({ name: 'second', n: 4 });
    expect(after!.instance).not.toBe(before!.instance);
    // what the first study's process does at its end: the summary of the store it wrote, by instance
    const err = await summarize(db, { instance: String(before!.instance) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/expected the store this study wrote .*found another study's .*"second"/);
    expect((await summarize(db, { instance: String(after!.instance) })).runs).toBe(4);
  });

  it('--overwrite refuses a DuckDB file that is not a fractable store', async () => {
    const foreign = join(dir, 'foreign.duckdb');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(foreign);
    const c = await inst.connect();
    await c.run('CREATE TABLE measurements (x INTEGER)');
    c.closeSync(); inst.closeSync();
    const r = fractable(['study', join(dir, 'second.yaml'), '--out', foreign, '--overwrite', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/foreign\.duckdb: expected a fractable results store, found a DuckDB database with no study table \(tables: measurements\); --overwrite replaces only a fractable store/);
    expect(await query(foreign, 'SELECT count(*)::INTEGER AS n FROM measurements')).toEqual([{ n: 0 }]);
  });
});

describe('a store whose directory is removed while the study writes it', () => {
  it('stops the study with exit 4 and says the runs went with it; no stack trace', async () => {
    const dir = studyDir(files({ 'first.yaml': slowStudy('first', 200) }));
    const sub = join(dir, 'results');
    const a = startCli(['--verbose', 'study', join(dir, 'first.yaml'), '--out', join(sub, 'x.duckdb'), '--workers', '1', '--no-progress']);
    await a.stored(2);
    rmSync(sub, { recursive: true, force: true });
    const r = await a.exit;
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/x\.duckdb: the store's file was removed or replaced while the study wrote it/);
    expect(r.stderr).toMatch(/no longer exists, and the runs of this session went with it; start the study again/);
    expect(r.stderr).toMatch(/npx fractable study .*first\.yaml --out .*x\.duckdb\n/);
    noStack(r.stderr);
  });
});
