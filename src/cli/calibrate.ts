/**
 * `fractable calibrate SPEC`: ABC calibration of a scenario on patterns of the record (see
 * study/calibrate.ts), into a DuckDB store, resumable (--resume). Prints the posterior, the
 * accepted share of the prior volume, the pattern scorecard and the knock-out matrix.
 * `--shard i/n` scores one shard's share of the proposals into its own store (the shards of an
 * SMC calibration meet after every generation, through files beside their stores: all must run
 * at once); `fractable merge` takes the decision over all shards, and `calibrate SPEC --resume`
 * on the merged store runs the checks.
 * Exit codes: 0 done, 130 interrupted (Ctrl-C; --resume continues), 2 bad input.
 */
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { loadCalibration, type ResolvedCalibration } from '../study/calibration-spec.js';
import { runCalibration, smcProposalsNeeded, type CalibrateProgress, type CalibrateResult } from '../study/calibrate.js';
import { parseShard, shardText } from '../study/plan.js';
import { expandShardPath, isSlurmShard, shardFromSlurm, shellQuote } from '../study/slurm.js';
import { exitWith } from './study.js';
import { integer, positive } from './options.js';
import { fmt } from './output.js';

interface CalibrateFlags { out?: string; workers?: number; resume?: boolean; overwrite?: boolean; quiet?: boolean; shard?: string; poll?: number }

export function register(program: Command): void {
  program
    .command('calibrate')
    .description('calibrate a scenario on patterns of the record by ABC (rejection or SMC), then score the posterior and knock-outs on every pattern')
    .argument('<spec>', 'calibration spec (YAML)')
    .option('--out <db>', 'results store (default results/<name>.duckdb, or results/<name>.shard-<i>-of-<n>.duckdb); the posterior CSV and the calibrated scenario are written beside it; with --shard, {i} and {n} are replaced')
    .option('--workers <w>', 'worker threads (default: available cores)', integer('--workers', 1, 1024))
    .option('--resume', 'continue an interrupted calibration in an existing store')
    .option('--overwrite', 'replace an existing store and start again')
    .option('--shard <i/n>', 'score only proposals j with j mod n = i - 1 into a shard store (merge the shards with fractable merge); method smc: the n shards meet after every generation through files beside their stores (one directory, all shards running at once); "slurm" or "slurm:FIRST-LAST": i/n from the Slurm array task (with --resume, a missing store is started)')
    .option('--poll <seconds>', 'method smc with --shard: how often a shard waiting for its peers reads their distances (default 1)', positive('--poll'))
    .action(async (file: string, flags: CalibrateFlags) => {
      if (flags.resume && flags.overwrite) throw new InputError('--resume and --overwrite: expected one of them, found both');
      const slurm = flags.shard !== undefined && isSlurmShard(flags.shard);
      const shard = flags.shard !== undefined ? (slurm ? shardFromSlurm(flags.shard) : parseShard(flags.shard)) : null;
      const cal = await loadCalibration(file);
      const out = flags.out ? expandShardPath(flags.out, shard) : join('results', shard ? `${cal.name}.shard-${shard.index}-of-${shard.count}.duckdb` : `${cal.name}.duckdb`);
      const stop = new AbortController();
      const onSignal = (sig: NodeJS.Signals) => {
        if (stop.signal.aborted) process.exit(130);
        stop.abort();
        process.stderr.write(`\n${sig}: scheduling stopped; finishing the runs in flight (${sig} again exits; --resume continues)\n`);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const t0 = performance.now();
      let lastStage = '';
      let lastAt = 0;
      let stage = '';
      let stageAt = t0;
      let stageDone = 0;
      try {
        const r = await runCalibration(cal, {
          // an array task runs the same line the first time and when requeued: --resume starts a missing store
          out, workers: flags.workers ?? Math.max(1, availableParallelism()), resume: flags.resume ? (slurm ? 'or-create' : true) : false, overwrite: flags.overwrite ?? false, shard, stop: stop.signal,
          ...(flags.poll !== undefined ? { pollMs: flags.poll * 1000 } : {}),
          onProgress: (p) => {
            const now = performance.now();
            if (p.stage !== stage) { stage = p.stage; stageAt = now; stageDone = p.done; }
            if (flags.quiet || (p.stage === lastStage && now - lastAt < 2000)) return;
            lastStage = p.stage; lastAt = now;
            process.stderr.write(progressLine(cal.name, cal.budget, p, (now - stageAt) / 1000, stageDone));
          },
        });
        if (r.interrupted) {
          process.stderr.write(`interrupted: fractable calibrate ${relative(process.cwd(), file)} --out ${relative(process.cwd(), out)} --resume continues\n`);
          exitWith(130);
          return;
        }
        if (r.shard) {
          process.stdout.write(formatShard(cal.name, file, r, (performance.now() - t0) / 1000));
          return;
        }
        process.stdout.write(formatCalibration(cal.name, r, (performance.now() - t0) / 1000));
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

/**
 * One progress line. `seconds` and `stageDone`: the time since the stage began and the count it
 * began with. A stage of known size gets an ETA from its rate; an SMC generation (whole, not a
 * shard, whose count is its own share only) needs about done × particles / accepted proposals at
 * the acceptance rate so far, and gets an ETA from that.
 */
export function progressLine(name: string, budget: ResolvedCalibration['budget'], p: CalibrateProgress, seconds: number, stageDone: number): string {
  const what = p.wanted !== undefined
    ? `${p.done}/${p.wanted} ${p.unit ?? 'runs'}`
    : `${p.done} proposals scored, ${p.accepted} accepted${Number.isFinite(p.epsilon) ? ` at ε = ${fmt(p.epsilon!)}` : ''}${p.waiting?.length ? `; waiting for shard(s) ${p.waiting.join(', ')} (their distances, in ${p.waitingIn ?? 'the store\'s directory'})` : ''}`;
  let eta = p.wanted !== undefined && p.done > 1 ? ` (ETA ${Math.round((seconds / (p.done - 1)) * (p.wanted - p.done))} s)` : '';
  const need = smcProposalsNeeded(budget, p);
  if (need !== null && p.done > stageDone + 1) {
    eta = ` (about ${need} proposals at the acceptance rate so far: ETA ${Math.round((seconds / (p.done - stageDone)) * Math.max(0, need - p.done))} s)`;
  }
  return `calibrate ${name}: ${p.stage}: ${what}${eta}\n`;
}

/** What a shard run prints: its share, and the two commands that follow once every shard is done. */
export function formatShard(name: string, spec: string, r: CalibrateResult, seconds: number): string {
  const s = r.shard!;
  const st = shardText(s.shard)!;
  const rel = (p: string) => shellQuote(relative(process.cwd(), p) || '.');
  const merged = join(dirname(r.out), `${name}.duckdb`);
  const named = basename(r.out) === `${name}.shard-${s.shard.index}-of-${s.shard.count}.duckdb`;
  const stores = named ? rel(join(dirname(r.out), `${name}.shard-*-of-${s.shard.count}.duckdb`)) : `SHARD_STORES… (all ${s.shard.count})`;
  const smc = s.proposals === null;
  return [
    smc
      ? `calibration ${name}: shard ${st}: ${s.scored} proposals scored over ${r.populations.length} generation(s) (proposals j with j mod ${s.shard.count} = ${s.shard.index - 1}), decided with the other shards, stopped by ${r.stop}; ${r.simulations} runs in this session (${seconds.toFixed(0)} s)`
      : `calibration ${name}: shard ${st}: ${s.scored} of ${s.proposals} proposals scored (proposals j with j mod ${s.shard.count} = ${s.shard.index - 1}); ${r.simulations} runs in this session (${seconds.toFixed(0)} s)`,
    ...(smc ? r.populations.map((p) => `  generation ${p.generation}: ε = ${fmt(p.epsilon)}, ${p.indices.length} accepted of ${p.proposals} proposals (${pct(p.acceptanceRate)}), ESS ${fmt(p.ess)}`) : []),
    `store: ${r.out}`,
    smc
      ? 'once every shard is done, merge them (the generations are decided again over all of their particles), then run the checks on the merged store:'
      : 'no decision in a shard: once every shard is done, merge them (the decision is taken over all of their distances), then run the checks on the merged store:',
    `  npx fractable merge ${stores} --out ${rel(merged)}`,
    `  npx fractable calibrate ${rel(spec)} --resume --out ${rel(merged)}`,
    '',
  ].join('\n');
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '–');

/** The printed result: posterior, prior share, scorecard, knock-out matrix. */
export function formatCalibration(name: string, r: CalibrateResult, seconds: number): string {
  const lines: string[] = [];
  lines.push(`calibration ${name}: ${r.populations.length} generation(s), stopped by ${r.stop}; ${r.simulations} runs in this session (${seconds.toFixed(0)} s)`);
  for (const p of r.populations) lines.push(`  generation ${p.generation}: ε = ${fmt(p.epsilon)}, ${p.indices.length} accepted of ${p.proposals} proposals (${pct(p.acceptanceRate)}), ESS ${fmt(p.ess)}`);
  lines.push('', 'posterior (weighted; 95% equal-tailed interval):');
  for (const s of r.summary) lines.push(`  ${s.name.padEnd(32)} median ${fmt(s.median)}  mean ${fmt(s.mean)}  sd ${fmt(s.sd)}  [${fmt(s.lower)}, ${fmt(s.upper)}]`);
  if (r.priorShare) lines.push(`accepted share of the prior volume (prior mass of the 95% box): ${r.priorShare.share.toPrecision(3)}`);
  lines.push('', 'scorecard (share of runs in which the pattern holds, Wilson 95%; Brier = (1 − share)² against the record):');
  lines.push(`  ${'model'.padEnd(28)} ${'pattern'.padEnd(8)} ${'role'.padEnd(9)} ${'holds'.padStart(9)}  ${'share'.padStart(5)}  ${'95% CI'.padEnd(12)} ${'mean score'.padStart(10)}  Brier`);
  for (const s of r.scorecard) {
    lines.push(`  ${s.model.padEnd(28)} ${s.pattern.padEnd(8)} ${s.role.padEnd(9)} ${`${s.holds}/${s.runs}`.padStart(9)}  ${pct(s.share).padStart(5)}  ${`[${pct(s.lower)}, ${pct(s.upper)}]`.padEnd(12)} ${fmt(s.meanScore).padStart(10)}  ${fmt(s.brier)}`);
  }
  const nullTitles: Array<[string, string]> = [
    ['null:fixed', 'null model (a), fixed mixed strategies: every population acts with its average action shares of the posterior runs, no learning'],
    ['null:poisson', 'null model (b), events as Poisson processes at the full model\'s rates'],
  ];
  for (const [model, title] of nullTitles) {
    const rows = r.nulls.filter((n) => n.model === model);
    if (rows.length === 0) continue;
    lines.push('', `${title} (one-sided test that it holds a pattern less often):`);
    for (const n of rows) {
      lines.push(`  ${n.pattern.padEnd(8)} full ${pct(n.shareFull).padStart(4)}  null ${pct(n.share).padStart(4)}  p = ${fmt(n.pValue)}${n.asWell ? '  — the null scores as well as the full model' : ''}`);
    }
  }
  if (r.knockouts.length) {
    const pats = [...new Set(r.knockouts.map((k) => k.pattern))];
    lines.push('', 'knock-out matrix (share holding: full → knocked out; * the pattern needs the mechanism, one-sided p < 0.05):');
    lines.push(`  ${'mechanism'.padEnd(16)} ${pats.map((p) => p.padEnd(14)).join(' ')}`);
    for (const m of [...new Set(r.knockouts.map((k) => k.mechanism))]) {
      const cells = pats.map((p) => {
        const k = r.knockouts.find((x) => x.mechanism === m && x.pattern === p)!;
        return `${pct(k.shareFull)}→${pct(k.share)}${k.needed ? '*' : ''}`.padEnd(14);
      });
      lines.push(`  ${m.padEnd(16)} ${cells.join(' ')}`);
    }
    lines.push(r.unsupported.length ? `mechanisms no pattern needs (unsupported by the record at this budget): ${r.unsupported.join(', ')}` : 'every knocked-out mechanism is needed by at least one pattern');
  }
  if (r.files) lines.push('', `posterior design file: ${r.files.posterior}`, `calibrated scenario: ${r.files.scenario}`);
  lines.push(`store: ${r.out}`, '');
  return lines.join('\n');
}
