/**
 * Pattern files: the shipped patterns validate against an empty store of history-2013's
 * schema; bad files are one clear error (file, field path, expected, found) with exit 2; and
 * the queries of P1–P6 give the known scores on hand-written event histories: the record's own
 * history (every pattern holds) and histories that break one clause each.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { checkPatternQueries, loadCheckedPatterns, loadPatterns, scorePatterns } from '../../src/study/patterns.js';
import { EVENTS_DDL } from '../../src/study/store.js';
import { fractable, root, tempDir } from '../helpers.js';

const SHIPPED = join(root, 'validation', 'patterns.yaml');

const header = 'scenario: history-2013\npatterns:\n';
const pattern = (id: string, query: string, extra = '') => `  - id: ${id}\n    name: n\n    description: d\n    source: s\n    tolerance: t\n${extra}    query: |\n      ${query}\n`;

function file(text: string): string {
  const f = join(tempDir('fractable-patterns-'), 'p.yaml');
  writeFileSync(f, text);
  return f;
}

async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('pattern files', () => {
  it('the shipped file validates: every query binds against an empty history-2013 store', async () => {
    const pf = await loadCheckedPatterns(SHIPPED);
    expect(pf.patterns.map((p) => p.id)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    expect(pf.patterns.every((p) => p.threshold === 1 && p.source.length > 0 && p.tolerance.length > 0)).toBe(true);
  });

  it('a query that does not parse, or that returns the wrong columns, names the file and the field', async () => {
    const parse = file(header + pattern('P1', 'SELEC run_id, 1 AS score FROM runs'));
    expect(await message(checkPatternQueries(loadPatterns(parse)))).toMatch(new RegExp(`^${parse}: patterns\\.0\\.query: expected a DuckDB query .*found Parser Error`));
    const cols = file(header + pattern('P1', 'SELECT run_id, 1.0 AS score FROM runs') + pattern('P2', 'SELECT run_id AS id, 1.0 AS value FROM runs'));
    expect(await message(checkPatternQueries(loadPatterns(cols)))).toBe(`${cols}: patterns.1.query: expected exactly the columns run_id, score (pattern P2), found columns id, value`);
    const unknown = file(header + pattern('P1', 'SELECT run_id, 1.0 AS score FROM runs JOIN nowhere USING (run_id)'));
    expect(await message(checkPatternQueries(loadPatterns(unknown)))).toMatch(/patterns\.0\.query: expected a DuckDB query .*nowhere/);
    const text = file(header + pattern('P1', "SELECT run_id, 'yes' AS score FROM runs"));
    expect(await message(checkPatternQueries(loadPatterns(text)))).toMatch(/patterns\.0\.query: expected a numeric score \(pattern P1\), found type VARCHAR/);
  });

  it('schema errors name the field path; ids are unique', () => {
    const missing = file(header + '  - id: P1\n    name: n\n    description: d\n    tolerance: t\n    query: SELECT 1\n');
    expect(() => loadPatterns(missing)).toThrow(`${missing}: patterns.0.source: expected a string, found nothing`);
    const threshold = file(header + pattern('P1', 'SELECT run_id, 1.0 AS score FROM runs', '    threshold: 2\n'));
    expect(() => loadPatterns(threshold)).toThrow(`${threshold}: patterns.0.threshold: expected a value <= 1, found 2`);
    const twice = file(header + pattern('P1', 'SELECT 1') + pattern('P1', 'SELECT 1'));
    expect(() => loadPatterns(twice)).toThrow(`${twice}: patterns.1.id: expected a unique id (patterns.0 is also "P1"), found "P1"`);
  });

  it('fractable validate checks a pattern file: exit 2 with the message, 0 for the shipped one', () => {
    const bad = file(header + pattern('P1', 'SELECT run_id FROM runs'));
    const r = fractable(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`fractable: ${bad}: patterns.0.query: expected exactly the columns run_id, score (pattern P1), found columns run_id`);
    const ok = fractable(['validate', SHIPPED]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/ok \(pattern file: P1, P2, P3, P4, P5, P6/);
  });
});

type Ev = [tick: number, kind: string, detail?: Record<string, unknown>];

/** The record's history on history-2013's calendar (ticks: weeks from 15 June 2013). */
const RECORD: Ev[] = [
  [23, 'interim-signed'],
  [108, 'deal-signed', { form: 'executive' }],
  [177, 'election', { presidential: true, winner: 'republican' }],
  [188, 'inauguration', { party: 'republican', changed: true }],
  [256, 'relief-reversed', { party: 'republican' }],
  [317, 'enrichment-crossed', { enrichment: 5 }],
  [394, 'enrichment-crossed', { enrichment: 20 }],
  [401, 'access-changed', { direction: 'curtailed' }],
  [409, 'enrichment-crossed', { enrichment: 60 }],
];

const HISTORIES: Record<number, { events: Ev[]; scores: number[] }> = {
  // P1 … P6
  0: { events: RECORD, scores: [1, 1, 1, 1, 1, 1] },
  1: { events: [], scores: [0, 0, 0, 0, 0, 1] },
  // a ratified treaty, signed 30 weeks after the interim: P1 (too soon) and P2 fail; no reversal
  2: { events: [[23, 'interim-signed'], [53, 'deal-signed', { form: 'treaty' }]], scores: [0, 0, 0, 0, 1, 1] },
  // the reversal at 100 weeks after the inauguration (too late for P3); 60 % crossed before it (P6);
  // after it: 5 % at 14 weeks (too soon), 20 %, no 60 %, no curtailment: P4 = 3/6
  3: {
    events: [
      [60, 'interim-signed'], [30, 'enrichment-crossed', { enrichment: 60 }], [140, 'deal-signed', { form: 'executive' }],
      [188, 'inauguration', { party: 'republican', changed: true }], [288, 'relief-reversed', { party: 'republican' }],
      [302, 'enrichment-crossed', { enrichment: 5 }], [330, 'enrichment-crossed', { enrichment: 20 }],
    ],
    scores: [1, 1, 0, 0.5, 0, 0],
  },
  // reversed by the deal's own party (no change of party before it), breakout 100 weeks after: P3 fails, P4 = 5/6
  4: {
    events: [
      [23, 'interim-signed'], [108, 'deal-signed', { form: 'executive' }], [200, 'relief-reversed', { party: 'democrat' }],
      [260, 'enrichment-crossed', { enrichment: 5 }], [280, 'enrichment-crossed', { enrichment: 20 }], [290, 'access-changed', { direction: 'curtailed' }],
      [300, 'enrichment-crossed', { enrichment: 60 }], [300, 'breakout'],
    ],
    scores: [1, 1, 0, 5 / 6, 1, 1],
  },
};

describe('the patterns score hand-written histories as the record says', () => {
  it('P1–P6 on the record, an empty history and histories that break one clause each', async () => {
    const pf = await loadCheckedPatterns(SHIPPED);
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    try {
      await conn.run("CREATE TABLE runs (run_id INTEGER, status VARCHAR)");
      await conn.run(EVENTS_DDL);
      for (const [id, h] of Object.entries(HISTORIES)) {
        await conn.run(`INSERT INTO runs VALUES (${id}, 'ok')`);
        for (const [tick, kind, detail] of h.events) {
          await conn.run(`INSERT INTO events VALUES (${id}, ${tick}, '${kind}', 'test', ${detail ? `'${JSON.stringify(detail)}'` : 'NULL'})`);
        }
      }
      // a run outside the scored range, whose events must not leak into runs 0–4
      await conn.run("INSERT INTO runs VALUES (9, 'ok')");
      await conn.run("INSERT INTO events VALUES (9, 1, 'deal-signed', 'test', '{\"form\":\"treaty\"}')");
      const scores = await scorePatterns(conn, pf.file, pf.patterns, 0, 4, false);
      for (const [id, h] of Object.entries(HISTORIES)) {
        const got = pf.patterns.map((p) => scores.get(p.id)!.get(Number(id))!);
        expect(got.map((x) => Math.round(x * 1e9) / 1e9), `run ${id}`).toEqual(h.scores.map((x) => Math.round(x * 1e9) / 1e9));
      }
      expect(scores.get('P1')!.has(9)).toBe(false);
      // a query that drops a run is refused, naming the pattern
      const dropping = [{ ...pf.patterns[0]!, id: 'X', query: 'SELECT run_id, 1.0 AS score FROM runs WHERE run_id <> 2' }];
      await expect(scorePatterns(conn, 'f.yaml', dropping, 0, 4, false)).rejects.toThrow('f.yaml: pattern X: query: expected one row per run of runs, found none for run 2');
      const outOfRange = [{ ...pf.patterns[0]!, id: 'Y', query: 'SELECT run_id, 2 AS score FROM runs' }];
      await expect(scorePatterns(conn, 'f.yaml', outOfRange, 0, 4, false)).rejects.toThrow('expected a score in [0, 1], found 2 for run 0');
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
  });
});
