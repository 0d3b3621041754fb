/**
 * A study split over a Slurm job array, on a real single-node Slurm (test/slow/slurm-cluster.ts),
 * everything through the real sbatch, squeue, scancel and scontrol:
 *
 *   1. `fractable slurm` writes the script of a 0-based array of 4 tasks (200 runs of the
 *      built-in baseline at 400 agents × 104 ticks, with metrics and series); sbatch submits it;
 *   2. one task is cancelled with scancel mid-way (after some of its runs are stored), and
 *      `fractable status` saw it running from its status file;
 *   3. `fractable merge` refuses the incomplete set and prints `sbatch --array=K SCRIPT`; that
 *      exact line re-runs the task, which resumes its shard store;
 *   4. the merged store equals the same study run on one machine in every column but wall_ms
 *      (runs, series, events, design, study);
 *   5. a 1-based array (2 workers per task) gives the same store.
 *
 * Skipped only when apt is unreachable (Slurm missing and no way to install it); under CI=true
 * that fails instead. The wall time is printed at the end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatuses } from '../../src/study/status.js';
import { fractable, tempDir } from '../helpers.js';
import { runsOf, table } from '../study/helpers.js';
import { ensureSlurm, startCluster, type Cluster } from './slurm-cluster.js';

// 200 runs of 400 agents × 104 ticks: a task of 50 runs lasts long enough (seconds, even on an idle
// machine) to be cancelled mid-way
const STUDY = `name: slurm-e2e
seed: 17
agents: 400
ticks: 104
replicates: 200
scenarios: [baseline]
record: [outcome, metrics, series, events]
series: { every: 26 }
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a study over a real Slurm job array', () => {
  const t0 = performance.now();
  const dir = tempDir('fractable-slurm-test-');
  const file = join(dir, 'study.yaml');
  const whole = join(dir, 'whole.duckdb');
  let cluster: Cluster | null = null;
  let skip: string | null = null;
  let installSeconds: number | null = null;
  let merged0 = '';

  beforeAll(async () => {
    const inst = ensureSlurm();
    if (!inst.ok) {
      if (process.env.CI === 'true') throw new Error(`CI=true: Slurm is required: ${inst.reason}`);
      skip = inst.reason;
      return;
    }
    installSeconds = inst.installSeconds;
    cluster = await startCluster();
    writeFileSync(file, STUDY);
    const r = fractable(['study', file, '--out', whole, '--workers', '2', '--quiet', '--no-summary']);
    expect(r.code, r.stderr).toBe(0);
  }, 1_200_000);

  afterAll(async () => {
    try {
      await cluster?.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const wall = (performance.now() - t0) / 1000;
    process.stderr.write(`slurm.test: wall time ${wall.toFixed(1)} s (apt install ${installSeconds === null ? 'not needed' : `${installSeconds.toFixed(1)} s`}, cluster up in ${cluster?.startSeconds.toFixed(1) ?? '-'} s)${skip ? `; skipped: ${skip}` : ''}\n`);
  }, 120_000);

  const sbatch = (args: string[]): string => {
    const r = cluster!.cmd(['sbatch', '--parsable', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim().split(';')[0]!;
  };
  /** Waits until no task of the job is pending or running. */
  const waitGone = async (job: string, seconds = 300) => {
    for (let i = 0; i < seconds * 4; i++) {
      const q = cluster!.cmd(['squeue', '-h', '-j', job, '-o', '%i %T']);
      if (q.stdout.trim() === '') return;
      await sleep(250);
    }
    throw new Error(`job ${job} still queued after ${seconds} s`);
  };
  /** Array index → JobState and ExitCode of each task (scontrol keeps finished jobs for MinJobAge). */
  const states = (job: string): Map<number, string> => {
    const r = cluster!.cmd(['scontrol', 'show', 'job', job, '-o']);
    expect(r.code, r.stderr).toBe(0);
    return new Map(r.stdout.trim().split('\n').map((l) => [Number(/ArrayTaskId=(\d+)/.exec(l)![1]), `${/JobState=(\S+)/.exec(l)![1]} ${/ExitCode=(\S+)/.exec(l)![1]}`]));
  };
  const scriptOf = (stdout: string): string => /^ {2}sbatch (\S+)$/m.exec(stdout)![1]!;
  const sameAsOneMachine = async (db: string) => {
    expect(await runsOf(db)).toEqual(await runsOf(whole));
    expect(await table(db, 'series', 'run_id, tick')).toEqual(await table(whole, 'series', 'run_id, tick'));
    expect(await table(db, 'events', 'ALL')).toEqual(await table(whole, 'events', 'ALL'));
    expect(await table(db, 'design', 'design_point')).toEqual(await table(whole, 'design', 'design_point'));
    // every column but the instance id: each store is a study instance of its own
    expect(await table(db, 'study', 'name', ['instance'])).toEqual(await table(whole, 'study', 'name', ['instance']));
  };

  it('a 0-based array with one task cancelled mid-way and re-submitted with the printed line equals the one-machine run', async (t) => {
    if (skip) t.skip();
    const out = join(dir, 'arr0');
    const plan = fractable(['slurm', file, '--tasks', '4', '--workers-per-task', '1', '--out', out]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('study slurm-e2e: 200 runs as a job array of 4 task(s) (indices 0-3), 1 CPU(s) each');
    expect(plan.stdout).toMatch(/about [\d.]+ m?s per run \(median of 3 run\(s\) on this machine\)/);
    const script = scriptOf(plan.stdout);
    expect(readFileSync(script, 'utf8')).toContain('#SBATCH --array=0-3\n');
    // the tasks write their status files every 200 ms (sbatch passes the environment on)
    const job = sbatch(['--export=ALL,FRACTABLE_STATUS_EVERY_MS=200', script]);

    // cancel the first task seen running with some runs stored and most to go (its status file says so: the store itself is locked)
    let victim = 0;
    for (let i = 0; i < 2400 && !victim; i++) {
      for (const f of existsSync(out) ? readdirSync(out).filter((x) => x.endsWith('.status.json')) : []) {
        const s = JSON.parse(readFileSync(join(out, f), 'utf8')) as { state: string; done: number; total: number; shard: string };
        if (s.state === 'running' && s.done > 0 && s.done <= s.total / 2) { victim = Number(s.shard.split('/')[0]); break; }
      }
      if (!victim) await sleep(50);
    }
    expect(victim, 'no task seen running mid-way').toBeGreaterThan(0);
    // what `fractable status` reads (in-process: a CLI start could outlast the task)
    const seen = await readStatuses([join(out, `slurm-e2e.shard-${victim}-of-4.duckdb`)]);
    expect(cluster!.cmd(['scancel', `${job}_${victim - 1}`]).code).toBe(0);
    expect(seen.studies[0]!.stores[0]).toMatchObject({ shard: `${victim}/4`, source: 'status file', writing: true, state: 'running' });
    await waitGone(job);
    const st = states(job);
    expect(st.get(victim - 1)).toMatch(/^CANCELLED/);
    for (const k of [0, 1, 2, 3].filter((k) => k !== victim - 1)) expect(st.get(k)).toBe('COMPLETED 0:0');

    // the morning after: status and merge say what is missing, and how to re-run only that
    const status = JSON.parse(fractable(['status', out, '--json']).stdout) as { studies: { incomplete: number[]; resubmit: string; stores: { shard: string; done: number; total: number }[] }[] };
    const s = status.studies[0]!;
    expect(s.incomplete).toEqual([victim]);
    const cut = s.stores.find((x) => x.shard === `${victim}/4`)!;
    expect(cut.done).toBeGreaterThan(0);
    expect(cut.done).toBeLessThan(cut.total);
    const refused = fractable(['merge', out, '--out', join(dir, 'm0.duckdb')]);
    expect(refused.code).toBe(2);
    const line = /^ {2}(sbatch --array=\S+ \S+)$/m.exec(refused.stderr)?.[1];
    expect(line).toBe(`sbatch --array=${victim - 1} ${script}`);
    expect(s.resubmit).toBe(line);

    const again = spawnSync('sh', ['-c', line!], { env: cluster!.env, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    const job2 = /Submitted batch job (\d+)/.exec(again.stdout)![1]!;
    await waitGone(job2);
    expect(states(job2).get(victim - 1)).toBe('COMPLETED 0:0');
    const log = readdirSync(join(out, 'logs')).find((f) => f.endsWith(`_${victim - 1}.out`) && f.includes(job2));
    expect(readFileSync(join(out, 'logs', log!), 'utf8')).toContain('"msg":"study resumed"');

    merged0 = join(dir, 'm0.duckdb');
    const m = fractable(['merge', out, '--out', merged0]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain('complete: 200 of 200 runs');
    await sameAsOneMachine(merged0);
  }, 600_000);

  it('a 1-based array (2 workers per task) gives the same store', async (t) => {
    if (skip) t.skip();
    const out = join(dir, 'arr1');
    const plan = fractable(['slurm', file, '--tasks', '4', '--workers-per-task', '2', '--first-index', '1', '--out', out, '--seconds-per-run', '0.05']);
    expect(plan.code, plan.stderr).toBe(0);
    const script = scriptOf(plan.stdout);
    expect(readFileSync(script, 'utf8')).toContain('#SBATCH --array=1-4\n');
    const job = sbatch([script]);
    await waitGone(job);
    expect([...states(job).entries()].sort()).toEqual([[1, 'COMPLETED 0:0'], [2, 'COMPLETED 0:0'], [3, 'COMPLETED 0:0'], [4, 'COMPLETED 0:0']]);
    const merged = join(dir, 'm1.duckdb');
    const m = fractable(['merge', join(out, '*.duckdb'), '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    await sameAsOneMachine(merged);
    if (merged0) expect(await runsOf(merged)).toEqual(await runsOf(merged0));
  }, 600_000);
});
