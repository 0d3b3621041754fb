/**
 * Merging stores: the shards of one study (or partial stores of it) into one store. Refuses
 * stores of different studies (their spec hashes differ: another study file, scenario or
 * fractable version), the same shard twice, and any run present in two inputs. The merged
 * store is an unsharded store of the study: when the shards cover it, it equals the store of
 * the same study run on one machine; when they do not, `fractable study --resume` on it runs
 * what is missing. It is written under a temporary name and renamed into place at the end.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { literal } from './columns.js';
import { openDuckDB, readStudyRow, tableNames, transaction, type StudyRow } from './store.js';

/** The tables `fractable study` writes. */
const STUDY_TABLES = ['study', 'design', 'runs', 'series', 'events'];

export interface MergeResult { out: string; inputs: { file: string; shard: string | null; runs: number }[]; runs: number; expected: number }

export async function mergeStores(inputs: string[], out: string, o: { overwrite?: boolean } = {}): Promise<MergeResult> {
  if (inputs.length === 0) throw new InputError('merge: expected at least one store to merge, found none');
  const outFile = resolve(out);
  const files = inputs.map((f) => resolve(f));
  const dup = files.find((f, i) => files.indexOf(f) !== i);
  if (dup) throw new InputError(`${dup}: expected each store once, found it twice on the command line`, dup);
  if (files.includes(outFile)) throw new InputError(`--out: expected a new file, found one of the inputs (${out})`);
  if (existsSync(outFile) && !o.overwrite) throw new InputError(`${out}: expected a new results store, found an existing one; use --overwrite or another --out`, out);
  for (const f of files) if (!existsSync(f)) throw new InputError(`${f}: expected an existing results store, found no such file`, f);

  const tmp = `${outFile}.merging-${process.pid}`;
  rmSync(tmp, { force: true }); rmSync(`${tmp}.wal`, { force: true });
  const { instance, conn } = await openDuckDB(tmp, false);
  let ok = false;
  try {
    const rows: StudyRow[] = [];
    for (const [k, f] of files.entries()) {
      try {
        await conn.run(`ATTACH ${literal(f)} AS in${k} (READ_ONLY)`);
      } catch (e) {
        const msg = (e as Error).message.split('\n')[0];
        throw new InputError(`${f}: expected a readable results store no other process is writing, found ${msg}`, f);
      }
      rows.push(await readStudyRow(conn, f, `in${k}.`));
    }
    const first = rows[0]!;
    rows.forEach((r, k) => {
      if (r.spec_hash !== first.spec_hash) {
        throw new InputError(`${files[k]}: expected a shard of the study in ${basename(files[0]!)} ("${first.name}", spec hash ${first.spec_hash.slice(0, 12)}, fractable ${first.version}), found study "${r.name}" with spec hash ${r.spec_hash.slice(0, 12)} (fractable ${r.version}): shards of different studies cannot be merged`, files[k]);
      }
      const same = rows.findIndex((q) => q.shard === r.shard && q.shard !== null);
      if (same !== k && same >= 0) throw new InputError(`${files[k]}: expected distinct shards, found shard ${r.shard} twice (also in ${files[same]})`, files[k]);
    });
    const union = files.map((_, k) => `SELECT run_id, ${k} AS k FROM in${k}.runs`).join(' UNION ALL ');
    const clash = (await conn.runAndReadAll(`SELECT run_id, list(k ORDER BY k) AS ks FROM (${union}) GROUP BY run_id HAVING count(*) > 1 ORDER BY run_id LIMIT 1`)).getRowObjectsJS();
    if (clash.length > 0) {
      const ks = (clash[0]!.ks as unknown as number[]).map(Number);
      throw new InputError(`${files[ks[1]!]}: expected runs not already in ${files[ks[0]!]}, found run ${Number(clash[0]!.run_id)} in both (the same shard or study twice?)`, files[ks[1]!]);
    }

    // the study's own tables (analyses add others to a store; they are re-run on the merged store)
    const tables = (await tableNames(conn, 'in0')).filter((t) => STUDY_TABLES.includes(t));
    // the inputs' own DDL, keys included
    const ddl = (await conn.runAndReadAll("SELECT table_name, sql FROM duckdb_tables() WHERE database_name = 'in0' AND schema_name = 'main'")).getRowObjectsJS()
      .filter((d) => tables.includes(String(d.table_name)));
    await transaction(conn, async () => {
      for (const d of ddl) await conn.run(String(d.sql));
      await conn.run('INSERT INTO main.study SELECT * REPLACE (NULL::VARCHAR AS shard) FROM in0.study');
      if (tables.includes('design')) await conn.run('INSERT INTO main.design SELECT * FROM in0.design ORDER BY design_point');
      await conn.run(`INSERT INTO main.runs SELECT * FROM (${files.map((_, k) => `SELECT * FROM in${k}.runs`).join(' UNION ALL ')}) ORDER BY run_id`);
      if (tables.includes('series')) await conn.run(`INSERT INTO main.series SELECT * FROM (${files.map((_, k) => `SELECT * FROM in${k}.series`).join(' UNION ALL ')}) ORDER BY run_id, tick`);
      if (tables.includes('events')) await conn.run(`INSERT INTO main.events SELECT * FROM (${files.map((_, k) => `SELECT * FROM in${k}.events`).join(' UNION ALL ')}) ORDER BY run_id, tick`);
    });
    const counts = (await conn.runAndReadAll(`SELECT k, count(*)::BIGINT AS n FROM (${union}) GROUP BY k`)).getRowObjectsJS();
    const perInput = files.map((f, k) => ({ file: f, shard: rows[k]!.shard, runs: Number(counts.find((c) => Number(c.k) === k)?.n ?? 0) }));
    for (const k of files.keys()) await conn.run(`DETACH in${k}`);
    await conn.run('CHECKPOINT');
    const total = Number((await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM runs')).getRowObjectsJS()[0]!.n);
    ok = true;
    return { out: outFile, inputs: perInput, runs: total, expected: first.runs_total };
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
