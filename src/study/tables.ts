/**
 * The per-run tables of a store that hold what a run kept, and how a run's rows are appended to
 * them: `series` (one row per kept tick, one column per recorded variable) and `events` (one row
 * per event). The store writes them (store.ts), and a study's outputs evaluate their queries over
 * a run's rows in tables of the same schema (outputs.ts).
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import type { ModelEvent } from '../engine/declaration.js';
import type { RunResult } from '../engine/protocol.js';
import { ident } from './columns.js';
import type { seriesSources } from './spec.js';

/** The `events` table: one row per event of a run. */
export const EVENTS_DDL = 'CREATE TABLE events (run_id INTEGER NOT NULL, tick INTEGER NOT NULL, kind VARCHAR NOT NULL, actor VARCHAR NOT NULL, detail JSON)';
/** The `series` table: one row per kept tick of a run, one column per recorded variable (state variable or action share). */
export const seriesDDL = (variables: readonly string[]): string =>
  `CREATE TABLE series (run_id INTEGER NOT NULL, tick INTEGER NOT NULL${variables.map((v) => `, ${ident(v)} DOUBLE`).join('')})`;

/** Where each column of `series` comes from (the kept state, the kept shares, the learning statistics), in the study's order of variables. */
export type SeriesColumns = ReturnType<typeof seriesSources>['columns'];

/** Appends one run's kept series to an appender of a `series` table (seriesDDL), one row per kept tick. */
export function appendSeries(app: DuckDBAppender, cols: SeriesColumns, runId: number, sr: NonNullable<RunResult['series']>): void {
  const w = sr.stateColumns.length, sw = cols.filter((c) => c.from === 'share').length, nst = cols.filter((c) => c.from === 'stat').length;
  for (let row = 0; row < sr.ticks.length; row++) {
    app.appendInteger(runId);
    app.appendInteger(sr.ticks[row]!);
    for (const c of cols) app.appendDouble(c.from === 'state' ? sr.state[row * w + c.index]! : c.from === 'share' ? sr.shares![row * sw + c.index]! : sr.stats![row * nst + c.index]!);
    app.endRow();
  }
}

/** Appends one run's events to an appender of an `events` table (EVENTS_DDL). */
export function appendEvents(app: DuckDBAppender, runId: number, events: readonly ModelEvent[]): void {
  for (const e of events) {
    app.appendInteger(runId);
    app.appendInteger(e.tick);
    app.appendVarchar(e.kind);
    app.appendVarchar(e.actor);
    if (e.detail) app.appendVarchar(JSON.stringify(e.detail)); else app.appendNull();
    app.endRow();
  }
}

