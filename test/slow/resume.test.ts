/**
 * Crash safety end to end: a real `fractable study` process is killed with SIGKILL mid-study
 * (after some runs are committed) and resumed; another is stopped with SIGINT and resumed.
 * Each time the final runs table equals the uninterrupted study's in every column but
 * wall_ms: no duplicate, no loss.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fractable } from '../helpers.js';
import { query, runsOf, startCli, studyDir, table } from '../study/helpers.js';

// 2 scenarios × 4 points × 30 replicates = 240 small runs with series: a few seconds
const STUDY = `name: crash
seed: 5
replicates: 30
scenarios: [a.yaml, b.yaml]
design:
  method: grid
  samples: 2
  parameters:
    proxies.militiaAutonomy: [0.2, 0.8]
    signals.unifiedCommand: [0.1, 0.9]
record: [outcome, metrics, series]
series: { every: 25 }
outputs:
  peak_tension: SELECT max(tension) FROM series
  quarters_tense: SELECT count(*) FROM series WHERE tension > 0.3
`;

describe('kill -9, Ctrl-C and --resume (end to end)', () => {
  const dir = studyDir({ 'study.yaml': STUDY });
  const file = join(dir, 'study.yaml');
  const reference = join(dir, 'reference.duckdb');

  beforeAll(() => {
    const r = fractable(['study', file, '--out', reference, '--workers', '2', '--quiet', '--no-summary']);
    expect(r.code).toBe(0);
  });

  it('a study killed with SIGKILL keeps every committed run; --resume runs only the rest', async () => {
    const db = join(dir, 'killed.duckdb');
    const p = startCli(['study', file, '--out', db, '--workers', '2', '--verbose', '--no-summary']);
    await p.stored(40);
    p.child.kill('SIGKILL');
    const killed = await p.exit;
    expect(killed.signal).toBe('SIGKILL');

    // what was committed survived the kill (DuckDB replays its write-ahead log on open)
    const partial = await query(db, 'SELECT count(*)::INTEGER AS n, count(DISTINCT run_id)::INTEGER AS d FROM runs');
    const n = partial[0]!.n as number;
    expect(n).toBeGreaterThanOrEqual(40);
    expect(n).toBeLessThan(240);
    // never a half-written run: every stored run has all its series rows, and no series row lacks its run
    const orphans = await query(db, 'SELECT count(*)::INTEGER AS n FROM series WHERE run_id NOT IN (SELECT run_id FROM runs)');
    expect(orphans[0]!.n).toBe(0);
    const perRun = await query(db, 'SELECT count(*)::INTEGER AS n FROM runs r WHERE (SELECT count(*) FROM series s WHERE s.run_id = r.run_id) <> 4');
    expect(perRun[0]!.n).toBe(0);

    const resumed = fractable(['study', file, '--out', db, '--resume', '--workers', '1', '--quiet', '--no-summary']);
    expect(resumed.code).toBe(0);
    const rows = await runsOf(db);
    expect(rows).toHaveLength(240);
    expect(new Set(rows.map((r) => r.run_id)).size).toBe(240);
    expect(rows).toEqual(await runsOf(reference));
    expect(await table(db, 'series', 'run_id, tick')).toEqual(await table(reference, 'series', 'run_id, tick'));
    // the study's outputs (in the runs compared above) were computed for every run, before and after the kill
    expect(rows.every((r) => typeof r.peak_tension === 'number' && typeof r.quarters_tense === 'number')).toBe(true);
  });

  it('Ctrl-C stops cleanly with exit 130 and a message naming --resume; resuming completes the study', async () => {
    const db = join(dir, 'interrupted.duckdb');
    const p = startCli(['study', file, '--out', db, '--workers', '2', '--verbose', '--no-summary']);
    await p.stored(20);
    p.child.kill('SIGINT');
    const r = await p.exit;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('scheduling stopped');
    expect(r.stderr).toMatch(/stopped: \d+ of 240 runs are stored in .*interrupted\.duckdb; the store is consistent\. Continue with:\n {2}npx fractable study .*study\.yaml --out .*interrupted\.duckdb --resume/);
    const stored = (await query(db, 'SELECT count(*)::INTEGER AS n FROM runs'))[0]!.n as number;
    expect(stored).toBeGreaterThanOrEqual(20);
    expect(stored).toBeLessThan(240);
    const resumed = fractable(['study', file, '--out', db, '--resume', '--workers', '2', '--quiet', '--no-summary']);
    expect(resumed.code).toBe(0);
    expect(await runsOf(db)).toEqual(await runsOf(reference));
  });
});
