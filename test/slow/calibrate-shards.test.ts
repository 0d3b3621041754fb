/**
 * Sharded rejection ABC through the CLI: `calibrate --shard i/3` into three shard stores
 * (shard 2 killed with SIGKILL mid-way and resumed without --shard), `fractable merge` (refusing
 * the set while shard 3 is missing, naming it and the line that runs it, and refusing a shard of
 * another spec), which takes the decision over every shard's distances, then `calibrate
 * --resume` on the merged store into the checks: every table (particles, generations, posterior,
 * calibration, scores, scorecard, null models, knock-outs, runs but their wall times, events),
 * the posterior CSV and the calibrated scenario equal the unsharded calibration's, byte for
 * byte (65 s of wall time, 38 s of CPU, at a load average of 8 on the shared 2-core machine).
 * As a Slurm array (`fractable slurm` on a calibration spec): one task run by hand with the
 * array environment, then `merge --check` and `status` (12 s). Sharded SMC: two shards running
 * at once, meeting after every generation (shard 2 killed and resumed while shard 1 waits for
 * it), merged, then the checks: every decided particle, generation, posterior and check table,
 * the posterior CSV and the calibrated scenario equal the unsharded calibration's. Too many
 * shards are refused (exit 2, nothing written). The decisions themselves, on a toy model:
 * test/study/calibrate-shards.test.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fractable } from '../helpers.js';
import { query } from '../study/helpers.js';
import { setup, snapshot, spec } from '../cli/calibrate-helpers.js';

const REJECTION = spec().replace('method: smc', 'method: rejection').replace(/^budget: .*$/m, 'budget: { proposals: 12, quantile: 0.25 }');

/** Every table of a calibration store that must not depend on sharding, workers or resume, as JSON. */
async function tables(db: string): Promise<Record<string, string>> {
  const qs: Record<string, string> = {
    particles: 'SELECT * FROM particles ORDER BY generation, proposal',
    generations: 'SELECT * FROM generations ORDER BY generation',
    posterior: 'SELECT * FROM posterior ORDER BY particle',
    calibration: 'SELECT * FROM calibration',
    scored: 'SELECT * FROM scored ORDER BY phase, item',
    scores: 'SELECT * FROM scores ORDER BY run_id, pattern',
    scorecard: 'SELECT * FROM scorecard ORDER BY model, pattern',
    nulls: 'SELECT * FROM nulls ORDER BY model, pattern',
    knockouts: 'SELECT * FROM knockouts ORDER BY mechanism, pattern',
    runs: 'SELECT * EXCLUDE (wall_ms) FROM runs ORDER BY run_id',
    events: 'SELECT * FROM events ORDER BY run_id, tick, kind, actor, detail::VARCHAR',
    study: 'SELECT * EXCLUDE (instance, shard) FROM study',
  };
  const out: Record<string, string> = {};
  for (const [k, q] of Object.entries(qs)) out[k] = JSON.stringify(await query(db, q));
  return out;
}

describe('fractable calibrate --shard, merge, and the checks on the merged store', () => {
  it('three shards (one killed and resumed) merged equal the unsharded calibration, byte for byte', async () => {
    const dir = setup(REJECTION);
    const whole = join(dir, 'whole', 'tiny.duckdb');
    expect(fractable(['calibrate', join(dir, 'tiny.yaml'), '--out', whole, '--workers', '2']).code).toBe(0);

    const sh = join(dir, 'sh');
    const pattern = join(sh, 'tiny.shard-{i}-of-{n}.duckdb');
    const s1 = fractable(['calibrate', join(dir, 'tiny.yaml'), '--shard', '1/3', '--out', pattern, '--workers', '1']);
    expect(s1.code, s1.stderr).toBe(0);
    expect(s1.stdout).toMatch(/calibration tiny: shard 1\/3: 4 of 4 proposals scored \(proposals j with j mod 3 = 0\)/);
    expect(s1.stdout).toMatch(/npx fractable merge .*tiny\.shard-\*-of-3\.duckdb' --out .*tiny\.duckdb/);
    const shard = (i: number) => join(sh, `tiny.shard-${i}-of-3.duckdb`);
    expect((await query(shard(1), 'SELECT shard FROM study'))[0]!.shard).toBe('1/3');
    expect((await query(shard(1), 'SELECT list(proposal ORDER BY proposal) AS p, count(*) FILTER (WHERE used IS NOT NULL)::INTEGER AS decided FROM particles'))[0]).toEqual({ p: [0, 3, 6, 9], decided: 0 });
    expect(await query(shard(1), 'SELECT * FROM generations')).toEqual([]);

    // shard 2, killed once a proposal is scored, resumed (its shard read from the store)
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, 'calibrate', join(dir, 'tiny.yaml'), '--shard', '2/3', '--out', pattern, '--workers', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/shard 2\/3: [1-3]\/4 proposals/.test(err)) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`expected the shard to be killed, it exited ${code}: ${err}`))));
    });
    const cut = Number((await query(shard(2), 'SELECT count(*)::INTEGER AS n FROM particles'))[0]!.n);
    expect(cut).toBeLessThan(4);

    // merging without shard 3: refused, naming it and the line that runs it; nothing written
    const merged = join(dir, 'merged', 'tiny.duckdb');
    const early = fractable(['merge', sh, '--out', merged]);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/shard 3\/3: missing \(lacks 4\)/);
    expect(early.stderr).toMatch(new RegExp(`shard 2/3: ${cut} of 4 proposals scored \\(lacks ${4 - cut}\\)`));
    expect(early.stderr).toMatch(/npx fractable calibrate tiny\.yaml --shard 2\/3 --out \S+tiny\.shard-2-of-3\.duckdb --resume/);
    expect(early.stderr).toMatch(/npx fractable calibrate tiny\.yaml --shard 3\/3 --out \S+tiny\.shard-3-of-3\.duckdb$/m);
    expect(early.stderr).toMatch(/fractable: merge: expected every proposal of calibration "tiny" \(12\), found \d+ \(\d+ missing; shard\(s\) 3 of 3 absent; 1 store\(s\) incomplete\)/);
    expect(existsSync(merged)).toBe(false);

    const r2 = fractable(['calibrate', join(dir, 'tiny.yaml'), '--out', shard(2), '--resume', '--workers', '2']);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toMatch(/shard 2\/3: 4 of 4 proposals scored/);
    expect(fractable(['calibrate', join(dir, 'tiny.yaml'), '--shard', '3/3', '--out', pattern, '--workers', '2']).code).toBe(0);

    // a shard of another spec (another seed) is refused
    const other = setup(REJECTION.replace('seed: 7', 'seed: 8'));
    const foreign = join(other, 'tiny.shard-3-of-3.duckdb');
    expect(fractable(['calibrate', join(other, 'tiny.yaml'), '--shard', '3/3', '--out', foreign, '--workers', '2']).code).toBe(0);
    const mixed = fractable(['merge', shard(1), shard(2), foreign, '--out', merged]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/tiny\.shard-3-of-3\.duckdb: expected a shard of the study in tiny\.shard-1-of-3\.duckdb \("tiny", spec hash \w{12}, fractable [^)]+\), found study "tiny" with spec hash \w{12}/);
    expect(existsSync(merged)).toBe(false);

    expect(fractable(['merge', sh, '--check']).code).toBe(0);
    const m = fractable(['merge', sh, '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/complete: 12 of 12 proposals scored/);
    expect(m.stdout).toMatch(/rejection decided over all 12 proposals: 3 accepted \(the closest 25%\), ε = /);
    expect(m.stdout).toMatch(/npx fractable calibrate tiny\.yaml --resume --out \S+merged\/tiny\.duckdb/);
    // the decision is in the merged store before the checks run
    expect(await query(merged, 'SELECT * FROM posterior ORDER BY particle')).toEqual(await query(whole, 'SELECT * FROM posterior ORDER BY particle'));

    const checks = fractable(['calibrate', join(dir, 'tiny.yaml'), '--resume', '--out', merged, '--workers', '2']);
    expect(checks.code, checks.stderr).toBe(0);
    expect(checks.stdout).toMatch(/knock-out matrix/);
    expect(await tables(merged)).toEqual(await tables(whole));
    for (const f of ['tiny.posterior.csv', 'history-2013-calibrated.yaml']) {
      expect(readFileSync(join(dir, 'merged', f), 'utf8'), f).toBe(readFileSync(join(dir, 'whole', f), 'utf8'));
    }
  }, 600_000);

  it('as a Slurm array: a task run with the array environment starts its shard store; merge --check and status give the sbatch line for the rest', async () => {
    const dir = setup(REJECTION);
    const arr = join(dir, 'arr');
    expect(fractable(['slurm', join(dir, 'tiny.yaml'), '--tasks', '3', '--seconds-per-run', '1', '--out', arr]).code).toBe(0);
    const script = join(arr, 'tiny.sbatch');
    const exec = readFileSync(script, 'utf8').split('\n').find((l) => l.startsWith('exec '))!;
    const args = exec.split(' ').slice(3).map((a) => a.replace(/^'(.*)'$/, '$1')); // after exec, node and main.js
    expect(args.slice(0, 4)).toEqual(['calibrate', join(dir, 'tiny.yaml'), '--shard', 'slurm:0-2']);
    const task = fractable(args, { env: { SLURM_JOB_ID: '9', SLURM_ARRAY_JOB_ID: '8', SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '2', SLURM_ARRAY_TASK_COUNT: '3' } });
    expect(task.code, task.stderr).toBe(0);
    expect(task.stdout).toMatch(/shard 2\/3: 4 of 4 proposals scored/);
    const check = fractable(['merge', arr, '--check']);
    expect(check.code).toBe(3);
    expect(check.stdout).toContain(`sbatch --array=0,2 ${script}`);
    const st = fractable(['status', arr]);
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(/calibration tiny \(spec hash \w{12}\): 3 shard\(s\), 12 proposals/);
    expect(st.stdout).toMatch(/4 of 12 proposals scored, 0 failed; 0 store\(s\) being written; missing shard\(s\): 1, 3/);
    expect(st.stdout).toContain(`sbatch --array=0,2 ${script}`);
  }, 600_000);

  it('SMC: two shards meeting after every generation (one killed and resumed while the other waits), merged, equal the unsharded calibration', async () => {
    const dir = setup();
    const whole = join(dir, 'whole', 'tiny.duckdb');
    expect(fractable(['calibrate', join(dir, 'tiny.yaml'), '--out', whole, '--workers', '2']).code).toBe(0);
    const sh = join(dir, 'sh');
    const pattern = join(sh, 'tiny.shard-{i}-of-{n}.duckdb');
    const shard = (i: number) => join(sh, `tiny.shard-${i}-of-2.duckdb`);
    const start = (i: number, extra: string[] = []) => spawn(process.execPath, [cli, 'calibrate', join(dir, 'tiny.yaml'), '--shard', `${i}/2`, '--out', pattern, '--workers', '1', '--poll', '0.2', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    const done = (child: ReturnType<typeof start>, onErr?: (chunk: string) => void) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      let out = '', err = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr!.on('data', (d: Buffer) => { err += d.toString(); onErr?.(d.toString()); });
      child.on('exit', (code) => resolve({ code, out, err }));
    });
    // shard 2 is killed once it has scored a proposal; shard 1 runs on until it waits for it, then is
    // stopped with SIGTERM (only a wait reported after shard 2's death counts: before it, shard 2 could
    // still score proposals that move the generation past what shard 1 has scored)
    const c1 = start(1);
    let twoDead = false;
    const one = done(c1, (chunk) => { if (twoDead && /waiting for shard\(s\) 2/.test(chunk)) c1.kill('SIGTERM'); });
    await new Promise<void>((resolve, reject) => {
      const child = start(2);
      let err = '';
      child.stdout!.resume();
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (/shard 2\/2, generation 0: [1-9]\d* proposals scored/.test(err)) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`expected shard 2 to be killed, it exited ${code}: ${err}`))));
    });
    twoDead = true;
    const stopped = await one;
    expect(stopped.code, stopped.err).toBe(130);
    expect(stopped.err).toMatch(/shard 1\/2, generation \d: .*waiting for shard\(s\) 2/);
    // both down: merge --check says which generation is undecided, and resumes both shards at once
    const early = fractable(['merge', sh, '--check']);
    expect(early.code, early.stderr).toBe(3);
    // the merge decides from the stores: a proposal shard 2 stored but had not yet published (it was killed
    // in between) counts here, so the first proposal lacking may be either shard's
    expect(early.stdout, early.stdout).toMatch(/incomplete: \d generation\(s\) decided; generation \d lacks proposal \d+ \(shard [12]\/2\)/);
    expect(early.stdout).toMatch(/all at once/);
    for (const i of [1, 2]) expect(early.stdout).toMatch(new RegExp(`--shard ${i}/2 --out \\S+tiny\\.shard-${i}-of-2\\.duckdb --resume`));
    const [first, two] = await Promise.all([done(start(1, ['--resume'])), done(start(2, ['--resume']))]);
    expect(first.code, first.err).toBe(0);
    expect(two.code, two.err).toBe(0);
    expect(first.out).toMatch(/calibration tiny: shard 1\/2: \d+ proposals scored over 2 generation\(s\) \(proposals j with j mod 2 = 0\), decided with the other shards, stopped by generations/);
    // status: each SMC shard's proposals scored and the generations it decided with its peers
    const st = fractable(['status', sh]);
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toMatch(/SMC shard: 2 generation\(s\) decided with its peers \(at most 2\)/);
    // every shard decided the unsharded calibration's generations
    const gens = await query(whole, 'SELECT generation, epsilon, proposals, accepted FROM generations ORDER BY generation');
    for (const i of [1, 2]) expect(await query(shard(i), 'SELECT generation, epsilon, proposals, accepted FROM generations ORDER BY generation')).toEqual(gens);

    const merged = join(dir, 'merged', 'tiny.duckdb');
    const m = fractable(['merge', sh, '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/complete: 2 generation\(s\) decided \(stopped by generations\)/);
    expect(m.stdout).toMatch(/SMC decided over every shard's particles: 2 generation\(s\), stopped by generations/);
    expect(await query(merged, 'SELECT * FROM posterior ORDER BY particle')).toEqual(await query(whole, 'SELECT * FROM posterior ORDER BY particle'));
    const checks = fractable(['calibrate', join(dir, 'tiny.yaml'), '--resume', '--out', merged, '--workers', '2']);
    expect(checks.code, checks.stderr).toBe(0);
    expect(checks.stdout).toMatch(/knock-out matrix/);
    expect(await snapshot(merged)).toEqual(await snapshot(whole));
    for (const f of ['tiny.posterior.csv', 'history-2013-calibrated.yaml']) {
      expect(readFileSync(join(dir, 'merged', f), 'utf8'), f).toBe(readFileSync(join(dir, 'whole', f), 'utf8'));
    }
  }, 600_000);

  it('too many shards are refused: one line, exit 2, nothing written', () => {
    const dir = setup();
    const r = fractable(['calibrate', join(dir, 'tiny.yaml'), '--shard', '1/13', '--out', join(dir, 'x.duckdb')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^fractable: --shard: expected at most one shard per proposal \(12 proposals in a generation, budget\.maxProposals\), found 13 shards/);
    expect(existsSync(join(dir, 'x.duckdb'))).toBe(false);
    writeFileSync(join(dir, 'r.yaml'), REJECTION.replace('name: tiny', 'name: r'));
    const many = fractable(['calibrate', join(dir, 'r.yaml'), '--shard', '1/13', '--out', join(dir, 'y.duckdb')]);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/--shard: expected at most one shard per proposal \(12 proposals\), found 13 shards/);
    expect(existsSync(join(dir, 'y.duckdb'))).toBe(false);
  });
});
