/**
 * `fractable replay STORE RUN_ID` through the CLI, on a small LHS design study (100 agents, 52
 * ticks): a replay rebuilds the run from the store alone (scenario, design values, seed) and
 * reproduces its stored digest; a store whose digest or design value was altered is caught
 * (exit 5); an unknown run id or store is bad input (exit 2).
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { fractable, tempDir } from '../helpers.js';
import { query } from '../report/helpers.js';

async function exec(db: string, sql: string): Promise<void> {
  const inst = await DuckDBInstance.create(db);
  const c = await inst.connect();
  try { await c.run(sql); } finally { c.closeSync(); inst.closeSync(); }
}

describe('fractable replay', () => {
  const dir = tempDir('fractable-replay-');
  const db = join(dir, 's.duckdb');
  let rows: Record<string, unknown>[] = [];

  beforeAll(async () => {
    writeFileSync(join(dir, 'study.yaml'), `name: replay-lhs
seed: 5
agents: 100
ticks: 52
replicates: 2
scenarios: [baseline, maximum-clarity]
design:
  method: lhs
  samples: 3
  parameters:
    credibility.reversalAppeal: [0.05, 0.6]
    table.concession: [0.01, 0.1]
`);
    const r = fractable(['study', join(dir, 'study.yaml'), '--out', db, '--workers', '2', '--quiet', '--no-summary']);
    if (r.code !== 0) throw new Error(r.stderr);
    rows = await query(db, 'SELECT run_id, scenario, design_point, seed::VARCHAR AS seed, digest, "credibility.reversalAppeal" AS a, "table.concession" AS c FROM runs ORDER BY run_id');
  }, 180_000);

  it('re-runs a run of a design study from the store and reproduces its digest (--json, --out, --report)', () => {
    expect(rows).toHaveLength(12);
    const target = rows.find((x) => x.scenario === 'maximum-clarity' && Number(x.design_point) === 2)!; // not the first design point
    const out = join(dir, 'out'), report = join(dir, 'run.html');
    const r = fractable(['replay', db, String(target.run_id), '--json', '--out', out, '--report', report, '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.match).toBe(true);
    expect(j.digest).toBe(target.digest);
    expect(j.scenario).toBe('maximum-clarity');
    expect(String(j.seed)).toBe(target.seed);
    expect(j.values).toEqual({ 'credibility.reversalAppeal': target.a, 'table.concession': target.c });
    // the run directory re-runs on its own to the same digest
    const again = JSON.parse(fractable(['run', join(out, 'scenario.yaml'), '--json', '--quiet']).stdout);
    expect(again.digest).toBe(target.digest);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain(String(target.digest));
    expect(html).toContain('<section id="shares">');
  });

  it('prints the digests in words and agrees for another run', () => {
    const r = fractable(['replay', db, '0', '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`stored digest ${rows[0]!.digest}`);
    expect(r.stdout).toContain('digests agree');
    expect(r.stdout).toMatch(/design values: credibility\.reversalAppeal = [\d.]+, table\.concession = [\d.]+/);
  });

  it('a store whose digest or design value was altered: exit 5 and a clear message', async () => {
    const bad = join(dir, 'bad.duckdb');
    copyFileSync(db, bad);
    await exec(bad, `UPDATE runs SET digest = '${'0'.repeat(64)}' WHERE run_id = 1`);
    const r = fractable(['replay', bad, '1', '--workers', '1']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`differs from the stored ${'0'.repeat(64)}`);
    // the replay applies the stored design values: another concession pace gives another run
    const moved = join(dir, 'moved.duckdb');
    copyFileSync(db, moved);
    await exec(moved, 'UPDATE runs SET "table.concession" = 0.3 WHERE run_id = 1');
    const m = fractable(['replay', moved, '1', '--workers', '1']);
    expect(m.code).toBe(5);
    expect(m.stderr).toContain(`differs from the stored ${rows[1]!.digest}`);
  });

  it('a run that failed in the study fails again in the replay, with the same error (exit 0)', () => {
    writeFileSync(join(dir, 'fail.yaml'), 'name: failing\nextends: baseline\nagents: 100\nticks: 52\ntest: { failAtTick: 7 }\n');
    writeFileSync(join(dir, 'fail-study.yaml'), 'name: failing-study\nscenarios: [fail.yaml]\n');
    const fdb = join(dir, 'fail.duckdb');
    expect(fractable(['study', join(dir, 'fail-study.yaml'), '--out', fdb, '--workers', '1', '--quiet', '--no-summary']).code).toBe(3);
    const r = fractable(['replay', fdb, '0', '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('it failed again, as it did in the study: test hook: run fails at tick 7');
  });

  it('an unknown run id or store: exit 2, one line, nothing written', () => {
    const out = join(dir, 'never');
    const stderr: string[] = [];
    for (const args of [[db, '12'], [db, '-1'], [join(dir, 'none.duckdb'), '0']]) {
      const r = fractable(['replay', ...args, '--out', out]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      stderr.push(r.stderr);
    }
    expect(stderr[0]).toContain('RUN_ID: expected the id of a stored run (12 stored, ids 0 to 11; the study plans 12), found 12');
    expect(stderr[2]).toContain('expected an existing results store, found no such file');
    expect(existsSync(out)).toBe(false);
  });
});
