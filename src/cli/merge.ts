/**
 * `fractable merge STORES… --out ALL.duckdb`: combines the shards of one study. STORES are
 * files, directories of stores, or globs. An incomplete set is refused (exit 2) with what is
 * missing and the line that re-runs it, unless --partial; `--check` only reports (exit 0 when
 * complete, 3 when not).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { checkStores, formatCheck, IncompleteError, mergeStores } from '../study/merge.js';
import { expandStores } from '../study/stores.js';
import { exitWith } from './study.js';

interface MergeFlags { out?: string; overwrite?: boolean; partial?: boolean; check?: boolean; json?: boolean }

export function register(program: Command): void {
  program
    .command('merge')
    .description('merge the stores of shards of one study into one store (checks completeness; refuses different studies and duplicates)')
    .argument('<stores...>', 'results stores (.duckdb) of shards of the same study: files, directories of them, or globs')
    .option('--out <db>', 'the merged store (required unless --check)')
    .option('--overwrite', 'replace an existing --out')
    .option('--partial', 'merge an incomplete set of shards (the study table records partial = true)')
    .option('--check', 'only check completeness and print what is missing (exit 0 complete, 3 incomplete)')
    .option('--json', 'with --check: print the check as one JSON object')
    .action(async (stores: string[], flags: MergeFlags) => {
      if (!flags.out && !flags.check) throw new InputError('--out: expected the path of the merged store, found nothing');
      const files = expandStores(stores, { exclude: flags.out ? [resolve(flags.out)] : [], what: 'stores to merge' });
      if (flags.check) {
        const c = await checkStores(files);
        process.stdout.write(flags.json ? `${JSON.stringify(c)}\n` : formatCheck(c));
        if (!c.complete) exitWith(3);
        return;
      }
      try {
        const r = await mergeStores(files, flags.out!, { overwrite: flags.overwrite ?? false, partial: flags.partial ?? false });
        process.stdout.write(formatCheck(r.check));
        process.stdout.write(`merged ${r.inputs.length} store(s) into ${flags.out}: ${r.runs} of ${r.expected} runs${r.partial ? ` (partial: recorded in the study table; npx fractable study FILE --out ${flags.out} --resume runs the rest)` : ''}\n`);
      } catch (e) {
        if (e instanceof IncompleteError) process.stderr.write(formatCheck(e.check));
        throw e;
      }
    });
}
