/**
 * `fractable status PATH…`: per store (a store, a directory of stores, or a glob): shard i/n,
 * done / total, failed runs, last write time, and whether a process is writing it now; read
 * from the store itself, or from its status file while a study holds it.
 */
import type { Command } from 'commander';
import { formatStatus, readStatuses } from '../study/status.js';
import { expandStores } from '../study/stores.js';
import { safeText } from '../errors.js';
import { exitWith } from './study.js';

export function register(program: Command): void {
  program
    .command('status')
    .description('where a study stands: per store (or shard) done/total, failed runs, last write, and whether it is being written now')
    .argument('<paths...>', 'results stores, directories of stores, or globs')
    .option('--json', 'print one JSON object on stdout')
    .action(async (paths: string[], flags: { json?: boolean }) => {
      const r = await readStatuses(expandStores(paths, { allowEmpty: true }));
      if (flags.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else if (r.studies.length > 0) process.stdout.write(formatStatus({ ...r, unreadable: [] }));
      else if (r.unreadable.length === 0) process.stdout.write(`no results stores in ${paths.map(safeText).join(' ')} yet (the array's tasks have not started?)\n`);
      // a damaged or foreign store: one line each on stderr, naming the file and what is wrong; exit 2
      for (const x of r.unreadable) process.stderr.write(`fractable: ${safeText(x.file)}: ${x.note ?? 'expected a fractable results store, found an unreadable file'}\n`);
      if (r.unreadable.length > 0) exitWith(2);
    });
}
