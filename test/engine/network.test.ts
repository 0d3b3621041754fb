/**
 * Network generators against known answers. Every statistical check states its tolerance in
 * standard deviations: Z_ALPHA = 4.417 sd, a two-sided failure probability of 1e-5 for a correct
 * generator (seeds are fixed, so every run is the same run; the level says how surprising a
 * failure would be).
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  barabasiAlbert, bipartite, blocksFromShares, buildNetwork, clustering, COMPLETE, degreeStats, erdosRenyi,
  isMaterialised, localClustering, MAX_TARGETS, NetworkSchema, sbm, wattsStrogatz,
  type CompleteSpec, type Csr, type NetworkSpec,
} from '../../src/engine/network.js';
import { InputError } from '../../src/errors.js';
import { ALPHA, chiSquarePValue, chiSquareSf, Z_ALPHA, note } from '../learning/helpers.js';
import { root } from '../helpers.js';

const SEED = 20260101;

/** Every CSR invariant: shared buffers, offsets, ranges, rows strictly ascending, no self-loops, symmetry. */
function expectValidCsr(g: Csr, within = true): void {
  const { n, m, offsets: o, targets: t } = g;
  expect(o.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(t.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(o.length).toBe(n + 1);
  expect(o[0]).toBe(0);
  expect(o[n]).toBe(t.length);
  let bad = 0;
  for (let v = 0; v < n; v++) {
    if (o[v + 1] < o[v]) bad++;
    for (let r = o[v]; r < o[v + 1]; r++) {
      const w = t[r];
      if (w < 0 || w >= m || (r > o[v] && t[r - 1] >= w) || (within && w === v)) bad++;
      else if (within && !hasEdge(g, w, v)) bad++;
    }
  }
  expect(bad).toBe(0);
}

function hasEdge(g: Csr, a: number, b: number): boolean {
  let lo = g.offsets[a], hi = g.offsets[a + 1];
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (g.targets[mid] < b) lo = mid + 1; else hi = mid; }
  return lo < g.offsets[a + 1] && g.targets[lo] === b;
}

const row = (g: Csr, v: number): number[] => Array.from(g.targets.subarray(g.offsets[v], g.offsets[v + 1]));
const degree = (g: Csr, v: number): number => g.offsets[v + 1] - g.offsets[v];
const sameBytes = (a: Csr, b: Csr): boolean =>
  Buffer.from(a.offsets.buffer, 0, a.offsets.byteLength).equals(Buffer.from(b.offsets.buffer, 0, b.offsets.byteLength))
  && Buffer.from(a.targets.buffer, 0, a.targets.byteLength).equals(Buffer.from(b.targets.buffer, 0, b.targets.byteLength));

/** A CSR from an undirected edge list (for hand-built statistics checks). */
function fromEdges(n: number, edges: [number, number][]): Csr {
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) { rows[a].push(b); rows[b].push(a); }
  const offsets = new Int32Array(n + 1);
  rows.forEach((r, v) => { r.sort((x, y) => x - y); offsets[v + 1] = offsets[v] + r.length; });
  return { n, m: n, offsets, targets: Int32Array.from(rows.flat()) };
}

describe('erdos-renyi', () => {
  it('has the binomial mean degree and degree variance, and no self-loops or duplicates', () => {
    const n = 100_000, k = 8, p = k / (n - 1), pairs = (n * (n - 1)) / 2;
    const g = erdosRenyi({ kind: 'erdos-renyi', meanDegree: k }, n, SEED);
    expectValidCsr(g);
    const s = degreeStats(g);
    // Edges ~ Binomial(pairs, p), so the mean degree 2E/n has sd 2 sqrt(pairs p q)/n (0.0089 here).
    const sdMean = (2 * Math.sqrt(pairs * p * (1 - p))) / n;
    note('ER mean degree', s.mean, 'sd', sdMean);
    expect(Math.abs(s.mean - k)).toBeLessThan(Z_ALPHA * sdMean);
    // A degree is Binomial(n - 1, p): variance npq ≈ 8. Any two degrees share one pair of n - 1, so
    // they are nearly independent, and the sample variance has sd sqrt((mu4 - sigma^4)/n), with the
    // binomial mu4 = npq (1 + 3 (n - 3) pq) (0.037 here).
    const v = (n - 1) * p * (1 - p), mu4 = v * (1 + 3 * (n - 3) * p * (1 - p));
    const sdVar = Math.sqrt((mu4 - v * v) / n);
    note('ER degree variance', s.sd ** 2, 'expected', v, 'sd', sdVar);
    expect(Math.abs(s.sd ** 2 - v)).toBeLessThan(Z_ALPHA * sdVar);
    // Isolated agents: n (1 - p)^(n-1) ≈ n e^-8 = 34, nearly Poisson (weakly dependent indicators), sd 5.8.
    const iso = n * (1 - p) ** (n - 1);
    expect(Math.abs(s.isolated - iso)).toBeLessThan(Z_ALPHA * Math.sqrt(iso));
  });

  it('links every pair independently with probability p (chi-square over the pairs of 6 agents, 4000 seeds)', () => {
    // Each row restarts its skips: the first, middle and last pairs of a row must be equally likely.
    const n = 6, p = 2 / (n - 1), seeds = 4000;
    const counts = new Float64Array(n * n);
    for (let s = 0; s < seeds; s++) {
      const g = erdosRenyi({ kind: 'erdos-renyi', meanDegree: 2 }, n, s);
      for (let v = 0; v < n; v++) for (const w of row(g, v)) if (w < v) counts[v * n + w]++;
    }
    // The 15 pair counts are independent Binomial(4000, 0.4): sum of squared z-scores ~ chi2(15).
    let stat = 0;
    for (let v = 1; v < n; v++) for (let w = 0; w < v; w++) stat += (counts[v * n + w] - seeds * p) ** 2 / (seeds * p * (1 - p));
    note('ER pair chi2(15)', stat);
    expect(chiSquareSf(stat, 15)).toBeGreaterThan(ALPHA);
  });

  it('is the complete graph at meanDegree = n - 1', () => {
    const g = erdosRenyi({ kind: 'erdos-renyi', meanDegree: 9 }, 10, SEED);
    for (let v = 0; v < 10; v++) expect(row(g, v)).toEqual([...Array(10).keys()].filter((w) => w !== v));
  });
});

describe('watts-strogatz', () => {
  it('is the ring lattice at p = 0, with clustering exactly 3(k - 2)/(4(k - 1))', () => {
    const n = 1000;
    for (const k of [2, 4, 6, 8, 10]) {
      const g = wattsStrogatz({ kind: 'watts-strogatz', k, p: 0 }, n, SEED);
      expectValidCsr(g);
      expect(row(g, 0)).toEqual([...Array(k / 2).keys()].flatMap((j) => [j + 1, n - 1 - j]).sort((a, b) => a - b));
      expect(degreeStats(g)).toMatchObject({ edges: n * k, min: k, max: k });
      expect(clustering(g, Infinity)).toBeCloseTo((3 * (k - 2)) / (4 * (k - 1)), 12);
    }
  });

  it('follows C(p) ≈ C(0)(1 - p)^3 (Barrat & Weigt 2000) at small p', () => {
    const n = 100_000, k = 8, C0 = (3 * (k - 2)) / (4 * (k - 1));
    // First-order expansion of the *average local* clustering (rewiring an edge among i's
    // neighbours, an out-edge, an in-edge, or an arrival at i): C = C0 (1 - (3 - c) p) + O(p^2),
    // c = 1/9 at k = 8, while Barrat & Weigt's C0 (1 - p)^3 (a ratio of averages) has slope 3.
    // So the allowance is c p C0 (0.0036 at p = 0.05) plus Z_ALPHA standard errors. The standard
    // error bounds both sources of noise: the count of rewired edges R ~ Binomial(nk/2, p) moves C
    // by 2.9 C0 R/(nk/2), and node-level noise sd(C_v) spread over each node and its k neighbours.
    const c = 1 / 9;
    for (const p of [0.01, 0.05]) {
      const g = wattsStrogatz({ kind: 'watts-strogatz', k, p }, n, SEED);
      expectValidCsr(g);
      let s = 0, ss = 0;
      for (let v = 0; v < n; v++) { const x = localClustering(g, v); s += x; ss += x * x; }
      const C = s / n, sdv = Math.sqrt(ss / n - C * C);
      const se = Math.hypot(2.9 * C0 * Math.sqrt((p * (1 - p)) / ((n * k) / 2)), sdv * Math.sqrt((k + 1) / n));
      const expected = C0 * (1 - p) ** 3;
      note('WS clustering', p, C, 'expected', expected, 'se', se);
      if (p === 0.01) expect(clustering(g, Infinity)).toBe(C);
      expect(Math.abs(C - expected)).toBeLessThan(c * p * C0 + Z_ALPHA * se);
    }
  });

  it('removes the duplicate edges rewiring makes: about p (1 - p/2) k (k - 1)/2 per network, whatever n', () => {
    // 10 networks at p = 1, k = 8: 14 expected each, 140 in all; the count is a sum of many rare
    // collisions, so nearly Poisson (sd 11.8), and the tolerance Z_ALPHA sd is ±52.
    const n = 20_000, k = 8, p = 1, runs = 10;
    let dups = 0;
    for (let s = 0; s < runs; s++) {
      const g = wattsStrogatz({ kind: 'watts-strogatz', k, p }, n, SEED + s);
      if (s === 0) expectValidCsr(g);
      dups += (n * k - g.targets.length) / 2;
    }
    const expected = runs * p * (1 - p / 2) * k * (k - 1) / 2;
    note('WS duplicates', dups, 'expected', expected);
    expect(Math.abs(dups - expected)).toBeLessThan(Z_ALPHA * Math.sqrt(expected));
  });
});

describe('barabasi-albert', () => {
  it('grows from the complete graph on m + 1 nodes, each later node linking to m earlier ones', () => {
    const m = 3;
    const k4 = barabasiAlbert({ kind: 'barabasi-albert', m }, m + 1, SEED);
    for (let v = 0; v <= m; v++) expect(row(k4, v)).toEqual([0, 1, 2, 3].filter((w) => w !== v));
    const n = 5000, g = barabasiAlbert({ kind: 'barabasi-albert', m }, n, SEED);
    expectValidCsr(g);
    expect(g.targets.length).toBe(2 * ((m * (m + 1)) / 2 + (n - m - 1) * m));
    for (let s = m + 1; s < n; s++) expect(row(g, s).filter((w) => w < s).length).toBe(m);
    expect(degreeStats(g).min).toBe(m);
  });

  it('has a degree tail exponent near 3 (discrete power-law MLE, Clauset, Shalizi & Newman 2009)', () => {
    const n = 300_000, m = 4, kmin = 20;
    const g = barabasiAlbert({ kind: 'barabasi-albert', m }, n, SEED);
    let S = 0, tail = 0, atM = 0;
    for (let v = 0; v < n; v++) {
      const d = degree(g, v);
      if (d === m) atM++;
      if (d >= kmin) { S += Math.log(d / (kmin - 0.5)); tail++; }
    }
    // Their eq. (3.7): alpha = 1 + N / sum ln(k_i / (kmin - 1/2)), for k_i >= kmin = 20 (about 14300
    // nodes here). Under the exact BA law p(k) = 2m(m + 1)/(k(k + 1)(k + 2)) the estimator tends to
    // 2.934, not 3 (the law is k^-3 only as k grows); its sd is (alpha - 1)/sqrt(N) = 0.016.
    const alpha = 1 + tail / S;
    let w = 0, e = 0;
    for (let k = kmin; k < 1e6; k++) { const q = 1 / (k * (k + 1) * (k + 2)); w += q; e += q * Math.log(k / (kmin - 0.5)); }
    const expected = 1 + w / e, sd = (expected - 1) / Math.sqrt(tail);
    note('BA alpha', alpha, 'expected', expected, 'sd', sd, 'tail', tail);
    expect(Math.abs(expected - 3)).toBeLessThan(0.07);
    expect(Math.abs(alpha - expected)).toBeLessThan(Z_ALPHA * sd);
    // Share of nodes at k >= kmin: m(m + 1)/(kmin(kmin + 1)), and at k = m: 2/(m + 2); binomial sd.
    for (const [count, q] of [[tail, (m * (m + 1)) / (kmin * (kmin + 1))], [atM, 2 / (m + 2)]]) {
      expect(Math.abs(count - n * q)).toBeLessThan(Z_ALPHA * Math.sqrt(n * q * (1 - q)));
    }
  });
});

describe('sbm', () => {
  /** Undirected edge counts per block pair (b <= c), keyed b * B + c. */
  function blockEdges(g: Csr, blocks: Uint8Array, B: number): Float64Array {
    const c = new Float64Array(B * B);
    for (let v = 0; v < g.n; v++) for (const w of row(g, v)) if (w < v) {
      const a = Math.min(blocks[v], blocks[w]), b = Math.max(blocks[v], blocks[w]);
      c[a * B + b]++;
    }
    return c;
  }

  function expectBlockCounts(g: Csr, blocks: Uint8Array, pIn: number, pOut: number): void {
    const B = Math.max(...blocks) + 1, size = new Array(B).fill(0);
    for (const b of blocks) size[b]++;
    const c = blockEdges(g, blocks, B);
    // Each block pair's count is Binomial(pairs, p): tolerance Z_ALPHA binomial sd per pair.
    for (let a = 0; a < B; a++) for (let b = a; b < B; b++) {
      const pairs = a === b ? (size[a] * (size[a] - 1)) / 2 : size[a] * size[b], p = a === b ? pIn : pOut;
      note('SBM edges', a, b, c[a * B + b], 'expected', pairs * p);
      expect(Math.abs(c[a * B + b] - pairs * p)).toBeLessThan(Z_ALPHA * Math.sqrt(pairs * p * (1 - p)) + 1e-9);
    }
  }

  it('matches the expected edges within and between blocks set by mean degrees (contiguous blocks)', () => {
    const n = 30_000, shares = [0.5, 0.3, 0.2], degreeIn = 6, degreeOut = 2;
    const g = sbm({ kind: 'sbm', blocks: shares, degreeIn, degreeOut }, n, SEED);
    expectValidCsr(g);
    const blocks = blocksFromShares(shares, n), size = [15_000, 9000, 6000];
    const within = size.reduce((a, s) => a + s * (s - 1), 0), across = size.reduce((a, s) => a + s * (n - s), 0);
    expectBlockCounts(g, blocks, (degreeIn * n) / within, (degreeOut * n) / across);
  });

  it('matches them for a per-agent block column in any order, and with pOut = 0 splits into blocks', () => {
    const n = 20_000, blocks = Uint8Array.from({ length: n }, (_, v) => (v * 7919) % 4);
    const g = sbm({ kind: 'sbm', pIn: 0.001, pOut: 0.0002 }, n, SEED, blocks);
    expectValidCsr(g);
    expectBlockCounts(g, blocks, 0.001, 0.0002);
    const split = sbm({ kind: 'sbm', pIn: 0.001, pOut: 0 }, n, SEED, blocks);
    let across = 0;
    for (let v = 0; v < n; v++) for (const w of row(split, v)) if (blocks[w] !== blocks[v]) across++;
    expect(across).toBe(0);
  });

  it('assigns contiguous blocks by largest remainder', () => {
    expect(Array.from(blocksFromShares([0.5, 0.25, 0.25], 7))).toEqual([0, 0, 0, 1, 1, 2, 2]);
    expect(Array.from(blocksFromShares([1 / 3, 1 / 3, 1 / 3], 10))).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    // 0.4 and 3.6 agents: the one left over goes to the larger remainder, leaving block 0 empty.
    expect(Array.from(blocksFromShares([0.1, 0.9], 4))).toEqual([1, 1, 1, 1]);
    expect(() => blocksFromShares([0.5, 0.4], 10)).toThrow(/sbm\.blocks: expected non-negative shares that sum to 1, found "shares summing to 0.9"/);
  });
});

describe('bipartite', () => {
  it('gives every source exactly `degree` distinct targets, uniformly (chi-square on in-degrees)', () => {
    const n = 20_000, m = 500, d = 5;
    const g = bipartite({ kind: 'bipartite', degree: d }, n, m, SEED);
    expectValidCsr(g, false);
    expect(g.m).toBe(m);
    const indeg = new Float64Array(m);
    for (let v = 0; v < n; v++) { expect(degree(g, v)).toBe(d); for (const w of row(g, v)) indeg[w]++; }
    // Each target is in a row with probability d/m, rows independent: Pearson's statistic is
    // chi2(m - 1) scaled by 1 - d/m <= 1, so the test is (slightly) conservative.
    const r = chiSquarePValue(indeg, new Array(m).fill(1 / m));
    note('bipartite in-degree chi2', r);
    expect(r.p).toBeGreaterThan(ALPHA);
    const all = bipartite({ kind: 'bipartite', degree: 7 }, 3, 7, SEED);
    for (let v = 0; v < 3; v++) expect(row(all, v)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('draws a share h of each row from the own block, the rest from the other blocks', () => {
    const n = 20_000, m = 600, d = 6, h = 0.7;
    const source = Uint8Array.from({ length: n }, (_, v) => v % 3), target = Uint8Array.from({ length: m }, (_, v) => (v * 5) % 3);
    const g = bipartite({ kind: 'bipartite', degree: d, homophily: h }, n, m, SEED, { source, target });
    expectValidCsr(g, false);
    let own = 0, offRound = 0;
    for (let v = 0; v < n; v++) {
      expect(degree(g, v)).toBe(d);
      const k = row(g, v).filter((w) => target[w] === source[v]).length;
      if (k !== Math.floor(h * d) && k !== Math.ceil(h * d)) offRound++;
      own += k;
    }
    expect(offRound).toBe(0);
    // Own count per row is floor or ceil of h d = 4.2, with mean 4.2 and sd 0.4 (stochastic
    // rounding): the share over n rows has sd 0.4/(d sqrt(n)) = 4.7e-4.
    const sd = Math.sqrt(0.2 * 0.8) / (d * Math.sqrt(n));
    note('bipartite own share', own / (n * d), 'sd', sd);
    expect(Math.abs(own / (n * d) - h)).toBeLessThan(Z_ALPHA * sd);
    // At h = 1, a tiny own block gives what it has and the others the rest; a block the targets
    // lack takes everything from the others.
    const lone = bipartite({ kind: 'bipartite', degree: 3, homophily: 1 }, 3, 5, SEED, { source: Uint8Array.of(0, 1, 2), target: Uint8Array.of(1, 1, 0, 1, 1) });
    expect(row(lone, 0)).toContain(2);
    expect(row(lone, 1)).not.toContain(2);
    for (let v = 0; v < 3; v++) expect(degree(lone, v)).toBe(3);
  });
});

describe('determinism', () => {
  const specs: Exclude<NetworkSpec, CompleteSpec>[] = [
    { kind: 'erdos-renyi', meanDegree: 6 },
    { kind: 'watts-strogatz', k: 6, p: 0.2 },
    { kind: 'barabasi-albert', m: 3 },
    { kind: 'sbm', blocks: [0.6, 0.4], pIn: 0.004, pOut: 0.001 },
    { kind: 'bipartite', degree: 4 },
  ];
  const build = (i: number, seed: number, index = 0) => buildNetwork(specs[i], 3000, seed, { index, target: { size: 400 } });

  it('gives byte-identical CSR for the same spec and seed, and different CSR for another seed or index', () => {
    for (let i = 0; i < specs.length; i++) {
      const a = build(i, SEED);
      expect(sameBytes(a, build(i, SEED))).toBe(true);
      expect(sameBytes(a, build(i, SEED + 1))).toBe(false);
      expect(sameBytes(a, build(i, SEED, 1))).toBe(false);
    }
  });

  it('builds the same bytes in a worker thread (compiled dist/, as the engine runs it)', async () => {
    const url = join(root, 'dist', 'src', 'engine', 'network.js');
    const code = `const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.url).then((N) => {
        const out = workerData.specs.map((s) => N.buildNetwork(s, 3000, workerData.seed, { target: { size: 400 } }));
        parentPort.postMessage(out.map((g) => [g.offsets, g.targets]));
      });`;
    const got = await new Promise<[Int32Array, Int32Array][]>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { url: `file://${url}`, specs, seed: SEED } });
      w.once('message', (m) => { void w.terminate(); resolve(m); });
      w.once('error', reject);
    });
    for (let i = 0; i < specs.length; i++) {
      const here = build(i, SEED);
      expect(got[i][0].buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(got[i][0])).toEqual(Array.from(here.offsets));
      expect(Array.from(got[i][1])).toEqual(Array.from(here.targets));
    }
  });
});

describe('specs and limits', () => {
  it('refuses bad specs with a clear message naming the field', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => wattsStrogatz({ kind: 'watts-strogatz', k: 5, p: 0.1 }, 100, 1), /watts-strogatz\.k: expected an even integer from 2 to n - 1 = 99, found 5/],
      [() => wattsStrogatz({ kind: 'watts-strogatz', k: 100, p: 0.1 }, 100, 1), /watts-strogatz\.k: expected .*found 100/],
      [() => wattsStrogatz({ kind: 'watts-strogatz', k: 4, p: 1.5 }, 100, 1), /watts-strogatz\.p: expected a probability in \[0, 1\], found 1\.5/],
      [() => erdosRenyi({ kind: 'erdos-renyi', meanDegree: 12 }, 10, 1), /erdos-renyi\.meanDegree: expected a mean degree in \(0, n - 1 = 9\], found 12/],
      [() => barabasiAlbert({ kind: 'barabasi-albert', m: 10 }, 10, 1), /barabasi-albert\.m: expected an integer from 1 to n - 1 = 9, found 10/],
      [() => bipartite({ kind: 'bipartite', degree: 11 }, 5, 10, 1), /bipartite\.degree: expected an integer from 1 to the number of targets \(10\), found 11/],
      [() => bipartite({ kind: 'bipartite', degree: 2, homophily: 0.5 }, 5, 10, 1), /bipartite\.homophily: expected block columns for both populations/],
      [() => sbm({ kind: 'sbm', pIn: 0.1, pOut: 0.1 }, 10, 1), /sbm\.blocks: expected block shares, or a block column/],
      [() => sbm({ kind: 'sbm', degreeIn: 50, degreeOut: 1 }, 10, 1, new Uint8Array(10)), /sbm\.degreeIn: expected a mean degree these blocks can hold \(at most 9\.000\), found 50/],
    ];
    for (const [f, re] of bad) {
      expect(f).toThrow(InputError);
      expect(f).toThrow(re);
    }
  });

  it('throws a RangeError beyond 2^31 - 1 stored targets, before allocating', () => {
    expect(MAX_TARGETS).toBe(2147483647);
    expect(() => erdosRenyi({ kind: 'erdos-renyi', meanDegree: 8 }, 300_000_000, 1)).toThrow(RangeError);
    expect(() => wattsStrogatz({ kind: 'watts-strogatz', k: 10, p: 0 }, 300_000_000, 1)).toThrow(/exceed the CSR limit of 2\^31 - 1/);
    expect(() => bipartite({ kind: 'bipartite', degree: 3 }, 1_000_000_000, 10, 1)).toThrow(RangeError);
    expect(() => barabasiAlbert({ kind: 'barabasi-albert', m: 500 }, 10_000_000, 1)).toThrow(RangeError);
  });

  it('has a zod schema with a described field for every kind, refusing what the generators cannot build', () => {
    const ok = [
      { kind: 'erdos-renyi', meanDegree: 8 }, { kind: 'watts-strogatz', k: 8, p: 0.1 }, { kind: 'barabasi-albert', m: 4 },
      { kind: 'sbm', blocks: [0.5, 0.5], pIn: 0.1, pOut: 0.01 }, { kind: 'sbm', degreeIn: 6, degreeOut: 2 },
      { kind: 'bipartite', degree: 3, homophily: 0.8 }, { kind: COMPLETE },
    ];
    for (const s of ok) expect(NetworkSchema.safeParse(s).success).toBe(true);
    const issue = (s: unknown) => NetworkSchema.safeParse(s).error?.issues[0];
    expect(issue({ kind: 'watts-strogatz', k: 7, p: 0.1 })).toMatchObject({ path: ['k'], code: 'not_multiple_of' });
    expect(issue({ kind: 'erdos-renyi', meanDegree: 0 })?.path).toEqual(['meanDegree']);
    expect(issue({ kind: 'erdos-renyi', meanDegree: 1001 })?.path).toEqual(['meanDegree']);
    expect(issue({ kind: 'erdos-renyi', meanDegree: 8, p: 0.1 })?.code).toBe('unrecognized_keys');
    expect(issue({ kind: 'sbm', pIn: 0.1, degreeOut: 2 })?.message).toBe('either pIn and pOut, or degreeIn and degreeOut');
    expect(issue({ kind: 'sbm', blocks: [0.5, 0.4], pIn: 0.1, pOut: 0.1 })).toMatchObject({ path: ['blocks'], message: 'block shares that sum to 1' });
    expect(issue({ kind: 'lattice' })?.code).toBe('invalid_union');
    for (const option of NetworkSchema.options) {
      for (const [key, field] of Object.entries(option.shape)) {
        if (key !== 'kind' || option.shape.kind.value === COMPLETE) expect((field as { description?: string }).description, key).toBeTruthy();
      }
    }
    expect(isMaterialised({ kind: COMPLETE })).toBe(false);
    expect(isMaterialised({ kind: 'barabasi-albert', m: 2 })).toBe(true);
  });
});

describe('statistics', () => {
  it('degree statistics and clustering of hand-built graphs', () => {
    // A triangle 0-1-2 with a pendant 3 on 0, and an isolated 4: C = 1/3, 1, 1, 0, 0.
    const g = fromEdges(5, [[0, 1], [1, 2], [0, 2], [0, 3]]);
    const d = [3, 2, 2, 1, 0], mean = 8 / 5;
    expect(degreeStats(g)).toEqual({ n: 5, edges: 8, mean, sd: Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / 5), min: 0, max: 3, isolated: 1 });
    expect([0, 1, 2, 3, 4].map((v) => localClustering(g, v))).toEqual([1 / 3, 1, 1, 0, 0]);
    expect(clustering(g)).toBeCloseTo((1 / 3 + 2) / 5, 15);
    const k5 = fromEdges(5, [[0, 1], [0, 2], [0, 3], [0, 4], [1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]]);
    expect(clustering(k5)).toBe(1);
    const star = fromEdges(6, [[0, 1], [0, 2], [0, 3], [0, 4], [0, 5]]);
    expect(clustering(star)).toBe(0);
    // A hub row much longer than its neighbours' takes the binary-search branch: the same count.
    const wheel = fromEdges(41, [...Array(40).keys()].flatMap((i): [number, number][] => [[40, i], [i, (i + 1) % 40]]));
    expect(localClustering(wheel, 40)).toBeCloseTo(40 / ((40 * 39) / 2), 15);
    expect(localClustering(wheel, 0)).toBeCloseTo(2 / 3, 15);
    expect(() => clustering(bipartite({ kind: 'bipartite', degree: 1 }, 4, 3, 1))).toThrow(RangeError);
  });

  it('estimates clustering from a sample of nodes within its standard error', () => {
    const g = wattsStrogatz({ kind: 'watts-strogatz', k: 8, p: 0.2 }, 50_000, SEED);
    let s = 0, ss = 0;
    for (let v = 0; v < g.n; v++) { const x = localClustering(g, v); s += x; ss += x * x; }
    const exact = s / g.n, sdv = Math.sqrt(ss / g.n - exact * exact), size = 5000;
    const est = clustering(g, size, 7);
    note('clustering sample', est, 'exact', exact, 'se', sdv / Math.sqrt(size));
    // Sampling with replacement: the estimate has sd sd(C_v)/sqrt(5000) about the exact mean.
    expect(Math.abs(est - exact)).toBeLessThan(Z_ALPHA * sdv / Math.sqrt(size));
    expect(clustering(g, size, 7)).toBe(est);
    expect(clustering(g, size, 8)).not.toBe(est);
  });
});
