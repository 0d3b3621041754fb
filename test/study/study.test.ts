/**
 * `fractable study` end to end through the compiled CLI: results independent of the worker
 * count, existing stores refused, a crashing run recorded as failed (exit 3), summary and
 * export read back.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { wilson } from '../../src/analysis/index.js';
import { runSeed } from '../../src/study/seeds.js';
import { fractable } from '../helpers.js';
import { designStudy, query, runsOf, studyDir, table } from './helpers.js';

describe('fractable study (end to end)', () => {
  const dir = studyDir({ 'study.yaml': designStudy('e2e', 4) }); // 2 scenarios × 3 points × 4 replicates = 24 runs
  const one = join(dir, 'one.duckdb'), two = join(dir, 'two.duckdb');
  let first: ReturnType<typeof fractable>;

  beforeAll(() => {
    first = fractable(['study', join(dir, 'study.yaml'), '--out', one, '--workers', '1', '--quiet']);
  });

  it('stores every run and prints the summary; the runs table does not depend on the worker count', async () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('24 of 24 runs stored, 0 failed');
    const r = fractable(['study', join(dir, 'study.yaml'), '--out', two, '--workers', '3', '--quiet', '--no-summary']);
    expect(r.code).toBe(0);
    const a = await runsOf(one), b = await runsOf(two);
    expect(a).toHaveLength(24);
    expect(b).toEqual(a);
    expect(await table(two, 'series', 'run_id, tick')).toEqual(await table(one, 'series', 'run_id, tick'));
    expect(await table(two, 'design', 'design_point')).toEqual(await table(one, 'design', 'design_point'));
    // identity, seeds and design columns as documented
    const row = a[13]!;
    expect([row.replicate, row.scenario, row.design_point]).toEqual([2, 'a', 1]);
    expect(String(row.seed)).toBe(String(runSeed(11, 'a', 1, 2)));
    expect(row.status).toBe('ok');
    expect(row['credibility.reversalAppeal']).toBeTypeOf('number');
    expect(row.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(a.map((x) => x.seed)).size).toBe(24);
    for (const k of ['final_tension', 'share_iran_leader_accept', 'events_election', 'outcome_tick']) expect(row).toHaveProperty(k);
    const wall = await query(one, 'SELECT min(wall_ms) AS lo FROM runs');
    expect(Number(wall[0]!.lo)).toBeGreaterThan(0);
    const series = await query(one, 'SELECT count(*)::INTEGER AS n, min(tick)::INTEGER AS t0, max(tick)::INTEGER AS t1 FROM series WHERE run_id = 0');
    expect(series[0]).toEqual({ n: 7, t0: 0, t1: 51 }); // every 10th tick and the last
  });

  it('refuses to run into an existing store without --resume (exit 2) and leaves it untouched', async () => {
    const before = await runsOf(one);
    const r = fractable(['study', join(dir, 'study.yaml'), '--out', one, '--workers', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected a new results store, found an existing one; use --resume');
    expect(await runsOf(one)).toEqual(before);
    // --resume on a complete store runs nothing; on a store of another study it is refused
    const again = fractable(['study', join(dir, 'study.yaml'), '--out', one, '--resume', '--quiet', '--no-summary']);
    expect(again.code).toBe(0);
    expect(await runsOf(one)).toEqual(before);
    writeFileSync(join(dir, 'other.yaml'), designStudy('e2e', 5));
    const other = fractable(['study', join(dir, 'other.yaml'), '--out', one, '--resume']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/expected a store of this study .* found study "e2e" with spec hash/);
  });

  it('summary prints outcome shares with 95% Wilson intervals per scenario and per design point', async () => {
    const r = fractable(['summary', one]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('outcome shares per scenario, with 95% Wilson intervals');
    expect(r.stdout).toContain('outcome shares per design point');
    const counts = await query(one, "SELECT count(*) FILTER (WHERE outcome = 'stalemate')::INTEGER AS k, count(*)::INTEGER AS n FROM runs WHERE scenario = 'a'");
    const { k, n } = counts[0] as { k: number; n: number };
    const w = wilson(k, n);
    // the label columns may wrap into a second block (100 columns): the share is on one of a's lines
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('a '));
    expect(lines.some((l) => l.includes(`${(100 * w.p).toFixed(1)}% [${(100 * w.lo).toFixed(1)}, ${(100 * w.hi).toFixed(1)}]`))).toBe(true);
    for (const l of r.stdout.split('\n').slice(0, 12)) expect(l.length).toBeLessThanOrEqual(100);
    const json = JSON.parse(fractable(['summary', one, '--json']).stdout);
    expect(json.byScenario.map((s: { scenario: string }) => s.scenario)).toEqual(['a', 'b']);
    expect(json.byPoint).toHaveLength(6);
    expect(json.byScenario[0].outcomes.stalemate.lo).toBeCloseTo(w.lo, 12);
  });

  it('export writes every table as parquet and csv that DuckDB reads back with the right row counts', async () => {
    for (const format of ['parquet', 'csv'] as const) {
      const out = join(dir, `export-${format}`);
      const r = fractable(['export', one, '--format', format, '--out', out]);
      expect(r.code).toBe(0);
      const reader = format === 'parquet' ? 'read_parquet' : 'read_csv_auto';
      for (const [t, n] of [['runs', 24], ['series', 24 * 7], ['design', 3], ['study', 1]] as const) {
        const file = join(out, `${t}.${format}`);
        expect(existsSync(file)).toBe(true);
        const rows = await query(one, `SELECT count(*)::INTEGER AS n FROM ${reader}('${file}')`);
        expect(rows[0]!.n).toBe(n);
      }
      const back = await query(one, `SELECT run_id::INTEGER AS run_id, seed::BIGINT AS seed, outcome, "proxies.militiaAutonomy" FROM ${reader}('${join(out, `runs.${format}`)}') ORDER BY run_id`);
      const orig = await query(one, 'SELECT run_id, seed, outcome, "proxies.militiaAutonomy" FROM runs ORDER BY run_id');
      expect(back).toEqual(orig);
    }
    expect(readFileSync(join(dir, 'export-csv', 'runs.csv'), 'utf8').split('\n')[0]).toMatch(/^run_id,design_point,replicate,scenario,seed,/);
    expect(fractable(['export', one, '--format', 'xlsx']).code).toBe(2);
    expect(fractable(['export', join(dir, 'missing.duckdb')]).code).toBe(2);
  });

  it('a run that throws is recorded as failed with its error; the study goes on and exits 3', async () => {
    const failing = [runSeed(11, 'f', 0, 1), runSeed(11, 'f', 0, 4)];
    writeFileSync(join(dir, 'f.yaml'), `name: f\nagents: 100\nticks: 52\ntest:\n  failAtTick: 7\n  onlySeeds: [${failing.join(', ')}]\n`);
    writeFileSync(join(dir, 'fail.yaml'), 'name: fail\nseed: 11\nreplicates: 6\nscenarios: [a.yaml, f.yaml]\n');
    const db = join(dir, 'fail.duckdb');
    const r = fractable(['study', join(dir, 'fail.yaml'), '--out', db, '--workers', '2', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('failed runs (2):');
    expect(r.stdout).toContain('test hook: run fails at tick 7');
    expect(r.stderr).toContain('2 run(s) failed');
    const rows = await runsOf(db);
    expect(rows).toHaveLength(12);
    const failed = rows.filter((x) => x.status === 'failed');
    expect(failed.map((x) => [x.scenario, x.replicate])).toEqual([['f', 1], ['f', 4]]);
    expect(failed[0]!.error).toBe('test hook: run fails at tick 7');
    expect(failed[0]!.outcome).toBeNull();
    expect(rows.filter((x) => x.status === 'ok')).toHaveLength(10);
    const s = fractable(['summary', db]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/run \d+ \(f, point 0, replicate 1, seed \d+\): test hook: run fails at tick 7/);
  });

  it('large worlds are sharded across the pool tick by tick, with the same results as whole runs', async () => {
    writeFileSync(join(dir, 'big.yaml'), 'name: big\nseed: 2\nagents: 200000\nticks: 3\nreplicates: 2\nscenarios: [a.yaml]\nrecord: [outcome, metrics, series]\n');
    const whole = join(dir, 'big-whole.duckdb'), sharded = join(dir, 'big-sharded.duckdb');
    expect(fractable(['study', join(dir, 'big.yaml'), '--out', whole, '--workers', '1', '--quiet', '--no-summary']).code).toBe(0);
    expect(fractable(['study', join(dir, 'big.yaml'), '--out', sharded, '--workers', '2', '--quiet', '--no-summary']).code).toBe(0);
    const a = await runsOf(whole);
    expect(a).toHaveLength(2);
    expect(await runsOf(sharded)).toEqual(a);
    expect(await table(sharded, 'series', 'run_id, tick')).toEqual(await table(whole, 'series', 'run_id, tick'));
  });
});
