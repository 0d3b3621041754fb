/**
 * Hypothesis tests on two samples or a contingency table, for comparing arms of simulation
 * experiments: the Mann–Whitney U test (rank-sum, normal approximation with the tie correction
 * and a continuity correction, as scipy.stats.mannwhitneyu with method="asymptotic" computes it)
 * and Pearson's chi-square test of homogeneity (as scipy.stats.chi2_contingency with
 * correction=False).
 */
import { chiSquareSf } from './special.js';
import { normalSf } from './stats.js';

export interface MannWhitneyResult {
  /** U of the first sample: the number of pairs (x, y) with x > y, ties counting ½ */
  u: number;
  z: number;
  /** one-sided p for "the first sample tends to be larger" */
  pGreater: number;
  /** one-sided p for "the first sample tends to be smaller" */
  pLess: number;
  /** two-sided p */
  p: number;
}

/** Mann–Whitney U test of x against y (normal approximation, tie and continuity corrections). */
export function mannWhitney(x: ArrayLike<number>, y: ArrayLike<number>): MannWhitneyResult {
  const n1 = x.length, n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitney: both samples must be non-empty');
  const all: Array<[number, number]> = [];
  for (let i = 0; i < n1; i++) all.push([x[i]!, 0]);
  for (let i = 0; i < n2; i++) all.push([y[i]!, 1]);
  for (const [v] of all) if (!Number.isFinite(v)) throw new RangeError('mannWhitney: values must be finite');
  all.sort((a, b) => a[0] - b[0]);
  const n = n1 + n2;
  let r1 = 0, ties = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]![0] === all[i]![0]) j++;
    const rank = (i + j) / 2 + 1, t = j - i + 1;
    ties += t * t * t - t;
    for (let k = i; k <= j; k++) if (all[k]![1] === 0) r1 += rank;
    i = j + 1;
  }
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1))));
  if (sigma === 0) return { u, z: 0, pGreater: 1, pLess: 1, p: 1 };
  const zg = (u - mu - 0.5) / sigma, zl = (u - mu + 0.5) / sigma;
  const pGreater = normalSf(zg), pLess = normalSf(-zl);
  return { u, z: (u - mu) / sigma, pGreater, pLess, p: Math.min(1, 2 * Math.min(pGreater, pLess)) };
}

export interface ChiSquareResult { statistic: number; df: number; p: number; expected: number[][] }

/**
 * Pearson's chi-square test of homogeneity of the rows of a contingency table (counts), without
 * continuity correction. Columns whose total is 0 are dropped (they carry no information).
 */
export function chiSquareHomogeneity(table: ReadonlyArray<ReadonlyArray<number>>): ChiSquareResult {
  const rows = table.length;
  if (rows < 2) throw new RangeError('chiSquareHomogeneity: at least two rows');
  const cols = table[0]!.length;
  const colSum = Array.from({ length: cols }, (_, j) => table.reduce((s, r) => s + r[j]!, 0));
  const keep = colSum.map((c, j) => (c > 0 ? j : -1)).filter((j) => j >= 0);
  const rowSum = table.map((r) => keep.reduce((s, j) => s + r[j]!, 0));
  const total = rowSum.reduce((a, b) => a + b, 0);
  let stat = 0;
  const expected = table.map((r, i) => keep.map((j) => {
    const e = (rowSum[i]! * colSum[j]!) / total;
    stat += e > 0 ? (r[j]! - e) ** 2 / e : 0;
    return e;
  }));
  const df = (rows - 1) * (keep.length - 1);
  return { statistic: stat, df, p: df > 0 ? chiSquareSf(stat, df) : 1, expected };
}
