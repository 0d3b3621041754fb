/**
 * `fractable slurm STUDY`: writes the sbatch script of one job array that runs the study in N
 * shards (one per task), and prints the plan (runs per task, a rough wall time) and the
 * commands to submit, watch and merge it.
 */
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseSlurmTime, planSlurm, shellQuote, slurmTime, writeSlurmScript } from '../study/slurm.js';
import { loadCheckedStudy } from '../study/outputs.js';
import { loadCalibration } from '../study/calibration-spec.js';
import { readYaml } from '../scenarios/load.js';
import { InputError } from '../errors.js';
import { timeRuns } from '../study/timing.js';
import { integer, positive } from './options.js';

interface SlurmFlags {
  tasks: number; workersPerTask: number; partition?: string; time?: string; mem?: string; out?: string; account?: string;
  extra: string[]; secondsPerRun?: number; firstIndex: number; maxRunning?: number; overwrite?: boolean;
}

function formatDuration(s: number): string {
  if (s < 1) return `${(s * 1000).toFixed(s < 0.01 ? 1 : 0)} ms`;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** "k + 1", "k" or "k - F + 1": the shard of array index k. */
const shardOfIndex = (first: number): string => (first === 0 ? 'k + 1' : first === 1 ? 'k' : `k - ${first - 1}`);

export function register(program: Command): void {
  program
    .command('slurm')
    .description('write the sbatch script of a Slurm job array that runs a study (or a calibration) in shards, and print the plan')
    .argument('<study>', 'study file, or calibration spec (YAML)')
    .option('--tasks <n>', 'array tasks (= shards)', integer('--tasks', 1, 1_000_000), 10)
    .option('--workers-per-task <w>', 'worker threads per task (= --cpus-per-task)', integer('--workers-per-task', 1, 1024), 1)
    .option('--partition <p>', 'Slurm partition')
    .option('--time <t>', 'time limit per task (HH:MM:SS, D-HH:MM:SS)')
    .option('--mem <m>', 'memory per task (e.g. 4G)')
    .option('--account <a>', 'Slurm account')
    .option('--out <dir>', 'directory of the script, the shard stores and logs/ (default results/<name>-slurm)')
    .option('--extra <line>', 'an extra "#SBATCH --option" line (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--seconds-per-run <s>', 'skip the calibration: seconds one run takes on one worker', positive('--seconds-per-run'))
    .option('--first-index <k>', 'the first array index (0-based or 1-based arrays: 0 or 1)', integer('--first-index', 0, 10_000_000), 0)
    .option('--max-running <k>', 'at most k tasks at once (--array=…%k)', integer('--max-running', 1, 1_000_000))
    .option('--overwrite', 'replace a script written for another study or layout')
    .action(async (file: string, flags: SlurmFlags) => {
      // a calibration spec (it has priors): a calibration's tasks score its proposals (calibrate --shard)
      const raw = readYaml(resolve(file));
      const cal = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'priors' in raw ? await loadCalibration(file) : null;
      const smc = cal?.budget.method === 'smc' ? cal.budget : null;
      // the shards of an SMC calibration meet after every generation: a task that waits for one not yet started would wait for ever
      if (smc && flags.maxRunning !== undefined && flags.maxRunning < flags.tasks) {
        throw new InputError(`--max-running: expected at least --tasks (${flags.tasks}) for an SMC calibration (its shards meet after every generation, so all of them must run at once), found ${flags.maxRunning}`);
      }
      const study = cal ? cal.study : await loadCheckedStudy(file);
      // a calibration's runs: `replicates` per proposal, each the base scenario at one proposal's parameters
      const perUnit = cal ? cal.replicates : 1;
      // an SMC calibration's units: the proposals of one generation (at most budget.maxProposals), each generation split the same way
      const units = cal ? (cal.budget.method === 'rejection' ? cal.budget.proposals : cal.budget.maxProposals) : study.runs;
      const unit = cal ? 'proposal' : 'run';
      const dir = resolve(flags.out ?? join('results', `${study.name}-slurm`));
      const plan = planSlurm({ name: study.name, specHash: study.specHash, runs: units, file: resolve(file), kind: cal ? 'calibration' : 'study' }, {
        tasks: flags.tasks, workers: flags.workersPerTask, dir, firstIndex: flags.firstIndex, extra: flags.extra,
        ...(flags.partition !== undefined ? { partition: flags.partition } : {}), ...(flags.time !== undefined ? { time: flags.time } : {}),
        ...(flags.mem !== undefined ? { mem: flags.mem } : {}), ...(flags.account !== undefined ? { account: flags.account } : {}),
        ...(flags.maxRunning !== undefined ? { maxRunning: flags.maxRunning } : {}),
      });

      writeSlurmScript(plan, { overwrite: flags.overwrite ?? false });

      let perRun = flags.secondsPerRun, how = 'given';
      if (perRun === undefined) {
        process.stderr.write(`calibrating: timing up to 3 runs of the ${cal ? 'calibration\'s scenario' : 'study'} on this machine (--seconds-per-run skips this)\n`);
        const t = await timeRuns(cal ? { ...study, design: null, points: 1, runs: 1 } : study, 3);
        perRun = t.secondsPerRun;
        how = `median of ${t.runIds.length} run(s) on this machine`;
      }

      const W = flags.workersPerTask, n = flags.tasks;
      // an SMC task: at most maxProposals / n proposals in each of at most `generations` generations
      const taskSeconds = (plan.runsPerTask.max * (smc ? smc.generations : 1) * perUnit * perRun) / W;
      const limit = flags.time !== undefined ? parseSlurmTime(flags.time) : null;
      const mergeOut = join(dirname(dir), `${study.name}.duckdb`);
      const lines = [
        `wrote ${plan.script}`,
        smc
          ? `  calibration ${study.name} (method smc): up to ${smc.generations} generation(s) of up to ${units} proposals × ${perUnit} run(s), each generation split over a job array of ${n} task(s) (indices ${plan.manifest.first}-${plan.manifest.first + n - 1}), ${W} CPU(s) each`
          : cal
          ? `  calibration ${study.name} (method rejection): ${units} proposals × ${perUnit} run(s) as a job array of ${n} task(s) (indices ${plan.manifest.first}-${plan.manifest.first + n - 1}), ${W} CPU(s) each`
          : `  study ${study.name}: ${study.runs} runs as a job array of ${n} task(s) (indices ${plan.manifest.first}-${plan.manifest.first + n - 1}), ${W} CPU(s) each`,
        `  ${unit}s per task: ${plan.runsPerTask.min === plan.runsPerTask.max ? plan.runsPerTask.max : `${plan.runsPerTask.min}-${plan.runsPerTask.max}`} (array index k runs shard ${shardOfIndex(plan.manifest.first)} of ${n}: the ${unit}s with ${cal ? 'index j' : 'run_id'} mod ${n} = ${shardOfIndex(plan.manifest.first)} - 1)`,
        `  time: about ${formatDuration(perRun)} per run (${how}) → ${smc ? 'at most' : 'about'} ${formatDuration(taskSeconds)} per task with ${W} worker(s); rough: cluster cores differ`,
        ...(smc ? [
          `  SMC: the ${n} tasks meet after every generation (each publishes its distances beside its store, in ${dir}, and reads the others'), so all of them must run at the same time: ${n * W} CPUs at once; a task waits, holding its CPUs, for any not yet started`,
        ] : []),
        limit === null
          ? `  no --time: the partition's default limit applies (about ${slurmTime(2 * taskSeconds + 60)} would give the estimate twice over)`
          : taskSeconds > limit ? `  warning: the estimate exceeds --time ${flags.time}: tasks may hit the limit (they resume when re-submitted), or use more --tasks` : `  --time ${flags.time}: ${(taskSeconds / limit * 100).toFixed(0)}% of it by the estimate`,
        ...(plan.manifest.first + n - 1 > 1000 ? [`  note: the last index is ${plan.manifest.first + n - 1}; Slurm's default MaxArraySize is 1001 (indices up to 1000): see scontrol show config | grep MaxArraySize`] : []),
        `  shard stores: ${plan.stores.replace('{n}', String(n))}  (i = 1…${n}${cal ? '' : '; each with its .status.json'})`,
        `  task logs:    ${join(plan.logs, `${study.name}-<job>_<index>.out`)}`,
        '',
        'submit:',
        `  sbatch ${shellQuote(plan.script)}`,
        'watch (per task: done/total, failed runs, last write, running or not):',
        `  npx fractable status ${shellQuote(dir)}`,
        `merge when done (${cal ? 'takes the decision over every shard\'s distances; ' : ''}prints the sbatch line that re-runs only missing or incomplete tasks):`,
        `  npx fractable merge ${shellQuote(dir)} --out ${shellQuote(mergeOut)}`,
        ...(cal ? [
          `then the posterior files, scorecard, null models and knock-outs on the merged store (${cal.checkRuns} × ${2 + cal.knockouts.length} runs: on one machine, or in one job):`,
          `  npx fractable calibrate ${shellQuote(resolve(file))} --resume --out ${shellQuote(mergeOut)} --workers ${W}`,
        ] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
