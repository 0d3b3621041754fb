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
import { shellQuote } from '../study/slurm.js';
import { exitWith } from './study.js';
import { fmt } from './output.js';

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
        const c = r.check;
        if (c.unit === 'runs') {
          process.stdout.write(`merged ${r.inputs.length} store(s) into ${flags.out}: ${r.runs} of ${r.expected} runs${r.partial ? ` (partial: recorded in the study table; npx fractable study FILE --out ${flags.out} --resume runs the rest)` : ''}\n`);
          return;
        }
        // shards of a calibration: the decision was taken over every shard's distances
        const spec = shellQuote(r.calibration?.file ?? 'SPEC.yaml');
        const out = shellQuote(flags.out!);
        process.stdout.write(c.smc
          ? `merged ${r.inputs.length} shard store(s) of calibration ${c.study} into ${flags.out}: ${r.runs} proposals scored\n`
          : `merged ${r.inputs.length} shard store(s) of calibration ${c.study} into ${flags.out}: ${r.runs} of ${r.expected} proposals scored\n`);
        if (r.calibration?.decision) {
          const k = r.calibration.decision;
          if (k.smc) {
            process.stdout.write(`SMC decided over every shard's particles: ${k.smc.generations.length} generation(s), stopped by ${k.smc.stop}\n`);
            for (const g of k.smc.generations) process.stdout.write(`  generation ${g.generation}: ε = ${fmt(g.epsilon)}, ${g.accepted} accepted of ${g.proposals} proposals (${fmt(100 * g.accepted / g.proposals)}%), ESS ${fmt(g.ess)}\n`);
          } else {
            process.stdout.write(`rejection decided over all ${k.proposals} proposals: ${k.accepted} accepted (the closest ${fmt(100 * k.accepted / k.proposals)}%), ε = ${fmt(k.epsilon)}\n`);
          }
          process.stdout.write('posterior (weighted; 95% equal-tailed interval):\n');
          for (const s of k.summary) process.stdout.write(`  ${s.name.padEnd(32)} median ${fmt(s.median)}  mean ${fmt(s.mean)}  sd ${fmt(s.sd)}  [${fmt(s.lower)}, ${fmt(s.upper)}]\n`);
          process.stdout.write(`accepted share of the prior volume (prior mass of the 95% box): ${k.priorShare.toPrecision(3)}\n`);
          process.stdout.write(`next: the posterior files, scorecard, null models and knock-outs on the merged store:\n  npx fractable calibrate ${spec} --resume --out ${out}\n`);
        } else {
          process.stdout.write(`partial: no decision yet (recorded in the study table); npx fractable calibrate ${spec} --resume --out ${out} scores the missing proposals on this machine, decides and runs the checks\n`);
        }
      } catch (e) {
        if (e instanceof IncompleteError) process.stderr.write(formatCheck(e.check));
        throw e;
      }
    });
}
