/**
 * `fractable report DB [--out FILE]`: one self-contained HTML report of a results store (the
 * spec, outcome shares with 95% intervals, time-series fans, sensitivity charts, PRIM boxes),
 * written atomically; prints the path written.
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { defaultReportPath, writeReport } from '../report/index.js';

export function register(program: Command): void {
  program
    .command('report')
    .description('write a self-contained HTML report of a results store (charts, tables, intervals; opens offline)')
    .argument('<db>', 'results store (.duckdb)')
    .option('--out <file>', 'the HTML file to write (default: the store\'s path with .html)')
    .action(async (db: string, flags: { out?: string }) => {
      const r = await writeReport(db, flags.out ?? defaultReportPath(db));
      for (const w of r.warnings) process.stderr.write(`fractable: report: ${w}\n`);
      const rel = relative(process.cwd(), r.path);
      process.stdout.write(`wrote ${rel && !rel.startsWith('..') ? rel : r.path} (${r.charts} chart${r.charts === 1 ? '' : 's'}, ${(r.html.length / 1024).toFixed(0)} KiB)\n`);
    });
}
