/**
 * Peers: other ways of running the reference's simple model (N agents x 4 actions, Roth–Erev with
 * the reference's constants, payoff table and counter RNG draws, argmax aggregator), each measured
 * in a child process of its own so that its peak resident memory is its own.
 *
 * To add a peer written in JavaScript/TypeScript: write a `Peer` (below) and register it in child.ts's `PEERS`.
 * `measurePeer` times it, checks that every repetition gives the same result and reports the
 * numbers that the peers table (run.ts) compares with the reference's. A peer in another language
 * prints the same `PeerResult` JSON line (see numpy_peer.py).
 */
import { readFileSync } from 'node:fs';
import { cpuSince, median } from '../reference.js';

/** One way of running the simple model on N agents. */
export interface Peer {
  /** Builds N agents with every propensity 1 (not timed), for runs of T ticks with this seed. */
  setup(N: number, T: number, seed: number): void | Promise<void>;
  /** Puts every propensity back to 1 (not timed): each timed run starts from the same state. */
  reset(): void;
  /** T ticks from tick 0 and g = 0, with the reference's seed (timed); returns the final g. */
  run(T: number, seed: number): number | Promise<number>;
  /**
   * The float64 sum of the final propensities in index order (agent 0's actions 0..3, then agent
   * 1's, ...), added one by one as the reference's `checksum` does: equal sums and final g, down
   * to the last bit, are what show that a peer computed the same thing.
   */
  checksum(): number;
}

/** What a peer's child process prints, as one JSON line on stdout. */
export interface PeerResult {
  peer: string;
  agents: number;
  ticks: number;
  /** seconds of each timed run (after one untimed warm-up run) */
  seconds: number[];
  /** the process's CPU seconds (user + system) in each timed run: without the time spent waiting for a core */
  cpuSeconds: number[];
  /** agent-steps per second: agents * ticks / the median of `seconds` */
  stepsPerSec: number;
  sum: number;
  g: number;
  /** peak resident set size of the whole process, bytes */
  peakRssBytes: number;
  /** the same, read before setup: what the runtime itself holds */
  peakRssBeforeSetupBytes: number;
}

/**
 * The process's peak resident set size in bytes: VmHWM of /proc/self/status where there is one,
 * else `process.resourceUsage().maxRSS`. On Linux getrusage's maxRSS survives fork and exec, so a
 * child spawned by a large bench process would report the parent's peak; VmHWM belongs to the
 * child's own address space.
 */
export function peakRssBytes(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS * 1024; // KiB
}

/**
 * Measures a peer: setup, one untimed warm-up run, then timed runs until `reps` of them or until
 * the timed runs add up to `budgetSeconds` (at least one). Throws if a run's sum or final g differ
 * from the warm-up's.
 */
export async function measurePeer(name: string, peer: Peer, N: number, T: number, seed: number, reps: number, budgetSeconds: number): Promise<PeerResult> {
  const before = peakRssBytes();
  await peer.setup(N, T, seed);
  const seconds: number[] = [], cpuSeconds: number[] = [];
  let sum = NaN, g = -1;
  for (let r = -1; r < reps; r++) {
    peer.reset();
    const c0 = process.cpuUsage(), t0 = performance.now();
    const gr = await peer.run(T, seed);
    const dt = (performance.now() - t0) / 1e3, cpu = cpuSince(c0);
    const s = peer.checksum();
    if (r < 0) { sum = s; g = gr; } else {
      if (s !== sum || gr !== g) throw new Error(`${name}: run ${r} gave sum ${s}, g ${gr}; the warm-up gave ${sum}, ${g}`);
      seconds.push(dt);
      cpuSeconds.push(cpu);
      if (seconds.reduce((a, b) => a + b, 0) >= budgetSeconds) break;
    }
  }
  return { peer: name, agents: N, ticks: T, seconds, cpuSeconds, stepsPerSec: (N * T) / median(seconds), sum, g, peakRssBytes: peakRssBytes(), peakRssBeforeSetupBytes: before };
}
