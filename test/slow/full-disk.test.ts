/**
 * A real full disk: a study writes its store on a 400 KiB tmpfs (mounted here; needs root), runs
 * out of space mid-study, and stops with exit 4, saying how many runs are stored and giving the
 * `npx fractable … --resume` line, without a stack trace. The store read back holds exactly that
 * many whole runs; once the tmpfs is grown, --resume completes it, and the runs table equals an
 * uninterrupted study's in every column but wall_ms. Skipped (with the reason) when not root or
 * when mount fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fractable } from '../helpers.js';
import { query, runsOf, studyDir, table } from '../study/helpers.js';

const STUDY = `name: full
seed: 3
replicates: 60
scenarios: [a.yaml]
record: [outcome, metrics, series, events]
series: { every: 1, variables: [tension, gap] }
`;

const dir = studyDir({ 'full.yaml': STUDY });
const disk = join(dir, 'disk');
mkdirSync(disk);
const mounted = process.getuid?.() === 0 ? spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', disk], { encoding: 'utf8' }) : null;
const why = mounted === null ? 'not root: a tmpfs cannot be mounted' : mounted.status !== 0 ? `mount failed: ${mounted.stderr.trim()}` : null;
if (why) console.warn(`full-disk test skipped: ${why}`);

describe.skipIf(why !== null)('a real full disk (tmpfs)', () => {
  afterAll(() => { spawnSync('umount', [disk]); });

  it('stops with exit 4, the stored count and the --resume line; the store is consistent; --resume completes it once there is space', async () => {
    const file = join(dir, 'full.yaml'), db = join(disk, 'full.duckdb');
    const r = fractable(['study', file, '--out', db, '--workers', '2', '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/full\.duckdb: could not be written: no space left on the device \(the disk is full\)/);
    const stored = Number(/stopped: (\d+) of 60 runs are stored in \S+full\.duckdb; the store is consistent \(whole runs only\)/.exec(r.stderr)?.[1]);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(60);
    expect(r.stderr).toMatch(/continue with:\n {2}npx fractable study \S*full\.yaml --out \S*full\.duckdb --resume\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at |node:internal/);
    // exactly the reported runs, each whole: series of every stored run, of no other
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM runs')).toEqual([{ n: stored }]);
    expect(await query(db, 'SELECT count(DISTINCT run_id)::INTEGER AS n, count(*) FILTER (WHERE run_id NOT IN (SELECT run_id FROM runs))::INTEGER AS orphans FROM series')).toEqual([{ n: stored, orphans: 0 }]);

    // the status file says the study failed (rewritten in place on the full disk), not that it was killed
    const st = fractable(['status', db, '--json']);
    expect(st.code).toBe(0);
    expect(JSON.parse(st.stdout).studies[0].stores[0]).toMatchObject({ done: stored, state: 'failed' });

    expect(spawnSync('mount', ['-o', 'remount,size=16m', disk]).status).toBe(0);
    const resumed = fractable(['study', file, '--out', db, '--workers', '2', '--quiet', '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('60 of 60 runs stored, 0 failed');
    const reference = join(dir, 'reference.duckdb');
    expect(fractable(['study', file, '--out', reference, '--workers', '2', '--quiet', '--no-summary']).code).toBe(0);
    expect(await runsOf(db)).toEqual(await runsOf(reference));
    expect(await table(db, 'series', 'run_id, tick')).toEqual(await table(reference, 'series', 'run_id, tick'));
  });
});
