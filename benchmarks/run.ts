/**
 * `npm run bench`: agent-steps per second of the reference kernel (shared/reference-kernel/model.mjs,
 * imported into this process), of the project's copy of it (baseline-kernel.ts), of the superseded
 * old baseline and of fractable's 4-action Roth–Erev kernel, timed alternately in one process; of
 * whole ticks of the full model (every population and mechanism) whole and sharded over 1 and 2
 * workers, for worlds of 10^4, 10^5 and 10^6 agents; many small worlds whole in the pool (runs per
 * second); a study's scheduling and storage overhead; bytes of state per agent. Every "x reference"
 * ratio divides by the reference's rate measured in this run (by the copy's when the reference is
 * absent: the output says which).
 *
 * Flags: --json (the same as JSON), --json-out FILE, --kernels-only (the kernel rows only),
 * --studies-only (the two study-overhead rows only),
 * --peers (add the peers table: flocc and numpy on the reference's model, each in its own process,
 * see peers/), --peers-only (the peers table only).
 * Knobs (env): BENCH_SIZES (comma list), BENCH_TICKS, BENCH_WORKERS (comma list), BENCH_REPS,
 * BENCH_WORLDS, BENCH_WORLD_AGENTS, BENCH_WORLD_TICKS, BENCH_STUDY_RUNS, BENCH_SMALL_RUNS; kernel rows:
 * BENCH_KERNEL_REPS (default 15), BENCH_KERNEL_STEPS (agent-steps per timed run, default 5e6);
 * peers: BENCH_PEER_SIZES (default 10000,100000,1000000), BENCH_PEERS (default
 * reference,copy,fractable,flocc,numpy), BENCH_PEER_REPS (default 5), BENCH_PEER_BUDGET (seconds, default 20),
 * BENCH_PEER_STEPS (default 5e6), BENCH_PYTHON (default /usr/bin/python3);
 * FRACTABLE_REFERENCE_KERNEL (the reference's directory, when it is not at ../shared/reference-kernel).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveStudy } from '../src/study/spec.js';
import { runStudy } from '../src/study/runner.js';
import { Bench } from 'tinybench';
import { scenarioFrom } from '../src/scenarios/load.js';
import { runScenario } from '../src/scenarios/run.js';
import { adoptNetworks, allocate, layoutOf, views } from '../src/engine/world.js';
import { WorkerPool } from '../src/engine/pool.js';
import { packRule } from '../src/learning/rules.js';
import { stepRothErev } from '../src/learning/roth-erev.js';
import { tickKey, Stream } from '../src/random/rng.js';
import { wattsStrogatz } from '../src/engine/network.js';
import { InputError, inputError } from '../src/errors.js';
import * as copy from './baseline-kernel.js';
import { oldSimulate } from './old-baseline-kernel.js';
import { loadReference, median, sideBySide, type Contender, type KernelModule, type Reference } from './reference.js';
import { peersTable, runPeers, type PeerRow } from './peers/run.js';

const argv = process.argv.slice(2);
const json = argv.includes('--json'), peersOnly = argv.includes('--peers-only'), withPeers = peersOnly || argv.includes('--peers');
const kernelsOnly = argv.includes('--kernels-only'), studiesOnly = argv.includes('--studies-only');
const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const list = (name: string, dflt: string) => (process.env[name] ?? dflt).split(',').map((x) => x.trim()).filter(Boolean);
const sizes = list('BENCH_SIZES', '10000,100000,1000000').map(Number);
const workerList = list('BENCH_WORKERS', '1,2').map(Number);
const ticks = num('BENCH_TICKS', 20);
const reps = num('BENCH_REPS', 5);
const kernelReps = num('BENCH_KERNEL_REPS', 15), kernelSteps = num('BENCH_KERNEL_STEPS', 5e6);
const K = copy.K;

let ref: Reference;
try {
  ref = await loadReference();
} catch (e) {
  if (!(e instanceof InputError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}
let peerRows: PeerRow[] | undefined;
const peerOptions = {
  sizes: list('BENCH_PEER_SIZES', '10000,100000,1000000').map(Number),
  minTicks: 10, minSteps: num('BENCH_PEER_STEPS', 5e6),
  reps: num('BENCH_PEER_REPS', 5), budgetSeconds: num('BENCH_PEER_BUDGET', 20),
  peers: list('BENCH_PEERS', 'reference,copy,fractable,flocc,numpy'),
  python: process.env.BENCH_PYTHON ?? '/usr/bin/python3',
  referenceFound: ref.found,
};
const KNOWN_PEERS = ['reference', 'copy', 'fractable', 'flocc', 'numpy'];
if (withPeers && !peerOptions.peers.every((p) => KNOWN_PEERS.includes(p))) {
  process.stderr.write(`${inputError(undefined, 'BENCH_PEERS', `a comma list of ${KNOWN_PEERS.join(', ')}`, process.env.BENCH_PEERS).message}\n`);
  process.exit(2);
}
/** What every "x reference" ratio divides by. */
const denominator = ref.found ? 'reference' : 'copy';
const started = { date: new Date().toISOString(), loadavg: loadavg() };

interface Row { bench: string; agents: number; workers: number; stepsPerSec: number; ticks?: number; ratioToReference?: number; ratioToReferenceCpu?: number; sameResult?: boolean; speedup?: number; efficiency?: number; bytesPerAgent?: number; runsPerSec?: number }
const rows: Row[] = [];
const NOTHING = { series: null, events: false };

async function timeIt(name: string, fn: () => unknown | Promise<unknown>): Promise<number> {
  const b = new Bench({ time: 0, iterations: reps, warmupIterations: 1, warmupTime: 0 });
  b.add(name, fn);
  await b.run();
  const r = b.tasks[0].result as unknown as { latency: { p50: number } };
  return r.latency.p50 / 1e3; // seconds, median
}

/** A KernelModule's own `simulate` on a Float32Array of its own, as a side-by-side contender. */
function kernelContender(name: string, k: Pick<KernelModule, 'simulate' | 'checksum'>, N: number, T: number): Contender {
  const p = new Float32Array(N * K);
  let g = 0;
  return { name, reset: () => p.fill(1), run: () => { g = k.simulate(p, N, T, copy.SEED); }, result: () => ({ sum: k.checksum(p), g }) };
}

/**
 * fractable's 4-action Roth–Erev kernel on the reference's payoff table (g cycling, its own RNG
 * keys). epsilon = 0 is the reference's rule (forgetting only); epsilon > 0 runs the kernel that
 * also spreads experimentation over the other actions.
 */
function fractableContender(N: number, T: number, epsilon = 0, name = 'fractable'): Contender {
  const rule = { kind: 'roth-erev', phi: 0.01, epsilon, initial: 1 } as const;
  const layout = layoutOf([{ name: 'p', actions: ['a', 'b', 'c', 'd'], size: N, fixed: false, rule, noise: 0.1, traits: [], network: null, tallyBy: null, consequences: false }]);
  const v = views(allocate(layout, 1)), l = layout.populations[0]!;
  packRule(rule, 0.1, v.params, l.pOff);
  return {
    name,
    reset: () => v.state.fill(1),
    run: () => {
      for (let t = 0; t < T; t++) {
        const g = t & 3;
        for (let a = 0; a < K; a++) v.rewards[l.rOff + a] = copy.PAYOFF[a * 4 + g];
        v.tally.fill(0);
        stepRothErev(v, l, 0, N, tickKey(7, t, Stream.choice), 0, t);
      }
    },
    // the propensities' sum and the last tick's action count of action 1 (both kernels must agree)
    result: () => { let sum = 0; for (let i = 0; i < v.state.length; i++) sum += v.state[i]!; return { sum, g: v.tally[1]! }; },
  };
}

/** The network kernel's case: mean degree 8 (Watts–Strogatz k = 8, p = 0.1), Roth–Erev with 3 actions. */
const NETWORK_SPEC = { kind: 'watts-strogatz', k: 8, p: 0.1 } as const;
/** Its conformity coefficient: the pay of an action per unit share of neighbours who took it last tick. */
const CONFORMITY = 0.5;

/**
 * fractable's network kernel: N agents on a Watts–Strogatz network of mean degree 8, Roth–Erev
 * with 3 actions, payoff = the reference's table (first 3 actions, g cycling) + a conformity term
 * (CONFORMITY × the share of the agent's neighbours that took the same action last tick) + noise.
 * The network is built once, outside the timing. Each tick reads last tick's actions and writes
 * this tick's (double-buffered), as in a world.
 */
function networkContender(N: number, T: number, arena = true, name = 'network'): Contender {
  const rule = { kind: 'roth-erev', phi: 0.01, epsilon: 0, initial: 1 } as const;
  const layout = layoutOf([{ name: 'p', actions: ['a', 'b', 'c'], size: N, fixed: false, rule, noise: 0.1, traits: [], network: { source: 'p', spec: NETWORK_SPEC }, tallyBy: null, consequences: false }]);
  const b = allocate(layout, 1, { arena }), v = views(b), l = layout.populations[0]!;
  adoptNetworks(b, v, [wattsStrogatz(NETWORK_SPEC, N, 3)]);
  packRule(rule, 0.1, v.params, l.pOff);
  for (let a = 0; a < 3; a++) v.rewards[l.lOff + a * 3 + a] = CONFORMITY;
  return {
    name,
    reset: () => { v.state.fill(1); v.act0.fill(0); v.act1.fill(0); },
    run: () => {
      for (let t = 0; t < T; t++) {
        const g = t & 3;
        for (let a = 0; a < 3; a++) v.rewards[l.rOff + a] = copy.PAYOFF[a * 4 + g];
        v.tally.fill(0);
        stepRothErev(v, l, 0, N, tickKey(7, t, Stream.choice), 0, t);
      }
    },
    // the propensities' sum and the last tick's action count of action 1 (both kernels must agree)
    result: () => { let sum = 0; for (let i = 0; i < v.state.length; i++) sum += v.state[i]!; return { sum, g: v.tally[1]! }; },
  };
}

/**
 * The kernel rows: the reference, its copy, the old baseline and fractable's kernel, timed
 * alternately in this process (BENCH_KERNEL_REPS rounds), T ticks of N agents per timed run. Rate:
 * N * T / the median time; ratio: the median of the per-round time ratios. Returns the
 * denominator's rate.
 */
function kernels(N: number): number {
  const T = Math.max(10, Math.ceil(kernelSteps / N));
  const cs: Contender[] = [];
  if (ref.found) cs.push(kernelContender('reference', ref.kernel, N, T));
  cs.push(kernelContender('copy', copy, N, T), kernelContender('old', { simulate: oldSimulate, checksum: copy.checksum }, N, T), fractableContender(N, T),
    fractableContender(N, T, 0.1, 'fractable-eps'), networkContender(N, T), networkContender(N, T, false, 'network-js'));
  const timed = sideBySide(cs, kernelReps);
  const by = (name: string) => timed.find((t) => t.name === name)!;
  const rate = (name: string) => (N * T) / by(name).median;
  const base = by(denominator), baseRate = rate(denominator);
  const same = (name: string) => by(name).sum === base.sum && by(name).g === base.g;
  // paired: the median over rounds of (the denominator's time / this one's time) in the same round,
  // which a change in the machine's load between rounds does not bias
  const ratio = (name: string) => median(by(name).seconds.map((sec, r) => base.seconds[r] / sec));
  const ratioCpu = (name: string) => median(by(name).cpuSeconds.map((sec, r) => base.cpuSeconds[r] / sec));
  if (ref.found) rows.push({ bench: 'kernel: reference, shared/reference-kernel step', agents: N, workers: 1, ticks: T, stepsPerSec: baseRate, ratioToReference: 1, ratioToReferenceCpu: 1, bytesPerAgent: 16 });
  rows.push({ bench: 'kernel: baseline copy, benchmarks/baseline-kernel.ts', agents: N, workers: 1, ticks: T, stepsPerSec: rate('copy'), ratioToReference: ratio('copy'), ratioToReferenceCpu: ratioCpu('copy'), sameResult: same('copy'), bytesPerAgent: 16 });
  rows.push({ bench: 'kernel: old baseline, ternaries (superseded)', agents: N, workers: 1, ticks: T, stepsPerSec: rate('old'), ratioToReference: ratio('old'), ratioToReferenceCpu: ratioCpu('old'), sameResult: same('old'), bytesPerAgent: 16 });
  rows.push({ bench: 'kernel: fractable Roth-Erev (4 actions)', agents: N, workers: 1, ticks: T, stepsPerSec: rate('fractable'), ratioToReference: ratio('fractable'), ratioToReferenceCpu: ratioCpu('fractable'), bytesPerAgent: 16 + 2 });
  rows.push({ bench: 'kernel: fractable Roth-Erev (4 actions, epsilon 0.1)', agents: N, workers: 1, ticks: T, stepsPerSec: rate('fractable-eps'), ratioToReference: ratio('fractable-eps'), ratioToReferenceCpu: ratioCpu('fractable-eps'), bytesPerAgent: 16 + 2 });
  const sameNet = by('network').sum === by('network-js').sum && by('network').g === by('network-js').g;
  rows.push({ bench: 'kernel: network, Watts-Strogatz k 8, Roth-Erev 3 actions + conformity (WebAssembly, in the arena)', agents: N, workers: 1, ticks: T, stepsPerSec: rate('network'), ratioToReference: ratio('network'), ratioToReferenceCpu: ratioCpu('network'), sameResult: sameNet, bytesPerAgent: 12 + 2 + 36 });
  rows.push({ bench: 'kernel: network, the same in JavaScript (a world without an arena)', agents: N, workers: 1, ticks: T, stepsPerSec: rate('network-js'), ratioToReference: ratio('network-js'), ratioToReferenceCpu: ratioCpu('network-js'), sameResult: sameNet, bytesPerAgent: 12 + 2 + 36 });
  return baseRate;
}

/**
 * Ticks only: a (ticks + 1)-tick run minus a 1-tick run, so that building and seating the world
 * is not counted. Paired with the yardstick: each of `reps` rounds (after one warm-up round) times
 * the long run, the short run and the reference's (or the copy's) `simulate` over N agents for
 * `ticks` ticks, one after the other; the ratio is the median over rounds of the per-round ratio of
 * rates, which a change in the machine's load between rounds does not bias. Rate: the median
 * per-round rate.
 */
async function ticksOf(N: number): Promise<void> {
  const long = scenarioFrom({ agents: N, ticks: ticks + 1, seed: 11 });
  const short = scenarioFrom({ agents: N, ticks: 1, seed: 11 });
  const yard: Pick<KernelModule, 'simulate'> = ref.found ? ref.kernel : copy;
  const p = new Float32Array(N * K);
  let first = 0;
  for (const W of workerList) {
    const pool = new WorkerPool({ workers: W });
    const mode = W === 1 ? 'whole' : 'sharded';
    let bpa = 0;
    const rates: number[] = [], ratios: number[] = [];
    for (let r = -1; r < reps; r++) {
      let t0 = performance.now();
      bpa = (await runScenario(long, { workers: W, mode, pool, keep: NOTHING })).bytesPerAgent;
      const tLong = performance.now() - t0;
      t0 = performance.now();
      await runScenario(short, { workers: W, mode, pool, keep: NOTHING });
      const tShort = performance.now() - t0;
      p.fill(1);
      t0 = performance.now();
      yard.simulate(p, N, ticks, copy.SEED);
      const tRef = performance.now() - t0;
      if (r < 0) continue;
      const rate = (N * ticks) / (Math.max(1e-6, tLong - tShort) / 1e3);
      rates.push(rate);
      ratios.push(rate / ((N * ticks) / (tRef / 1e3)));
    }
    await pool.destroy();
    const rate = median(rates);
    if (!first) first = rate;
    rows.push({ bench: `tick: full model, ${mode}`, agents: N, workers: W, stepsPerSec: rate, ratioToReference: median(ratios), speedup: rate / first, efficiency: rate / first / W, bytesPerAgent: bpa });
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


/**
 * Study overhead: a study of `runs` runs of `agents` x `ticks` (the baseline scenario, outcome and
 * metrics recorded) into a DuckDB store at the largest W. Overhead = wall time / (sum of the runs'
 * wall_ms / W) - 1: the cost of scheduling, messages and storage on top of the runs themselves.
 * Two sizes: the default study's runs (2000 agents x 520 ticks, BENCH_STUDY_RUNS, default 100) and
 * small worlds (100 agents x 52 ticks, BENCH_SMALL_RUNS, default 2000; the issue's 10^5-run study
 * is BENCH_SMALL_RUNS=100000, about an hour on 2 cores), where the overhead is what matters.
 */
async function studyOverhead(runs: number, agents: number, ticks: number): Promise<void> {
  const W = Math.max(...workerList);
  const dir = mkdtempSync(join(tmpdir(), 'fractable-bench-'));
  const study = resolveStudy({ name: 'bench', seed: 1, agents, ticks, replicates: runs, scenarios: ['baseline'], record: ['outcome', 'metrics'] });
  const t0 = performance.now();
  const r = await runStudy(study, { out: join(dir, 'bench.duckdb'), workers: W });
  const wall = (performance.now() - t0) / 1e3;
  rmSync(dir, { recursive: true, force: true });
  const ideal = r.runMs / 1e3 / W;
  rows.push({ bench: `study: ${runs} runs x ${agents} agents x ${ticks} ticks, overhead ${(100 * (wall / ideal - 1)).toFixed(1)}%`, agents, workers: W, stepsPerSec: (runs * agents * ticks) / wall, runsPerSec: runs / wall, efficiency: ideal / wall });
}

const say = (line: string) => { if (!json) process.stdout.write(`${line}\n`); };
const refLine = ref.found ? `reference kernel: ${ref.dir} (${ref.via})` : `reference kernel absent (${ref.reason}): ratios are against the project's copy, benchmarks/baseline-kernel.ts`;
const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
say(`# fractable bench — node ${process.version}, ${started.date}, load average ${fmtLoad(started.loadavg)} at start`);
say(`# ${refLine}`);

if (!peersOnly) {
  for (const N of studiesOnly ? [] : sizes) {
    kernels(N);
    if (!kernelsOnly) await ticksOf(N);
  }
  if (!kernelsOnly) {
    if (!studiesOnly) await worlds();
    await studyOverhead(num('BENCH_STUDY_RUNS', 100), 2000, 520);
    await studyOverhead(num('BENCH_SMALL_RUNS', 2000), 100, 52);
  }
  if (!json) {
    const head = ['bench', 'agents', 'W', 'M steps/s', `x ${denominator}`, 'x (cpu)', 'same result', 'speedup', 'eff', 'B/agent', 'runs/s'];
    const fmt = (x: number | undefined, d = 2) => (x === undefined ? '' : x.toFixed(d));
    const yes = (b: boolean | undefined) => (b === undefined ? '' : b ? 'yes' : 'NO');
    const table = [head, ...rows.map((r) => [r.bench, String(r.agents), String(r.workers), fmt(r.stepsPerSec / 1e6), fmt(r.ratioToReference, 3), fmt(r.ratioToReferenceCpu, 3), yes(r.sameResult), fmt(r.speedup), fmt(r.efficiency), fmt(r.bytesPerAgent, 0), fmt(r.runsPerSec)])];
    const w = head.map((_, i) => Math.max(...table.map((row) => row[i].length)));
    say(`# ${ticks} ticks per tick-run, median of ${reps} after 1 warmup; kernel rows: median of ${kernelReps} alternating rounds after 1 warmup round, max(10, ${kernelSteps} / N) ticks per run`);
    for (const row of table) say(row.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
    say(`# x ${denominator}: rate / the ${denominator === 'reference' ? 'reference kernel' : "project's copy of the reference kernel"}'s rate for the same N, measured in this run (kernel rows: the median of the per-round ratios of wall-clock time; x (cpu): the same of the process's CPU time, which leaves out waiting for a core on a shared machine); same result: equal checksum and final g. tick rows: (T+1)-tick run minus 1-tick run, so world setup is excluded; they include the world update, the barrier and the pool; x ${denominator}: the median over rounds of the ratio to the ${denominator}'s simulate, timed in the same round.`);
  }
}

if (withPeers) {
  say(`# peers: the reference's model (N agents x 4 actions, Roth-Erev, argmax), each peer in its own process, median of up to ${peerOptions.reps} runs (${peerOptions.budgetSeconds} s budget) after 1 warmup, max(10, ${peerOptions.minSteps} / N) ticks per run`);
  peerRows = runPeers(peerOptions, (r) => { if (!json) process.stderr.write(`  ${r.peer} at ${r.agents}: ${r.result ? `${(r.result.stepsPerSec / 1e6).toFixed(2)} M/s` : r.skipped}\n`); });
  say(peersTable(peerRows, denominator));
  say(`# x ${denominator}: rate / the ${denominator}'s rate at the same N, both in child processes of this run. peak RSS B/agent: the process's peak resident set / N (runtime MB included: it dominates small N). checksum equal: the float64 sum of the final propensities in index order, added one by one, and the final g, equal to the ${denominator}'s to the last bit.`);
}

const ended = { loadavg: loadavg() };
say(`# load average ${fmtLoad(ended.loadavg)} at end, on ${availableParallelism()} cores: a load above the number of cores means other processes shared the machine`);
const report = JSON.stringify({
  node: process.version, cores: availableParallelism(), date: started.date, loadavg: { start: started.loadavg, end: ended.loadavg },
  reference: ref.found ? { found: true, dir: ref.dir, via: ref.via } : ref, denominator,
  ticks, reps, kernelReps, kernelSteps, rows, ...(peerRows ? { peers: { options: peerOptions, rows: peerRows } } : {}),
}, null, 2);
const jsonOut = argv.indexOf('--json-out');
if (jsonOut >= 0) writeFileSync(argv[jsonOut + 1], `${report}\n`);
if (json) process.stdout.write(`${report}\n`);
