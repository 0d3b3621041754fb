/**
 * Merging an array's shards, end to end through the CLI: completeness (missing shard,
 * incomplete shard and how many runs it lacks), the refusal and the `sbatch --array=…` line
 * that re-runs only those tasks, `merge --check`, `--partial` (recorded in the study table,
 * cleared by the --resume that completes it), directories and globs, every study table copied
 * (the events table included), different splits refused; and `fractable status` of the same
 * directory, then of a store a running study holds (read from its status file) and of one
 * whose study was killed.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkStores, mergeStores } from '../../src/study/merge.js';
import type { Shard } from '../../src/study/plan.js';
import { runStudy } from '../../src/study/runner.js';
import { planSlurm, writeSlurmScript } from '../../src/study/slurm.js';
import { loadStudy } from '../../src/study/spec.js';
import { formatStatus, readStatuses, type StatusReport } from '../../src/study/status.js';
import { fractable } from '../helpers.js';
import { query, runsOf, startCli, studyDir, table } from '../study/helpers.js';

const STUDY = `name: sm
seed: 21
replicates: 12
scenarios: [a.yaml]
record: [outcome, metrics, series, events]
series: { every: 26, variables: [tension, phase] }
`;

async function exec(db: string, ...sql: string[]): Promise<void> {
  const inst = await DuckDBInstance.create(db);
  const c = await inst.connect();
  try { for (const s of sql) await c.run(s); } finally { c.closeSync(); inst.closeSync(); }
}

describe('merge of an array: completeness, --check, --partial, every table (end to end)', () => {
  const dir = studyDir({ 'study.yaml': STUDY });
  const file = join(dir, 'study.yaml');
  const arr = join(dir, 'arr');
  const whole = join(dir, 'whole.duckdb');
  const shard = (i: number) => join(arr, `sm.shard-${i}-of-4.duckdb`);
  const script = join(arr, 'sm.sbatch');

  const study = loadStudy(file);
  const run = (out: string, shard: Shard | null, resume = false) => runStudy(study, { out, workers: 1, shard, resume, statusFile: false });

  beforeAll(async () => {
    writeSlurmScript(planSlurm(study, { tasks: 4, workers: 1, dir: arr }));
    await run(whole, null);
    for (const i of [1, 2, 4]) await run(shard(i), { index: i, count: 4 });
    // shard 2 (runs 1, 5, 9) loses run 5, as if its task had been killed before storing it
    await exec(shard(2), 'DELETE FROM series WHERE run_id = 5', 'DELETE FROM runs WHERE run_id = 5');
    await exec(shard(2), 'DELETE FROM events WHERE run_id = 5');
    // a table an analysis added to one shard
    await exec(shard(1), 'CREATE TABLE sensitivity (x INTEGER)');
  });

  it('refuses an incomplete set with what is missing and the sbatch line that re-runs only those tasks', () => {
    const out = join(dir, 'refused.duckdb');
    const r = fractable(['merge', arr, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`shard 2/4: 2 of 3 runs (lacks 1)  ${shard(2)}`);
    expect(r.stderr).toContain('shard 3/4: missing (lacks 3)');
    expect(r.stderr).toContain('incomplete: 8 of 12 runs; 4 missing, 1 shard(s) absent, 1 store(s) incomplete');
    expect(r.stderr).toContain(`re-run only the missing and incomplete tasks:\n  sbatch --array=1-2 ${script}\n`);
    expect(r.stderr).toContain('fractable: merge: expected every run of study "sm" (12), found 8 (4 missing; shard(s) 3 of 4 absent; 1 store(s) incomplete); re-run what is missing (above), or merge what there is with --partial');
    expect(existsSync(out)).toBe(false);
  });

  it('merge --check reports without writing (exit 3), also as JSON, from a glob', () => {
    const r = fractable(['merge', join(arr, '*.duckdb'), '--check', '--json']);
    expect(r.code).toBe(3);
    const c = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(c).toMatchObject({ study: 'sm', runs_total: 12, shards: 4, missing: [3], runs: 8, lacks: 4, complete: false, rerun: [`sbatch --array=1-2 ${script}`] });
    expect(c.incomplete).toEqual([{ file: shard(2), shard: '2/4', lacks: 1 }]);
    expect((c.tables as string[]).sort()).toEqual(['design', 'events', 'runs', 'series', 'study']);
  });

  it('fractable status of the directory: per shard done/total, failed, last write, the missing one, the re-run line', () => {
    const r = fractable(['status', arr, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { studies: { shards: number; runs_total: number; missing: number[]; incomplete: number[]; resubmit: string; stores: Record<string, unknown>[] }[] };
    expect(s.studies).toHaveLength(1);
    const st = s.studies[0]!;
    expect(st).toMatchObject({ shards: 4, runs_total: 12, missing: [3], incomplete: [2], resubmit: `sbatch --array=1-2 ${script}` });
    expect(st.stores.map((x) => [x.shard, x.done, x.total, x.failed, x.writing, x.source, x.state])).toEqual([
      ['1/4', 3, 3, 0, false, 'store', 'complete'], ['2/4', 2, 3, 0, false, 'store', 'incomplete'], ['4/4', 3, 3, 0, false, 'store', 'complete'],
    ]);
    for (const x of st.stores) expect(Date.parse(String(x.last_write))).toBeGreaterThan(Date.now() - 3_600_000);
    const text = formatStatus(JSON.parse(r.stdout) as StatusReport);
    expect(text).toMatch(/3\/4\s+missing/);
    expect(text).toContain(`re-run the missing and incomplete tasks`);
  });

  it('--partial merges what there is, says so in the study table; --resume completes it into the one-machine store', async () => {
    const part = join(dir, 'part.duckdb');
    const r = fractable(['merge', shard(4), join(arr, 'sm.shard-[12]-of-4.duckdb'), '--out', part, '--partial']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('merged 3 store(s) into');
    expect(r.stdout).toContain('8 of 12 runs (partial: recorded in the study table');
    expect((await query(part, 'SELECT partial, shard FROM study'))[0]).toEqual({ partial: true, shard: null });
    // every study table is copied, with every input's rows (the events of each run); tables analyses added are not
    const rowsOf = async (dbs: string[]) => (await Promise.all(dbs.map((d) => table(d, 'events', 'ALL')))).flat().map((r) => JSON.stringify(r)).sort();
    const events = await rowsOf([part]);
    expect(events.length).toBeGreaterThan(0);
    expect(events).toEqual(await rowsOf([shard(1), shard(2), shard(4)]));
    expect((await query(part, "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'sensitivity'"))[0]!.n).toBe(0);
    // keys kept: the merged store resumes like any store, and the run that was lost runs again
    const resumed = await run(part, null, true);
    expect(resumed.ranNow).toBe(4);
    expect((await query(part, 'SELECT partial FROM study'))[0]!.partial).toBe(false);
    expect(await runsOf(part)).toEqual(await runsOf(whole));
    expect(await table(part, 'series', 'run_id, tick')).toEqual(await table(whole, 'series', 'run_id, tick'));
    expect(await table(part, 'design', 'design_point')).toEqual(await table(whole, 'design', 'design_point'));
  });

  it('refuses shards of different splits and inputs with different study tables', async () => {
    const other = join(dir, 'split3');
    mkdirSync(other, { recursive: true });
    await run(join(other, 's3.duckdb'), { index: 3, count: 3 });
    await expect(mergeStores([shard(1), join(other, 's3.duckdb')], join(dir, 'mixed.duckdb'), { partial: true }))
      .rejects.toThrow('expected a shard of 4 (as sm.shard-1-of-4.duckdb: shard 1/4), found shard 3/3: shards of different splits cannot be merged');
    const lone = join(dir, 'lone.duckdb'), bare = join(dir, 'bare.duckdb');
    await run(lone, { index: 3, count: 4 });
    copyFileSync(lone, bare);
    await exec(bare, 'DROP TABLE events');
    await expect(mergeStores([shard(1), bare], join(dir, 'mixed2.duckdb'), { partial: true }))
      .rejects.toThrow(`${bare}: expected the tables of sm.shard-1-of-4.duckdb (design, events, runs, series, study), found design, runs, series, study`);
  });

  it('the completed set merges and equals the one-machine store', async () => {
    copyFileSync(join(dir, 'lone.duckdb'), shard(3));
    await run(shard(2), { index: 2, count: 4 }, true);
    const all = join(dir, 'all.duckdb');
    const r = fractable(['merge', arr, '--out', all]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('complete: 12 of 12 runs');
    expect((await checkStores([arr + '/sm.shard-1-of-4.duckdb', shard(2), shard(3), shard(4)])).complete).toBe(true);
    expect(await runsOf(all)).toEqual(await runsOf(whole));
    expect(await table(all, 'series', 'run_id, tick')).toEqual(await table(whole, 'series', 'run_id, tick'));
    // every column but the instance id: each store is a study instance of its own
    expect(await table(all, 'study', 'name', ['instance'])).toEqual(await table(whole, 'study', 'name', ['instance']));
    const ids = await Promise.all([all, shard(2), shard(4)].map(async (f) => String((await query(f, 'SELECT instance FROM study'))[0]!.instance)));
    expect(new Set(ids).size).toBe(3); // the merged store is an instance of its own, not shard 1's
    expect(await table(all, 'events', 'ALL')).toEqual(await table(whole, 'events', 'ALL'));
  });
});

describe('fractable status of a store a study is writing, and of one whose study was killed', () => {
  const dir = studyDir({ 'study.yaml': 'name: long\nseed: 2\nreplicates: 400\nscenarios: [a.yaml, b.yaml]\n' });
  const db = join(dir, 'long.duckdb');

  it('reads the status file while the store is locked, and the store once the writer is gone', async () => {
    const p = startCli(['study', join(dir, 'study.yaml'), '--out', db, '--workers', '1', '--verbose', '--no-summary']);
    await p.stored(5);
    expect(formatStatus(await readStatuses([db]))).toMatch(new RegExp(`yes \\(pid ${p.child.pid} on `));
    // as from another host (no pid to check there): the read-only open fails on DuckDB's lock, and the status file is read
    const s = (await readStatuses([db], { checkPids: false })).studies[0]!.stores[0]!;
    expect(s).toMatchObject({ source: 'status file', writing: true, state: 'running', shard: null, total: 800, pid: p.child.pid });
    expect(Number(s.done)).toBeLessThan(800);
    p.child.kill('SIGKILL');
    await p.exit;
    const k = (await readStatuses([db])).studies[0]!.stores[0]!;
    expect(k).toMatchObject({ source: 'store', writing: false, state: 'killed', total: 800 });
    expect(Number(k.done)).toBeGreaterThanOrEqual(5);
    expect(String(k.note)).toContain('says running, but no process holds the store: the process was killed');
  });
});
