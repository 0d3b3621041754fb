/**
 * Patterns of the record as data (pattern-oriented modelling, Grimm et al. 2005, Science
 * 310:987): a pattern file (YAML) holds named, pre-registered statements about a run's event
 * history. Each has a DuckDB SQL `query` over a store's `runs`, `events` and (when recorded)
 * `series` tables that returns one row per run with the columns `run_id` and `score` in [0, 1];
 * a run "holds" the pattern when its score is at least the pattern's `threshold`.
 *
 * Validation is as for every input: a schema error, a query that does not parse or bind, or one
 * that returns other columns is one message "FILE: PATH: expected X, found Y" (exit 2). Queries
 * are checked against an empty store of the scenario's schema (the same DDL as a real store), in
 * the scratch database that a study's own outputs are checked in too (sql.ts, outputs.ts).
 *
 * Scoring a set of runs wraps the query so that `runs`, `events` and `series` name only those
 * runs (common table expressions shadow the tables): a pattern cannot see other runs.
 */
import { dirname, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { InputError, inputError, prefixed } from '../errors.js';
import { readYaml } from '../scenarios/load.js';
import { parseOrThrow } from '../scenarios/validate.js';
import { runColumns } from './store.js';
import { ident } from './columns.js';
import { resolveStudy } from './spec.js';
import { badQuery as bad, describeQuery, firstLine, isNumericType, queryBody as body, scratchDatabase } from './sql.js';
import { EVENTS_DDL, seriesDDL } from './tables.js';

export const PatternSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/).max(40).describe('short id (P1, P2, …)'),
  name: z.string().min(1).max(200),
  description: z.string().min(1),
  source: z.string().min(1).describe('the public record the pattern states'),
  tolerance: z.string().min(1).describe('the slack the query allows, in words (the query holds the numbers)'),
  threshold: z.number().min(0).max(1).default(1).describe('a run holds the pattern when its score is at least this'),
  query: z.string().min(1).describe('DuckDB SQL over runs, events (and series): columns run_id, score'),
});

export const PatternFileSchema = z.strictObject({
  scenario: z.string().min(1).describe('the scenario the patterns are judged on (its schema checks the queries)'),
  patterns: z.array(PatternSchema).min(1),
});

export type Pattern = z.output<typeof PatternSchema>;

export interface PatternFile {
  file: string;
  scenario: string;
  patterns: Pattern[];
}


/** Loads a pattern file and checks its schema and the uniqueness of ids (not the queries: {@link checkPatternQueries}). */
export function loadPatterns(file: string): PatternFile {
  const path = resolve(file);
  const raw = readYaml(path);
  const p = parseOrThrow(PatternFileSchema, raw, file);
  const seen = new Map<string, number>();
  p.patterns.forEach((pt, i) => {
    if (seen.has(pt.id)) throw inputError(file, `patterns.${i}.id`, `a unique id (patterns.${seen.get(pt.id)} is also "${pt.id}")`, pt.id);
    seen.set(pt.id, i);
  });
  return { file, scenario: p.scenario, patterns: p.patterns };
}


/**
 * Checks every query of a pattern file against an empty store of its scenario's schema (runs
 * with the scenario's metric columns, events, series): it must parse and bind, and return
 * exactly the columns run_id (an integer) and score (a number). `baseDir` resolves a scenario
 * given as a path (default: the pattern file's directory).
 */
export async function checkPatternQueries(pf: PatternFile, baseDir = dirname(resolve(pf.file))): Promise<void> {
  let study;
  try {
    study = resolveStudy({ name: 'patterns', scenarios: [pf.scenario], record: ['outcome', 'metrics', 'events', 'series'] }, undefined, baseDir);
  } catch (e) {
    if (e instanceof InputError) throw prefixed(e, `${pf.file}: scenario: `, pf.file, 'scenario');
    throw e;
  }
  const { instance, conn } = await scratchDatabase();
  try {
    await conn.run(`CREATE TABLE runs (${runColumns(study).map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`);
    await conn.run(EVENTS_DDL);
    await conn.run(seriesDDL(study.record.series!.variables));
    for (let i = 0; i < pf.patterns.length; i++) {
      const pt = pf.patterns[i]!;
      const where = `patterns.${i}.query`;
      let cols: { name: string; type: string }[];
      try {
        cols = await describeQuery(conn, pt.query);
      } catch (e) {
        throw bad(pf.file, where, `a DuckDB query over runs, events and series (pattern ${pt.id})`, firstLine(e));
      }
      const names = cols.map((c) => c.name);
      if (names.length !== 2 || names[0] !== 'run_id' || names[1] !== 'score') {
        throw bad(pf.file, where, `exactly the columns run_id, score (pattern ${pt.id})`, `columns ${names.join(', ') || '(none)'}`);
      }
      if (!/INT/.test(cols[0]!.type)) throw bad(pf.file, where, `an integer run_id (pattern ${pt.id})`, `type ${cols[0]!.type}`);
      if (!isNumericType(cols[1]!.type)) {
        throw bad(pf.file, where, `a numeric score (pattern ${pt.id})`, `type ${cols[1]!.type}`);
      }
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Loads a pattern file and checks its queries. */
export async function loadCheckedPatterns(file: string): Promise<PatternFile> {
  const pf = loadPatterns(file);
  await checkPatternQueries(pf);
  return pf;
}

/** Scores of one pattern: run id → score. */
export type PatternScores = Map<number, number>;

/**
 * Scores runs lo..hi (inclusive run ids) of an open store on each pattern. Every run of `runs`
 * in the range must get exactly one score in [0, 1]; anything else is an InputError naming the
 * pattern (its query is wrong for this store).
 */
export async function scorePatterns(
  conn: DuckDBConnection, file: string, patterns: readonly Pattern[], lo: number, hi: number, hasSeries: boolean,
): Promise<Map<string, PatternScores>> {
  const range = `run_id BETWEEN ${Math.floor(lo)} AND ${Math.floor(hi)}`;
  const scope = [
    `runs AS (SELECT * FROM main.runs WHERE ${range})`,
    `events AS (SELECT * FROM main.events WHERE ${range})`,
    ...(hasSeries ? [`series AS (SELECT * FROM main.series WHERE ${range})`] : []),
  ].join(', ');
  const ids = (await conn.runAndReadAll(`SELECT run_id FROM main.runs WHERE ${range} ORDER BY run_id`)).getColumnsJS()[0]?.map(Number) ?? [];
  const out = new Map<string, PatternScores>();
  for (const pt of patterns) {
    let rows: Record<string, unknown>[];
    try {
      rows = (await conn.runAndReadAll(`WITH ${scope} SELECT run_id, score::DOUBLE AS score FROM (${body(pt.query)})`)).getRowObjectsJS();
    } catch (e) {
      throw new InputError(`${file}: pattern ${pt.id}: query: expected a query that runs on the store, found ${firstLine(e)}`, file);
    }
    const scores: PatternScores = new Map();
    for (const r of rows) {
      const id = Number(r.run_id), s = r.score === null ? NaN : Number(r.score);
      if (scores.has(id)) throw new InputError(`${file}: pattern ${pt.id}: query: expected one row per run, found run ${id} twice`, file);
      if (!(s >= 0 && s <= 1)) throw new InputError(`${file}: pattern ${pt.id}: query: expected a score in [0, 1], found ${r.score} for run ${id}`, file);
      scores.set(id, s);
    }
    for (const id of ids) {
      if (!scores.has(id)) throw new InputError(`${file}: pattern ${pt.id}: query: expected one row per run of runs, found none for run ${id}`, file);
    }
    out.set(pt.id, scores);
  }
  return out;
}
