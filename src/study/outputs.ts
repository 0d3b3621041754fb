/**
 * A study's own outputs: named DuckDB queries over one run's recorded `series` and `events`, each
 * giving one number per run, stored as a DOUBLE column of `runs` beside the built-in metrics:
 *
 *   outputs:
 *     peak_tension: SELECT max(tension) FROM series
 *     first_strike: { query: "SELECT min(tick) FROM events WHERE kind = 'strike'", unit: week }
 *
 * Checked before anything runs (`study`, `study --dry-run`, `validate`), against empty tables of
 * the study's own schema (the variables it records, sql.ts): one read-only, reproducible SELECT
 * (selectProblem) that binds to the tables the study records and returns exactly one numeric or
 * boolean column. Anything else is one line "FILE: outputs.NAME: expected X, found Y" (exit 2).
 *
 * Evaluated as each run is stored, in the store's writer, before the run's transaction: the run's
 * kept series and events go into the same tables in a scratch in-memory database that holds that
 * run only (no access to files, one thread), and each query is read as a scalar subquery. So a
 * query sees exactly its run's rows whatever it writes, and the value depends on nothing but the
 * run: the same on resume, in every shard and after a merge. A query that returns no row gives
 * NULL; an aggregate over no rows gives what SQL gives (NULL for max, min, avg; 0 for count). A
 * query that fails on a run (more than one row, a failed cast) fails that run, with the output's
 * name and DuckDB's message as its error, and the study goes on.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { didYouMean } from '../errors.js';
import type { RunResult } from '../engine/protocol.js';
import { badQuery, describeQuery, firstLine, isNumericType, queryBody, scratchDatabase, selectProblem } from './sql.js';
import { loadStudyAsync, seriesSources, type ResolvedStudy, type StudyOutput } from './spec.js';
import { appendEvents, appendSeries, EVENTS_DDL, seriesDDL, type SeriesColumns } from './tables.js';

/** The tables a study records and their columns, for messages. */
function recordedTables(study: ResolvedStudy): string {
  const t: string[] = [];
  if (study.record.series) t.push(`series (run_id, tick, ${study.record.series.variables.join(', ')})`);
  if (study.record.events) t.push('events (run_id, tick, kind, actor, detail)');
  return t.length ? t.join(' and ') : 'no table (the study records neither series nor events)';
}

/** The study's recorded tables, empty, in a scratch database. */
async function createTables(conn: DuckDBConnection, study: ResolvedStudy): Promise<void> {
  if (study.record.series) await conn.run(seriesDDL(study.record.series.variables));
  if (study.record.events) await conn.run(EVENTS_DDL);
}

/** What a failed bind says, with what the study records (and what to add to it) when it names a table or column it lacks. */
function bindMessage(e: unknown, study: ResolvedStudy): string {
  const msg = firstLine(e);
  const table = /Table with name (\w+) does not exist/i.exec(msg)?.[1]?.toLowerCase();
  if (table === 'series' && !study.record.series) return `${msg} (the study does not record series: add series to record, and the variables the query reads to series.variables)`;
  if (table === 'events' && !study.record.events) return `${msg} (the study does not record events: add events to record)`;
  if (table === 'runs') return `${msg} (an output reads one run's series and events; the runs table is not one of them)`;
  const column = /Referenced column "([^"]+)" not found/i.exec(msg)?.[1];
  if (column !== undefined && study.record.series) {
    const recorded = study.record.series.variables;
    const known = study.model.state.some((v) => v.name === column) || column.includes(':');
    return `${msg} (${known ? `${column} is not recorded: add it to series.variables` : `series holds run_id, tick, ${recorded.join(', ')}${didYouMean(column, ['run_id', 'tick', ...recorded])}`})`;
  }
  return msg;
}

/**
 * Checks every output of a study against empty tables of its schema; throws the InputError of the
 * first that is wrong. `conn`: a scratch database to use (its tables are created here).
 */
export async function checkOutputs(study: ResolvedStudy, conn?: DuckDBConnection): Promise<void> {
  if (study.outputs.length === 0) return;
  const own = conn ? null : await scratchDatabase();
  const c = conn ?? own!.conn;
  try {
    await createTables(c, study);
    const over = `a read-only SELECT over the run's recorded tables, ${recordedTables(study)}, giving one numeric or boolean value`;
    for (const o of study.outputs) {
      const where = `outputs.${o.name}`;
      const problem = await selectProblem(c, o.query);
      if (problem) throw badQuery(study.file, where, over, problem);
      let cols: Array<{ name: string; type: string }>;
      try {
        cols = await describeQuery(c, o.query);
      } catch (e) {
        throw badQuery(study.file, where, over, bindMessage(e, study));
      }
      if (cols.length !== 1) throw badQuery(study.file, where, 'a query that returns exactly one column (one value per run)', `${cols.length} columns (${cols.map((x) => x.name).join(', ')})`);
      if (!isNumericType(cols[0]!.type)) throw badQuery(study.file, where, 'a numeric or boolean value (an output is a number per run)', `a ${cols[0]!.type} column (${cols[0]!.name})`);
    }
  } finally {
    if (own) { own.conn.closeSync(); own.instance.closeSync(); }
  }
}

/** One run's outputs, in declared order (null where a query gives NULL), or why they could not be computed. */
export type OutputValues = { values: (number | null)[] } | { error: string };

/** Evaluates a study's outputs run by run, in a scratch database of its own (one per store writer). */
export class OutputEvaluator {
  private constructor(
    readonly outputs: readonly StudyOutput[],
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly study: ResolvedStudy,
    private readonly seriesColumns: SeriesColumns | null,
    /**
     * every output as a scalar subquery of one SELECT, planned for each run: not a prepared
     * statement, whose plan would keep the statistics of the tables it was planned on (a filter
     * on an empty table's column is planned away)
     */
    private readonly select: string,
  ) {}

  /** Checks the study's outputs (an InputError when one is wrong) and returns their evaluator; null when it declares none. */
  static async create(study: ResolvedStudy): Promise<OutputEvaluator | null> {
    if (study.outputs.length === 0) return null;
    const { instance, conn } = await scratchDatabase();
    try {
      await checkOutputs(study, conn);
    } catch (e) {
      conn.closeSync();
      instance.closeSync();
      throw e;
    }
    const cols = study.record.series ? seriesSources(study.model, study.record.series.variables).columns : null;
    const select = `SELECT ${study.outputs.map((o, j) => `(${queryBody(o.query)})::DOUBLE AS v${j}`).join(', ')}`;
    return new OutputEvaluator(study.outputs, instance, conn, study, cols, select);
  }

  /** The outputs of one finished run, from its kept series and events. */
  async evaluate(runId: number, r: RunResult): Promise<OutputValues> {
    const c = this.conn;
    if (this.study.record.series) await c.run('DELETE FROM series');
    if (this.study.record.events) await c.run('DELETE FROM events');
    if (this.seriesColumns && r.series) {
      const app = await c.createAppender('series');
      appendSeries(app, this.seriesColumns, runId, r.series);
      app.flushSync();
      app.closeSync();
    }
    if (this.study.record.events && r.events.length > 0) {
      const app = await c.createAppender('events');
      appendEvents(app, runId, r.events);
      app.flushSync();
      app.closeSync();
    }
    try {
      const row = (await c.runAndReadAll(this.select)).getRows()[0]!;
      return { values: row.map((v) => (v === null ? null : Number(v))) };
    } catch {
      // which output: each alone
      for (const o of this.outputs) {
        try {
          await c.runAndReadAll(`SELECT (${queryBody(o.query)})::DOUBLE`);
        } catch (e) {
          const msg = firstLine(e);
          const many = /More than one row returned by a subquery/i.test(msg);
          return { error: `outputs.${o.name}: expected one value per run, found ${many ? 'more than one row (aggregate them: min(), max(), count(), …)' : msg}` };
        }
      }
      return { error: `outputs: expected one value per run of each output, found queries that fail together but each alone succeeds (${this.outputs.map((o) => o.name).join(', ')})` };
    }
  }

  close(): void {
    try { this.conn.closeSync(); } catch { /* closed */ }
    try { this.instance.closeSync(); } catch { /* closed */ }
  }
}

/** Loads, validates and resolves a study file, its outputs' queries checked too (what `study`, `validate` and `slurm` read). */
export async function loadCheckedStudy(file: string): Promise<ResolvedStudy> {
  const study = await loadStudyAsync(file);
  await checkOutputs(study);
  return study;
}
