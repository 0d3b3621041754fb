/**
 * `fractable export DB --format parquet|csv [--out DIR]`: every table of a store, one file each,
 * into a new directory or over this study's own earlier export (never beside another's).
 */
import type { Command } from 'commander';
import { InputError, safeText } from '../errors.js';
import { defaultExportDir, exportStore, type ExportFormat } from '../study/export.js';

export function register(program: Command): void {
  program
    .command('export')
    .description('export every table of a results store to Parquet or CSV (one file per table)')
    .argument('<db>', 'results store (.duckdb)')
    .option('--format <f>', 'parquet | csv', 'parquet')
    .option('--out <dir>', 'output directory: new, empty, or this study\'s earlier export (default: the store\'s path without .duckdb)')
    .action(async (db: string, flags: { format: string; out?: string }) => {
      if (flags.format !== 'parquet' && flags.format !== 'csv') throw new InputError(`--format: expected one of parquet, csv, found ${JSON.stringify(flags.format)}`);
      const r = await exportStore(db, flags.format as ExportFormat, flags.out ?? defaultExportDir(db));
      for (const f of r.files) process.stdout.write(`${safeText(f.file)}: ${f.rows} rows\n`);
      if (r.replaced) process.stdout.write(`(replaced this study's earlier export in ${safeText(r.dir)})\n`);
    });
}
