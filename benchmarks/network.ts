/**
 * `node dist/benchmarks/network.js`: how long each network generator takes to build a network
 * of 10^5, 10^6 and 10^7 agents at mean degree 8, and how much memory the result and the build
 * take. Each (generator, size) runs in its own child process, so that its peak resident memory
 * is its own. Printed per case: build seconds (wall and CPU: CPU time is less sensitive to other
 * tenants of the machine), ns per stored target, CSR bytes per agent and per stored target (an
 * undirected edge is two stored targets), the child's peak RSS, and the time of the run.json
 * statistics (degreeStats + clustering over a 10^4-node sample). `--json` prints JSON.
 * Knobs (env): NETWORK_SIZES (comma list of agent counts), NETWORK_KINDS (comma list of
 * erdos-renyi, watts-strogatz, barabasi-albert, sbm, bipartite).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  blocksFromShares, buildNetwork, clustering, degreeStats, type BuildOptions, type Csr, type NetworkSpec,
} from '../src/engine/network.js';

type Materialised = Exclude<NetworkSpec, { kind: 'complete' }>;

/** The benchmarked specs: every one has mean degree 8 (bipartite: 8 targets per source). */
export const NETWORK_CASES: readonly Materialised[] = [
  { kind: 'erdos-renyi', meanDegree: 8 },
  { kind: 'watts-strogatz', k: 8, p: 0.1 },
  { kind: 'barabasi-albert', m: 4 },
  { kind: 'sbm', blocks: [0.4, 0.3, 0.2, 0.1], degreeIn: 6, degreeOut: 2 },
  { kind: 'bipartite', degree: 8, homophily: 0.8 },
];

const SHARES = [0.4, 0.3, 0.2, 0.1];

/** Build options for a case: bipartite links n agents to n/100 others, both sides in 4 blocks. */
function optionsFor(spec: Materialised, n: number): BuildOptions {
  if (spec.kind !== 'bipartite') return {};
  const m = Math.max(spec.degree, Math.round(n / 100));
  return { blocks: blocksFromShares(SHARES, n), target: { size: m, blocks: blocksFromShares(SHARES, m) } };
}

export interface NetworkBench {
  kind: string;
  agents: number;
  /** stored targets (twice the undirected edges within one population) */
  targets: number;
  /** wall-clock seconds of the build */
  seconds: number;
  /** CPU seconds (user + system) of the build: less sensitive than wall time to other tenants of the machine */
  cpuSeconds: number;
  nsPerTarget: number;
  /** bytes of the SharedArrayBuffers behind offsets and targets */
  bytes: number;
  bytesPerAgent: number;
  bytesPerTarget: number;
  /** seconds of degreeStats + clustering(10^4 sample) */
  statsSeconds: number;
  meanDegree: number;
  /** peak resident memory of the process that built it (MB) */
  peakRssMB: number;
}

const bytesOf = (g: Csr): number => g.offsets.buffer.byteLength + g.targets.buffer.byteLength;

/** Builds one network and measures it (in the calling process). */
export function benchNetwork(spec: Materialised, n: number, seed = 1): NetworkBench {
  const opts = optionsFor(spec, n);
  const t0 = performance.now(), c0 = process.cpuUsage();
  const g = buildNetwork(spec, n, seed, opts);
  const seconds = (performance.now() - t0) / 1e3, c1 = process.cpuUsage(c0), cpuSeconds = (c1.user + c1.system) / 1e6;
  const t1 = performance.now();
  const stats = degreeStats(g);
  if (g.m === g.n) clustering(g, 10_000, seed);
  const statsSeconds = (performance.now() - t1) / 1e3;
  const bytes = bytesOf(g), targets = g.targets.length;
  return {
    kind: spec.kind, agents: n, targets, seconds, cpuSeconds, nsPerTarget: (seconds * 1e9) / targets, bytes,
    bytesPerAgent: bytes / n, bytesPerTarget: bytes / targets, statsSeconds, meanDegree: stats.mean,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

/** Runs benchNetwork in a child process (this file with `--case KIND N`), for an honest peak RSS. */
export function benchNetworkIsolated(kind: string, n: number): Promise<NetworkBench> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--case', kind, String(n)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as NetworkBench) : reject(new Error(`network bench ${kind} ${n}: exit ${code}`))));
  });
}

function caseOf(kind: string): Materialised {
  const spec = NETWORK_CASES.find((c) => c.kind === kind);
  if (!spec) throw new Error(`unknown network kind "${kind}": expected one of ${NETWORK_CASES.map((c) => c.kind).join(', ')}`);
  return spec;
}

function fmt(r: NetworkBench): string {
  const cells = [r.kind, r.agents.toExponential(0), r.targets, r.seconds.toFixed(2), r.cpuSeconds.toFixed(2), r.nsPerTarget.toFixed(0),
    r.bytesPerAgent.toFixed(1), r.bytesPerTarget.toFixed(2), r.peakRssMB.toFixed(0), r.statsSeconds.toFixed(2)];
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--case');
  if (at >= 0) {
    process.stdout.write(JSON.stringify(benchNetwork(caseOf(process.argv[at + 1]), Number(process.argv[at + 2]))));
    return;
  }
  const sizes = (process.env.NETWORK_SIZES ?? '100000,1000000,10000000').split(',').map(Number);
  const kinds = (process.env.NETWORK_KINDS ?? NETWORK_CASES.map((c) => c.kind).join(',')).split(',');
  kinds.forEach(caseOf);
  const json = process.argv.includes('--json'), rows: NetworkBench[] = [];
  if (!json) {
    console.log('| generator | agents | stored targets | build s | build CPU s | ns/target | bytes/agent | bytes/target | peak RSS MB | stats s |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  }
  for (const kind of kinds) {
    for (const n of sizes) {
      const r = await benchNetworkIsolated(kind, n);
      rows.push(r);
      if (!json) console.log(fmt(r));
    }
  }
  if (json) console.log(JSON.stringify(rows, null, 2));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
}
