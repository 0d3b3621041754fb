/**
 * The Slurm layer without Slurm: array environments mapped to shards (0-based, 1-based,
 * stepped, re-submitted subsets, the errors), --array lists, the script `fractable slurm`
 * writes, and an array task run by hand with Slurm's environment. The real Slurm runs in
 * test/slow/slurm.test.ts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { arrayList, expandShardPath, parseSlurmTime, planSlurm, readManifest, shardFromSlurm, slurmTime, writeSlurmScript, type SlurmPlanOptions } from '../../src/study/slurm.js';
import { loadStudy } from '../../src/study/spec.js';
import { fractable } from '../helpers.js';
import { query, studyDir } from './helpers.js';

const env = (id: number, min: number, o: { max?: number; count?: number; step?: number } = {}): NodeJS.ProcessEnv => ({
  SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min),
  ...(o.max !== undefined ? { SLURM_ARRAY_TASK_MAX: String(o.max) } : {}),
  ...(o.count !== undefined ? { SLURM_ARRAY_TASK_COUNT: String(o.count) } : {}),
  ...(o.step !== undefined ? { SLURM_ARRAY_TASK_STEP: String(o.step) } : {}),
});
const message = (f: () => unknown): string => {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(InputError); return (e as Error).message; }
  throw new Error('expected an InputError');
};

describe('--shard slurm: array task → shard i/n', () => {
  it('0-based and 1-based arrays give the same shards, with COUNT or (older Slurm) MAX only', () => {
    for (let k = 0; k < 4; k++) {
      expect(shardFromSlurm('slurm', env(k, 0, { max: 3, count: 4, step: 1 }))).toEqual({ index: k + 1, count: 4 });
      expect(shardFromSlurm('slurm', env(k + 1, 1, { max: 4, count: 4 }))).toEqual({ index: k + 1, count: 4 });
      expect(shardFromSlurm('slurm', env(k + 1, 1, { max: 4 }))).toEqual({ index: k + 1, count: 4 });
      expect(shardFromSlurm('slurm', env(k, 0, { count: 4 }))).toEqual({ index: k + 1, count: 4 });
    }
    // a stepped range: --array=1-7:2 is 1, 3, 5, 7
    expect(shardFromSlurm('slurm', env(5, 1, { max: 7, step: 2 }))).toEqual({ index: 3, count: 4 });
    expect(shardFromSlurm('slurm', env(7, 1, { max: 7, count: 4, step: 2 }))).toEqual({ index: 4, count: 4 });
  });

  it('an explicit layout maps a re-submitted subset (sbatch --array=2 of 0-3) to its own shard', () => {
    expect(shardFromSlurm('slurm:0-3', env(2, 2, { max: 2, count: 1 }))).toEqual({ index: 3, count: 4 });
    expect(shardFromSlurm('slurm:1-4', env(4, 1, { max: 4, count: 4 }))).toEqual({ index: 4, count: 4 });
    expect(shardFromSlurm('slurm:10-19', { SLURM_ARRAY_TASK_ID: '10' })).toEqual({ index: 1, count: 10 });
    // without the layout the same subset would look like a 1-task array: that is why the script states it
    expect(shardFromSlurm('slurm', env(2, 2, { max: 2, count: 1 }))).toEqual({ index: 1, count: 1 });
  });

  it('a missing or inconsistent environment is one clear InputError', () => {
    expect(message(() => shardFromSlurm('slurm', {}))).toBe('--shard slurm: expected the environment of a Slurm array task (SLURM_ARRAY_TASK_ID), found it unset; run it inside a job array (sbatch --array=…), or use --shard i/n');
    expect(message(() => shardFromSlurm('slurm', { SLURM_ARRAY_TASK_ID: '3' }))).toContain('(SLURM_ARRAY_TASK_MIN), found it unset');
    expect(message(() => shardFromSlurm('slurm', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '0' }))).toContain('(SLURM_ARRAY_TASK_MAX), found it unset');
    expect(message(() => shardFromSlurm('slurm', { SLURM_ARRAY_TASK_ID: 'x' }))).toBe('--shard slurm: SLURM_ARRAY_TASK_ID: expected a non-negative integer, found "x"');
    // --array=1,3,7: COUNT 3 cannot span 1..7
    expect(message(() => shardFromSlurm('slurm', env(3, 1, { max: 7, count: 3, step: 1 })))).toContain('COUNT 3 does not span MIN..MAX');
    expect(message(() => shardFromSlurm('slurm', env(2, 1, { max: 7, step: 2 })))).toContain('ID 2 is not one of the array\'s indices');
    expect(message(() => shardFromSlurm('slurm', env(9, 0, { max: 3 })))).toContain('ID 9 is not one of the array\'s indices');
    expect(message(() => shardFromSlurm('slurm:0-3', env(4, 4, { max: 4 })))).toContain('SLURM_ARRAY_TASK_ID: expected an index in 0-3 (the study\'s array), found 4');
    expect(message(() => shardFromSlurm('slurm:3-1', env(1, 1)))).toContain('expected slurm:FIRST-LAST with FIRST <= LAST');
  });

  it('array lists and time limits read as Slurm writes them', () => {
    expect(arrayList([0, 1, 2, 5, 7, 8])).toBe('0-2,5,7-8');
    expect(arrayList([3])).toBe('3');
    expect(arrayList([9, 1, 2, 1])).toBe('1-2,9');
    expect(parseSlurmTime('90')).toBe(5400);
    expect(parseSlurmTime('01:30:00')).toBe(5400);
    expect(parseSlurmTime('1-00:00:10')).toBe(86_410);
    expect(parseSlurmTime('2-3')).toBe(2 * 86_400 + 3 * 3600);
    expect(slurmTime(5400)).toBe('01:30:00');
    expect(slurmTime(90_061)).toBe('1-01:01:01');
    expect(message(() => parseSlurmTime('1h'))).toContain('--time: expected a Slurm time limit');
  });
});

describe('fractable slurm and an array task (end to end, without Slurm)', () => {
  const STUDY = `name: arr\nseed: 9\nreplicates: 10\nscenarios: [a.yaml]\nrecord: [outcome, metrics]\n`;
  const dir = studyDir({ 'study.yaml': STUDY });
  const file = join(dir, 'study.yaml');
  const out = join(dir, 'arr-slurm');

  it('writes one sbatch script of a job array and prints the plan and the commands', () => {
    const r = fractable(['slurm', file, '--tasks', '4', '--workers-per-task', '2', '--out', out, '--first-index', '1', '--partition', 'short',
      '--time', '00:20:00', '--mem', '2G', '--account', 'proj-1', '--max-running', '2', '--extra', '#SBATCH --qos=low', '--extra', '--constraint=avx2', '--seconds-per-run', '0.5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const script = join(out, 'arr.sbatch');
    expect(r.stdout).toContain(`wrote ${script}`);
    expect(r.stdout).toContain('study arr: 10 runs as a job array of 4 task(s) (indices 1-4), 2 CPU(s) each');
    expect(r.stdout).toContain('runs per task: 2-3');
    // 3 runs × 0.5 s / 2 workers
    expect(r.stdout).toContain('about 500 ms per run (given) → about 750 ms per task with 2 worker(s)');
    expect(r.stdout).toContain(`  sbatch ${script}\n`);
    expect(r.stdout).toContain(`  npx fractable status ${out}\n`);
    expect(r.stdout).toContain(`  npx fractable merge ${out} --out ${join(dir, 'arr.duckdb')}\n`);
    const text = readFileSync(script, 'utf8');
    for (const line of ['#SBATCH --array=1-4%2', '#SBATCH --cpus-per-task=2', '#SBATCH --ntasks=1', '#SBATCH --time=00:20:00', '#SBATCH --mem=2G',
      '#SBATCH --partition=short', '#SBATCH --account=proj-1', '#SBATCH --qos=low', '#SBATCH --constraint=avx2', '#SBATCH --requeue',
      `#SBATCH --output=${join(out, 'logs', 'arr-%A_%a.out')}`]) expect(text.split('\n')).toContain(line);
    expect(text).toMatch(new RegExp(`\\nexec \\S+node \\S+/dist/src/cli/main\\.js study ${file} --shard slurm:1-4 --workers 2 --out '${out}/arr\\.shard-\\{i\\}-of-\\{n\\}\\.duckdb' --resume`));
    expect(existsSync(join(out, 'logs'))).toBe(true);
    expect(readManifest(script)).toMatchObject({ study: 'arr', first: 1, shards: 4, file });
  });

  it('refuses bad options with exit 2 and one message; keeps the directory to this array', () => {
    const r = fractable(['slurm', file, '--out', join(dir, 'other'), '--seconds-per-run', '1', '--mem', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('fractable: --mem: expected a Slurm memory size (e.g. 4G, 500M), found "lots"\n');
    const study = loadStudy(file);
    const plan = (o: Partial<SlurmPlanOptions>) => () => planSlurm(study, { tasks: 4, workers: 1, dir: out, ...o });
    expect(message(plan({ tasks: 11 }))).toBe('--tasks: expected at most one task per run (10), found 11');
    expect(message(plan({ time: '3 days' }))).toContain('--time: expected a Slurm time limit');
    expect(message(plan({ partition: 'a b' }))).toContain('--partition: expected a name of letters');
    expect(message(plan({ extra: ['rm -rf /'] }))).toBe('--extra: expected "#SBATCH --option" (or "--option"), found "rm -rf /"');
    expect(message(plan({ extra: ['--qos=a\n#SBATCH --x'] }))).toContain('--extra: expected one line');
    expect(message(() => planSlurm({ ...study, file: undefined }, { tasks: 2, workers: 1, dir: out }))).toContain('expected a study file');
    // another layout's script is kept unless overwrite; a store that is not one of the array's shards is refused
    expect(message(() => writeSlurmScript(plan({ tasks: 5 })()))).toContain('expected no script of another study or layout, found one (arr, 4 tasks from index 1)');
    const other = join(dir, 'stray');
    mkdirSync(other);
    writeFileSync(join(other, 'other.duckdb'), '');
    expect(message(() => writeSlurmScript(plan({ dir: other })()))).toContain("expected a directory for this array's shard stores only (merge reads every store in it), found other.duckdb");
    expect(expandShardPath('a/x.shard-{i}-of-{n}.duckdb', { index: 3, count: 8 })).toBe('a/x.shard-3-of-8.duckdb');
    expect(message(() => expandShardPath('y-{i}.duckdb', null))).toContain('--out: expected {i} and {n} only with --shard');
  });

  it('a task run with the array environment stores its shard, writes its status file, and resumes when run again', async () => {
    const store = join(out, 'arr.shard-{i}-of-{n}.duckdb');
    const task = (id: number) => fractable(['study', file, '--shard', 'slurm:1-4', '--workers', '1', '--out', store, '--resume', '--no-summary', '--quiet'],
      { env: { SLURM_JOB_ID: '77', SLURM_ARRAY_JOB_ID: '70', SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(id), SLURM_ARRAY_TASK_MAX: String(id), SLURM_ARRAY_TASK_COUNT: '1' } });
    const first = task(3);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const db = join(out, 'arr.shard-3-of-4.duckdb');
    expect((await query(db, 'SELECT shard FROM study'))[0]!.shard).toBe('3/4');
    expect((await query(db, 'SELECT list(run_id ORDER BY run_id) AS ids FROM runs'))[0]!.ids).toEqual([2, 6]);
    const status = JSON.parse(readFileSync(`${db}.status.json`, 'utf8')) as Record<string, unknown>;
    expect(status).toMatchObject({ format: 'fractable-status/1', study: 'arr', shard: '3/4', done: 2, total: 2, failed: 0, state: 'finished', eta_seconds: 0, slurm: { job_id: '77', array_job_id: '70', array_task_id: '3' } });
    for (const k of ['started', 'updated']) expect(new Date(String(status[k])).getTime()).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(status.spec_hash).toMatch(/^[0-9a-f]{64}$/);
    // requeued: the same line again resumes the shard store, runs nothing twice
    expect(task(3).code).toBe(0);
    expect((await query(db, 'SELECT count(*)::INTEGER AS n FROM runs'))[0]!.n).toBe(2);
    // outside an array: exit 2, nothing written
    const none = fractable(['study', file, '--shard', 'slurm', '--out', join(dir, 'x-{i}.duckdb')], { env: { SLURM_ARRAY_TASK_ID: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('fractable: --shard slurm: expected the environment of a Slurm array task (SLURM_ARRAY_TASK_ID), found it unset; run it inside a job array (sbatch --array=…), or use --shard i/n\n');
    expect(existsSync(join(dir, 'x-{i}.duckdb'))).toBe(false);
  });

  it('a calibration: its tasks run calibrate --shard over its proposals; an SMC calibration\'s tasks must all run at once', async () => {
    const { PATTERNS } = await import('../cli/calibrate-helpers.js');
    const spec = (method: string) => `name: cal\nscenario: history-2013\npatterns: ${PATTERNS}\ntargets: [P1, P2]\npriors:\n  table.concession: [0.01, 0.1]\n`
      + `method: ${method}\nbudget: ${method === 'rejection' ? '{ proposals: 10, quantile: 0.5 }' : '{ particles: 3, generations: 2, maxProposals: 12 }'}\nreplicates: 2\nagents: 100\nticks: 10\n`;
    writeFileSync(join(dir, 'cal.yaml'), spec('rejection'));
    writeFileSync(join(dir, 'smc.yaml'), spec('smc'));
    const calOut = join(dir, 'cal-slurm');
    const r = fractable(['slurm', join(dir, 'cal.yaml'), '--tasks', '3', '--workers-per-task', '2', '--out', calOut, '--seconds-per-run', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/calibration cal \(method rejection\): 10 proposals × 2 run\(s\) as a job array of 3 task\(s\)/);
    expect(r.stdout).toMatch(/proposals per task: 3-4 .*index j mod 3/);
    expect(r.stdout).toMatch(/about 8\.0 s per task with 2 worker/); // 4 proposals × 2 runs × 2 s / 2 workers
    expect(r.stdout).toContain(`npx fractable calibrate ${join(dir, 'cal.yaml')} --resume --out ${join(dir, 'cal.duckdb')} --workers 2`);
    const text = readFileSync(join(calOut, 'cal.sbatch'), 'utf8');
    expect(text).toContain(`\nexec ${process.execPath} `);
    expect(text).toMatch(/\/dist\/src\/cli\/main\.js calibrate \S+\/cal\.yaml --shard slurm:0-2 --workers 2 --out '\S+\/cal-slurm\/cal\.shard-\{i\}-of-\{n\}\.duckdb' --resume\n/);
    expect(readManifest(join(calOut, 'cal.sbatch'))).toMatchObject({ study: 'cal', shards: 3, kind: 'calibration' });
    expect(message(() => planSlurm({ name: 'cal', specHash: 'h', runs: 10, file: join(dir, 'cal.yaml'), kind: 'calibration' }, { tasks: 11, workers: 1, dir: calOut })))
      .toBe('--tasks: expected at most one task per proposal (10), found 11');
    // SMC: each generation split over the tasks, which meet after it: all must run at once
    const throttled = fractable(['slurm', join(dir, 'smc.yaml'), '--tasks', '4', '--max-running', '2', '--out', join(dir, 'smc-slurm'), '--seconds-per-run', '1']);
    expect(throttled.code).toBe(2);
    expect(throttled.stderr).toBe('fractable: --max-running: expected at least --tasks (4) for an SMC calibration (its shards meet after every generation, so all of them must run at once), found 2\n');
    expect(existsSync(join(dir, 'smc-slurm'))).toBe(false);
    const smc = fractable(['slurm', join(dir, 'smc.yaml'), '--tasks', '4', '--out', join(dir, 'smc-slurm'), '--seconds-per-run', '1']);
    expect(smc.code, smc.stderr).toBe(0);
    expect(smc.stdout).toMatch(/calibration cal \(method smc\): up to 2 generation\(s\) of up to 12 proposals × 2 run\(s\), each generation split over a job array of 4 task\(s\)/);
    expect(smc.stdout).toMatch(/at most 12 s per task with 1 worker/); // 3 proposals × 2 generations × 2 runs × 1 s
    expect(smc.stdout).toMatch(/SMC: the 4 tasks meet after every generation .* all of them must run at the same time: 4 CPUs at once/);
    expect(readFileSync(join(dir, 'smc-slurm', 'cal.sbatch'), 'utf8')).toMatch(/ calibrate \S+\/smc\.yaml --shard slurm:0-3 --workers 1 --out '\S+\/smc-slurm\/cal\.shard-\{i\}-of-\{n\}\.duckdb' --resume\n/);
  });
});
