/**
 * Export: every table of a store to Parquet or CSV (with a header), one file per table,
 * written by DuckDB's COPY ... TO, for pandas, R or polars. Rows are ordered by their keys
 * so that an export is a pure function of the store's content. Each file is written under a
 * temporary name and renamed into place.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ident, literal } from './columns.js';
import { openDuckDB, readStudyRow, tableNames } from './store.js';

export type ExportFormat = 'parquet' | 'csv';

const ORDER: Record<string, string> = { runs: 'run_id', series: 'run_id, tick', design: 'design_point' };

export interface ExportResult { dir: string; files: { table: string; file: string; rows: number }[] }

/** The default export directory: the store's path without its extension. */
export const defaultExportDir = (db: string): string => join(dirname(resolve(db)), basename(db).replace(/\.duckdb$/, '') || 'export');

export async function exportStore(db: string, format: ExportFormat, outDir = defaultExportDir(db)): Promise<ExportResult> {
  const { instance, conn } = await openDuckDB(db, true);
  try {
    await readStudyRow(conn, db); // a study store, not any DuckDB file
    const dir = resolve(outDir);
    mkdirSync(dir, { recursive: true });
    const files: ExportResult['files'] = [];
    for (const table of await tableNames(conn)) {
      const file = join(dir, `${table}.${format}`);
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
    return { dir, files };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
