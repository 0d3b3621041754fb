/**
 * Shards and merge end to end: shards 1/2 and 2/2 merged equal the one-machine study;
 * merge refuses shards of different studies and duplicates.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fractable } from '../helpers.js';
import { designStudy, query, runsOf, studyDir, table } from '../study/helpers.js';

describe('--shard and fractable merge (end to end)', () => {
  // the study declares outputs: merged shards must give the same values as the whole study
  const outputs = 'outputs:\n  peak_tension: SELECT max(tension) FROM series\n  mean_gap: SELECT avg(gap) FROM series\n';
  const dir = studyDir({ 'study.yaml': designStudy('sharded', 5) + outputs, 'other.yaml': designStudy('sharded', 6) });
  const file = join(dir, 'study.yaml');
  const whole = join(dir, 'whole.duckdb'), s1 = join(dir, 's1.duckdb'), s2 = join(dir, 's2.duckdb'), merged = join(dir, 'merged.duckdb');

  beforeAll(() => {
    expect(fractable(['study', file, '--out', whole, '--workers', '2', '--quiet', '--no-summary']).code).toBe(0);
    expect(fractable(['study', file, '--shard', '1/2', '--out', s1, '--workers', '1', '--quiet', '--no-summary']).code).toBe(0);
    expect(fractable(['study', file, '--shard', '2/2', '--out', s2, '--workers', '2', '--quiet', '--no-summary']).code).toBe(0);
  });

  it('each shard holds its deterministic slice (run_id mod n = i - 1)', async () => {
    const a = await runsOf(s1), b = await runsOf(s2);
    expect(a).toHaveLength(15);
    expect(b).toHaveLength(15);
    expect(a.every((r) => Number(r.run_id) % 2 === 0)).toBe(true);
    expect(b.every((r) => Number(r.run_id) % 2 === 1)).toBe(true);
    expect((await query(s2, 'SELECT shard FROM study'))[0]!.shard).toBe('2/2');
  });

  it('shards 1/2 + 2/2 merged equal the one-machine study, table for table', async () => {
    const r = fractable(['merge', s1, s2, '--out', merged]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('30 of 30 runs');
    expect(await runsOf(merged)).toEqual(await runsOf(whole));
    expect((await runsOf(merged)).every((r) => typeof r.peak_tension === 'number' && typeof r.mean_gap === 'number')).toBe(true);
    expect(await table(merged, 'series', 'run_id, tick')).toEqual(await table(whole, 'series', 'run_id, tick'));
    expect(await table(merged, 'design', 'design_point')).toEqual(await table(whole, 'design', 'design_point'));
    // every column but the instance id: each store is a study instance of its own
    expect(await table(merged, 'study', 'name', ['instance'])).toEqual(await table(whole, 'study', 'name', ['instance']));
    // the merged store keeps the keys: it can be resumed like any store
    expect(fractable(['study', file, '--out', merged, '--resume', '--quiet', '--no-summary']).code).toBe(0);
  });

  it('merge refuses shards of different studies, duplicate shards and an existing --out', async () => {
    const other = join(dir, 'other.duckdb');
    expect(fractable(['study', join(dir, 'other.yaml'), '--shard', '2/2', '--out', other, '--workers', '1', '--quiet', '--no-summary']).code).toBe(0);
    const diff = fractable(['merge', s1, other, '--out', join(dir, 'm1.duckdb')]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain('shards of different studies cannot be merged');
    expect(existsSync(join(dir, 'm1.duckdb'))).toBe(false);

    const copy = join(dir, 's1-copy.duckdb');
    copyFileSync(s1, copy);
    const dup = fractable(['merge', s1, copy, '--out', join(dir, 'm2.duckdb')]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('expected distinct shards, found shard 1/2 twice');

    const overlap = fractable(['merge', merged, s2, '--out', join(dir, 'm3.duckdb')]);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/expected runs not already in .*merged\.duckdb, found run \d+ in both/);

    const exists = fractable(['merge', s1, s2, '--out', merged]);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('found an existing one');
    expect(fractable(['merge', s1, s2]).code).toBe(2);
  });

  it('--resume of a shard keeps its shard; another --shard is refused', () => {
    const r = fractable(['study', file, '--out', s1, '--resume', '--shard', '2/2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--shard: expected the store's shard 1/2, found 2/2");
    expect(fractable(['study', file, '--out', s1, '--resume', '--quiet', '--no-summary']).code).toBe(0);
  });
});
