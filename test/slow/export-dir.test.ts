/**
 * export writes into a new directory, or over its own study's earlier export only: a marker file
 * records the study's identity (spec hash, instance, shard) and the files written; a directory
 * of another study's export, or with files no export wrote, is refused (exit 2) and left as it
 * was. Files appear whole (temporary name, then rename): no temporary file is left behind.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fractable } from '../helpers.js';
import { studyDir } from '../study/helpers.js';

const study = (name: string) => `name: ${name}\nseed: 1\nreplicates: 2\nscenarios: [a.yaml]\n`;
const dir = studyDir({ 'one.yaml': study('one'), 'two.yaml': study('two') });
const one = join(dir, 'one.duckdb'), two = join(dir, 'two.duckdb');
const out = join(dir, 'export');
const listing = (d: string) => readdirSync(d).sort();

describe('export into a fresh directory or its own earlier export', () => {
  beforeAll(() => {
    for (const [f, db] of [['one.yaml', one], ['two.yaml', two]] as const) {
      expect(fractable(['study', join(dir, f), '--out', db, '--workers', '1', '--quiet', '--no-summary']).code).toBe(0);
    }
  });

  it('a new directory: every table and a marker with the study identity', () => {
    const r = fractable(['export', one, '--out', out]);
    expect(r.code).toBe(0);
    expect(listing(out)).toEqual(['.fractable-export.json', 'design.parquet', 'runs.parquet', 'study.parquet']);
    const m = JSON.parse(readFileSync(join(out, '.fractable-export.json'), 'utf8'));
    expect(m).toMatchObject({ format: 'fractable-export/1', study: 'one', shard: null, files: ['design.parquet', 'runs.parquet', 'study.parquet'] });
    expect(m.instance).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('its own earlier export is replaced (another format: the old files go)', () => {
    const r = fractable(['export', one, '--out', out, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(replaced this study's earlier export in");
    expect(listing(out)).toEqual(['.fractable-export.json', 'design.csv', 'runs.csv', 'study.csv']);
  });

  it("another study's export is refused and left untouched", () => {
    const before = listing(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    const r = fractable(['export', two, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fractable: --out: .*export: expected a new directory or an export of this study \("two", spec hash [0-9a-f]{12}, instance [0-9a-f]{8}\), found the export of "one" \(spec hash [0-9a-f]{12}, instance [0-9a-f]{8}\); use another --out\n$/);
    expect(listing(out).map((f) => [f, readFileSync(join(out, f), 'utf8')])).toEqual(before);
  });

  it('a directory with files no export wrote is refused; a regular file as --out is refused', () => {
    const other = join(dir, 'mine');
    mkdirSync(other);
    writeFileSync(join(other, 'thesis.tex'), 'keep');
    const r = fractable(['export', one, '--out', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mine: expected a new or empty directory, or an earlier export of this study, found 1 file\(s\) no fractable export wrote \(thesis\.tex\); use another --out\n$/);
    expect(listing(other)).toEqual(['thesis.tex']);
    const f = fractable(['export', one, '--out', join(other, 'thesis.tex')]);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/thesis\.tex: expected a directory, found a file\n$/);
  });
});
