/**
 * Where a study (or each shard of one) stands, for `fractable status` and the morning after an
 * overnight array.
 *
 * A running study holds its store open for writing, and DuckDB then refuses every other open of
 * the file (read-only too). So the runner also writes a small status file beside the store,
 * `<store>.status.json`, atomically (a temporary file renamed into place) every few seconds and
 * at the end. `readStatuses` reads a store directly when it can, and its status file when the
 * store is locked, and says which it used. The status file holds wall-clock times: it is a
 * progress report, never a result.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeAtomic } from '../files.js';
import { literal } from './columns.js';
import { shardSize, shardText, type Shard } from './plan.js';
import { findScript, resubmitLine } from './slurm.js';
import { isLockError, lockMessage, readStudyRow } from './store.js';
import { safeText } from '../errors.js';
import { wilson } from '../analysis/index.js';
import type { OutcomeShare, StudySummary } from './summary.js';

export type StudyState = 'running' | 'finished' | 'interrupted' | 'failed';

/** The status file: `<store>.status.json`. */
export interface StatusFile {
  format: 'fractable-status/1';
  study: string;
  spec_hash: string;
  /** "i/n", or null for a whole study */
  shard: string | null;
  /** runs of this store (shard) stored so far, failed ones included */
  done: number;
  /** runs of this store (shard) in all */
  total: number;
  /** failed runs stored so far */
  failed: number;
  /** when this session started (ISO 8601, UTC) */
  started: string;
  /** when this file was written (ISO 8601, UTC) */
  updated: string;
  pid: number;
  host: string;
  /** runs stored per second in this session (0 before the first) */
  runs_per_second: number;
  /** seconds to the last run at that rate (null before the first run) */
  eta_seconds: number | null;
  state: StudyState;
  /** the Slurm job of the process, when it runs under Slurm */
  slurm: { job_id: string; array_job_id: string | null; array_task_id: string | null } | null;
  /** outcome shares of the runs stored so far (absent in files written before fractable 0.1 had it) */
  live?: LiveOutcomes;
  /**
   * a calibration's stage (a generation, a shard's generation, a check phase) and what done and
   * total count in it: proposals scored, or runs; absent for a study (runs of the whole store)
   */
  stage?: { name: string; unit: 'proposals' | 'runs'; detail: string };
}

/**
 * The outcome shares of a running study, per scenario, over the runs of this store stored so far
 * (earlier sessions included): what `summary --live` and the `--serve` page show while DuckDB's
 * lock keeps every reader out of the store. Shares with 95% Wilson intervals over the runs that
 * finished, as `summary` computes them from the store.
 */
export interface LiveOutcomes {
  model: string;
  version: string;
  seed: number;
  design_method: string | null;
  design_points: number;
  replicates: number;
  /** the model's outcome labels, in declared order */
  labels: string[];
  scenarios: Array<{ scenario: string; runs: number; ok: number; failed: number; outcomes: Record<string, OutcomeShare | null> }>;
  /**
   * per design point (studies with a design; absent in files written before fractable had it,
   * null without a design): the `limit` pairs of scenario and design point with the most runs
   * stored (ties: scenario order, then point), each with its factor values, runs and outcome
   * shares. Bounded so that the file stays small for any design.
   */
  points?: LivePoints | null;
}

/** The per-design-point block of the live outcomes. */
export interface LivePoints {
  /** the design's parameters (dotted names), in the order of each row's `values` */
  parameters: string[];
  /** pairs of scenario and design point in the study (or shard): scenarios × design points */
  pairs: number;
  /** pairs with at least one run stored */
  with_runs: number;
  /** most rows shown */
  limit: number;
  /** how the rows are chosen: the pairs with the most runs stored */
  order: 'runs';
  /** false when the study has too many pairs to tally (more than LIVE_MAX_PAIRS): no rows */
  tracked: boolean;
  rows: Array<{ scenario: string; design_point: number; values: number[]; runs: number; ok: number; failed: number; outcomes: Record<string, OutcomeShare | null> }>;
}

/** Default number of design points (pairs of scenario and point) the live status shows. */
export const LIVE_POINTS = 50;
/** Most pairs of scenario and design point tallied live (an Int32 row of counts each). */
export const LIVE_MAX_PAIRS = 1_000_000;

/** The outcome shares of `ok` finished runs with these counts per label, with 95% Wilson intervals. */
function shares(labels: readonly string[], ok: number, count: (k: number) => number): Record<string, OutcomeShare | null> {
  return Object.fromEntries(labels.map((label, k) => {
    if (ok === 0) return [label, null];
    const n = count(k), w = wilson(n, ok);
    return [label, { k: n, p: w.p, lo: w.lo, hi: w.hi }];
  }));
}

/** The design a live tally counts per point: its parameters and rows (design point i is row i). */
export interface LiveDesign { parameters: readonly string[]; points: readonly (readonly number[])[] }

/** Counts stored runs per scenario (and per design point) and outcome as a study goes. */
export class LiveTally {
  private readonly rows = new Map<string, { runs: number; ok: number; failed: number; counts: Map<string, number> }>();
  private readonly scenarioIndex: Map<string, number>;
  /** per pair (scenario s, point p) at (s·P + p)·W: runs, ok, failed, then one count per label; null without a design or when too large */
  private readonly pairs: Int32Array | null;
  private readonly width: number;
  constructor(
    readonly meta: Omit<LiveOutcomes, 'scenarios' | 'points'>,
    private readonly scenarios: readonly string[],
    private readonly design: LiveDesign | null = null,
    /** most design points shown */
    readonly limit = LIVE_POINTS,
  ) {
    for (const sc of scenarios) this.row(sc);
    this.scenarioIndex = new Map(scenarios.map((sc, i) => [sc, i]));
    this.width = 3 + meta.labels.length;
    const n = design ? scenarios.length * design.points.length : 0;
    this.pairs = design && n <= LIVE_MAX_PAIRS ? new Int32Array(n * this.width) : null;
  }
  private row(scenario: string) {
    let r = this.rows.get(scenario);
    if (!r) this.rows.set(scenario, (r = { runs: 0, ok: 0, failed: 0, counts: new Map() }));
    return r;
  }
  /** `n` runs of a scenario (at a design point) with this status (and outcome label when ok). */
  add(scenario: string, status: string, outcome: string | null, n = 1, point?: number): void {
    const r = this.row(scenario);
    r.runs += n;
    if (status === 'ok') {
      r.ok += n;
      if (outcome !== null) r.counts.set(outcome, (r.counts.get(outcome) ?? 0) + n);
    } else r.failed += n;
    const s = this.scenarioIndex.get(scenario);
    if (this.pairs && point !== undefined && s !== undefined && point >= 0 && point < this.design!.points.length) {
      const o = (s * this.design!.points.length + point) * this.width;
      this.pairs[o] += n;
      if (status === 'ok') {
        this.pairs[o + 1] += n;
        const k = outcome === null ? -1 : this.meta.labels.indexOf(outcome);
        if (k >= 0) this.pairs[o + 3 + k] += n;
      } else this.pairs[o + 2] += n;
    }
  }

  /** The `limit` pairs with the most runs (ties: the lower pair index, i.e. scenario order then point). */
  private points(): LivePoints | null {
    if (!this.design) return null;
    const P = this.design.points.length, W = this.width, total = this.scenarios.length * P;
    const base = { parameters: [...this.design.parameters], pairs: total, limit: this.limit, order: 'runs' as const };
    const c = this.pairs;
    if (!c) return { ...base, with_runs: 0, tracked: false, rows: [] };
    // a bounded selection: the best `limit` pair indices, kept sorted (more runs first, then lower index)
    const best: number[] = [];
    let withRuns = 0;
    const better = (a: number, b: number) => c[a * W]! > c[b * W]! || (c[a * W] === c[b * W] && a < b);
    for (let i = 0; i < total; i++) {
      if (c[i * W] === 0) continue;
      withRuns++;
      if (best.length === this.limit && !better(i, best[best.length - 1]!)) continue;
      let j = best.length === this.limit ? best.length - 1 : best.length;
      if (best.length < this.limit) best.push(i);
      while (j > 0 && better(i, best[j - 1]!)) { best[j] = best[j - 1]!; j--; }
      best[j] = i;
    }
    return {
      ...base, with_runs: withRuns, tracked: true,
      rows: best.map((i) => {
        const s = Math.floor(i / P), p = i % P, o = i * W;
        return {
          scenario: this.scenarios[s]!, design_point: p, values: [...this.design!.points[p]!],
          runs: c[o]!, ok: c[o + 1]!, failed: c[o + 2]!, outcomes: shares(this.meta.labels, c[o + 1]!, (k) => c[o + 3 + k]!),
        };
      }),
    };
  }

  view(): LiveOutcomes {
    return {
      ...this.meta,
      scenarios: [...this.rows].map(([scenario, r]) => ({
        scenario, runs: r.runs, ok: r.ok, failed: r.failed,
        outcomes: shares(this.meta.labels, r.ok, (k) => r.counts.get(this.meta.labels[k]!) ?? 0),
      })),
      points: this.points(),
    };
  }
}

export const statusPath = (store: string): string => `${resolve(store)}.status.json`;

/** Default seconds between two writes of the status file. */
export const STATUS_EVERY_MS = 2000;

export interface StatusSnapshot {
  done: number; failed: number; ranNow: number; live?: LiveOutcomes;
  /** a calibration: the stage's total (when known: else the base total), the stage, and the ETA of the stage (seconds, null: unknown) */
  total?: number; stage?: StatusFile['stage']; eta?: number | null;
}

/** Writes a store's status file while a study runs. */
export class StatusWriter {
  private timer: NodeJS.Timeout | undefined;
  private readonly started = new Date().toISOString();
  private tFirst: number | null = null;
  private firstRan = 0;
  constructor(
    /** the status file (null: none, only `onWrite`) */
    readonly file: string | null,
    private readonly base: { study: string; spec_hash: string; shard: Shard | null; total: number; slurm: StatusFile['slurm'] },
    private readonly snapshot: () => StatusSnapshot,
    /** told of every body written (the `--serve` page serves the latest) */
    private readonly onWrite?: (body: StatusFile) => void,
  ) {}

  /** Writes now and then every `everyMs` until `finish`. */
  start(everyMs = STATUS_EVERY_MS): void {
    this.write('running');
    this.timer = setInterval(() => this.write('running'), Math.max(50, everyMs));
    this.timer.unref();
  }

  /** Notes a stored run (for the rate: counted from the first run of the session). */
  stored(): void {
    if (this.tFirst === null) { this.tFirst = performance.now(); this.firstRan = this.snapshot().ranNow; }
  }

  finish(state: Exclude<StudyState, 'running'>): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.write(state);
  }

  private write(state: StudyState): void {
    const s = this.snapshot();
    const secs = this.tFirst === null ? 0 : (performance.now() - this.tFirst) / 1000;
    const rate = secs > 0 && s.ranNow > this.firstRan ? (s.ranNow - this.firstRan) / secs : 0;
    const total = s.total ?? this.base.total;
    const left = total - s.done;
    const body: StatusFile = {
      format: 'fractable-status/1',
      study: this.base.study,
      spec_hash: this.base.spec_hash,
      shard: shardText(this.base.shard),
      done: s.done,
      total,
      failed: s.failed,
      started: this.started,
      updated: new Date().toISOString(),
      pid: process.pid,
      host: hostname(),
      runs_per_second: Number(rate.toFixed(3)),
      eta_seconds: s.eta !== undefined ? s.eta : left === 0 ? 0 : rate > 0 ? Math.round(left / rate) : null,
      state,
      slurm: this.base.slurm,
      ...(s.live ? { live: s.live } : {}),
      ...(s.stage ? { stage: s.stage } : {}),
    };
    this.onWrite?.(body);
    if (this.file === null) return;
    const text = `${JSON.stringify(body, null, 2)}\n`;
    try {
      writeAtomic(this.file, text);
    } catch {
      // a progress report: a full disk or a read-only directory must not stop the study. On a full
      // disk the temporary file cannot be made, but the old file's blocks can be rewritten in place
      // (a reader that meets it half-written ignores it: readStatusFile)
      try { writeFileSync(this.file, text); } catch { /* nothing more to try */ }
    }
  }
}

export function readStatusFile(store: string): StatusFile | null {
  const f = statusPath(store);
  if (!existsSync(f)) return null;
  try {
    const s = JSON.parse(readFileSync(f, 'utf8')) as StatusFile;
    return s.format === 'fractable-status/1' ? s : null;
  } catch {
    return null;
  }
}

/** Whether a process with this pid runs on this host (null: another host, cannot tell). */
export function processAlive(pid: number, host: string): boolean | null {
  if (host !== hostname()) return null;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One store, as `fractable status` sees it. */
export interface StoreStatus {
  file: string;
  /** where the figures come from */
  source: 'store' | 'status file' | 'none';
  study: string | null;
  spec_hash: string | null;
  shard: string | null;
  done: number | null;
  total: number | null;
  failed: number | null;
  /** ISO time of the last write: the store's (or its WAL's) modification time, or the status file's `updated` */
  last_write: string | null;
  /** a process holds the store open for writing now (DuckDB's lock) */
  writing: boolean;
  /** running, finished, interrupted, failed (the study process's own state), or killed: the status file says running but no process holds the store */
  state: StudyState | 'killed' | 'complete' | 'incomplete' | null;
  runs_per_second: number | null;
  eta_seconds: number | null;
  pid: number | null;
  host: string | null;
  /** anything the figures do not say */
  note: string | null;
  /** 'proposals' for a shard of a rejection calibration (calibrate --shard): done, total and failed count proposals scored; absent: runs */
  unit?: 'proposals';
}

/** A group of shard stores of one study. */
export interface StudyStatus {
  study: string;
  spec_hash: string;
  /** shards n (null: whole-study stores) */
  shards: number | null;
  runs_total: number | null;
  stores: StoreStatus[];
  /** 1-based shards with no store */
  missing: number[];
  /** 1-based shards whose store lacks runs */
  incomplete: number[];
  /** `sbatch --array=…` re-running the missing and incomplete shards, when the script is found */
  resubmit: string | null;
  /** 'proposals' for the shards of a rejection calibration (runs_total: its proposals); absent: runs */
  unit?: 'proposals';
}

export interface StatusReport { studies: StudyStatus[]; unreadable: StoreStatus[] }

const mtime = (f: string): number => (existsSync(f) ? statSync(f).mtimeMs : 0);

/**
 * Reads the state of each store: opened read-only when no process holds it; when one does (the
 * open fails on DuckDB's lock), its status file. A store whose status file names a live process
 * on this host is not opened at all (`checkPids: false` skips that shortcut, as on another host).
 */
export async function readStatuses(files: readonly string[], o: { checkPids?: boolean } = {}): Promise<StatusReport> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const out: (StoreStatus & { runs_total?: number })[] = [];
  try {
    for (const [k, raw] of files.entries()) {
      const file = resolve(raw);
      const sf = readStatusFile(file);
      const row: StoreStatus & { runs_total?: number } = {
        file, source: 'none', study: null, spec_hash: null, shard: null, done: null, total: null, failed: null,
        last_write: null, writing: false, state: null, runs_per_second: null, eta_seconds: null, pid: null, host: null, note: null,
      };
      const fromStatus = () => {
        if (!sf) return;
        Object.assign(row, {
          source: 'status file', study: sf.study, spec_hash: sf.spec_hash, shard: sf.shard, done: sf.done, total: sf.total, failed: sf.failed,
          last_write: sf.updated, state: sf.state, runs_per_second: sf.runs_per_second, eta_seconds: sf.eta_seconds, pid: sf.pid, host: sf.host,
        });
        // a calibration's file: its stage, and whether done and total count proposals
        if (sf.stage) {
          row.note = `${sf.stage.name}: ${sf.stage.detail}`;
          if (sf.stage.unit === 'proposals') row.unit = 'proposals';
        }
      };
      // a live writer: read its status file and leave the store alone (an open, even read-only, would contend for its lock)
      const live = sf?.state === 'running' && o.checkPids !== false && processAlive(sf.pid, sf.host) === true;
      if (live) {
        fromStatus();
        row.writing = true;
        out.push(row);
        continue;
      }
      try {
        await conn.run(`ATTACH ${literal(file)} AS s${k} (READ_ONLY)`);
      } catch (e) {
        if (isLockError(e)) {
          row.writing = true;
          fromStatus();
          if (!sf) row.note = 'locked by another process, and no status file beside it';
        } else {
          row.note = withoutFile(lockMessage(file, e).message, file);
        }
        out.push(row);
        continue;
      }
      try {
        const st = await readStudyRow(conn, file, `s${k}.`);
        const shard = st.shard ? { index: Number(st.shard.split('/')[0]), count: Number(st.shard.split('/')[1]) } : null;
        // a shard of a rejection calibration (calibrate --shard) counts its proposals scored, not runs
        const budget = (st.spec.calibration as { budget?: { method?: unknown; proposals?: unknown; generations?: unknown } } | undefined)?.budget;
        if (shard && budget?.method === 'smc') {
          // a shard of an SMC calibration: its proposals scored over all generations, and the generations decided with its peers
          const q = (await conn.runAndReadAll(`SELECT (SELECT count(*) FROM s${k}.particles)::BIGINT AS n, (SELECT count(*) FROM s${k}.particles WHERE distance = 'Infinity'::DOUBLE)::BIGINT AS f, (SELECT count(*) FROM s${k}.generations)::BIGINT AS g`)).getRowObjectsJS()[0]!;
          const gens = Number(q.g), most = typeof budget.generations === 'number' ? budget.generations : null;
          Object.assign(row, {
            source: 'store', study: st.name, spec_hash: st.spec_hash, shard: st.shard, done: Number(q.n), total: Number(q.n), failed: Number(q.f), unit: 'proposals',
            last_write: new Date(Math.max(mtime(file), mtime(`${file}.wal`))).toISOString(),
            state: most !== null && gens >= most ? 'complete' : 'incomplete',
            note: `SMC shard: ${gens} generation(s) decided with its peers${most !== null ? ` (at most ${most})` : ''}; fractable merge --check tells whether the calibration has stopped`,
          });
          out.push(row);
          continue;
        }
        if (!shard && budget) {
          // a whole calibration store: runs stored (its study row's runs_total means nothing here), and how far the calibration got
          const q = (await conn.runAndReadAll(`SELECT (SELECT count(*) FROM s${k}.runs)::BIGINT AS n, (SELECT count(*) FROM s${k}.runs WHERE status = 'failed')::BIGINT AS f, (SELECT count(*) FROM s${k}.generations)::BIGINT AS g, (SELECT count(*) FROM s${k}.scorecard)::BIGINT AS c`)).getRowObjectsJS()[0]!;
          const checked = Number(q.c) > 0;
          Object.assign(row, {
            source: 'store', study: st.name, spec_hash: st.spec_hash, shard: null, done: Number(q.n), total: null, failed: Number(q.f),
            last_write: new Date(Math.max(mtime(file), mtime(`${file}.wal`))).toISOString(),
            state: checked ? 'complete' : 'incomplete',
            note: `calibration: ${Number(q.g)} generation(s) decided${checked ? '; posterior, scorecard, null models and knock-outs written' : '; checks not run yet (fractable calibrate SPEC --resume)'}`,
          });
          if (sf && sf.spec_hash === st.spec_hash && sf.state !== 'finished' && sf.state !== 'running') row.state = sf.state;
          out.push(row);
          continue;
        }
        const proposals = shard && budget?.method === 'rejection' && typeof budget.proposals === 'number' ? budget.proposals : null;
        const c = (await conn.runAndReadAll(proposals !== null
          ? `SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE distance = 'Infinity'::DOUBLE)::BIGINT AS f FROM s${k}.particles WHERE generation = 0`
          : `SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE status = 'failed')::BIGINT AS f FROM s${k}.runs`)).getRowObjectsJS()[0]!;
        if (proposals !== null) row.unit = 'proposals';
        const runsTotal = proposals ?? st.runs_total;
        const total = shardSize(runsTotal, shard);
        Object.assign(row, {
          source: 'store', study: st.name, spec_hash: st.spec_hash, shard: st.shard, done: Number(c.n), total, failed: Number(c.f),
          last_write: new Date(Math.max(mtime(file), mtime(`${file}.wal`))).toISOString(),
          state: Number(c.n) >= total ? 'complete' : 'incomplete',
        });
        row.runs_total = runsTotal;
        if (sf && sf.spec_hash === st.spec_hash) {
          row.pid = sf.pid; row.host = sf.host;
          if (sf.state === 'running') {
            row.state = 'killed';
            row.note = `its status file (${sf.updated}) says running, but no process holds the store: the process was killed (kill -9, a node failure or the time limit)`;
          } else if (sf.state !== 'finished') {
            row.state = sf.state;
          }
        }
      } catch (e) {
        row.note = withoutFile((e as Error).message, file);
      } finally {
        await conn.run(`DETACH s${k}`).catch(() => undefined);
      }
      out.push(row);
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return group(out);
}

/** A message without its leading "FILE: " (the status table names the file itself). */
const withoutFile = (msg: string, file: string): string => (msg.startsWith(`${safeText(file)}: `) ? msg.slice(safeText(file).length + 2) : msg);

function group(rows: (StoreStatus & { runs_total?: number })[]): StatusReport {
  const unreadable = rows.filter((r) => r.spec_hash === null);
  const byHash = new Map<string, (StoreStatus & { runs_total?: number })[]>();
  for (const r of rows) if (r.spec_hash !== null) byHash.set(r.spec_hash, [...(byHash.get(r.spec_hash) ?? []), r]);
  const studies: StudyStatus[] = [];
  for (const [hash, stores] of byHash) {
    const counts = [...new Set(stores.map((s) => (s.shard ? Number(s.shard.split('/')[1]) : null)).filter((n): n is number => n !== null))];
    const n = counts.length === 1 ? counts[0]! : null;
    const present = new Set(stores.filter((s) => s.shard && Number(s.shard.split('/')[1]) === n).map((s) => Number(s.shard!.split('/')[0])));
    const missing = n === null ? [] : Array.from({ length: n }, (_, i) => i + 1).filter((i) => !present.has(i));
    const incomplete = stores.filter((s) => s.shard && s.done !== null && s.total !== null && s.done < s.total && !s.writing).map((s) => Number(s.shard!.split('/')[0])).sort((a, b) => a - b);
    const name = stores[0]!.study!;
    const script = findScript(dirname(stores[0]!.file), name, hash);
    const redo = [...missing, ...incomplete].sort((a, b) => a - b);
    const runsTotal = stores.find((s) => s.runs_total !== undefined)?.runs_total
      ?? (n !== null ? null : stores[0]!.total);
    studies.push({
      study: name, spec_hash: hash, shards: n, runs_total: runsTotal ?? null, ...(stores.some((s) => s.unit === 'proposals') ? { unit: 'proposals' as const } : {}),
      stores: stores.map(({ runs_total: _, ...s }) => s).sort((a, b) => shardIndex(a) - shardIndex(b) || a.file.localeCompare(b.file)),
      missing, incomplete,
      resubmit: script && n === script.manifest.shards && redo.length > 0 ? resubmitLine(script.path, script.manifest, redo) : null,
    });
  }
  return { studies, unreadable: unreadable.map(({ runs_total: _, ...s }) => s) };
}

const shardIndex = (s: StoreStatus): number => (s.shard ? Number(s.shard.split('/')[0]) : 0);

const pad = (s: string, w: number, right = false) => (right ? s.padStart(w) : s.padEnd(w));

/** Local date and time, to the second: "2026-12-02 07:54:45". */
function when(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The report as a table per study. */
export function formatStatus(r: StatusReport): string {
  const out: string[] = [];
  for (const s of r.studies) {
    const unit = s.unit ?? 'runs';
    out.push(`${s.unit ? 'calibration' : 'study'} ${s.study} (spec hash ${s.spec_hash.slice(0, 12)})${s.shards ? `: ${s.shards} shard(s)` : ''}${s.runs_total !== null ? `, ${s.runs_total} ${unit}` : ''}`);
    const rows = s.stores.map((x) => [
      x.shard ?? '(whole)',
      x.done !== null ? (x.total !== null ? `${x.done}/${x.total}` : `${x.done}`) : '?',
      x.failed !== null ? String(x.failed) : '?',
      when(x.last_write),
      x.writing ? `yes${x.pid ? ` (pid ${x.pid}${x.host ? ` on ${x.host}` : ''})` : ''}` : 'no',
      x.state ?? '',
      x.writing && x.runs_per_second ? `${x.runs_per_second.toFixed(1)} runs/s, ETA ${x.eta_seconds === null ? '?' : `${x.eta_seconds}s`}` : '',
      x.source,
      basename(x.file),
    ]);
    for (const m of s.missing) rows.push([`${m}/${s.shards}`, 'missing', '', '', 'no', '', '', '', '']);
    const order = (cell: string) => (cell.includes('/') ? Number(cell.split('/')[0]) : 0); // '(whole)' first
    rows.sort((a, b) => order(a[0]!) - order(b[0]!));
    const head = ['shard', 'done/total', 'failed', 'last write', 'writing now', 'state', 'rate', 'read from', 'store'];
    const w = head.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)));
    const line = (cells: string[]) => `  ${cells.map((c, j) => pad(c, w[j]!, j === 1 || j === 2)).join('  ')}`.trimEnd();
    out.push(line(head), line(w.map((x) => '-'.repeat(x))), ...rows.map(line));
    for (const x of s.stores) if (x.note) out.push(`  ${x.shard ?? basename(x.file)}: ${x.note}`);
    const done = s.stores.reduce((a, x) => a + (x.done ?? 0), 0), failed = s.stores.reduce((a, x) => a + (x.failed ?? 0), 0);
    const writing = s.stores.filter((x) => x.writing).length;
    out.push(`  ${done}${s.runs_total !== null ? ` of ${s.runs_total}` : ''} ${s.unit ? 'proposals scored' : 'runs stored'}, ${failed} failed; ${writing} store(s) being written${s.missing.length ? `; missing shard(s): ${s.missing.join(', ')}` : ''}${s.incomplete.length ? `; incomplete and not running: ${s.incomplete.join(', ')}` : ''}`);
    if (s.resubmit) out.push(`  re-run the missing and incomplete tasks (once the array has left the queue: squeue --me): ${s.resubmit}`);
    out.push('');
  }
  for (const x of r.unreadable) out.push(`${safeText(x.file)}: ${x.note ?? 'unreadable'}`);
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * A store's summary from its status file, for `summary --live` while a study holds the store:
 * the same table as `summary`, over the runs stored when the file was written, with a first line
 * that says so. Null when the file is missing, unreadable, or older than the live outcomes.
 */
export function liveSummary(store: string): { summary: StudySummary; status: StatusFile } | null {
  const st = readStatusFile(store);
  if (!st?.live) return null;
  const l = st.live;
  const runs = l.scenarios.reduce((a, r) => a + r.runs, 0), failed = l.scenarios.reduce((a, r) => a + r.failed, 0);
  return {
    status: st,
    summary: {
      file: store, labels: l.labels,
      study: {
        name: st.study, version: l.version, seed: l.seed, spec_hash: st.spec_hash, design_method: l.design_method,
        design_points: l.design_points, replicates: l.replicates, scenarios: l.scenarios.map((r) => r.scenario),
        runs_total: st.total, shard: st.shard, partial: false, instance: null,
      },
      // the live tally counts per scenario: a study's policies are pooled until the store can be read
      policies: null, runs, failed, expected: st.total,
      byScenario: l.scenarios.map((r) => ({ scenario: r.scenario, runs: r.runs, ok: r.ok, failed: r.failed, outcomes: r.outcomes })),
      byPoint: l.points?.tracked ? l.points.rows.map((r) => ({
        scenario: r.scenario, design_point: r.design_point, values: Object.fromEntries(l.points!.parameters.map((p, j) => [p, r.values[j]!])),
        runs: r.runs, ok: r.ok, failed: r.failed, outcomes: r.outcomes,
      })) : null,
      ...(l.points ? { pointsNote: livePointsNote(l.points) } : {}),
      failures: [], moreFailures: failed,
    },
  };
}

/** What the live table per design point holds, in words. */
export function livePointsNote(p: LivePoints): string {
  if (!p.tracked) return `not tallied live: ${p.pairs} pairs of scenario and design point are more than ${LIVE_MAX_PAIRS}; the store has them once the study ends`;
  return p.with_runs <= p.limit
    ? `every pair of scenario and design point with a run stored (${p.with_runs} of ${p.pairs})`
    : `the ${p.rows.length} pairs of scenario and design point with the most runs stored (of ${p.with_runs} with runs, ${p.pairs} in all; ties: scenario order, then point)`;
}

/** The first line of a live summary: where it comes from and how fresh it is. */
export function liveHeader(store: string, st: StatusFile, now: Date = new Date()): string {
  const age = Math.max(0, Math.round((now.getTime() - Date.parse(st.updated)) / 1000));
  const rate = st.runs_per_second > 0 ? `, ${st.runs_per_second} runs/s` : '';
  const eta = st.eta_seconds !== null && st.state === 'running' ? `, about ${st.eta_seconds} s to go` : '';
  return `live: ${safeText(basename(statusPath(store)))} written ${age} s ago by pid ${st.pid} on ${safeText(st.host)} (study ${st.state}${rate}${eta}); the store itself is locked by the study writing it\n`;
}
