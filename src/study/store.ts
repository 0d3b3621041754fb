/**
 * The results store: one DuckDB file per study (or shard), written by one connection in the
 * coordinator process, the only writer. A finished run's `runs` row and `series` rows are
 * inserted in one transaction (which may carry other whole runs that finished meanwhile: group
 * commit), so a crash, a kill -9 or a power cut never leaves a half-written run: DuckDB writes each commit to its write-ahead log, and replays it
 * when the file is next opened. Resume reads the set of stored run ids and runs the rest.
 *
 * Tables:
 *   study   one row: name, version, seed, spec_hash, design_method, design_points,
 *           replicates, scenarios (JSON list), runs_total, shard, spec (JSON), partial
 *   design  one row per design point: design_point, one column per varied parameter
 *   runs    one row per finished run (see `runColumns`)
 *   series  (when recorded) run_id, tick, one column per recorded state variable
 *   events  (when recorded) run_id, tick, kind, actor, detail (JSON): each run's event history
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { InputError } from '../errors.js';
import type { ModelDescriptor } from '../engine/declaration.js';
import type { WorldReply } from '../engine/protocol.js';
import { eventColumns, finalColumns, ident, outputColumn, shareColumns } from './columns.js';
import type { PlannedRun, Shard } from './plan.js';
import { shardText } from './plan.js';
import { descriptorOf, type ResolvedStudy } from './spec.js';

/** A finished run as the store receives it: the worker's reply, or a failure (wallMs null when the worker died). */
export type RunReply = WorldReply | { state: 'failed'; error: string; wallMs: null };
interface Pending { run: PlannedRun; reply: RunReply; resolve: () => void; reject: (e: unknown) => void }
/** The most runs one transaction takes. */
const MAX_BATCH = 256;

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
    cols.push(...eventColumns(m).map((name, i) => ({ name, type: 'INTEGER' as const, doc: `number of ${m.events[i]!.kind} events` })));
  }
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
}

export interface FailureRow { run_id: number; scenario: string; design_point: number; replicate: number; seed: number; error: string }

const STUDY_DDL = `CREATE TABLE study (
  name VARCHAR NOT NULL, version VARCHAR NOT NULL, seed BIGINT NOT NULL, spec_hash VARCHAR NOT NULL,
  design_method VARCHAR, design_points INTEGER NOT NULL, replicates INTEGER NOT NULL, scenarios VARCHAR NOT NULL,
  runs_total INTEGER NOT NULL, shard VARCHAR, spec VARCHAR NOT NULL, partial BOOLEAN NOT NULL DEFAULT false)`;

/** The `events` table: one row per event of a run. */
export const EVENTS_DDL = 'CREATE TABLE events (run_id INTEGER NOT NULL, tick INTEGER NOT NULL, kind VARCHAR NOT NULL, actor VARCHAR NOT NULL, detail JSON)';
/** The `series` table: one row per kept tick of a run, one column per recorded state variable. */
export const seriesDDL = (variables: readonly string[]): string =>
  `CREATE TABLE series (run_id INTEGER NOT NULL, tick INTEGER NOT NULL${variables.map((v) => `, ${ident(v)} DOUBLE`).join('')})`;

function lockMessage(path: string, e: unknown): InputError {
  const msg = (e as Error).message ?? String(e);
  if (/lock/i.test(msg)) return new InputError(`${path}: expected a store no other process is using, found it locked (${msg.split('\n')[0]})`, path);
  return new InputError(`${path}: expected a DuckDB results store, found ${msg.split('\n')[0]}`, path);
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
  if (readOnly && !existsSync(path)) throw new InputError(`${path}: expected an existing results store, found no such file`, path);
  let instance: DuckDBInstance;
  const until = performance.now() + lockWaitMs;
  for (;;) {
    try {
      instance = await DuckDBInstance.create(path, { ...options, ...(readOnly ? { access_mode: 'READ_ONLY' } : {}) });
      break;
    } catch (e) {
      if (/lock/i.test((e as Error).message ?? '') && performance.now() < until) { await new Promise((r) => setTimeout(r, 100)); continue; }
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

/** Reads the `study` row of an open store (`prefix` names an attached catalog, e.g. "in0."). */
export async function readStudyRow(conn: DuckDBConnection, path: string, prefix = ''): Promise<StudyRow> {
  let rows: Record<string, unknown>[];
  try {
    rows = (await conn.runAndReadAll(`SELECT * FROM ${prefix}study`)).getRowObjectsJS() as Record<string, unknown>[];
  } catch {
    throw new InputError(`${path}: expected a fractable study store, found no study table`, path);
  }
  if (rows.length !== 1) throw new InputError(`${path}: expected one row in the study table, found ${rows.length}`, path);
  const r = rows[0]!;
  return {
    name: String(r.name), version: String(r.version), seed: Number(r.seed), spec_hash: String(r.spec_hash),
    design_method: r.design_method == null ? null : String(r.design_method), design_points: Number(r.design_points),
    replicates: Number(r.replicates), scenarios: JSON.parse(String(r.scenarios)) as string[], runs_total: Number(r.runs_total),
    shard: r.shard == null ? null : String(r.shard), spec: JSON.parse(String(r.spec)) as Record<string, unknown>,
    partial: r.partial === true, // stores written before the column existed have none: not partial
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
  private insertRun!: DuckDBPreparedStatement;
  private closed = false;
  readonly columns: Column[];
  private readonly model: ModelDescriptor;
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly study: ResolvedStudy,
    readonly shard: Shard | null,
  ) {
    this.columns = runColumns(study);
    this.model = descriptorOf(study.spec);
  }

  /**
   * Creates the store, or with `resume` opens the existing one (checking that it holds the
   * same study: same spec hash, same shard). Without `resume` an existing store is refused,
   * unless `overwrite`.
   */
  static async open(path: string, study: ResolvedStudy, o: OpenOptions = {}): Promise<StudyStore> {
    const file = resolve(path);
    const exists = existsSync(file);
    if (o.resume === 'or-create' && !exists) o = { ...o, resume: false };
    if (exists && !o.resume && !o.overwrite) {
      throw new InputError(`${path}: expected a new results store, found an existing one; use --resume to continue it, --overwrite to start again, or another --out`, path);
    }
    if (o.resume && !exists) {
      throw new InputError(`${path}: expected an existing results store to resume, found no such file; run without --resume to start the study`, path);
    }
    if (exists && o.overwrite && !o.resume) { rmSync(file, { force: true }); rmSync(`${file}.wal`, { force: true }); }
    mkdirSync(dirname(file), { recursive: true });
    // one DuckDB thread: the writer commits one small transaction at a time, and the cores belong to the workers
    const { instance, conn } = await openDuckDB(file, false, { threads: '1' }, LOCK_WAIT_MS);
    try {
      let shard = o.shard ?? null;
      if (o.resume && exists) {
        const row = await readStudyRow(conn, path);
        if (row.spec_hash !== study.specHash) {
          throw new InputError(`${path}: expected a store of this study (spec hash ${study.specHash.slice(0, 12)}), found study "${row.name}" with spec hash ${row.spec_hash.slice(0, 12)} (fractable ${row.version}); the study file, a scenario or the fractable version changed since it was created; use another --out or --overwrite`, path);
        }
        if (o.shard && row.shard !== shardText(o.shard)) {
          throw new InputError(`${path}: --shard: expected the store's shard ${row.shard ?? '(none: the whole study)'}, found ${shardText(o.shard)}`, path);
        }
        shard = row.shard ? { index: Number(row.shard.split('/')[0]), count: Number(row.shard.split('/')[1]) } : null;
      } else {
        await StudyStore.createSchema(conn, study, shard);
      }
      const store = new StudyStore(path, instance, conn, study, shard);
      store.insertRun = await conn.prepare(`INSERT INTO runs VALUES (${store.columns.map((_, i) => `$${i + 1}`).join(', ')})`);
      return store;
    } catch (e) {
      conn.closeSync();
      instance.closeSync();
      throw e;
    }
  }

  private static async createSchema(conn: DuckDBConnection, study: ResolvedStudy, shard: Shard | null): Promise<void> {
    const cols = runColumns(study);
    const names = study.design?.names ?? [];
    await transaction(conn, async () => {
      await conn.run(STUDY_DDL);
      await conn.run(`CREATE TABLE design (design_point INTEGER PRIMARY KEY${names.map((n) => `, ${ident(n)} DOUBLE`).join('')})`);
      await conn.run(`CREATE TABLE runs (${cols.map((c) => `${ident(c.name)} ${c.type}${c.name === 'run_id' ? ' PRIMARY KEY' : ''}`).join(', ')})`);
      if (study.record.series) await conn.run(seriesDDL(study.record.series.variables));
      if (study.record.events) await conn.run(EVENTS_DDL);
      const ins = await conn.prepare('INSERT INTO study VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, false)');
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
   * Stores one finished run. Writes are group-committed: each transaction takes every run that
   * finished while the previous commit was in flight (at most MAX_BATCH), so a run is always
   * wholly in the store or wholly absent, and at low throughput a batch is one run. The promise
   * resolves once the run's transaction has committed.
   */
  insert(run: PlannedRun, reply: RunReply): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ run, reply, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.tail = this.writeBatch(batch)
      .then(() => { for (const b of batch) b.resolve(); }, (e: unknown) => { for (const b of batch) b.reject(e); })
      .finally(() => { this.writing = false; this.kick(); });
  }

  private bindRun(run: PlannedRun, reply: RunReply): DuckDBPreparedStatement {
    const s = this.insertRun, m = this.model;
    let i = 1;
    const int = (v: number | null) => { if (v === null || !Number.isFinite(v)) s.bindNull(i++); else s.bindInteger(i++, v); };
    const dbl = (v: number | null) => { if (v === null) s.bindNull(i++); else s.bindDouble(i++, v); };
    const str = (v: string | null) => { if (v === null) s.bindNull(i++); else s.bindVarchar(i++, v); };
    const bool = (v: boolean | null) => { if (v === null) s.bindNull(i++); else s.bindBoolean(i++, v); };
    int(run.runId); int(run.designPoint); int(run.replicate); str(run.scenario);
    s.bindBigInt(i++, BigInt(run.seed));
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
      const counts = new Map<string, number>();
      if (r) for (const e of r.events) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
      for (const e of m.events) int(r ? counts.get(e.kind) ?? 0 : null);
    }
    str(r ? r.digest : null);
    str(reply.state === 'failed' ? reply.error : null);
    dbl(reply.state === 'ok' ? reply.result.wallMs : reply.wallMs);
    return s;
  }

  private async writeBatch(batch: readonly Pending[]): Promise<void> {
    if (this.closed) throw new Error('store is closed');
    await transaction(this.conn, async () => {
      for (const { run, reply } of batch) await this.bindRun(run, reply).run();
      const ok = batch.filter((b) => b.reply.state === 'ok').map((b) => ({ run: b.run, r: (b.reply as Extract<RunReply, { state: 'ok' }>).result }));
      if (this.study.record.series && ok.some((b) => b.r.series)) {
        const app = await this.conn.createAppender('series');
        for (const { run, r } of ok) {
          const sr = r.series;
          if (!sr) continue;
          const w = sr.stateColumns.length;
          for (let row = 0; row < sr.ticks.length; row++) {
            app.appendInteger(run.runId);
            app.appendInteger(sr.ticks[row]!);
            for (let j = 0; j < w; j++) app.appendDouble(sr.state[row * w + j]!);
            app.endRow();
          }
        }
        app.flushSync();
        app.closeSync();
      }
      if (this.study.record.events && ok.some((b) => b.r.events.length > 0)) {
        const app = await this.conn.createAppender('events');
        for (const { run, r } of ok) {
          for (const e of r.events) {
            app.appendInteger(run.runId);
            app.appendInteger(e.tick);
            app.appendVarchar(e.kind);
            app.appendVarchar(e.actor);
            if (e.detail) app.appendVarchar(JSON.stringify(e.detail)); else app.appendNull();
            app.endRow();
          }
        }
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
    // wait for the writer (a batch or another use) to be idle; `tail` always holds what runs now
    while (this.writing || this.queue.length > 0) await this.tail;
    if (this.closed) throw new Error('store is closed');
    this.writing = true;
    const run = fn(this.conn);
    this.tail = run.then(() => undefined, () => undefined).finally(() => { this.writing = false; this.kick(); });
    return run;
  }

  /** Waits until every run handed to insert() has been written. */
  async flush(): Promise<void> {
    while (this.writing || this.queue.length > 0) await this.tail;
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

  async failures(limit = 1_000_000): Promise<FailureRow[]> {
    return readFailures(this.conn, limit);
  }

  /** Waits for pending writes, checkpoints the WAL into the file and closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.tail;
    this.closed = true;
    try {
      this.insertRun.destroySync();
      await this.conn.run('CHECKPOINT');
    } finally {
      this.conn.closeSync();
      this.instance.closeSync();
    }
  }
}

export async function readFailures(conn: DuckDBConnection, limit = 1_000_000): Promise<FailureRow[]> {
  const rows = (await conn.runAndReadAll(`SELECT run_id, scenario, design_point, replicate, seed, error FROM runs WHERE status = 'failed' ORDER BY run_id LIMIT ${Math.floor(limit)}`)).getRowObjectsJS();
  return rows.map((r) => ({
    run_id: Number(r.run_id), scenario: String(r.scenario), design_point: Number(r.design_point), replicate: Number(r.replicate), seed: Number(r.seed), error: String(r.error ?? ''),
  }));
}
