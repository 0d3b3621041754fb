/**
 * `fractable replay STORE RUN_ID`: re-runs one run of a stored study (design studies included)
 * from the store alone, prints its summary and checks that its digest equals the stored one.
 * Exit codes: 0 the digests agree (or a run that failed in the study fails again with the same
 * error); 2 bad input (no such store or run id); 5 the digests differ (or one of the two failed). With --out and --report, the files of
 * `fractable run`.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { WorldRun } from '../engine/run.js';
import { runScenario } from '../scenarios/run.js';
import { loadStoredRun } from '../study/replay.js';
import { integer } from './options.js';
import { checkReportPath, jsonOf, summary, writeRunDir, writeRunReport } from './run.js';

/** Exit code of a replay whose digest differs from the stored one. */
export const DIGEST_MISMATCH = 5;

interface ReplayFlags { out?: string; report?: string; workers: number; mode: string; json?: boolean }

export function register(program: Command): void {
  program
    .command('replay')
    .description('re-run one run of a stored study and check that its digest equals the stored one')
    .argument('<store>', 'results store (.duckdb)')
    .argument('<run_id>', 'the run id (the run_id column of the runs table)', integer('RUN_ID', 0, 2 ** 31 - 1))
    .option('--out <dir>', 'write series.csv, events.csv, scenario.yaml and run.json to this directory')
    .option('--report <file>', 'write a self-contained HTML page of the run')
    .option('--workers <w>', 'worker threads (the digest does not depend on them)', integer('--workers', 1, 256), availableParallelism())
    .option('--mode <mode>', 'auto | whole | sharded | inline', 'auto')
    .option('--json', 'print one JSON object on stdout')
    .action(async (store: string, runId: number, flags: ReplayFlags) => {
      if (!['auto', 'whole', 'sharded', 'inline'].includes(flags.mode)) {
        throw Object.assign(new Error(`--mode: expected one of auto, whole, sharded, inline, found ${JSON.stringify(flags.mode)}`), { exitCode: 2 });
      }
      if (flags.report) checkReportPath(flags.report);
      const run = await loadStoredRun(store, runId);
      const sc = run.resolved;
      const where = `run ${runId} of study ${run.study} (scenario ${run.scenario}${run.policy !== null ? `, policy ${run.policy}` : ''}, design point ${run.designPoint}, replicate ${run.replicate}, seed ${run.seed})`;
      let r: WorldRun;
      try {
        r = await runScenario(sc, { workers: flags.workers, mode: flags.mode as 'auto' });
      } catch (e) {
        // a run that failed in the study is reproduced when it fails again with the same error
        const msg = e instanceof Error ? e.message : String(e);
        if (run.status === 'failed' && run.error !== null && (run.error === msg || run.error.endsWith(msg))) {
          process.stdout.write(`replay of ${where}: it failed again, as it did in the study: ${msg}\n`);
          return;
        }
        process.stderr.write(`fractable: ${store}: ${where} failed in the replay (${msg})${run.status === 'failed' ? `, and in the study with another error (${run.error ?? 'none recorded'})` : `, but finished in the study with digest ${run.digest}`}${run.versionNote ? ` (${run.versionNote})` : ''}\n`);
        process.exitCode = DIGEST_MISMATCH;
        return;
      }
      if (flags.out) writeRunDir(flags.out, sc, r);
      if (flags.report) await writeRunReport(flags.report, sc, r, `npx fractable replay ${store} ${runId}: ${where}`);
      const match = run.digest !== null && run.digest === r.digest;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ...jsonOf(sc, r), runId, study: run.study, designPoint: run.designPoint, replicate: run.replicate, values: run.values, ...(run.policy !== null ? { policy: run.policy, levers: run.levers } : {}), storedStatus: run.status, storedDigest: run.digest, storedOutcome: run.outcome, match })}\n`);
      } else {
        const values = Object.entries(run.values).map(([k, v]) => `${k} = ${v}`).join(', ');
        const levers = Object.entries(run.levers).map(([k, v]) => `${k} = ${v}`).join(', ');
        process.stdout.write(`replay of ${where}${levers ? `\n  policy ${run.policy}: ${levers}` : ''}${values ? `\n  design values: ${values}` : ''}\n\n${summary(sc, r)}`);
        process.stdout.write(`stored digest ${run.digest ?? `none (the run failed in the study: ${run.error ?? 'no error recorded'})`}\n`);
      }
      if (match) {
        if (!flags.json) process.stdout.write('digests agree: the replay reproduces the stored run\n');
        return;
      }
      const why = run.digest === null
        ? `run ${runId} failed in the study (${run.error ?? 'no error recorded'}) but finished in the replay`
        : `the replay's digest ${r.digest} differs from the stored ${run.digest}`;
      process.stderr.write(`fractable: ${store}: ${why}${run.versionNote ? ` (${run.versionNote})` : ''}\n`);
      process.exitCode = DIGEST_MISMATCH;
    });
}
