/**
 * `npm run bench`: agent-steps per second of the bare baseline kernel and of fractable's
 * 4-action Roth–Erev kernel (one thread, side by side), and of whole ticks of the full model
 * (every population and mechanism) whole and sharded over 1 and 2 workers, for worlds of
 * 10^4, 10^5 and 10^6 agents; many small worlds whole in the pool (runs per second); bytes of
 * state per agent. `-- --json` prints the same as JSON.
 * Knobs (env): BENCH_SIZES (comma list), BENCH_TICKS, BENCH_WORKERS (comma list), BENCH_REPS,
 * BENCH_WORLDS, BENCH_WORLD_AGENTS, BENCH_WORLD_TICKS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveStudy } from '../src/study/spec.js';
import { runStudy } from '../src/study/runner.js';
import { Bench } from 'tinybench';
import { scenarioFrom } from '../src/scenarios/load.js';
import { runScenario } from '../src/scenarios/run.js';
import { allocate, layoutOf, views } from '../src/engine/world.js';
import { WorkerPool } from '../src/engine/pool.js';
import { packRule } from '../src/learning/rules.js';
import { stepRothErev } from '../src/learning/roth-erev.js';
import { tickKey, Stream } from '../src/random/rng.js';
import { baselineStep, K } from './baseline-kernel.js';

const json = process.argv.includes('--json');
const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const workerList = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const ticks = Number(process.env.BENCH_TICKS ?? 20);
const reps = Number(process.env.BENCH_REPS ?? 5);

interface Row { bench: string; agents: number; workers: number; stepsPerSec: number; ratioToBaseline?: number; speedup?: number; efficiency?: number; bytesPerAgent?: number; runsPerSec?: number }
const rows: Row[] = [];
const NOTHING = { series: null, events: false };

async function timeIt(name: string, fn: () => unknown | Promise<unknown>): Promise<number> {
  const b = new Bench({ time: 0, iterations: reps, warmupIterations: 1, warmupTime: 0 });
  b.add(name, fn);
  await b.run();
  const r = b.tasks[0].result as unknown as { latency: { p50: number } };
  return r.latency.p50 / 1e3; // seconds, median
}

async function kernels(N: number): Promise<void> {
  const T = 10;
  const base = new Float32Array(N * K).fill(1), tally = new Int32Array(K);
  const tBase = await timeIt('baseline', () => { base.fill(1); for (let t = 0; t < T; t++) baselineStep(base, 0, N, 0x2545f491, t, t & 3, tally, 0); });
  const rule = { kind: 'roth-erev', phi: 0.01, epsilon: 0, initial: 1 } as const;
  const layout = layoutOf([{ name: 'p', actions: ['a', 'b', 'c', 'd'], size: N, fixed: false, rule, noise: 0.1, traits: [], network: null, tallyBy: null, consequences: false }]);
  const v = views(allocate(layout, 1)), l = layout.populations[0]!;
  packRule(rule, 0.1, v.params, l.pOff);
  const tFr = await timeIt('roth-erev', () => {
    v.state.fill(1);
    for (let t = 0; t < T; t++) {
      const g = t & 3;
      for (let a = 0; a < K; a++) v.rewards[l.rOff + a] = a === (g + 1) % K ? 1.0 : a === g ? 0.1 : 0.4;
      v.tally.fill(0);
      stepRothErev(v, l, 0, N, tickKey(7, t, Stream.choice), 0, t);
    }
  });
  const rb = (N * T) / tBase, rf = (N * T) / tFr;
  rows.push({ bench: 'kernel: bare baseline (4 actions)', agents: N, workers: 1, stepsPerSec: rb, ratioToBaseline: 1, bytesPerAgent: 16 });
  rows.push({ bench: 'kernel: fractable Roth-Erev (4 actions)', agents: N, workers: 1, stepsPerSec: rf, ratioToBaseline: rf / rb, bytesPerAgent: 16 + 2 });
}

/**
 * Ticks only: the median time of a (ticks + 1)-tick run minus that of a 1-tick run, so that
 * building and seating the world is not counted.
 */
async function ticksOf(N: number, baselineRate: number): Promise<void> {
  const long = scenarioFrom({ agents: N, ticks: ticks + 1, seed: 11 });
  const short = scenarioFrom({ agents: N, ticks: 1, seed: 11 });
  let first = 0;
  for (const W of workerList) {
    const pool = new WorkerPool({ workers: W });
    const mode = W === 1 ? 'whole' : 'sharded';
    let bpa = 0;
    const tLong = await timeIt(`tick ${mode} W=${W}`, async () => { bpa = (await runScenario(long, { workers: W, mode, pool, keep: NOTHING })).bytesPerAgent; });
    const tShort = await timeIt(`setup ${mode} W=${W}`, () => runScenario(short, { workers: W, mode, pool, keep: NOTHING }));
    await pool.destroy();
    const rate = (N * ticks) / Math.max(1e-9, tLong - tShort);
    if (!first) first = rate;
    rows.push({ bench: `tick: full model, ${mode}`, agents: N, workers: W, stepsPerSec: rate, ratioToBaseline: rate / baselineRate, speedup: rate / first, efficiency: rate / first / W, bytesPerAgent: bpa });
  }
}

/**
 * Many small worlds, each whole inside one worker with no per-tick synchronisation (what a
 * study of thousands of small worlds does): R worlds of RN agents x RT ticks at each W.
 */
async function worlds(): Promise<void> {
  const R = Number(process.env.BENCH_WORLDS ?? 16), RN = Number(process.env.BENCH_WORLD_AGENTS ?? 20000), RT = Number(process.env.BENCH_WORLD_TICKS ?? 100);
  let first = 0;
  for (const W of workerList) {
    const pool = new WorkerPool({ workers: W });
    const t = await timeIt(`worlds W=${W}`, () => Promise.all(Array.from({ length: R }, (_, i) =>
      pool.runWorld({ kind: 'world', run: scenarioFrom({ agents: RN, ticks: RT, seed: 100 + i }), keep: NOTHING }))));
    await pool.destroy();
    const rate = (R * RN * RT) / t;
    if (!first) first = rate;
    rows.push({ bench: `worlds: ${R} x ${RN} agents x ${RT} ticks, whole`, agents: RN, workers: W, stepsPerSec: rate, speedup: rate / first, efficiency: rate / first / W, runsPerSec: R / t });
  }
}

for (const N of sizes) {
  await kernels(N);
  const baselineRate = rows.filter((r) => r.agents === N && r.bench.startsWith('kernel: bare'))[0].stepsPerSec;
  await ticksOf(N, baselineRate);
}

/**
 * Study overhead: a study of BENCH_STUDY_RUNS runs of 2000 agents x 520 ticks into a DuckDB
 * store at the largest W. Overhead = wall time / (sum of the runs' wall_ms / W) - 1: the cost
 * of scheduling, messages and storage on top of the runs themselves.
 */
async function studyOverhead(): Promise<void> {
  const W = Math.max(...workerList), runs = Number(process.env.BENCH_STUDY_RUNS ?? 100);
  const dir = mkdtempSync(join(tmpdir(), 'fractable-bench-'));
  const study = resolveStudy({ name: 'bench', seed: 1, agents: 2000, ticks: 520, replicates: runs, scenarios: ['baseline'], record: ['outcome', 'metrics'] });
  const t0 = performance.now();
  const r = await runStudy(study, { out: join(dir, 'bench.duckdb'), workers: W });
  const wall = (performance.now() - t0) / 1e3;
  rmSync(dir, { recursive: true, force: true });
  const ideal = r.runMs / 1e3 / W;
  rows.push({ bench: `study: ${runs} runs x 2000 agents x 520 ticks, overhead ${(100 * (wall / ideal - 1)).toFixed(1)}%`, agents: 2000, workers: W, stepsPerSec: (runs * 2000 * 520) / wall, runsPerSec: runs / wall, efficiency: ideal / wall });
}

await worlds();
await studyOverhead();

const report = JSON.stringify({ node: process.version, ticks, reps, rows }, null, 2);
const jsonOut = process.argv.indexOf('--json-out');
if (jsonOut > 0) writeFileSync(process.argv[jsonOut + 1], `${report}\n`);
if (json) {
  process.stdout.write(`${report}\n`);
} else {
  const head = ['bench', 'agents', 'W', 'M steps/s', 'x baseline', 'speedup', 'eff', 'B/agent', 'runs/s'];
  const fmt = (x: number | undefined, d = 2) => (x === undefined ? '' : x.toFixed(d));
  const table = [head, ...rows.map((r) => [r.bench, String(r.agents), String(r.workers), fmt(r.stepsPerSec / 1e6), fmt(r.ratioToBaseline), fmt(r.speedup), fmt(r.efficiency), fmt(r.bytesPerAgent, 0), fmt(r.runsPerSec)])];
  const w = head.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  process.stdout.write(`# fractable bench — node ${process.version}, ${ticks} ticks per tick-run, median of ${reps} after 1 warmup\n`);
  for (const row of table) process.stdout.write(`${row.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ')}\n`);
  process.stdout.write('# x baseline: rate / the bare kernel\'s rate for the same N, measured in this run. tick rows: (T+1)-tick run minus 1-tick run, so world setup is excluded; they include the world update, the barrier and the pool.\n');
}
