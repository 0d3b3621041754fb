/**
 * The results store: one DuckDB file per study (or shard), written by one connection in the
 * coordinator process, the only writer. A finished run's `runs` row and `series` rows are
 * inserted in one transaction (which may carry other whole runs that finished meanwhile: group
 * commit), so a crash, a kill -9 or a power cut never leaves a half-written run: DuckDB writes each commit to its write-ahead log, and replays it
 * when the file is next opened. Resume reads the set of stored run ids and runs the rest.
 *
 * COMMIT PACING. A DuckDB commit costs about as much CPU as a small world's whole run (6–10 ms
 * for a `runs` table of 150 columns on the development machine, whatever it carries), and one
 * row inserted through a prepared statement another 2.5 ms; through an appender, 0.05 ms. So rows
 * go in through appenders, and a transaction waits until it carries COMMIT_ROWS runs or its first
 * run has waited COMMIT_WAIT_MS, whichever comes first (at once when a caller flushes). A crash
 * loses at most the runs that finished within that wait: they were never stored, and a resume
 * runs them again, as it does the runs that were in flight.
 *
 * Tables:
 *   study   one row: name, version, seed, spec_hash, design_method, design_points,
 *           replicates, scenarios (JSON list), runs_total, shard, spec (JSON), partial,
 *           instance (a random id made when the store is created: with spec_hash, the study's identity)
 *   design  one row per design point: design_point, one column per varied parameter
 *   runs    one row per finished run (see `runColumns`; with levers, its policy in `policy`)
 *   series  (when recorded) run_id, tick, one column per recorded variable (a state variable, an action share share:<population>:<action>,
 *           or a learning statistic entropy|switch|dispersion:<population>)
 *   events  (when recorded) run_id, tick, kind, actor, detail (JSON): each run's event history
 */
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBAppender } from '@duckdb/node-api';
import { fsReason, InputError, oneLine, safeText, StoreError } from '../errors.js';
import { checkOutputFile } from '../files.js';
import type { ModelDescriptor } from '../engine/declaration.js';
import type { WorldReply } from '../engine/protocol.js';
import { eventColumns, finalColumns, ident, meanShareColumns, outputColumn, shareColumns } from './columns.js';
import type { PlannedRun, Shard } from './plan.js';
import { shardText } from './plan.js';
import { descriptorOf, seriesSources, type ResolvedStudy } from './spec.js';
import { appendEvents, appendSeries, EVENTS_DDL, seriesDDL, type SeriesColumns } from './tables.js';
import { OutputEvaluator } from './outputs.js';

export { EVENTS_DDL, seriesDDL } from './tables.js';

/** A finished run as the store receives it: the worker's reply, or a failure (wallMs null when the worker died). */
export type RunReply = WorldReply | { state: 'failed'; error: string; wallMs: null };
/** A run waiting to be written; `values`: its outputs (outputs.ts), once computed. */
interface Pending { run: PlannedRun; reply: RunReply; values?: (number | null)[]; resolve: (state: 'ok' | 'failed') => void; reject: (e: unknown) => void }
/** The most runs one transaction takes. */
const MAX_BATCH = 256;
/** A transaction starts once this many runs wait... */
export const COMMIT_ROWS = 64;
/** ...or once the first of them has waited this long (ms). */
export const COMMIT_WAIT_MS = 250;

export type ColumnType = 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'BOOLEAN';
export interface Column { name: string; type: ColumnType; doc: string }

/** The columns of `runs`, in order, for a study: derived from the model's declaration in its spec. */
export function runColumns(study: ResolvedStudy): Column[] {
  const m = descriptorOf(study.spec);
  const labels = m.outputs.outcomes.map((o) => o.name).join(' | ');
  const cols: Column[] = [
    { name: 'run_id', type: 'INTEGER', doc: 'the run\'s index in the study (replicate-major; see plan.ts)' },
    { name: 'design_point', type: 'INTEGER', doc: 'row of the design (0 without a design)' },
    { name: 'replicate', type: 'INTEGER', doc: 'replicate index, from 0' },
    { name: 'scenario', type: 'VARCHAR', doc: 'scenario name' },
    // with levers only, so that the runs of a study without them keep their columns
    ...(study.policies ? [{ name: 'policy', type: 'VARCHAR' as const, doc: 'the run\'s policy (a name of the study\'s levers)' }] : []),
    { name: 'seed', type: 'BIGINT', doc: 'the run\'s seed (hash of master seed, scenario, design point, replicate)' },
    ...(study.design?.names ?? []).map((n) => ({ name: n, type: 'DOUBLE' as const, doc: `design value of ${n}` })),
    { name: 'status', type: 'VARCHAR', doc: 'ok | failed' },
    { name: 'outcome', type: 'VARCHAR', doc: `${labels} (NULL if failed)` },
    { name: 'outcome_tick', type: 'INTEGER', doc: 'tick at which the outcome was decided' },
    ...m.outputs.scalars.map((o) => ({ name: outputColumn(o.name), type: o.type, doc: `${o.doc} (${o.unit})` })),
  ];
  if (study.record.metrics) {
    cols.push(...finalColumns(m).map((name, i) => ({ name, type: 'DOUBLE' as const, doc: `final value of ${m.state[i]!.name} (${m.state[i]!.unit})` })));
    cols.push(...shareColumns(m).map((name) => ({ name, type: 'DOUBLE' as const, doc: 'final action share of a population' })));
    cols.push(...meanShareColumns(m).map((name) => ({ name, type: 'DOUBLE' as const, doc: 'action share of a population averaged over every tick of the run' })));
    cols.push(...eventColumns(m).map((name, i) => ({ name, type: 'INTEGER' as const, doc: `number of ${m.events[i]!.kind} events` })));
  }
  cols.push(...study.outputs.map((o) => ({ name: o.name, type: 'DOUBLE' as const, doc: `the study's output ${o.name}${o.unit ? ` (${o.unit})` : ''}: ${o.query.trim().replace(/\s+/g, ' ')}` })));
  cols.push(
    { name: 'digest', type: 'VARCHAR', doc: 'SHA-256 of the run\'s series and final agent state (equal digests: identical runs)' },
    { name: 'error', type: 'VARCHAR', doc: 'the error of a failed run' },
    { name: 'wall_ms', type: 'DOUBLE', doc: 'wall time of the run inside its worker (the only timing column)' },
  );
  return cols;
}

export interface StudyRow {
  name: string; version: string; seed: number; spec_hash: string; design_method: string | null; design_points: number;
  replicates: number; scenarios: string[]; runs_total: number; shard: string | null; spec: Record<string, unknown>;
  /** merged from an incomplete set of shards (`merge --partial`); false again once `--resume` completes it */
  partial: boolean;
  /** the random id made when the store was created (null in stores older than the column) */
  instance: string | null;
}

export interface FailureRow { run_id: number; scenario: string; design_point: number; replicate: number; seed: number; error: string; /** with levers */ policy?: string }

const STUDY_DDL = `CREATE TABLE study (
  name VARCHAR NOT NULL, version VARCHAR NOT NULL, seed BIGINT NOT NULL, spec_hash VARCHAR NOT NULL,
  design_method VARCHAR, design_points INTEGER NOT NULL, replicates INTEGER NOT NULL, scenarios VARCHAR NOT NULL,
  runs_total INTEGER NOT NULL, shard VARCHAR, spec VARCHAR NOT NULL, partial BOOLEAN NOT NULL DEFAULT false, instance VARCHAR)`;

/** The columns a fractable `study` table has (`partial` and `instance` came later and may be absent). */
const STUDY_COLUMNS = ['name', 'version', 'seed', 'spec_hash', 'design_method', 'design_points', 'replicates', 'scenarios', 'runs_total', 'shard', 'spec'];

/** A new study instance id: random (an identity, never a result). */
export const newInstanceId = (): string => randomUUID();

/** DuckDB's words for a file another process holds (not any message with "lock" in a path). */
export const isLockError = (e: unknown): boolean => /Could not set lock|Conflicting lock/i.test((e as Error).message ?? '');

/** What went wrong opening (or attaching) a DuckDB file, as an InputError naming the file. */
export function lockMessage(path: string, e: unknown): InputError {
  const msg = oneLine((e as Error).message ?? String(e));
  if (isLockError(e)) return new InputError(`${safeText(path)}: expected a store no other process is using, found it locked by another process (a study still writing it?) (${msg})`, path);
  return new InputError(`${safeText(path)}: expected a DuckDB results store, found ${/not a valid DuckDB database/.test(msg) ? 'a file that is not a DuckDB database (corrupted, or another kind of file)' : /Could not read enough bytes|checksum|Corrupt|Serialization/i.test(msg) ? `a damaged DuckDB file (${msg})` : msg}`, path);
}

/** Runs `fn` inside one transaction: committed if it returns, rolled back if it throws. */
export async function transaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const out = await fn();
    await conn.run('COMMIT');
    return out;
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * How long the writer waits for a lock held by a reader: `fractable status` or a merge may hold
 * a store read-only for a moment, and a task starting then must not fail for it. A store that
 * another study is writing stays locked, and the open fails after this wait.
 */
const LOCK_WAIT_MS = 3000;

/** Opens a DuckDB file; lock and format errors become InputErrors (exit 2). A lock is retried for `lockWaitMs`. */
export async function openDuckDB(path: string, readOnly: boolean, options: Record<string, string> = {}, lockWaitMs = 0): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
  if (readOnly && !existsSync(path)) throw new InputError(`${safeText(path)}: expected an existing results store, found no such file`, path);
  if (path !== ':memory:' && existsSync(path) && statSync(path).isDirectory()) throw new InputError(`${safeText(path)}: expected a results store (a .duckdb file), found a directory`, path);
  let instance: DuckDBInstance;
  const until = performance.now() + lockWaitMs;
  for (;;) {
    try {
      instance = await DuckDBInstance.create(path, { ...options, ...(readOnly ? { access_mode: 'READ_ONLY' } : {}) });
      break;
    } catch (e) {
      if (isLockError(e) && performance.now() < until) { await new Promise((r) => setTimeout(r, 100)); continue; }
      throw lockMessage(path, e);
    }
  }
  return { instance, conn: await instance.connect() };
}

export async function tableNames(conn: DuckDBConnection, catalog?: string): Promise<string[]> {
  const r = await conn.runAndReadAll(catalog
    ? `SELECT table_name FROM information_schema.tables WHERE table_catalog = '${catalog}' AND table_schema = 'main' ORDER BY table_name`
    : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_catalog = current_database() ORDER BY table_name");
  return r.getRowObjectsJS().map((o) => String(o.table_name));
}

/**
 * Reads the `study` row of an open store (`prefix` names an attached catalog, e.g. "in0."),
 * checking that the file is a fractable store: a `study` table with fractable's columns and one
 * row whose JSON fields parse, and a `runs` table. Anything else is one InputError naming the
 * file and what is wrong (exit 2), never a parser's or the catalog's stack trace.
 */
export async function readStudyRow(conn: DuckDBConnection, path: string, prefix = ''): Promise<StudyRow> {
  const file = safeText(path);
  const bad = (what: string) => new InputError(`${file}: expected a fractable results store, found ${what}`, path);
  const catalog = prefix ? prefix.replace(/\.$/, '') : undefined;
  let tables: string[];
  try {
    tables = await tableNames(conn, catalog);
  } catch (e) {
    throw bad(`a file DuckDB cannot read (${oneLine((e as Error).message)})`);
  }
  if (!tables.includes('study')) {
    throw bad(tables.length === 0 ? 'an empty database with no study yet (a study killed as it started? --resume starts it again)' : `a DuckDB database with no study table (tables: ${tables.slice(0, 6).map(safeText).join(', ')})`);
  }
  const cols = (await conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = 'study' AND table_schema = 'main' AND table_catalog = ${catalog ? `'${catalog}'` : 'current_database()'}`)).getRowObjectsJS().map((r) => String(r.column_name));
  const lacking = STUDY_COLUMNS.filter((c) => !cols.includes(c));
  if (lacking.length > 0) throw bad(`a study table that is not fractable's (it lacks ${lacking.join(', ')}; it has ${cols.slice(0, 8).map(safeText).join(', ')})`);
  if (!tables.includes('runs')) throw bad('a study table but no runs table');
  let rows: Record<string, unknown>[];
  try {
    rows = (await conn.runAndReadAll(`SELECT * FROM ${prefix}study`)).getRowObjectsJS() as Record<string, unknown>[];
  } catch (e) {
    throw bad(`a study table DuckDB cannot read (${oneLine((e as Error).message)})`);
  }
  if (rows.length !== 1) throw new InputError(`${file}: expected one row in the study table, found ${rows.length}`, path);
  const r = rows[0]!;
  const json = <T>(key: string, ok: (v: unknown) => boolean, expected: string): T => {
    let v: unknown;
    try {
      v = JSON.parse(String(r[key]));
    } catch {
      throw new InputError(`${file}: study.${key}: expected ${expected} (JSON), found text that is not JSON`, path);
    }
    if (!ok(v)) throw new InputError(`${file}: study.${key}: expected ${expected}, found ${Array.isArray(v) ? 'another list' : typeof v}`, path);
    return v as T;
  };
  const scenarios = json<string[]>('scenarios', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), 'a list of scenario names');
  const spec = json<Record<string, unknown>>('spec', (v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'the resolved study as an object');
  for (const k of ['runs_total', 'replicates', 'design_points', 'seed']) {
    if (!Number.isFinite(Number(r[k]))) throw new InputError(`${file}: study.${k}: expected a number, found ${r[k] === null ? 'NULL' : 'something else'}`, path);
  }
  if (r.spec_hash === null || r.name === null) throw new InputError(`${file}: study: expected a name and a spec_hash, found NULL`, path);
  return {
    name: String(r.name), version: String(r.version), seed: Number(r.seed), spec_hash: String(r.spec_hash),
    design_method: r.design_method == null ? null : String(r.design_method), design_points: Number(r.design_points),
    replicates: Number(r.replicates), scenarios, runs_total: Number(r.runs_total),
    shard: r.shard == null ? null : String(r.shard), spec,
    partial: r.partial === true, // stores written before the column existed have none: not partial
    instance: r.instance == null ? null : String(r.instance),
  };
}

export interface OpenOptions {
  /** continue an existing store; 'or-create': start one when there is none (a Slurm task, first run or requeued) */
  resume?: boolean | 'or-create';
  overwrite?: boolean;
  shard?: Shard | null;
}

/** The writer: one connection, group-committed transactions of whole runs, writes serialized. */
export class StudyStore {
  private tail: Promise<void> = Promise.resolve();
  private readonly queue: Pending[] = [];
  private writing = false;
  /** callers waiting for the queue to be written (flush, use, close): the writer does not wait for more runs meanwhile */
  private urgent = 0;
  /** when the oldest queued run arrived (performance.now()) */
  private queuedSince = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** the timer fired: the queued runs have waited long enough */
  private due = false;
  private closed = false;
  /** the first write that failed: nothing more is written, and close() does not checkpoint */
  private failed: StoreError | undefined;
  readonly columns: Column[];
  private readonly model: ModelDescriptor;
  private readonly seriesColumns: SeriesColumns;
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly study: ResolvedStudy,
    readonly shard: Shard | null,
    /** the study instance id: with the spec hash, the identity of the study this store holds */
    readonly instanceId: string,
    /** the file's inode when opened: a store whose file is removed or replaced meanwhile is noticed */
    private readonly ino: number,
    /** the study's outputs, evaluated as each run is stored (null: it declares none) */
    private readonly outputs: OutputEvaluator | null,
  ) {
    this.columns = runColumns(study);
    this.model = descriptorOf(study.spec);
    this.seriesColumns = study.record.series ? seriesSources(study.model, study.record.series.variables).columns : [];
  }

  /**
   * Creates the store, or with `resume` opens the existing one (checking that it holds the
   * same study: same spec hash, same shard). Without `resume` an existing store is refused,
   * unless `overwrite`.
   */
  static async open(path: string, study: ResolvedStudy, o: OpenOptions = {}): Promise<StudyStore> {
    // the study's outputs are checked before anything is touched: a wrong query writes nothing
    const outputs = await OutputEvaluator.create(study);
    try {
      return await StudyStore.openFile(path, study, o, outputs);
    } catch (e) {
      outputs?.close();
      throw e;
    }
  }

  private static async openFile(path: string, study: ResolvedStudy, o: OpenOptions, outputs: OutputEvaluator | null): Promise<StudyStore> {
    const file = resolve(path);
    const exists = existsSync(file);
    if (o.resume === 'or-create' && !exists) o = { ...o, resume: false };
    if (exists && !o.resume && !o.overwrite) {
      throw new InputError(`${safeText(path)}: expected a new results store, found an existing one; use --resume to continue it, --overwrite to start again, or another --out`, path);
    }
    if (o.resume && !exists) {
      throw new InputError(`${safeText(path)}: expected an existing results store to resume, found no such file; run without --resume to start the study`, path);
    }
    // the path before any work: its directory exists or can be made, and can be written in
    checkOutputFile(file, '--out');
    // a zero-byte file is a study killed before DuckDB wrote its first byte: there is nothing in it to keep
    if (exists && statSync(file).size === 0) rmSync(file, { force: true });
    // The lock first: --overwrite empties a store only while holding it, so a store another
    // process is writing is refused, never removed under it. One DuckDB thread: the writer
    // commits one small transaction at a time, and the cores belong to the workers.
    let opened: { instance: DuckDBInstance; conn: DuckDBConnection };
    try {
      opened = await openDuckDB(file, false, { threads: '1' }, LOCK_WAIT_MS);
    } catch (e) {
      if (e instanceof InputError && o.overwrite && exists) throw new InputError(`${e.message}; --overwrite replaces only a fractable store that no process is using`, path);
      throw e;
    }
    const { instance, conn } = opened;
    try {
      let shard = o.shard ?? null;
      let id: string;
      const tables = await tableNames(conn);
      if (tables.length === 0) {
        // a new store, or one killed before its study was written (the schema is one transaction): start it
        id = newInstanceId();
        await StudyStore.createSchema(conn, study, shard, id, []);
      } else if (o.resume) {
        const row = await readStudyRow(conn, path);
        if (row.spec_hash !== study.specHash) {
          throw new InputError(`${safeText(path)}: expected a store of this study (spec hash ${study.specHash.slice(0, 12)}), found study "${safeText(row.name)}" with spec hash ${row.spec_hash.slice(0, 12)} (fractable ${safeText(row.version)}); the study file, a scenario or the fractable version changed since it was created; use another --out or --overwrite`, path);
        }
        if (o.shard && row.shard !== shardText(o.shard)) {
          throw new InputError(`${safeText(path)}: --shard: expected the store's shard ${row.shard ?? '(none: the whole study)'}, found ${shardText(o.shard)}`, path);
        }
        shard = row.shard ? { index: Number(row.shard.split('/')[0]), count: Number(row.shard.split('/')[1]) } : null;
        id = row.instance ?? await StudyStore.giveInstance(conn);
      } else {
        // --overwrite, under the lock: only a fractable store is emptied, in the transaction that writes the new study
        try {
          await readStudyRow(conn, path);
        } catch (e) {
          if (e instanceof InputError) throw new InputError(`${e.message}; --overwrite replaces only a fractable store: remove the file yourself or use another --out`, path);
          throw e;
        }
        id = newInstanceId();
        await StudyStore.createSchema(conn, study, shard, id, tables);
      }
      const store = new StudyStore(path, instance, conn, study, shard, id, statSync(file).ino, outputs);
      return store;
    } catch (e) {
      conn.closeSync();
      instance.closeSync();
      if (e instanceof InputError) throw e;
      const why = fsReason(e);
      if (why) throw new StoreError(`${safeText(path)}: could not be written: ${why}`, path);
      throw e;
    }
  }

  /** A store older than the `instance` column gets one (on resume). */
  private static async giveInstance(conn: DuckDBConnection): Promise<string> {
    const id = newInstanceId();
    await conn.run('ALTER TABLE study ADD COLUMN IF NOT EXISTS instance VARCHAR');
    await conn.run(`UPDATE study SET instance = '${id}'`);
    return id;
  }

  /** Writes the schema and the study row in one transaction; `drop`: the tables of an overwritten store, dropped in it. */
  private static async createSchema(conn: DuckDBConnection, study: ResolvedStudy, shard: Shard | null, id: string, drop: readonly string[]): Promise<void> {
    const cols = runColumns(study);
    const names = study.design?.names ?? [];
    await transaction(conn, async () => {
      for (const t of drop) await conn.run(`DROP TABLE IF EXISTS ${ident(t)} CASCADE`);
      await conn.run(STUDY_DDL);
      await conn.run(`CREATE TABLE design (design_point INTEGER PRIMARY KEY${names.map((n) => `, ${ident(n)} DOUBLE`).join('')})`);
      await conn.run(`CREATE TABLE runs (${cols.map((c) => `${ident(c.name)} ${c.type}${c.name === 'run_id' ? ' PRIMARY KEY' : ''}`).join(', ')})`);
      if (study.record.series) await conn.run(seriesDDL(study.record.series.variables));
      if (study.record.events) await conn.run(EVENTS_DDL);
      const ins = await conn.prepare('INSERT INTO study VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, false, $12)');
      ins.bindVarchar(1, study.name);
      ins.bindVarchar(2, String(study.spec.version));
      ins.bindBigInt(3, BigInt(study.seed));
      ins.bindVarchar(4, study.specHash);
      if (study.design) ins.bindVarchar(5, study.design.method); else ins.bindNull(5);
      ins.bindInteger(6, study.points);
      ins.bindInteger(7, study.replicates);
      ins.bindVarchar(8, JSON.stringify(study.scenarios.map((s) => s.name)));
      ins.bindInteger(9, study.runs);
      const st = shardText(shard);
      if (st) ins.bindVarchar(10, st); else ins.bindNull(10);
      ins.bindVarchar(11, JSON.stringify(study.spec));
      ins.bindVarchar(12, id);
      await ins.run();
      ins.destroySync();
      const app = await conn.createAppender('design');
      const points = study.design?.points ?? [[]];
      points.forEach((row, i) => {
        app.appendInteger(i);
        for (const v of row) app.appendDouble(v);
        app.endRow();
      });
      app.flushSync();
      app.closeSync();
    });
  }

  /** The run ids already stored. */
  async completed(): Promise<Set<number>> {
    const r = await this.conn.runAndReadAll('SELECT run_id FROM runs');
    const col = r.getColumnsJS()[0] ?? [];
    return new Set(col.map(Number));
  }

  /** Deletes the failed runs (and their series) so that they run again. Returns how many. */
  async deleteFailed(): Promise<number> {
    return transaction(this.conn, async () => {
      if (this.study.record.series) await this.conn.run("DELETE FROM series WHERE run_id IN (SELECT run_id FROM runs WHERE status = 'failed')");
      if (this.study.record.events) await this.conn.run("DELETE FROM events WHERE run_id IN (SELECT run_id FROM runs WHERE status = 'failed')");
      const r = await this.conn.run("DELETE FROM runs WHERE status = 'failed'");
      return r.rowsChanged;
    });
  }

  /**
   * Stores one finished run. Writes are group-committed: a transaction takes the runs queued
   * (at most MAX_BATCH) once COMMIT_ROWS of them wait, the first has waited COMMIT_WAIT_MS, or a
   * caller flushes; so a run is always wholly in the store or wholly absent. The promise resolves
   * once the run's transaction has committed, with the status the run was stored with: a run
   * whose outputs could not be computed is stored as failed.
   */
  insert(run: PlannedRun, reply: RunReply): Promise<'ok' | 'failed'> {
    return new Promise<'ok' | 'failed'>((resolve, reject) => {
      if (this.queue.length === 0) this.queuedSince = performance.now();
      this.queue.push({ run, reply, resolve, reject });
      this.kick();
    });
  }

  /** Runs queued for a transaction that has not started yet. */
  get pending(): number { return this.queue.length; }

  private kick(): void {
    if (this.writing || this.queue.length === 0) return;
    const wait = this.due || this.urgent > 0 || this.queue.length >= COMMIT_ROWS ? 0 : COMMIT_WAIT_MS - (performance.now() - this.queuedSince);
    if (wait > 0) {
      // not unref'd: a study awaiting its last runs' commit must not let the process end first
      this.timer ??= setTimeout(() => { this.timer = undefined; this.due = true; this.kick(); }, Math.ceil(wait));
      return;
    }
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    this.due = false;
    this.writing = true;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.queuedSince = performance.now();
    this.tail = this.writeBatch(batch)
      .then(() => { for (const b of batch) b.resolve(b.reply.state); }, (e: unknown) => { for (const b of batch) b.reject(e); })
      .finally(() => { this.writing = false; this.kick(); });
  }

  /** Waits until the writer is idle and nothing is queued, writing what is queued at once. */
  private async drain(): Promise<void> {
    this.urgent++;
    try {
      this.kick();
      while (this.writing || this.queue.length > 0) await this.tail;
    } finally {
      this.urgent--;
    }
  }

  /** Appends one run's `runs` row, its columns in `runColumns` order. */
  private appendRun(app: DuckDBAppender, run: PlannedRun, reply: RunReply, values: readonly (number | null)[] | undefined): void {
    const m = this.model;
    const int = (v: number | null) => { if (v === null || !Number.isFinite(v)) app.appendNull(); else app.appendInteger(v); };
    const dbl = (v: number | null) => { if (v === null) app.appendNull(); else app.appendDouble(v); };
    const str = (v: string | null) => { if (v === null) app.appendNull(); else app.appendVarchar(v); };
    const bool = (v: boolean | null) => { if (v === null) app.appendNull(); else app.appendBoolean(v); };
    int(run.runId); int(run.designPoint); int(run.replicate); str(run.scenario);
    if (this.study.policies) str(run.policy);
    app.appendBigInt(BigInt(run.seed));
    for (const v of run.values) dbl(v);
    const r = reply.state === 'ok' ? reply.result : null;
    if (r) {
      str('ok'); str(r.outcome.kind); int(r.outcome.tick);
    } else {
      str('failed'); str(null); int(null);
    }
    for (const o of m.outputs.scalars) {
      const v = r ? r.outputs[o.name] ?? null : null;
      if (o.type === 'VARCHAR') str(v === null ? null : String(v));
      else if (o.type === 'BOOLEAN') bool(v === null ? null : Boolean(v));
      else if (o.type === 'INTEGER') int(v === null ? null : Number(v));
      else dbl(v === null ? null : Number(v));
    }
    if (this.study.record.metrics) {
      for (let k = 0; k < m.state.length; k++) dbl(r ? r.final[k]! : null);
      const width = m.populations.reduce((a, p) => a + p.actions.length, 0);
      for (let k = 0; k < width; k++) dbl(r ? r.finalShares[k]! : null);
      for (let k = 0; k < width; k++) dbl(r ? r.meanShares[k]! : null);
      const counts = new Map<string, number>();
      if (r) for (const e of r.events) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
      for (const e of m.events) int(r ? counts.get(e.kind) ?? 0 : null);
    }
    for (let k = 0; k < this.study.outputs.length; k++) dbl(r && values ? values[k] ?? null : null);
    str(r ? r.digest : null);
    str(reply.state === 'failed' ? reply.error : null);
    dbl(reply.state === 'ok' ? reply.result.wallMs : reply.wallMs);
    app.endRow();
  }

  /** Why the store could not be written, if a write failed. */
  get writeError(): StoreError | undefined { return this.failed; }

  private async writeBatch(batch: Pending[]): Promise<void> {
    if (this.closed) throw new Error('store is closed');
    if (this.failed) throw this.failed;
    await this.computeOutputs(batch);
    try {
      await this.writeBatchTx(batch);
    } catch (e) {
      const why = fsReason(e);
      if (!why) throw e;
      this.failed = new StoreError(`${safeText(this.path)}: could not be written: ${why}`, this.path);
      throw this.failed;
    }
    // the file must still be the one we opened: a removed directory or a replaced file takes the runs with it
    let same = false;
    try { same = statSync(resolve(this.path)).ino === this.ino; } catch { same = false; }
    if (!same) {
      this.failed = new StoreError(`${safeText(this.path)}: the store's file was removed or replaced while the study wrote it (its directory deleted?)`, this.path);
      throw this.failed;
    }
  }

  /**
   * Each finished run's outputs, before its transaction (in the evaluator's own database): a run
   * whose outputs fail is stored as failed with the reason, its series and events left out.
   */
  private async computeOutputs(batch: Pending[]): Promise<void> {
    if (!this.outputs) return;
    for (const b of batch) {
      if (b.reply.state !== 'ok') continue;
      const v = await this.outputs.evaluate(b.run.runId, b.reply.result);
      if ('error' in v) b.reply = { state: 'failed', error: v.error, wallMs: b.reply.result.wallMs };
      else b.values = v.values;
    }
  }

  private async writeBatchTx(batch: readonly Pending[]): Promise<void> {
    await transaction(this.conn, async () => {
      const runs = await this.conn.createAppender('runs');
      for (const { run, reply, values } of batch) this.appendRun(runs, run, reply, values);
      runs.flushSync();
      runs.closeSync();
      const ok = batch.filter((b) => b.reply.state === 'ok').map((b) => ({ run: b.run, r: (b.reply as Extract<RunReply, { state: 'ok' }>).result }));
      if (this.study.record.series && ok.some((b) => b.r.series)) {
        const app = await this.conn.createAppender('series');
        for (const { run, r } of ok) if (r.series) appendSeries(app, this.seriesColumns, run.runId, r.series);
        app.flushSync();
        app.closeSync();
      }
      if (this.study.record.events && ok.some((b) => b.r.events.length > 0)) {
        const app = await this.conn.createAppender('events');
        for (const { run, r } of ok) appendEvents(app, run.runId, r.events);
        app.flushSync();
        app.closeSync();
      }
    });
  }

  /**
   * Runs `fn` on the writer's connection once every run handed to insert() is written, with
   * further run writes held until it returns: the calibration's own tables and pattern scores
   * (calibrate.ts) go through the one writer too.
   */
  async use<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    // wait for the writer (a batch or another use) to be idle, writing what is queued at once.
    // No await between the last check and taking the writer: a run queued meanwhile is drained too.
    do await this.drain(); while (this.writing || this.queue.length > 0);
    if (this.closed) throw new Error('store is closed');
    this.writing = true;
    const run = fn(this.conn);
    this.tail = run.then(() => undefined, () => undefined).finally(() => { this.writing = false; this.kick(); });
    return run;
  }

  /** Waits until every run handed to insert() has been written. */
  async flush(): Promise<void> {
    await this.drain();
  }

  /**
   * Marks the store complete: a partial merge (`merge --partial`) that `--resume` has completed
   * is an ordinary whole store again.
   */
  async markComplete(): Promise<void> {
    await this.flush();
    const cols = (await this.conn.runAndReadAll("SELECT column_name FROM information_schema.columns WHERE table_name = 'study' AND table_schema = 'main' AND table_catalog = current_database()")).getRowObjectsJS().map((r) => String(r.column_name));
    if (cols.includes('partial')) await this.conn.run('UPDATE study SET partial = false WHERE partial');
  }

  async count(): Promise<{ runs: number; failed: number }> {
    const r = (await this.conn.runAndReadAll("SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE status = 'failed')::INTEGER AS f FROM runs")).getRowObjectsJS()[0]!;
    return { runs: Number(r.n), failed: Number(r.f) };
  }

  /** Runs stored so far per scenario and design point: ok, failed, and per outcome label (for the live status). */
  async outcomeCounts(): Promise<Array<{ scenario: string; design_point: number; status: string; outcome: string | null; n: number }>> {
    const r = await this.conn.runAndReadAll('SELECT scenario, design_point, status, outcome, count(*)::INTEGER AS n FROM runs GROUP BY ALL');
    return r.getRowObjectsJS().map((x) => ({ scenario: String(x.scenario), design_point: Number(x.design_point), status: String(x.status), outcome: x.outcome === null ? null : String(x.outcome), n: Number(x.n) }));
  }

  async failures(limit = 1_000_000): Promise<FailureRow[]> {
    return readFailures(this.conn, limit);
  }

  /** Waits for pending writes, checkpoints the WAL into the file and closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.drain();
    this.closed = true;
    this.outputs?.close();
    try {
      // after a failed write the committed runs are in the file and its write-ahead log (replayed at the next open)
      if (!this.failed) await this.conn.run('CHECKPOINT');
    } catch (e) {
      const why = fsReason(e);
      if (!why) throw e;
      this.failed ??= new StoreError(`${safeText(this.path)}: could not be written: ${why}`, this.path);
    } finally {
      try { this.conn.closeSync(); } catch { /* an invalidated database */ }
      try { this.instance.closeSync(); } catch { /* an invalidated database */ }
    }
  }
}

export async function readFailures(conn: DuckDBConnection, limit = 1_000_000): Promise<FailureRow[]> {
  const policy = await hasPolicyColumn(conn);
  const rows = (await conn.runAndReadAll(`SELECT run_id, scenario, design_point, replicate, seed, error${policy ? ', policy' : ''} FROM runs WHERE status = 'failed' ORDER BY run_id LIMIT ${Math.floor(limit)}`)).getRowObjectsJS();
  return rows.map((r) => ({
    run_id: Number(r.run_id), scenario: String(r.scenario), design_point: Number(r.design_point), replicate: Number(r.replicate), seed: Number(r.seed), error: String(r.error ?? ''),
    ...(policy ? { policy: String(r.policy) } : {}),
  }));
}

/** Whether the store's runs carry a policy (a study with levers). */
export async function hasPolicyColumn(conn: DuckDBConnection, catalog?: string): Promise<boolean> {
  const r = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM information_schema.columns WHERE table_name = 'runs' AND column_name = 'policy' AND table_schema = 'main' AND table_catalog = ${catalog ? `'${catalog}'` : 'current_database()'}`);
  return Number(r.getRowObjectsJS()[0]!.n) > 0;
}
