/**
 * Export: every table of a store to Parquet or CSV (with a header), one file per table,
 * written by DuckDB's COPY ... TO, for pandas, R or polars. Rows are ordered by their keys
 * so that an export is a pure function of the store's content. Each file is written under a
 * temporary name and renamed into place.
 *
 * The directory is either new (or empty), or an earlier export of the same study: a marker file,
 * `.fractable-export.json`, records the study's identity (name, spec hash, instance id, shard)
 * and the files the export wrote. An export replaces only the files of its own study's earlier
 * export (and removes those of its tables that are gone); a directory holding anything else is
 * refused, so the tables of two studies never sit side by side.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, safeText } from '../errors.js';
import { checkWritableDir, ensureDir, writeAtomic } from '../files.js';
import { ident, literal } from './columns.js';
import { openDuckDB, readStudyRow, tableNames, type StudyRow } from './store.js';

export type ExportFormat = 'parquet' | 'csv';

const ORDER: Record<string, string> = { runs: 'run_id', series: 'run_id, tick', design: 'design_point' };

/** The marker file of an export directory. */
export const EXPORT_MARKER = '.fractable-export.json';

export interface ExportMarker {
  format: 'fractable-export/1';
  study: string;
  spec_hash: string;
  /** the store's study instance id (null for stores older than the column) */
  instance: string | null;
  shard: string | null;
  /** the store exported (absolute path, for people: identity is spec_hash, instance and shard) */
  store: string;
  /** the files the export wrote, relative to the directory */
  files: string[];
}

export interface ExportResult { dir: string; files: { table: string; file: string; rows: number }[]; replaced: boolean }

/** The default export directory: the store's path without its extension. */
export const defaultExportDir = (db: string): string => join(dirname(resolve(db)), basename(db).replace(/\.duckdb$/, '') || 'export');

const sameStudy = (m: ExportMarker, s: StudyRow): boolean => m.spec_hash === s.spec_hash && m.instance === s.instance && m.shard === s.shard;

function readMarker(dir: string): ExportMarker | null {
  const f = join(dir, EXPORT_MARKER);
  if (!existsSync(f)) return null;
  try {
    const m = JSON.parse(readFileSync(f, 'utf8')) as ExportMarker;
    return m.format === 'fractable-export/1' && typeof m.spec_hash === 'string' && Array.isArray(m.files) ? m : null;
  } catch {
    return null;
  }
}

/**
 * Checks the export directory before anything is written: new, empty, or an export of this very
 * study (same spec hash, instance and shard). Returns the earlier export's marker, if any.
 */
function claimDir(dir: string, label: string, study: StudyRow): ExportMarker | null {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`${label}: ${safeText(dir)}: expected a directory, found a file`, dir);
  ensureDir(dir, label);
  checkWritableDir(dir, label);
  const present = readdirSync(dir).filter((f) => !/^\..*\.tmp\.(parquet|csv)$/.test(f));
  if (present.length === 0) return null;
  const marker = readMarker(dir);
  if (!marker) {
    throw new InputError(`${label}: ${safeText(dir)}: expected a new or empty directory, or an earlier export of this study, found ${present.length} file(s) no fractable export wrote (${present.slice(0, 4).map(safeText).join(', ')}${present.length > 4 ? ', …' : ''}); use another --out`, dir);
  }
  if (!sameStudy(marker, study)) {
    throw new InputError(`${label}: ${safeText(dir)}: expected a new directory or an export of this study ("${safeText(study.name)}", spec hash ${study.spec_hash.slice(0, 12)}, instance ${(study.instance ?? 'none').slice(0, 8)}${study.shard ? `, shard ${study.shard}` : ''}), found the export of "${safeText(marker.study)}" (spec hash ${marker.spec_hash.slice(0, 12)}, instance ${(marker.instance ?? 'none').slice(0, 8)}${marker.shard ? `, shard ${marker.shard}` : ''}); use another --out`, dir);
  }
  return marker;
}

export async function exportStore(db: string, format: ExportFormat, outDir = defaultExportDir(db), label = '--out'): Promise<ExportResult> {
  const { instance, conn } = await openDuckDB(db, true);
  try {
    const study = await readStudyRow(conn, db); // a study store, not any DuckDB file
    const dir = resolve(outDir);
    const earlier = claimDir(dir, label, study);
    const marker = (files: string[]): string => `${JSON.stringify({
      format: 'fractable-export/1', study: study.name, spec_hash: study.spec_hash, instance: study.instance, shard: study.shard, store: resolve(db), files,
    } satisfies ExportMarker, null, 2)}\n`;
    // the marker first: an export killed half-way leaves a directory that is recognisably this study's
    const before = earlier?.files ?? [];
    writeAtomic(join(dir, EXPORT_MARKER), marker(before));
    const files: ExportResult['files'] = [];
    for (const table of await tableNames(conn)) {
      const name = `${table}.${format}`;
      const file = join(dir, name);
      const tmp = join(dir, `.${table}.${process.pid}.tmp.${format}`);
      const order = ORDER[table] ? ` ORDER BY ${ORDER[table]}` : '';
      const opts = format === 'parquet' ? '(FORMAT parquet, COMPRESSION zstd)' : '(FORMAT csv, HEADER true)';
      try {
        await conn.run(`COPY (SELECT * FROM ${ident(table)}${order}) TO ${literal(tmp)} ${opts}`);
        renameSync(tmp, file);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
      const n = (await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${ident(table)}`)).getRowObjectsJS()[0]!.n;
      files.push({ table, file, rows: Number(n) });
    }
    const names = files.map((f) => basename(f.file));
    // the earlier export's files that this one did not rewrite (a table gone, the other format) are removed
    for (const old of before) if (!names.includes(old) && basename(old) === old) rmSync(join(dir, old), { force: true });
    writeAtomic(join(dir, EXPORT_MARKER), marker(names));
    return { dir, files, replaced: earlier !== null };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
