/**
 * The peers table of `npm run bench -- --peers`: each peer (peer.ts) runs the reference's simple
 * model in a child process of its own, at each size; its rate is compared with the reference's,
 * measured the same way (in its own child) in the same bench run, and its final checksum and g
 * with the reference's. Without shared/reference-kernel the project's copy (baseline-kernel.ts)
 * stands in for it, and the table says so.
 */
import { spawnSync } from 'node:child_process';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../reference.js';
import type { PeerResult } from './peer.js';

export interface PeerOptions {
  sizes: number[];
  /** ticks per timed run: max(minTicks, ceil(minSteps / N)), so that small worlds run long enough to time */
  minTicks: number;
  minSteps: number;
  /** timed runs per peer and size (median), after one warm-up ... */
  reps: number;
  /** ... or fewer, once the timed runs add up to this many seconds (slow peers at 10^6 agents) */
  budgetSeconds: number;
  peers: string[];
  /** the Python with numpy: Debian's /usr/bin/python3 with python3-numpy */
  python: string;
  referenceFound: boolean;
}

export interface PeerRow {
  peer: string;
  agents: number;
  ticks: number;
  result?: PeerResult;
  /** rate / the denominator's rate at the same size, measured in this run */
  ratioToReference?: number;
  /** the same from CPU time: the denominator's median CPU seconds / this one's (JSON only: CPU time
   * across processes also counts each runtime's compiler and GC threads) */
  ratioToReferenceCpu?: number;
  /** sum and final g equal to the denominator's, to the last bit */
  checksumEqual?: boolean;
  /** why there is no result */
  skipped?: string;
}

// the repository root, from dist/benchmarks/peers/run.js or (under vitest) benchmarks/peers/run.ts
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, basename(resolve(here, '../..')) === 'dist' ? '../../..' : '../..');
const CHILD = join(root, 'dist', 'benchmarks', 'peers', 'child.js');
const NUMPY_PEER = join(root, 'benchmarks', 'peers', 'numpy_peer.py');

export const ticksFor = (N: number, o: Pick<PeerOptions, 'minTicks' | 'minSteps'>): number => Math.max(o.minTicks, Math.ceil(o.minSteps / N));

/** Why numpy cannot run, or undefined when it can. */
export function numpyMissing(python: string): string | undefined {
  const r = spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' });
  if (r.error) return `${python} cannot be run (${r.error.message}); on Debian: apt-get install -y python3-numpy`;
  if (r.status !== 0) return `${python} cannot import numpy; on Debian: apt-get install -y python3-numpy`;
  return undefined;
}

/** Runs one peer at one size in its own process and parses its PeerResult line. */
export function runPeer(peer: string, N: number, T: number, o: PeerOptions): PeerResult {
  const args = [String(N), String(T), String(o.reps), String(o.budgetSeconds)];
  // flocc keeps ~2-3 KB of objects per agent: 10^6 agents exceed V8's default old-space limit
  const r = peer === 'numpy'
    ? spawnSync(o.python, [NUMPY_PEER, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
    : spawnSync(process.execPath, ['--max-old-space-size=16384', CHILD, peer, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.error) throw new Error(`${peer} at ${N} agents: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${peer} at ${N} agents exited with ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as PeerResult;
}

/**
 * All peers at all sizes. At each size the denominator (the reference, or the copy when it is
 * absent) runs first and again last, and its rate is N * T / the median of both runs' timed
 * seconds, so that a change in the machine's load during the slow peers does not fall on one side
 * of every ratio. `onRow` sees each run as it is measured.
 */
export function runPeers(o: PeerOptions, onRow: (r: PeerRow) => void = () => {}): PeerRow[] {
  const denominator = o.referenceFound ? 'reference' : 'copy';
  const noNumpy = o.peers.includes('numpy') ? numpyMissing(o.python) : undefined;
  const others = o.peers.filter((p) => p !== denominator);
  const rows: PeerRow[] = [];
  const measure = (peer: string, N: number, T: number): PeerRow => {
    const row: PeerRow = { peer, agents: N, ticks: T };
    if (peer === 'reference' && !o.referenceFound) row.skipped = 'shared/reference-kernel not found';
    else if (peer === 'numpy' && noNumpy) row.skipped = noNumpy;
    else {
      try {
        row.result = runPeer(peer, N, T, o);
      } catch (e) {
        row.skipped = (e as Error).message;
      }
    }
    onRow(row);
    return row;
  };
  for (const N of o.sizes) {
    const T = ticksFor(N, o);
    const first = measure(denominator, N, T), mine = others.map((p) => measure(p, N, T));
    const base = first.result && others.length ? merge(first.result, measure(denominator, N, T).result) : first.result;
    first.result = base;
    for (const row of [first, ...mine]) {
      if (row.result && base) {
        row.ratioToReference = row.result.stepsPerSec / base.stepsPerSec;
        row.ratioToReferenceCpu = median(base.cpuSeconds) / median(row.result.cpuSeconds);
        row.checksumEqual = row.result.sum === base.sum && row.result.g === base.g;
      }
    }
    rows.push(first, ...mine);
  }
  return rows;
}

/** Two runs of the same peer as one: all timed seconds, the higher peak RSS. */
function merge(a: PeerResult, b: PeerResult | undefined): PeerResult {
  if (!b) return a;
  if (b.sum !== a.sum || b.g !== a.g) throw new Error(`${a.peer} at ${a.agents} agents: a second run gave ${b.sum}/${b.g}, the first ${a.sum}/${a.g}`);
  const seconds = [...a.seconds, ...b.seconds];
  return { ...a, seconds, cpuSeconds: [...a.cpuSeconds, ...b.cpuSeconds], stepsPerSec: (a.agents * a.ticks) / median(seconds), peakRssBytes: Math.max(a.peakRssBytes, b.peakRssBytes), peakRssBeforeSetupBytes: Math.max(a.peakRssBeforeSetupBytes, b.peakRssBeforeSetupBytes) };
}

/** The peers table, as text. */
export function peersTable(rows: PeerRow[], denominator: string): string {
  const head = ['peer', 'agents', 'ticks', 'M agent-steps/s', `x ${denominator}`, 'peak RSS B/agent', 'runtime MB', 'checksum equal'];
  const fmt = (x: number | undefined, d = 2) => (x === undefined ? '' : x.toFixed(d));
  const cells = rows.map((r) => r.result
    ? [r.peer, String(r.agents), String(r.ticks), fmt(r.result.stepsPerSec / 1e6), fmt(r.ratioToReference, 3), fmt(r.result.peakRssBytes / r.agents, 0),
      fmt(r.result.peakRssBeforeSetupBytes / 2 ** 20, 0), r.checksumEqual === undefined ? '' : r.checksumEqual ? 'yes' : 'NO']
    : [r.peer, String(r.agents), String(r.ticks), `skipped: ${r.skipped}`, '', '', '', '']);
  const table = [head, ...cells], skipped = (c: string[]) => c[3].startsWith('skipped');
  const w = head.map((_, i) => Math.max(...table.filter((c) => i < 3 || !skipped(c)).map((c) => c[i].length)));
  return table.map((c) => (skipped(c) ? c.slice(0, 4) : c).map((x, i) => (i === 0 ? x.padEnd(w[i]) : i === 3 && skipped(c) ? x : x.padStart(w[i]))).join('  ')).join('\n');
}
