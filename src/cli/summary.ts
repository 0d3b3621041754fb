/** `fractable summary DB`: outcome shares per scenario (and design point) with 95% Wilson intervals. */
import type { Command } from 'commander';
import { formatSummary, summarize } from '../study/summary.js';
import { integer } from './options.js';

export function register(program: Command): void {
  program
    .command('summary')
    .description('print outcome shares per scenario (and per design point) with 95% Wilson intervals, and failures')
    .argument('<db>', 'results store (.duckdb)')
    .option('--json', 'print one JSON object on stdout')
    .option('--no-points', 'leave out the table per design point')
    .option('--failures <n>', 'list at most this many failed runs', integer('--failures', 0), 20)
    .action(async (db: string, flags: { json?: boolean; points: boolean; failures: number }) => {
      const s = await summarize(db, { maxFailures: flags.failures });
      if (flags.json) process.stdout.write(`${JSON.stringify(s)}\n`);
      else process.stdout.write(formatSummary(s, { points: flags.points }));
    });
}
