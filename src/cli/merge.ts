/** `fractable merge A.duckdb B.duckdb … --out ALL.duckdb`: combines the shards of one study. */
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { mergeStores } from '../study/merge.js';

export function register(program: Command): void {
  program
    .command('merge')
    .description('merge the stores of shards of one study into one store (refuses different studies and duplicates)')
    .argument('<stores...>', 'results stores (.duckdb) of shards of the same study')
    .option('--out <db>', 'the merged store (required)')
    .option('--overwrite', 'replace an existing --out')
    .action(async (stores: string[], flags: { out?: string; overwrite?: boolean }) => {
      if (!flags.out) throw new InputError('--out: expected the path of the merged store, found nothing');
      const r = await mergeStores(stores, flags.out, { overwrite: flags.overwrite ?? false });
      for (const i of r.inputs) process.stdout.write(`  ${i.file}${i.shard ? ` (shard ${i.shard})` : ''}: ${i.runs} runs\n`);
      process.stdout.write(`merged ${r.inputs.length} store(s) into ${flags.out}: ${r.runs} of ${r.expected} runs${r.runs < r.expected ? ` (incomplete: fractable study FILE --out ${flags.out} --resume runs the rest)` : ''}\n`);
    });
}
