/** `fractable summary DB`: outcome shares per scenario (and design point) with 95% Wilson intervals. */
import type { Command } from 'commander';
import { InputError, safeText } from '../errors.js';
import { liveHeader, liveSummary, statusPath } from '../study/status.js';
import { isLockError } from '../study/store.js';
import { formatSummary, summarize, type StudySummary } from '../study/summary.js';
import { integer } from './options.js';

export function register(program: Command): void {
  program
    .command('summary')
    .description('print outcome shares per scenario (and per design point) with 95% Wilson intervals, and failures')
    .argument('<db>', 'results store (.duckdb)')
    .option('--json', 'print one JSON object on stdout')
    .option('--no-points', 'leave out the table per design point')
    .option('--failures <n>', 'list at most this many failed runs', integer('--failures', 0), 20)
    .option('--live', 'while a study writes the store (and holds its lock): read its status file instead, <db>.status.json')
    .action(async (db: string, flags: { json?: boolean; points: boolean; failures: number; live?: boolean }) => {
      let s: StudySummary;
      let header = '';
      let status: ReturnType<typeof liveSummary> = null;
      try {
        s = await summarize(db, { maxFailures: flags.failures });
      } catch (e) {
        const locked = e instanceof InputError && isLockError({ message: e.message });
        if (!locked) throw e;
        if (!flags.live) throw new InputError(`${e.message}; while a study runs, \`npx fractable summary ${safeText(db)} --live\` reads its status file`, db);
        status = liveSummary(db);
        if (!status) throw new InputError(`${safeText(statusPath(db))}: expected the status file of the study writing ${safeText(db)} (with its outcome shares), found none, or one without outcome shares`, db);
        s = status.summary;
        header = liveHeader(db, status.status);
      }
      if (flags.json) process.stdout.write(`${JSON.stringify(status ? { live: true, status: status.status, ...s } : s)}\n`);
      else process.stdout.write(header + formatSummary(s, { points: flags.points }));
    });
}
