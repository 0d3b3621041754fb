/**
 * `fractable study FILE`: runs a study (scenarios × design × replicates) into a DuckDB store,
 * resumable (--resume), shardable (--shard i/n), with a progress bar on a terminal and
 * periodic log lines otherwise. Exit codes: 0 every run stored and none failed, 3 the study
 * finished with failed runs, 130 interrupted (Ctrl-C; --resume continues), 2 bad input, 4 the
 * store could not be written (a full disk, a permission, a read-only file system, its directory
 * removed: the runs stored are consistent, --resume continues).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { InputError, safeText } from '../errors.js';
import { parseShard, shardSize, shardText, type Shard } from '../study/plan.js';
import { runStudy, StudyWriteError, type StudyProgress } from '../study/runner.js';
import { expandShardPath, findScript, isSlurmShard, resubmitLine, shardFromSlurm } from '../study/slurm.js';
import type { ResolvedStudy } from '../study/spec.js';
import { loadCheckedStudy } from '../study/outputs.js';
import { LIVE_POINTS, STATUS_EVERY_MS, type StatusFile } from '../study/status.js';
import { LIVE_POLL_MS } from '../report/live.js';
import { parseServe, startLiveServer, type LiveServer } from './serve.js';
import { formatSummary, summarize } from '../study/summary.js';
import { createLogger, type LogOptions } from './logger.js';
import { integer, maxWorkers, workerCount } from './options.js';

interface StudyFlags extends LogOptions {
  out?: string; workers?: number; resume?: boolean; overwrite?: boolean; shard?: string; progress: boolean;
  retryFailed?: boolean; dryRun?: boolean; summary: boolean; logEvery: number; serve?: string; livePoints: number;
}

/**
 * Sets the process exit code of a command that finished without throwing (a study reports 3 or
 * 130 after printing its results); main() returns it.
 */
export function exitWith(code: number): void {
  process.exitCode = code;
}

export const defaultStudyOut = (study: ResolvedStudy, shard: Shard | null): string =>
  join('results', shard ? `${study.name}.shard-${shard.index}-of-${shard.count}.duckdb` : `${study.name}.duckdb`);

export function register(program: Command): void {
  program
    .command('study')
    .description('run a study (scenarios × parameter design × replicates) into a DuckDB results store')
    .argument('<file>', 'study file (YAML)')
    .option('--out <db>', 'results store (default results/<name>.duckdb, or results/<name>.shard-<i>-of-<n>.duckdb); with --shard, {i} and {n} are replaced')
    .option('--workers <w>', `worker threads (default: available cores; at most ${maxWorkers()}: 4 × the available cores, at most 256)`, workerCount)
    .option('--resume', 'continue an interrupted study in an existing store: run only what is missing')
    .option('--overwrite', 'replace an existing store and start again')
    .option('--shard <i/n>', 'run only the i-th of n deterministic slices (run_id mod n = i - 1); "slurm" or "slurm:FIRST-LAST": i/n from the Slurm array task (with --resume, a missing store is started)')
    .option('--retry-failed', 'with --resume: run again the runs stored as failed')
    .option('--no-progress', 'no progress bar (periodic log lines instead)')
    .option('--log-every <s>', 'seconds between progress log lines when there is no bar', integer('--log-every', 1, 86_400), 10)
    .option('--dry-run', 'validate the study and print its plan without running it')
    .option('--no-summary', 'do not print the outcome summary at the end')
    .option('--serve <[host:]port>', 'serve a read-only live page of the study (progress, ETA, failures, outcome shares so far per scenario and design point) while it runs; host 127.0.0.1 unless given, port 0 for any free one')
    .option('--live-points <n>', `design points (pairs of scenario and point) the status file and the live page show: those with the most runs stored`, integer('--live-points', 1, 10_000), LIVE_POINTS)
    .action(async (file: string, flags: StudyFlags) => {
      if (flags.resume && flags.overwrite) throw new InputError('--resume and --overwrite: expected one of them, found both');
      if (flags.retryFailed && !flags.resume) throw new InputError('--retry-failed: expected with --resume, found without');
      const slurm = flags.shard !== undefined && isSlurmShard(flags.shard);
      const shard = flags.shard ? (slurm ? shardFromSlurm(flags.shard) : parseShard(flags.shard)) : null;
      const study = await loadCheckedStudy(file);
      const out = flags.out ? expandShardPath(flags.out, shard) : defaultStudyOut(study, shard);
      const workers = flags.workers ?? Math.max(1, availableParallelism());
      if (flags.dryRun) {
        process.stdout.write(planText(study, shard, out));
        return;
      }
      const serveAt = flags.serve !== undefined ? parseServe(flags.serve) : null;
      const log = createLogger(flags);
      let latest: StatusFile | null = null;
      let server: LiveServer | undefined;
      if (serveAt) {
        server = await startLiveServer(serveAt, study.name, () => latest);
        process.stderr.write(`live page: ${server.url} (read-only; it ends with the study)\n`);
        log.info({ url: server.url }, 'live page');
      }
      const stop = new AbortController(), drop = new AbortController();
      let inFlight = 0;
      const onSignal = (sig: NodeJS.Signals) => {
        if (!stop.signal.aborted) {
          stop.abort();
          bar?.stop();
          bar = undefined;
          process.stderr.write(`\n${sig}: scheduling stopped; finishing ${inFlight} run(s) in flight (${sig} again drops them)\n`);
        } else if (!drop.signal.aborted) {
          drop.abort();
          process.stderr.write(`${sig}: dropping the runs in flight\n`);
        } else {
          // a third signal: leave now; every committed run is safe in the store's write-ahead log
          process.stderr.write(`${sig}: exiting; ${resumeLine(file, out, shard)} continues\n`);
          process.exit(130);
        }
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);

      const useBar = flags.progress && process.stderr.isTTY === true;
      let bar: cliProgress.SingleBar | undefined;
      const t0 = performance.now();
      let startDone = 0, lastLog = t0, tFirst = 0;
      // runs per second since the first run of this session was stored
      const rate = (p: StudyProgress) => (p.ranNow > 1 ? (p.ranNow - 1) / ((performance.now() - tFirst) / 1000) : 0);
      const eta = (p: StudyProgress) => { const r = rate(p); return r > 0 ? (p.total - p.done) / r : null; };
      const logLine = (p: StudyProgress, msg: string) => log.info({ done: p.done, total: p.total, failed: p.failedNow, runsPerSecond: Number(rate(p).toFixed(2)), etaSeconds: eta(p) === null ? null : Math.round(eta(p)!) }, msg);
      try {
        let r: Awaited<ReturnType<typeof runStudy>>;
        try {
          r = await runStudy(study, {
            // an array task runs the same line the first time and when requeued: --resume starts a missing store
            out, workers, resume: flags.resume ? (slurm ? 'or-create' : true) : false, overwrite: flags.overwrite ?? false, shard, retryFailed: flags.retryFailed ?? false,
            stop: stop.signal, drop: drop.signal, livePoints: flags.livePoints, statusEveryMs: server ? Math.min(statusEvery(), LIVE_POLL_MS) : statusEvery(),
            ...(server ? { onStatus: (b: StatusFile) => { latest = b; } } : {}),
            onStart: (p) => {
              startDone = p.done;
              log.info({ study: study.name, out, workers, shard: shardText(p.shard), runs: p.total, stored: p.done, resume: flags.resume ?? false }, p.done > 0 ? 'study resumed' : 'study started');
            },
            onProgress: (p, run) => {
              inFlight = p.inFlight;
              if (p.ranNow === 1) tFirst = performance.now();
              if (useBar && !bar && !stop.signal.aborted) {
                bar = new cliProgress.SingleBar({
                  format: ' {bar} {value}/{total} runs | {rate} runs/s | ETA {etaText} | failed {failed}',
                  stream: process.stderr, hideCursor: true, fps: 5,
                }, cliProgress.Presets.shades_classic);
                bar.start(p.total, p.done, { rate: '…', etaText: '…', failed: 0 });
              }
              log.debug({ run_id: run.runId, scenario: run.scenario, design_point: run.designPoint, replicate: run.replicate, status: run.status, done: p.done }, 'run stored');
              if (bar) {
                const e = eta(p);
                bar.update(p.done, { rate: p.ranNow > 1 ? rate(p).toFixed(1) : '…', etaText: e === null ? '…' : formatSeconds(e), failed: p.failedNow });
              } else if (performance.now() - lastLog >= flags.logEvery * 1000) {
                lastLog = performance.now();
                logLine(p, 'progress');
              }
            },
            onWarn: (msg, detail) => { log.warn(detail ?? {}, msg); },
          });
        } catch (e) {
          if (!(e instanceof StudyWriteError)) throw e;
          bar?.stop();
          bar = undefined;
          // the store could not be written: say what is safe and how to go on, no stack trace
          const gone = !existsSync(resolve(out));
          process.stderr.write(gone
            ? `fractable: ${e.message}\nstopped: the store ${safeText(rel(out))} no longer exists, and the runs of this session went with it; start the study again (a new --out, or the same once its directory is back):\n  ${['npx fractable study', rel(file), '--out', rel(out), ...(shard ? ['--shard', shardText(shard)!] : [])].join(' ')}\n`
            : `fractable: ${e.message}\nstopped: ${e.stored} of ${e.total} runs are stored in ${safeText(rel(out))}; the store is consistent (whole runs only). Free space or fix the permission, then continue with:\n  ${resumeLine(file, out, shard)}\n`);
          exitWith(4);
          return;
        }
        bar?.stop();
        const seconds = (performance.now() - t0) / 1000;
        log.info({ ran: r.ranNow, failed: r.failedNow, stored: r.done, total: r.total, seconds: Number(seconds.toFixed(1)), runSeconds: Number((r.runMs / 1000).toFixed(1)), previouslyStored: startDone }, r.interrupted ? 'study interrupted' : 'study finished');
        // the summary of this study's store only: a store replaced since (another study's) is refused
        if (flags.summary && !r.interrupted) process.stdout.write(formatSummary(await summarize(out, { maxFailures: 20, instance: r.instance }), { points: false }));
        if (r.interrupted) {
          const again = resumeLine(file, out, shard);
          // an array task: re-submitting the task is the way back
          const script = slurm && shard ? findScript(dirname(resolve(out)), study.name, study.specHash) : null;
          const also = script ? `\n  or re-submit the task: ${resubmitLine(script.path, script.manifest, [shard!.index])}` : '';
          process.stderr.write(`stopped: ${r.done} of ${r.total} runs are stored in ${rel(out)}; the store is consistent. Continue with:\n  ${again}${also}\n`);
          exitWith(130);
        } else if (r.failures.length > 0) {
          if (!flags.summary) for (const f of r.failures.slice(0, 20)) process.stderr.write(`failed: run ${f.run_id} (${f.scenario}${f.policy !== undefined ? `, policy ${f.policy}` : ''}, point ${f.design_point}, replicate ${f.replicate}, seed ${f.seed}): ${f.error}\n`);
          process.stderr.write(`${r.failures.length} run(s) failed (listed above; SELECT * FROM runs WHERE status = 'failed'); exit code 3\n`);
          exitWith(3);
        }
      } finally {
        bar?.stop();
        if (server) {
          // two polls of the page, so that it shows how the study ended, then close
          await new Promise((ok) => setTimeout(ok, 2 * LIVE_POLL_MS));
          await server.close();
        }
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        flushLogger(log);
      }
    });
}

function flushLogger(log: Logger): void {
  try { log.flush(); } catch { /* a transport may not flush synchronously */ }
}

/** Milliseconds between two writes of the status file: FRACTABLE_STATUS_EVERY_MS (at least 50), else 2000. */
function statusEvery(): number {
  const v = process.env.FRACTABLE_STATUS_EVERY_MS;
  if (v === undefined || v === '') return STATUS_EVERY_MS;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 50) throw new InputError(`FRACTABLE_STATUS_EVERY_MS: expected an integer of milliseconds, at least 50, found ${JSON.stringify(v)}`);
  return n;
}

/** The line that continues a study: `npx fractable study FILE --out DB [--shard i/n] --resume`. */
export const resumeLine = (file: string, out: string, shard: Shard | null): string =>
  ['npx fractable study', rel(file), '--out', rel(out), ...(shard ? ['--shard', shardText(shard)!] : []), '--resume'].map(safeText).join(' ');

const rel = (p: string) => { const r = relative(process.cwd(), p); return r && !r.startsWith('..') ? r : p; };

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '…';
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = Math.round(s % 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

export function planText(study: ResolvedStudy, shard: Shard | null, out: string): string {
  const sc = study.scenarios;
  const lines = [
    `study ${study.name}: ${study.runs} runs = ${sc.length} scenario(s) × ${study.policies ? `${study.policies.length} polic${study.policies.length === 1 ? 'y' : 'ies'} × ` : ''}${study.points} design point(s) × ${study.replicates} replicate(s)`,
    `  scenarios: ${sc.map((s) => `${s.name} (${s.agents} agents, ${s.ticks} ticks)`).join(', ')}`,
    study.policies ? `  levers: ${study.policies.map((x) => `${x.name} {${x.names.map((n, j) => `${n}: ${String(x.values[j])}`).join(', ')}}`).join(', ')}` : '',
    study.design ? `  design: ${study.design.method}, ${study.design.samples} samples → ${study.design.points.length} points over ${study.design.names.map((n, j) => (study.design!.values?.[j] ? `${n} {${study.design!.values[j]!.join(', ')}}` : `${n} [${study.design!.bounds[j]!.join(', ')}]`)).join(', ')}` : '  design: none',
    `  record: outcome${study.record.metrics ? ', metrics' : ''}${study.record.series ? `, series (every ${study.record.series.every} ticks: ${study.record.series.variables.length} variables)` : ''}${study.record.events ? ', events' : ''}`,
    study.outputs.length ? `  outputs: ${study.outputs.map((o) => o.name).join(', ')} (checked against the recorded tables)` : '',
    `  seed ${study.seed}, spec hash ${study.specHash.slice(0, 16)}`,
    shard ? `  shard ${shardText(shard)}: ${shardSize(study.runs, shard)} runs` : '',
    `  store: ${out}`,
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}
