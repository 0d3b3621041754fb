/**
 * Variance-based (Sobol') sensitivity analysis: Saltelli's sampling scheme and the estimators
 * of first-order, total and second-order indices, laid out and computed as SALib does
 * (`SALib.sample.sobol.sample` / `saltelli.sample` and `SALib.analyze.sobol.analyze`), so that
 * a design or a result can be compared with SALib's one for one.
 *
 * References:
 *  - Sobol' (2001), Math. Comput. Simul. 55:271-280.
 *  - Saltelli (2002), "Making best use of model evaluations to compute sensitivity indices",
 *    Comput. Phys. Commun. 145:280-297 (second-order estimator).
 *  - Saltelli, Annoni, Azzini, Campolongo, Ratto & Tarantola (2010), "Variance based
 *    sensitivity analysis of model output. Design and estimator for the total sensitivity
 *    index", Comput. Phys. Commun. 181:259-270 (first-order estimator, table 2 (b); total
 *    index by Jansen 1999, table 2 (f)).
 */
import { sobolSequence, type SobolScramble } from './sobol-sequence.js';
import { AnalysisSubstream, analysisRng, checkConfidence, zForConfidence } from './stats.js';

/**
 * A sensitivity-analysis problem: parameter names and their [lower, upper] bounds, and which
 * factors are categorical.
 *
 * `categories[j] = m` (an integer ≥ 2) makes factor j categorical with m levels, mapped onto
 * the unit interval by index: the sampled value is the level index k = ⌊u·m⌋, clipped to
 * m − 1, of the factor's unit-cube coordinate u, so that each level takes 1/m of the interval
 * and the design stays a unit-cube design (the samplers' balance properties hold for u). Its
 * bounds are not used. The index is an ordering the analysis imposes on the levels: Sobol'
 * indices of a categorical factor are still shares of the output variance (they use only the
 * outputs); Morris' elementary effect of a categorical factor is per level step (the change of
 * the output divided by the change of the index; see {@link elementaryEffects}). `null` (or no
 * `categories`): a numeric range.
 */
export interface Problem {
  names: string[];
  bounds: [number, number][];
  categories?: ReadonlyArray<number | null>;
}

/** The level index of unit coordinate u for a categorical factor of m levels: ⌊u·m⌋ clipped to [0, m − 1]. */
export function unitToLevel(u: number, m: number): number {
  return Math.min(m - 1, Math.max(0, Math.floor(u * m)));
}

/** The number of levels of factor j when it is categorical, else null. */
export function categoriesOf(problem: Problem, j: number): number | null {
  return problem.categories?.[j] ?? null;
}

/** Checks a problem and returns its dimension D. */
export function problemDimension(problem: Problem): number {
  const d = problem.names.length;
  if (d < 1) throw new RangeError('a problem needs at least one parameter');
  if (problem.bounds.length !== d) {
    throw new RangeError(`problem has ${d} names but ${problem.bounds.length} bounds`);
  }
  if (problem.categories !== undefined && problem.categories.length !== d) {
    throw new RangeError(`problem has ${d} names but ${problem.categories.length} categories`);
  }
  problem.bounds.forEach(([lo, hi], i) => {
    const m = categoriesOf(problem, i);
    if (m !== null) {
      if (!Number.isInteger(m) || m < 2) throw new RangeError(`categories of ${problem.names[i]} must be an integer ≥ 2 (the number of levels), got ${m}`);
      return;
    }
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new RangeError(`bounds of ${problem.names[i]} must be finite with lower < upper, got [${lo}, ${hi}]`);
    }
  });
  return d;
}

/**
 * Maps a row of unit-cube coordinates onto the problem: lo + u·(hi − lo) for a numeric factor,
 * the level index {@link unitToLevel}(u, m) for a categorical one.
 */
export function scaleRow(unit: readonly number[], problem: Problem): number[] {
  return unit.map((u, j) => {
    const m = categoriesOf(problem, j);
    if (m !== null) return unitToLevel(u, m);
    const [lo, hi] = problem.bounds[j]!;
    return lo + u * (hi - lo);
  });
}

/** Options of {@link sampleSobol}. */
export interface SampleSobolOptions {
  /** Also lay out the BA_i rows needed for second-order indices (default true). */
  secondOrder?: boolean;
  /** Seed of the scramble (default 0). */
  seed?: number;
  /** Scramble the base Sobol' sequence (default false; see `sobolSequence`). */
  scramble?: SobolScramble;
  /** Leading points of the base sequence to skip (default 0). */
  skip?: number;
}

/**
 * Saltelli's cross-sampled design (Saltelli 2002; 2010), row for row as SALib lays it out.
 *
 * A base Sobol' sequence of n points in 2D dimensions is drawn; for base point i, A_i is its
 * first D coordinates and B_i its last D. The rows for point i are, in this order:
 *
 *   A_i, AB_i^(1) … AB_i^(D), [BA_i^(1) … BA_i^(D)], B_i
 *
 * where AB^(j) is A with column j taken from B, and BA^(j) is B with column j taken from A
 * (present only when `secondOrder`). That is n·(D+2) rows, or n·(2D+2) with second order;
 * block i starts at row i·(D+2) (resp. i·(2D+2)). Rows are scaled to the problem's bounds
 * (a categorical factor's column holds its level index: {@link scaleRow}).
 * n should be a power of two for the sequence's balance properties.
 */
export function sampleSobol(problem: Problem, n: number, options: SampleSobolOptions = {}): number[][] {
  const { secondOrder = true, seed = 0, scramble = false, skip = 0 } = options;
  const d = problemDimension(problem);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  const base = sobolSequence(n, 2 * d, { skip, scramble, seed });
  const rows: number[][] = [];
  for (const point of base) {
    const a = point.slice(0, d);
    const b = point.slice(d);
    rows.push(scaleRow(a, problem));
    for (let j = 0; j < d; j++) rows.push(scaleRow(a.map((v, k) => (k === j ? b[j]! : v)), problem));
    if (secondOrder) {
      for (let j = 0; j < d; j++) rows.push(scaleRow(b.map((v, k) => (k === j ? a[j]! : v)), problem));
    }
    rows.push(scaleRow(b, problem));
  }
  return rows;
}

/** Options of {@link analyzeSobol}. */
export interface AnalyzeSobolOptions {
  /** Y holds the BA_i rows and second-order indices are wanted (default true). */
  secondOrder?: boolean;
  /** Bootstrap resamples for the confidence half-widths (default 1000; 0 gives NaN widths). */
  resamples?: number;
  /** Confidence level of the half-widths (default 0.95). */
  confidence?: number;
  /** Seed of the bootstrap (default 0). */
  seed?: number;
}

/** Sobol' indices with bootstrap confidence half-widths, in the problem's parameter order. */
export interface SobolIndices {
  S1: number[];
  S1_conf: number[];
  ST: number[];
  ST_conf: number[];
  /**
   * Second-order indices as a D×D matrix: S2[j][k] for j < k; the diagonal and the lower
   * triangle are NaN, as in SALib. Present only with `secondOrder`.
   */
  S2?: number[][];
  S2_conf?: number[][];
}

/** The output columns of a Saltelli design, split per base point (after normalising Y). */
interface SaltelliColumns {
  n: number;
  d: number;
  a: Float64Array;
  b: Float64Array;
  /** ab[j] holds f(AB^(j)) for every base point. */
  ab: Float64Array[];
  /** ba[j] holds f(BA^(j)); empty without second order. */
  ba: Float64Array[];
}

/**
 * Splits Y into f(A), f(B), f(AB^(j)), f(BA^(j)) following the row order of
 * {@link sampleSobol}, after normalising Y to zero mean and unit (population) standard
 * deviation as SALib does — which leaves every index unchanged in exact arithmetic but keeps
 * sums well-conditioned.
 */
function splitOutputs(y: ArrayLike<number>, d: number, secondOrder: boolean): SaltelliColumns {
  const step = secondOrder ? 2 * d + 2 : d + 2;
  if (y.length === 0 || y.length % step !== 0) {
    throw new RangeError(
      `Y has ${y.length} values, not a multiple of ${step} = ${secondOrder ? '2D+2' : 'D+2'}; ` +
        'check that secondOrder matches the option used when sampling',
    );
  }
  const n = y.length / step;
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += y[i]!;
  const m = sum / y.length;
  let ss = 0;
  for (let i = 0; i < y.length; i++) ss += (y[i]! - m) ** 2;
  const sd = Math.sqrt(ss / y.length);
  const z = (i: number): number => (y[i]! - m) / sd;

  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const ab = Array.from({ length: d }, () => new Float64Array(n));
  const ba = secondOrder ? Array.from({ length: d }, () => new Float64Array(n)) : [];
  for (let i = 0; i < n; i++) {
    const o = i * step;
    a[i] = z(o);
    b[i] = z(o + step - 1);
    for (let j = 0; j < d; j++) {
      ab[j]![i] = z(o + 1 + j);
      if (secondOrder) ba[j]![i] = z(o + 1 + d + j);
    }
  }
  return { n, d, a, b, ab, ba };
}

/** All indices computed on one (re)sample of base points. */
interface IndexEstimates {
  s1: Float64Array;
  st: Float64Array;
  /** s2[j·d + k] for j < k (NaN elsewhere); empty without second order. */
  s2: Float64Array;
}

/**
 * The SALib estimators on the base points listed in `idx` (all points, or a bootstrap
 * resample), in one pass over the data:
 *
 *   Var  = var([f_A, f_B])                               (population variance of 2n values)
 *   S1_j = mean(f_B · (f_ABj − f_A)) / Var               (Saltelli et al. 2010)
 *   ST_j = ½ mean((f_A − f_ABj)²) / Var                  (Jansen 1999; Saltelli et al. 2010)
 *   S2_jk = mean(f_BAj · f_ABk − f_A · f_B) / Var − S1_j − S1_k   (Saltelli 2002, as SALib)
 */
function estimate(cols: SaltelliColumns, idx: ArrayLike<number>, secondOrder: boolean): IndexEstimates {
  const { d, a, b, ab, ba } = cols;
  const n = idx.length;
  let sumAB = 0;
  let sumSq = 0;
  let sumAtimesB = 0;
  const first = new Float64Array(d);
  const total = new Float64Array(d);
  const cross = new Float64Array(secondOrder ? d * d : 0);
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < n; t++) {
    const i = idx[t]!;
    const fa = a[i]!;
    const fb = b[i]!;
    lo = Math.min(lo, fa, fb);
    hi = Math.max(hi, fa, fb);
    sumAB += fa + fb;
    sumSq += fa * fa + fb * fb;
    sumAtimesB += fa * fb;
    for (let j = 0; j < d; j++) {
      const fab = ab[j]![i]!;
      first[j] += fb * (fab - fa);
      total[j] += (fa - fab) * (fa - fab);
      if (secondOrder) {
        const fba = ba[j]![i]!;
        for (let k = j + 1; k < d; k++) cross[j * d + k] += fba * ab[k]![i]!;
      }
    }
  }
  const m = sumAB / (2 * n);
  // constant f_A and f_B (a resample of a nearly constant output): Var is 0 and the indices are
  // undefined; the one-pass formula would leave rounding error there and divide by it
  const v = lo === hi ? Number.NaN : sumSq / (2 * n) - m * m;
  const s1 = first.map((s) => s / n / v);
  const st = total.map((s) => (0.5 * s) / n / v);
  const s2 = new Float64Array(secondOrder ? d * d : 0).fill(Number.NaN);
  if (secondOrder) {
    for (let j = 0; j < d; j++) {
      for (let k = j + 1; k < d; k++) {
        s2[j * d + k] = (cross[j * d + k]! - sumAtimesB) / n / v - s1[j]! - s1[k]!;
      }
    }
  }
  return { s1, st, s2 };
}

/**
 * Sample standard deviation (ddof = 1) of each column of a resamples × width matrix, over the
 * resamples where the estimate is defined (NaN where fewer than two are).
 */
function columnStd(reps: Float64Array[], width: number): Float64Array {
  const out = new Float64Array(width);
  for (let c = 0; c < width; c++) {
    let m = 0;
    let r = 0;
    for (const rep of reps) if (Number.isFinite(rep[c]!)) { m += rep[c]!; r++; }
    if (r < 2) { out[c] = Number.NaN; continue; }
    m /= r;
    let ss = 0;
    for (const rep of reps) if (Number.isFinite(rep[c]!)) ss += (rep[c]! - m) ** 2;
    out[c] = Math.sqrt(ss / (r - 1));
  }
  return out;
}

/** Reshapes a flat d×d array into rows. */
function toMatrix(flat: Float64Array, d: number): number[][] {
  return Array.from({ length: d }, (_, j) => Array.from(flat.subarray(j * d, (j + 1) * d)));
}

/**
 * Sobol' sensitivity indices from the outputs Y of a {@link sampleSobol} design, computed as
 * SALib's `sobol.analyze`: Y is normalised, split by the Saltelli row order, and the indices
 * are the estimators documented on `estimate` (S1: Saltelli 2010; ST: Jansen; S2: Saltelli
 * 2002 form, `second_order` in SALib). Confidence half-widths follow SALib: the n base points
 * are resampled with replacement `resamples` times (one index draw shared by all indices), the
 * estimators recomputed, and conf = z · std(ddof = 1) of the replicates with
 * z = Φ⁻¹(0.5 + confidence/2), over the resamples whose outputs are not constant (a resample
 * of a nearly constant Y may draw only equal values: its indices are undefined, not huge). A
 * constant Y gives NaN indices.
 */
export function analyzeSobol(problem: Problem, y: ArrayLike<number>, options: AnalyzeSobolOptions = {}): SobolIndices {
  const { secondOrder = true, resamples = 1000, confidence = 0.95, seed = 0 } = options;
  const d = problemDimension(problem);
  checkConfidence(confidence);
  if (!Number.isInteger(resamples) || resamples < 0 || resamples === 1) {
    throw new RangeError(`resamples must be 0 or an integer ≥ 2, got ${resamples}`);
  }
  const cols = splitOutputs(y, d, secondOrder);
  const n = cols.n;
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const point = estimate(cols, all, secondOrder);

  let s1Conf = new Float64Array(d).fill(Number.NaN);
  let stConf = new Float64Array(d).fill(Number.NaN);
  let s2Conf = new Float64Array(secondOrder ? d * d : 0).fill(Number.NaN);
  if (resamples > 0) {
    const rng = analysisRng(seed, AnalysisSubstream.sobolBootstrap);
    const idx = new Uint32Array(n);
    const reps: IndexEstimates[] = [];
    for (let r = 0; r < resamples; r++) {
      for (let i = 0; i < n; i++) idx[i] = rng.int(n);
      reps.push(estimate(cols, idx, secondOrder));
    }
    const z = zForConfidence(confidence);
    s1Conf = columnStd(reps.map((e) => e.s1), d).map((s) => z * s);
    stConf = columnStd(reps.map((e) => e.st), d).map((s) => z * s);
    if (secondOrder) {
      const sd = columnStd(reps.map((e) => e.s2), d * d);
      s2Conf = sd.map((s, c) => (Math.floor(c / d) < c % d ? z * s : Number.NaN));
    }
  }

  const result: SobolIndices = {
    S1: Array.from(point.s1),
    S1_conf: Array.from(s1Conf),
    ST: Array.from(point.st),
    ST_conf: Array.from(stConf),
  };
  if (secondOrder) {
    result.S2 = toMatrix(point.s2, d);
    result.S2_conf = toMatrix(s2Conf, d);
  }
  return result;
}
