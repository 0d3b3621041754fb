/**
 * `fractable report DB [--out FILE] [--fans a,b,c]`: one self-contained HTML report of a results store (the
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
    .option('--fans <variables>', 'comma-separated recorded series variables to draw fans of (default: every recorded one, grouped by unit)')
    .action(async (db: string, flags: { out?: string; fans?: string }) => {
      const fans = flags.fans === undefined ? undefined : flags.fans.split(',').map((v) => v.trim()).filter((v) => v !== '');
      const r = await writeReport(db, flags.out ?? defaultReportPath(db), fans === undefined ? {} : { fans });
      for (const w of r.warnings) process.stderr.write(`fractable: report: ${w}\n`);
      const rel = relative(process.cwd(), r.path);
      process.stdout.write(`wrote ${rel && !rel.startsWith('..') ? rel : r.path} (${r.charts} chart${r.charts === 1 ? '' : 's'}, ${(r.html.length / 1024).toFixed(0)} KiB)\n`);
    });
}
