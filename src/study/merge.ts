/**
 * Merging stores: the shards of one study (or partial stores of it) into one store. Refuses
 * stores of different studies (their spec hashes differ: another study file, scenario or
 * fractable version), shards of different counts n, the same shard twice, and any run present
 * in two inputs. The merged store is an unsharded store of the study: when the shards cover it,
 * it equals the store of the same study run on one machine; when they do not, `fractable study
 * --resume` on it runs what is missing.
 *
 * Before writing anything, merge checks completeness: which shards are missing, which are
 * incomplete and how many runs each lacks. An incomplete set is refused unless `partial`, and
 * then the `study` row says `partial = true`. When the inputs sit beside the Slurm script that
 * made them, the check gives the `sbatch --array=…` line that re-runs only the missing and
 * incomplete tasks.
 *
 * Shards of a rejection calibration (`calibrate --shard i/n`) merge the same way, with their
 * calibration tables (`scored`, `scores`, `particles`; the decision tables are created empty):
 * completeness counts proposals scored against each shard's share, and a complete set is
 * decided here, in the merge's transaction, over every shard's distances (calibrate.ts
 * `decideMergedRejection`: generation row, weights, posterior), exactly as the unsharded
 * calibration decides; `calibrate SPEC --resume` on the merged store runs the checks.
 *
 * One DuckDB connection attaches every input read-only and appends each input's rows of each
 * table in one transaction, then builds the primary keys once: 256 shard stores of a
 * 100,000-run study merge in seconds (benchmarks/merge.ts). The output is written under a
 * temporary name and renamed into place at the end.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors.js';
import { ident, literal } from './columns.js';
import { shardSize } from './plan.js';
import { findScript, resubmitLine, shardStoreName, shellQuote } from './slurm.js';
import { checkOutputFile } from '../files.js';
import { isLockError, lockMessage, newInstanceId, openDuckDB, readStudyRow, transaction, type StudyRow } from './store.js';
import { CALIBRATION_ROW_TABLES, CALIBRATION_TABLES, calibrationOfSpec, decideMergedRejection, decideMergedSmc, rejectionShardCoverage, smcShardDecision, type ShardDistances } from './calibrate.js';
import type { ParameterSummary } from '../analysis/abc.js';

/**
 * Every table a study writes into its store. `study` and `design` describe the study and are
 * equal in every shard (copied from the first input); every other one holds rows of runs and is
 * the union of the inputs. Tables that analyses add to a store are not copied: run the analysis
 * on the merged store.
 */
export const STUDY_TABLES = ['study', 'design', 'runs', 'series', 'events'] as const;
const PER_STUDY = new Set<string>(['study', 'design']);
/** Inputs per INSERT … UNION ALL (benchmarks/merge.ts: 16–64 cost the same, 1 and 256 more). */
const INSERT_BATCH = 32;

export interface InputCheck {
  file: string;
  /** "i/n" or null (a whole-study store) */
  shard: string | null;
  /** runs stored (of a calibration's shard: proposals scored) */
  runs: number;
  /** failed runs (of a calibration's shard: proposals whose runs failed, at distance Infinity) */
  failed: number;
  /** runs this store should hold (proposals of its share) */
  expected: number;
}

/** What the inputs hold, against what the study needs. */
export interface MergeCheck {
  /** what the counts count: a study's runs, or a calibration's proposals (shards of a rejection calibration: `calibrate --shard`) */
  unit: 'runs' | 'proposals';
  study: string;
  spec_hash: string;
  version: string;
  runs_total: number;
  /** shards n (null when no input is a shard) */
  shards: number | null;
  inputs: InputCheck[];
  /** 1-based shards with no input */
  missing: number[];
  /** inputs that lack runs, with how many */
  incomplete: { file: string; shard: string | null; lacks: number }[];
  /** runs stored, in all */
  runs: number;
  /** runs the study has that no input holds */
  lacks: number;
  complete: boolean;
  /** the line that re-runs the missing and incomplete shards (sbatch when the Slurm script is found) */
  rerun: string[];
  /** the study tables of the inputs (of STUDY_TABLES, and of a calibration's CALIBRATION_TABLES) */
  tables: string[];
  /**
   * shards of an SMC calibration: the generations decided over their particles, why it stopped
   * (null: not yet), and the first proposal an undecided generation lacks, with its shard
   */
  smc?: { generations: number; stop: string | null; pending: { generation: number; proposal: number; shard: number } | null };
}

/** An incomplete set of shards, refused without `partial`; the CLI prints `check`. */
export class IncompleteError extends InputError {
  constructor(readonly check: MergeCheck) {
    super(check.smc?.pending
      ? `merge: expected every generation of calibration "${check.study}" decided, found generation ${check.smc.pending.generation} undecided (proposal ${check.smc.pending.proposal} of shard ${check.smc.pending.shard}/${check.shards} not scored${check.missing.length ? `; shard(s) ${check.missing.join(', ')} of ${check.shards} absent` : ''}); run the shards to the end (above: all at once), or merge what there is with --partial`
      : `merge: expected every ${check.unit === 'runs' ? 'run of study' : 'proposal of calibration'} "${check.study}" (${check.runs_total}), found ${check.runs} (${check.lacks} missing${check.missing.length ? `; shard(s) ${check.missing.join(', ')} of ${check.shards} absent` : ''}${check.incomplete.length ? `; ${check.incomplete.length} store(s) incomplete` : ''}); re-run what is missing (above), or merge what there is with --partial`);
    this.name = 'IncompleteError';
  }
}

export interface MergeResult {
  out: string;
  inputs: { file: string; shard: string | null; runs: number }[];
  runs: number;
  expected: number;
  partial: boolean;
  check: MergeCheck;
  /**
   * shards of a calibration: its spec's file name, and (merged whole) the decision taken over all
   * of their distances (of an SMC calibration: its last generation's, and every generation's line)
   */
  calibration: {
    file: string | null;
    decision: {
      accepted: number; proposals: number; epsilon: number; summary: ParameterSummary[]; priorShare: number;
      smc?: { stop: string; generations: Array<{ generation: number; epsilon: number; accepted: number; proposals: number; ess: number }> };
    } | null;
  } | null;
}

export interface MergeOptions {
  overwrite?: boolean;
  /** merge an incomplete set (recorded in the study row) instead of refusing it */
  partial?: boolean;
}

/** Attaches the inputs read-only as in0, in1, … and reads their study rows. */
async function attachAll(conn: DuckDBConnection, files: readonly string[]): Promise<StudyRow[]> {
  const rows: StudyRow[] = [];
  for (const [k, f] of files.entries()) {
    try {
      await conn.run(`ATTACH ${literal(f)} AS in${k} (READ_ONLY)`);
    } catch (e) {
      if (isLockError(e)) throw new InputError(`${f}: expected a store no study is writing, found it locked (a task still running? npx fractable status ${shellQuote(dirname(f))})`, f);
      throw lockMessage(f, e);
    }
    rows.push(await readStudyRow(conn, f, `in${k}.`));
  }
  return rows;
}

function checkFiles(inputs: readonly string[]): string[] {
  if (inputs.length === 0) throw new InputError('merge: expected at least one store to merge, found none');
  const files = inputs.map((f) => resolve(f));
  const dup = files.find((f, i) => files.indexOf(f) !== i);
  if (dup) throw new InputError(`${dup}: expected each store once, found it twice on the command line`, dup);
  for (const f of files) if (!existsSync(f)) throw new InputError(`${f}: expected an existing results store, found no such file`, f);
  return files;
}

const shardOf = (s: string) => { const [i, n] = s.split('/').map(Number) as [number, number]; return { index: i, count: n }; };

/** Checks the attached inputs: one study, one n, distinct shards, the same tables, no run twice; then completeness. */
async function check(conn: DuckDBConnection, files: readonly string[], rows: readonly StudyRow[]): Promise<MergeCheck> {
  return (await checkInputs(conn, files, rows)).check;
}

async function checkInputs(conn: DuckDBConnection, files: readonly string[], rows: readonly StudyRow[]): Promise<{ check: MergeCheck; shards: ShardDistances[] | null }> {
  const first = rows[0]!;
  let n: number | null = null, nFrom = -1;
  rows.forEach((r, k) => {
    if (r.spec_hash !== first.spec_hash) {
      throw new InputError(`${files[k]}: expected a shard of the study in ${basename(files[0]!)} ("${first.name}", spec hash ${first.spec_hash.slice(0, 12)}, fractable ${first.version}), found study "${r.name}" with spec hash ${r.spec_hash.slice(0, 12)} (fractable ${r.version}): shards of different studies cannot be merged`, files[k]);
    }
    if (r.shard !== null) {
      const c = shardOf(r.shard).count;
      if (n === null) { n = c; nFrom = k; } else if (c !== n) {
        throw new InputError(`${files[k]}: expected a shard of ${n} (as ${basename(files[nFrom]!)}: shard ${rows[nFrom]!.shard}), found shard ${r.shard}: shards of different splits cannot be merged`, files[k]);
      }
    }
    const same = rows.findIndex((q) => q.shard === r.shard && q.shard !== null);
    if (same !== k && same >= 0) throw new InputError(`${files[k]}: expected distinct shards, found shard ${r.shard} twice (also in ${files[same]})`, files[k]);
  });

  // the same study tables in every input (one catalog query: one per input would scan every attached catalog each time)
  const listed = (await conn.runAndReadAll("SELECT database_name AS db, list(table_name ORDER BY table_name) AS ts FROM duckdb_tables() WHERE schema_name = 'main' GROUP BY database_name")).getRowObjectsJS();
  const cal = calibrationOfSpec(first.spec);
  const known: readonly string[] = cal ? [...STUDY_TABLES, ...CALIBRATION_TABLES] : STUDY_TABLES;
  const byDb = new Map(listed.map((r) => [String(r.db), (r.ts as unknown as string[]).map(String).filter((t) => known.includes(t))]));
  const tables0 = byDb.get('in0') ?? [];
  for (const k of files.keys()) {
    const tk = byDb.get(`in${k}`) ?? [];
    if (tk.join() !== tables0.join()) throw new InputError(`${files[k]}: expected the tables of ${basename(files[0]!)} (${tables0.join(', ')}), found ${tk.join(', ')}`, files[k]);
  }
  if (cal) return calibrationCheck(conn, files, rows, cal, tables0);

  // per input: runs and failed runs (one query over all inputs)
  const counts = (await conn.runAndReadAll(files.map((_, k) => `SELECT ${k} AS k, count(*)::BIGINT AS n, count(*) FILTER (WHERE status = 'failed')::BIGINT AS f FROM in${k}.runs`).join(' UNION ALL '))).getRowObjectsJS();
  const byK = new Map(counts.map((c) => [Number(c.k), c]));
  const inputs: InputCheck[] = files.map((file, k) => {
    const c = byK.get(k)!;
    const shard = rows[k]!.shard;
    return { file, shard, runs: Number(c.n), failed: Number(c.f), expected: shard ? shardSize(first.runs_total, shardOf(shard)) : first.runs_total };
  });
  // a run in two inputs (possible only when a whole-study store is among them: shards are disjoint by construction)
  const stored = inputs.reduce((s, i) => s + i.runs, 0);
  if (rows.some((r) => r.shard === null) && files.length > 1) {
    const union = files.map((_, k) => `SELECT run_id, ${k} AS k FROM in${k}.runs`).join(' UNION ALL ');
    const clash = (await conn.runAndReadAll(`SELECT run_id, list(k ORDER BY k) AS ks FROM (${union}) GROUP BY run_id HAVING count(*) > 1 ORDER BY run_id LIMIT 1`)).getRowObjectsJS();
    if (clash.length > 0) {
      const ks = (clash[0]!.ks as unknown as number[]).map(Number);
      throw new InputError(`${files[ks[1]!]}: expected runs not already in ${files[ks[0]!]}, found run ${Number(clash[0]!.run_id)} in both (the same shard or study twice?)`, files[ks[1]!]);
    }
  }

  const whole = rows.some((r) => r.shard === null);
  const present = new Set(rows.filter((r) => r.shard !== null).map((r) => shardOf(r.shard!).index));
  const missing = n !== null && !whole ? Array.from({ length: n }, (_, i) => i + 1).filter((i) => !present.has(i) && shardSize(first.runs_total, { index: i, count: n! }) > 0) : [];
  const incomplete = inputs.filter((i) => i.runs < i.expected).map((i) => ({ file: i.file, shard: i.shard, lacks: i.expected - i.runs }));
  const lacks = first.runs_total - stored;
  const complete = lacks === 0;

  // how to re-run what is missing
  const rerun: string[] = [];
  if (!complete && n !== null && !whole) {
    const redo = [...missing, ...incomplete.map((i) => shardOf(i.shard!).index)].sort((a, b) => a - b);
    const dir = dirname(files[0]!);
    const script = findScript(dir, first.name, first.spec_hash);
    if (script && script.manifest.shards === n) {
      rerun.push(resubmitLine(script.path, script.manifest, redo));
    } else {
      const studyFile = typeof first.spec.file === 'string' ? first.spec.file : 'STUDY.yaml';
      for (const i of redo) {
        const have = inputs.find((x) => x.shard !== null && shardOf(x.shard).index === i);
        const out = have ? have.file : join(dir, shardStoreName(first.name, { index: i, count: n }));
        rerun.push(`npx fractable study ${shellQuote(studyFile)} --shard ${i}/${n} --out ${shellQuote(out)}${have ? ' --resume' : ''}`);
      }
    }
  }
  return {
    check: {
      unit: 'runs', study: first.name, spec_hash: first.spec_hash, version: first.version, runs_total: first.runs_total, shards: n,
      inputs, missing, incomplete, runs: stored, lacks, complete, rerun, tables: tables0,
    },
    shards: null,
  };
}

/**
 * The check of the shards of a rejection calibration (`calibrate --shard i/n`): every input a
 * shard (the generic checks have made sure of one spec, one n, distinct shards), and per shard
 * its proposals scored against its share (proposal j in shard (j mod n) + 1). What it counts is
 * proposals, wholly scored (every replicate run stored and the particle written), not runs.
 */
async function calibrationCheck(
  conn: DuckDBConnection, files: readonly string[], rows: readonly StudyRow[], cal: NonNullable<ReturnType<typeof calibrationOfSpec>>, tables: string[],
): Promise<{ check: MergeCheck; shards: ShardDistances[] }> {
  const first = rows[0]!;
  for (const t of CALIBRATION_ROW_TABLES) if (!tables.includes(t)) throw new InputError(`${files[0]}: expected the calibration tables (${CALIBRATION_ROW_TABLES.join(', ')}), found no ${t} table (a shard killed as it started? fractable calibrate SPEC --shard i/n --out … --resume)`, files[0]);
  const shards: ShardDistances[] = [];
  for (const [k, file] of files.entries()) {
    const r = await conn.runAndReadAll(`SELECT generation, proposal, distance FROM in${k}.particles ORDER BY generation, proposal`);
    const [gs, js, ds] = r.getColumnsJS() as [unknown[], unknown[], unknown[]];
    const generations = new Map<number, Map<number, number>>();
    (js ?? []).forEach((j, i) => {
      const g = Number(gs![i]);
      if (!generations.has(g)) generations.set(g, new Map());
      generations.get(g)!.set(Number(j), Number(ds![i]));
    });
    const sh = rows[k]!.shard;
    shards.push({ label: file, specHash: rows[k]!.spec_hash, shard: sh ? shardOf(sh) : null, distances: generations.get(0) ?? new Map(), generations });
  }
  if (cal.budget.method === 'smc') return smcCheck(files, rows, cal, tables, shards);
  const cov = rejectionShardCoverage(first.spec_hash, cal.budget, shards);
  const inputs: InputCheck[] = cov.inputs.map((i, k) => ({
    file: i.label, shard: `${i.shard.index}/${i.shard.count}`, runs: i.scored, expected: i.expected,
    failed: [...shards[k]!.distances.values()].filter((d) => d === Infinity).length,
  }));
  const runs = inputs.reduce((s, i) => s + i.runs, 0);
  const rerun = cov.complete ? [] : calibrationRerun(files, first, cal.file, inputs, [...cov.missing, ...cov.incomplete.map((i) => i.shard.index)].sort((a, b) => a - b), cov.count);
  return {
    check: {
      unit: 'proposals', study: first.name, spec_hash: first.spec_hash, version: first.version, runs_total: cov.proposals, shards: cov.count,
      inputs, missing: cov.missing, incomplete: cov.incomplete.map((i) => ({ file: i.label, shard: `${i.shard.index}/${i.shard.count}`, lacks: i.lacks })),
      runs, lacks: cov.proposals - runs, complete: cov.complete, rerun, tables,
    },
    shards,
  };
}

/**
 * The lines that run the given shards of a calibration (1-based) again: `sbatch --array=…` when
 * the inputs sit beside the script of `fractable slurm`, else one `fractable calibrate SPEC
 * --shard i/n --out …` per shard (`--resume` for a shard with a store).
 */
function calibrationRerun(files: readonly string[], first: StudyRow, specFile: string | null, inputs: readonly InputCheck[], redo: readonly number[], count: number): string[] {
  const dir = dirname(files[0]!);
  const script = findScript(dir, first.name, first.spec_hash);
  if (script && script.manifest.shards === count) return [resubmitLine(script.path, script.manifest, redo)];
  return redo.map((i) => {
    const have = inputs.find((x) => x.shard !== null && shardOf(x.shard).index === i);
    const out = have ? have.file : join(dir, shardStoreName(first.name, { index: i, count }));
    return `npx fractable calibrate ${shellQuote(specFile ?? 'SPEC.yaml')} --shard ${i}/${count} --out ${shellQuote(out)}${have ? ' --resume' : ''}`;
  });
}

/**
 * The check of the shards of an SMC calibration: their generations decided over all of their
 * particles (`smcShardDecision`), complete when the calibration has stopped. What it counts is
 * proposals scored over all generations; an undecided generation names the first proposal it
 * lacks and its shard. The shards meet after every generation, so the re-run lines resume all of
 * them, to run at once.
 */
function smcCheck(
  files: readonly string[], rows: readonly StudyRow[], cal: NonNullable<ReturnType<typeof calibrationOfSpec>>, tables: string[], shards: ShardDistances[],
): { check: MergeCheck; shards: ShardDistances[] } {
  const first = rows[0]!;
  if (cal.budget.method !== 'smc') throw new TypeError('smcCheck: expected an SMC calibration');
  const d = smcShardDecision(cal.problem, cal.budget, first.spec_hash, shards);
  const inputs: InputCheck[] = d.inputs.map((i, k) => ({
    file: i.label, shard: `${i.shard.index}/${i.shard.count}`, runs: i.scored, expected: i.scored,
    failed: [...(shards[k]!.generations ?? new Map<number, Map<number, number>>()).values()].reduce((a, m) => a + [...m.values()].filter((v) => v === Infinity).length, 0),
  }));
  const runs = inputs.reduce((s, i) => s + i.runs, 0);
  // the shards meet after every generation: all of them are resumed, to run at once
  const rerun = d.complete ? [] : calibrationRerun(files, first, cal.file, inputs, Array.from({ length: d.count }, (_, i) => i + 1), d.count);
  return {
    check: {
      unit: 'proposals', study: first.name, spec_hash: first.spec_hash, version: first.version, runs_total: runs, shards: d.count,
      inputs, missing: d.missing, incomplete: [], runs, lacks: 0, complete: d.complete, rerun, tables,
      smc: { generations: d.populations.length, stop: d.stop, pending: d.pending },
    },
    shards,
  };
}

/** Checks the stores without writing anything. */
export async function checkStores(inputs: string[]): Promise<MergeCheck> {
  const files = checkFiles(inputs);
  const { instance, conn } = await openDuckDB(':memory:', false, { threads: '1' });
  try {
    return await check(conn, files, await attachAll(conn, files));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export async function mergeStores(inputs: string[], out: string, o: MergeOptions = {}): Promise<MergeResult> {
  const files = checkFiles(inputs);
  const outFile = resolve(out);
  if (files.includes(outFile)) throw new InputError(`--out: expected a new file, found one of the inputs (${out})`);
  if (existsSync(outFile) && !o.overwrite) throw new InputError(`${out}: expected a new results store, found an existing one; use --overwrite or another --out`, out);

  checkOutputFile(outFile, '--out'); // before any work: a directory that exists (or can be made) and can be written in
  if (existsSync(outFile)) await refuseIfHeld(outFile, out);
  const tmp = `${outFile}.merging-${process.pid}`;
  rmSync(tmp, { force: true }); rmSync(`${tmp}.wal`, { force: true });
  // one thread: each input is one small row group, so a query has nothing to split, and extra threads
  // only add synchronisation (measured: half the CPU time of two threads on 256 shards)
  const { instance, conn } = await openDuckDB(tmp, false, { threads: '1' });
  let ok = false;
  try {
    const rows = await attachAll(conn, files);
    const { check: c, shards } = await checkInputs(conn, files, rows);
    if (!c.complete && !o.partial) throw new IncompleteError(c);
    // a calibration's decision tables (generations, posterior, …) are empty in its shards: created here, filled by the decision
    const decided = (t: string) => shards !== null && (CALIBRATION_TABLES as readonly string[]).includes(t) && !(CALIBRATION_ROW_TABLES as readonly string[]).includes(t);
    let calibration: MergeResult['calibration'] = null;

    const tables = c.tables;
    // the inputs' own DDL, keys included
    const ddl = new Map((await conn.runAndReadAll("SELECT table_name, sql FROM duckdb_tables() WHERE database_name = 'in0' AND schema_name = 'main'")).getRowObjectsJS()
      .map((d) => [String(d.table_name), String(d.sql)]));
    const keys = new Map((await conn.runAndReadAll("SELECT table_name, constraint_column_names AS cols FROM duckdb_constraints() WHERE database_name = 'in0' AND schema_name = 'main' AND constraint_type = 'PRIMARY KEY'")).getRowObjectsJS()
      .map((d) => [String(d.table_name), (d.cols as unknown as string[]).map(String)]));
    await transaction(conn, async () => {
      const addKeys: string[] = [];
      for (const t of tables) {
        let sql = ddl.get(t)!;
        // per-run tables are filled without their primary key, which is added once at the end: one index build instead of a check per row
        const key = keys.get(t);
        if (!PER_STUDY.has(t) && key) {
          const bare = sql.replace(/\s+PRIMARY KEY(?=\s*[,)])/g, '').replace(/,\s*PRIMARY KEY\s*\([^)]*\)/g, '');
          if (!/PRIMARY KEY/i.test(bare)) { sql = bare; addKeys.push(`ALTER TABLE main.${ident(t)} ADD PRIMARY KEY (${key.map(ident).join(', ')})`); }
        }
        await conn.run(sql);
      }
      // a store written before the `partial` column existed gets it here
      await conn.run('ALTER TABLE main.study ADD COLUMN IF NOT EXISTS partial BOOLEAN DEFAULT false');
      await conn.run('INSERT INTO main.study BY NAME SELECT * REPLACE (NULL::VARCHAR AS shard) FROM in0.study');
      await conn.run(`UPDATE main.study SET partial = ${c.complete ? 'false' : 'true'}`);
      // the merged store is a study instance of its own (each shard's store had its own)
      await conn.run('ALTER TABLE main.study ADD COLUMN IF NOT EXISTS instance VARCHAR');
      await conn.run(`UPDATE main.study SET instance = '${newInstanceId()}'`);
      for (const t of tables) {
        if (t === 'study' || decided(t)) continue;
        if (PER_STUDY.has(t)) {
          await conn.run(`INSERT INTO main.${ident(t)} SELECT * FROM in0.${ident(t)}`);
          continue;
        }
        // the inputs in batches: one UNION ALL of hundreds of wide scans plans slowly, one INSERT per input
        // repeats the per-statement cost; rows are not sorted (their order carries no meaning: readers
        // order by run_id, tick)
        for (let k0 = 0; k0 < files.length; k0 += INSERT_BATCH) {
          const batch = files.slice(k0, k0 + INSERT_BATCH).map((_, j) => `SELECT * FROM in${k0 + j}.${ident(t)}`);
          await conn.run(`INSERT INTO main.${ident(t)} ${batch.join(' UNION ALL ')}`);
        }
      }
      for (const a of addKeys) await conn.run(a);
      if (shards) {
        calibration = { file: calibrationOfSpec(rows[0]!.spec)!.file, decision: null };
        if (c.complete && c.smc) {
          // every generation decided over every shard's particles, as the shards and the unsharded calibration decide them
          const d = await decideMergedSmc(conn, rows[0]!.spec, rows[0]!.spec_hash, shards);
          const last = d.populations[d.populations.length - 1]!;
          calibration.decision = {
            accepted: last.indices.length, proposals: last.proposals, epsilon: last.epsilon, summary: d.summary, priorShare: d.priorShare,
            smc: { stop: d.stop, generations: d.populations.map((p) => ({ generation: p.generation, epsilon: p.epsilon, accepted: p.indices.length, proposals: p.proposals, ess: p.ess })) },
          };
        } else if (c.complete) {
          // the decision over every shard's distances, as the unsharded calibration takes it
          const d = await decideMergedRejection(conn, rows[0]!.spec, rows[0]!.spec_hash, shards);
          calibration.decision = { accepted: d.population.indices.length, proposals: d.population.proposals, epsilon: d.population.epsilon, summary: d.summary, priorShare: d.priorShare };
        }
      }
    });
    for (const k of files.keys()) await conn.run(`DETACH in${k}`);
    await conn.run('CHECKPOINT');
    ok = true;
    return {
      out: outFile, inputs: c.inputs.map((i) => ({ file: i.file, shard: i.shard, runs: i.runs })), runs: c.runs, expected: c.runs_total,
      partial: !c.complete, check: c, calibration,
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
    if (ok) {
      rmSync(outFile, { force: true }); rmSync(`${outFile}.wal`, { force: true });
      renameSync(tmp, outFile);
      rmSync(`${tmp}.wal`, { force: true });
    } else {
      rmSync(tmp, { force: true }); rmSync(`${tmp}.wal`, { force: true });
    }
  }
}

/** --overwrite never replaces a store another process holds (a study writing it): DuckDB's lock says. */
async function refuseIfHeld(file: string, label: string): Promise<void> {
  let opened: Awaited<ReturnType<typeof openDuckDB>> | undefined;
  try {
    opened = await openDuckDB(file, false, { threads: '1' });
  } catch (e) {
    if (e instanceof InputError && /locked by another process/.test(e.message)) throw new InputError(`${e.message}; --overwrite replaces only a store that no process is using`, label);
    return; // not a DuckDB file: replacing it is what --overwrite asks
  } finally {
    opened?.conn.closeSync();
    opened?.instance.closeSync();
  }
}

/** The check as lines for people. */
export function formatCheck(c: MergeCheck): string {
  const u = c.unit;
  const scored = u === 'proposals' ? ' scored' : '';
  const out = [`${u === 'proposals' ? 'calibration' : 'study'} ${c.study} (spec hash ${c.spec_hash.slice(0, 12)}, fractable ${c.version}): ${c.runs_total} ${u}${c.shards ? ` in ${c.shards} shard(s)` : ''}`];
  for (const i of c.inputs) {
    if (c.smc) {
      out.push(`  shard ${i.shard}: ${i.runs} proposals scored over its generations${i.failed ? ` (${i.failed} failed)` : ''}  ${i.file}`);
      continue;
    }
    const state = i.runs >= i.expected ? 'complete' : `lacks ${i.expected - i.runs}`;
    out.push(`  ${i.shard ? `shard ${i.shard}` : 'whole study'}: ${i.runs} of ${i.expected} ${u}${scored} (${state}${i.failed ? `, ${i.failed} failed` : ''})  ${i.file}`);
  }
  if (c.smc) {
    for (const m of c.missing) out.push(`  shard ${m}/${c.shards}: missing`);
    out.push(c.smc.pending
      ? `incomplete: ${c.smc.generations} generation(s) decided; generation ${c.smc.pending.generation} lacks proposal ${c.smc.pending.proposal} (shard ${c.smc.pending.shard}/${c.shards})`
      : `complete: ${c.smc.generations} generation(s) decided (stopped by ${c.smc.stop}), ${c.runs} proposals scored`);
    if (c.rerun.length) out.push('run the shards to the end, all at once (they meet after every generation):', ...c.rerun.map((l) => `  ${l}`));
    return `${out.join('\n')}\n`;
  }
  for (const m of c.missing) out.push(`  shard ${m}/${c.shards}: missing (lacks ${shardSize(c.runs_total, { index: m, count: c.shards! })})`);
  out.push(c.complete ? `complete: ${c.runs} of ${c.runs_total} ${u}${scored}` : `incomplete: ${c.runs} of ${c.runs_total} ${u}${scored}; ${c.lacks} missing${c.missing.length ? `, ${c.missing.length} shard(s) absent` : ''}${c.incomplete.length ? `, ${c.incomplete.length} store(s) incomplete` : ''}`);
  if (c.rerun.length) out.push('re-run only the missing and incomplete tasks:', ...c.rerun.map((l) => `  ${l}`));
  return `${out.join('\n')}\n`;
}
