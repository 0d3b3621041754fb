/**
 * `design: { method: file, file: x.csv, weights: true }`: a study's design from a CSV (the
 * posterior `fractable calibrate` writes) or a Parquet file (read through DuckDB: the async
 * loader). Without weights every row in order; with weights `samples` rows drawn by weight from
 * the seeded counter RNG — the draw frequencies match the weights (a chi-square check), the draw
 * is a pure function of the study file, and bad files are one clear error (through the CLI:
 * exit 2, nothing written).
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { sampleByWeight } from '../../src/study/designs.js';
import { resolveStudy, resolveStudyAsync } from '../../src/study/spec.js';
import { fractable, tempDir } from '../helpers.js';
import { query } from './helpers.js';

const CSV = 'table.concession,credibility.reversalAppeal,weight\n0.02,0.1,0.1\n0.05,0.5,0.6\n0.08,1.2,0.3\n';

function dirWith(csv: string): string {
  const dir = tempDir('fractable-design-file-');
  writeFileSync(join(dir, 'post.csv'), csv);
  return dir;
}

const study = (dir: string, design: Record<string, unknown>, seed = 3) =>
  resolveStudy({ name: 'f', seed, agents: 100, ticks: 10, scenarios: ['baseline'], design }, join(dir, 'study.yaml'));

describe('design method file', () => {
  it('without weights: every row of the file, in order, one column per parameter', () => {
    const s = study(dirWith(CSV), { method: 'file', file: 'post.csv' });
    expect(s.design!.names).toEqual(['table.concession', 'credibility.reversalAppeal']);
    expect(s.design!.points).toEqual([[0.02, 0.1], [0.05, 0.5], [0.08, 1.2]]);
    expect(s.points).toBe(3);
    expect(s.scenarios[0]!.params.table.concession).toBe(0.04); // the scenario itself is untouched; plan.ts applies each row
  });

  it('with weights: samples rows drawn in proportion to the weights (chi-square, 2 df), the same for the same seed', () => {
    const dir = dirWith(CSV);
    const s = study(dir, { method: 'file', file: 'post.csv', weights: true, samples: 6000 });
    expect(s.points).toBe(6000);
    const counts = [0, 0, 0];
    for (const p of s.design!.points) counts[[0.02, 0.05, 0.08].indexOf(p[0]!)]!++;
    const expected = [600, 3600, 1800];
    const chi2 = counts.reduce((a, c, i) => a + (c - expected[i]!) ** 2 / expected[i]!, 0);
    expect(chi2).toBeLessThan(13.8); // the 0.999 quantile of chi-square with 2 degrees of freedom
    expect(study(dir, { method: 'file', file: 'post.csv', weights: true, samples: 6000 }).design!.points).toEqual(s.design!.points);
    expect(study(dir, { method: 'file', file: 'post.csv', weights: true, samples: 6000 }, 4).specHash).not.toBe(s.specHash);
    // the spec hash follows the rows, not the file name
    writeFileSync(join(dir, 'post.csv'), CSV.replace('0.6\n', '0.7\n'));
    expect(study(dir, { method: 'file', file: 'post.csv', weights: true, samples: 6000 }).specHash).not.toBe(s.specHash);
  });

  it('sampleByWeight never draws a zero weight and is a pure function of its inputs', () => {
    const d = sampleByWeight([0, 1, 0, 3], 2000, 9);
    expect(d.every((i) => i === 1 || i === 3)).toBe(true);
    expect(sampleByWeight([0, 1, 0, 3], 2000, 9)).toEqual(d);
    expect(Math.abs(d.filter((i) => i === 3).length / 2000 - 0.75)).toBeLessThan(0.05);
  });

  it('bad design files and settings are one clear error', () => {
    const dir = dirWith(CSV);
    expect(() => study(dir, { method: 'file', file: 'nope.csv' })).toThrow(/design\.file: nope\.csv: expected a readable CSV design file, found ENOENT/);
    expect(() => study(dir, { method: 'file', file: 'post.csv', weights: true })).toThrow(/design\.samples: expected the number of rows to draw by weight/);
    expect(() => study(dir, { method: 'file', file: 'post.csv', parameters: { 'table.concession': [0, 1] } })).toThrow(/design\.parameters: expected no parameters with method file/);
    expect(() => study(dirWith('table.nothing\n1\n'), { method: 'file', file: 'post.csv' })).toThrow(/column table\.nothing: expected a parameter of model table/);
    expect(() => study(dirWith('table.concession\n0.9\n'), { method: 'file', file: 'post.csv' })).toThrow(/column table\.concession: expected values inside the parameter's range \[0\.005, 0\.5\], found \[0\.9, 0\.9\]/);
    expect(() => study(dirWith('table.concession\nx\n'), { method: 'file', file: 'post.csv' })).toThrow(/line 2, column table\.concession: expected a number, found "x"/);
    expect(() => study(dirWith('table.concession\n0.1\n'), { method: 'file', file: 'post.csv', weights: true, samples: 3 })).toThrow(/expected a weight column \(weights: true\)/);
    expect(() => study(dir, { method: 'lhs', samples: 3 })).toThrow(/design\.parameters: expected parameter bounds for method lhs/);
  });
});

/** Writes the rows of a DuckDB query to DIR/NAME as Parquet. */
async function parquet(dir: string, name: string, sql: string): Promise<void> {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  try {
    await c.run(`COPY (${sql}) TO '${join(dir, name)}' (FORMAT parquet)`);
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}

const POST = `SELECT * FROM (VALUES (0.02, 0.1, 0.1), (0.05, 0.5, 0.6), (0.08, 1.2, 0.3)) t("table.concession", "credibility.reversalAppeal", weight)`;

describe('design method file: Parquet', () => {
  const studyAsync = (dir: string, design: Record<string, unknown>, seed = 3) =>
    resolveStudyAsync({ name: 'f', seed, agents: 100, ticks: 10, scenarios: ['baseline'], design }, join(dir, 'study.yaml'));

  it('the same rows as the CSV give the same design and spec hash, with and without weights; integer and decimal columns read as numbers', async () => {
    const dir = dirWith(CSV);
    await parquet(dir, 'post.parquet', POST);
    for (const design of [{ method: 'file', file: 'post' }, { method: 'file', file: 'post', weights: true, samples: 500 }]) {
      const csv = study(dir, { ...design, file: 'post.csv' });
      const pq = await studyAsync(dir, { ...design, file: 'post.parquet' });
      expect(pq.design!.names).toEqual(csv.design!.names);
      expect(pq.design!.points).toEqual(csv.design!.points);
      expect(pq.specHash).toBe(csv.specHash); // a file design's identity is its rows, not its file
    }
    await parquet(dir, 'ints.parquet', `SELECT * FROM (VALUES (52::INTEGER, 0.05::DECIMAL(6,3), 1::BIGINT), (104, 0.25, 3)) t("congress.billWeeks", "table.concession", weight)`);
    const ints = await studyAsync(dir, { method: 'file', file: 'ints.parquet' });
    expect(ints.design!.points).toEqual([[52, 0.05], [104, 0.25]]);
  });

  it('the synchronous resolver reads CSV only, and says what reads Parquet', async () => {
    const dir = dirWith(CSV);
    await parquet(dir, 'post.parquet', POST);
    expect(() => study(dir, { method: 'file', file: 'post.parquet' })).toThrow(/design\.file: post\.parquet: expected a CSV design file \(loadStudy and resolveStudy read Parquet design files only through loadStudyAsync or resolveStudyAsync, as the fractable commands do\), found a Parquet file/);
    // resolveStudyAsync reports the problems before the design first, as the synchronous resolver does
    await expect(resolveStudyAsync({ name: 'bad name', scenarios: ['baseline'], design: { method: 'file', file: 'nope.parquet' } }, join(dir, 'study.yaml'))).rejects.toThrow(/name: expected a name of letters/);
  });

  const bad: Array<[string, string | null, RegExp]> = [
    ['a missing file', null, /design\.file: bad\.parquet: expected a readable Parquet design file, found ENOENT/],
    ['a CSV named .parquet', 'csv', /design\.file: bad\.parquet: expected a Parquet file \(PAR1 at its start and end\), found a file that is not Parquet/],
    ['a text column', `SELECT 'x' AS "table.concession"`, /design\.file: bad\.parquet: column table\.concession: expected a numeric column \(an integer, float or decimal type\), found VARCHAR/],
    ['a boolean column', `SELECT true AS "interventions.escrow"`, /column interventions\.escrow: expected a numeric column .*found BOOLEAN/],
    ['a NULL', `SELECT * FROM (VALUES (0.1), (NULL)) t("table.concession")`, /design\.file: bad\.parquet: row 2, column table\.concession: expected a finite number, found NULL/],
    ['a NaN', `SELECT 'nan'::DOUBLE AS "table.concession"`, /row 1, column table\.concession: expected a finite number, found NaN/],
    ['an infinity', `SELECT * FROM (VALUES (0.1, 1.0), (0.2, 'inf'::DOUBLE)) t("table.concession", weight)`, /row 2, column weight: expected a finite number, found Infinity/],
    ['an unknown factor', `SELECT 0.1 AS "table.nothing"`, /design\.file: bad\.parquet: column table\.nothing: expected a parameter of model table as group\.name \(see fractable params\), or a population setting populations\.<population>\.<setting>, found an unknown one/],
    ['a value out of range', `SELECT 0.9 AS "table.concession"`, /column table\.concession: expected values inside the parameter's range \[0\.005, 0\.5\], found \[0\.9, 0\.9\]/],
    ['no rows', `SELECT 0.1 AS "table.concession" WHERE false`, /design\.file: bad\.parquet: expected at least one row, found 0/],
    ['only a weight column', `SELECT 1.0 AS weight`, /design\.file: bad\.parquet: expected at least one parameter column, found columns weight/],
    ['a negative weight', `SELECT * FROM (VALUES (0.1, 1.0), (0.2, -1.0)) t("table.concession", weight)`, /row 2, column weight: expected a weight >= 0, found -1/],
  ];
  it.each(bad)('%s is one clear error naming the file, the column, what was expected and found', async (_, sql, message) => {
    const dir = dirWith(CSV);
    if (sql === 'csv') writeFileSync(join(dir, 'bad.parquet'), CSV);
    else if (sql) await parquet(dir, 'bad.parquet', sql);
    const p = studyAsync(dir, { method: 'file', file: 'bad.parquet' });
    await expect(p).rejects.toThrow(message);
    await expect(p).rejects.toThrow(/^\/.*study\.yaml: design\.file: bad\.parquet: /);
    await expect(p).rejects.toBeInstanceOf(InputError);
  });

  it('end to end: validate checks the file, a bad file is exit 2 with nothing written, a good one runs its rows', async () => {
    const dir = dirWith(CSV);
    await parquet(dir, 'rows.parquet', `SELECT * FROM (VALUES (0.02, 0.1), (0.08, 0.5)) t("table.concession", "credibility.reversalAppeal")`);
    await parquet(dir, 'text.parquet', `SELECT 'x' AS "table.concession"`);
    const yaml = (f: string) => `name: pq\nseed: 5\nagents: 100\nticks: 8\nscenarios: [baseline]\ndesign: { method: file, file: ${f} }\n`;
    writeFileSync(join(dir, 'good.yaml'), yaml('rows.parquet'));
    writeFileSync(join(dir, 'bad.yaml'), yaml('text.parquet'));
    const v = fractable(['validate', join(dir, 'bad.yaml')]);
    expect(v.code).toBe(2);
    expect(v.stderr.trim()).toBe(`fractable: ${join(dir, 'bad.yaml')}: design.file: text.parquet: column table.concession: expected a numeric column (an integer, float or decimal type), found VARCHAR`);
    const before = readdirSync(dir).sort();
    const r = fractable(['study', join(dir, 'bad.yaml'), '--out', join(dir, 'bad.duckdb'), '--workers', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('text.parquet: column table.concession: expected a numeric column');
    expect(readdirSync(dir).sort()).toEqual(before); // no store, no status file
    const db = join(dir, 'good.duckdb');
    const g = fractable(['study', join(dir, 'good.yaml'), '--out', db, '--workers', '1', '--quiet', '--no-summary']);
    expect(g.code, g.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(await query(db, 'SELECT * FROM design ORDER BY design_point')).toEqual([
      { design_point: 0, 'table.concession': 0.02, 'credibility.reversalAppeal': 0.1 },
      { design_point: 1, 'table.concession': 0.08, 'credibility.reversalAppeal': 0.5 },
    ]);
    expect(await query(db, "SELECT count(*)::INTEGER AS n FROM runs WHERE status = 'ok'")).toEqual([{ n: 2 }]);
  });
});
