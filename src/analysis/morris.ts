/**
 * Morris' elementary-effects screening (Morris 1991, Technometrics 33:161-174) with the μ*
 * measure of Campolongo, Cariboni & Saltelli (2007, Environ. Model. Softw. 22:1509-1518),
 * laid out and computed as SALib's `morris.sample` (without optimal trajectory selection) and
 * `morris.analyze` (without groups).
 */
import { categoriesOf, problemDimension, scaleRow, type Problem } from './sobol.js';
import { AnalysisSubstream, analysisRng, checkConfidence, zForConfidence } from './stats.js';

/** The Morris step on the unit grid of p levels: Δ = p / (2(p − 1)) (Morris 1991). */
export function morrisDelta(levels: number): number {
  return levels / (2 * (levels - 1));
}

function checkLevels(levels: number): void {
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) {
    throw new RangeError(`levels must be an even integer ≥ 2, got ${levels}`);
  }
}

/** Options of {@link sampleMorris}. */
export interface SampleMorrisOptions {
  /** Number p of grid levels, even (default 4). */
  levels?: number;
  /** Seed of the counter RNG (default 0). */
  seed?: number;
}

/**
 * One random trajectory on the unit grid, as Morris' B* = J x* + (Δ/2)[(2B − J)D* + J] P*
 * (SALib `_generate_trajectory` without groups): a base point x* drawn uniformly from the
 * lower half of the grid {0, 1/(p−1), …, 1 − Δ}, a random direction d_i = ±1 per factor and a
 * random order in which factors move. Factor i starts at x*_i (d_i = +1) or x*_i + Δ
 * (d_i = −1) and, at its turn, moves by +Δ or −Δ respectively; every other coordinate is
 * copied unchanged from the previous point.
 */
function trajectory(d: number, levels: number, draw: () => number): number[][] {
  const delta = morrisDelta(levels);
  const half = levels / 2;
  const start = Array.from({ length: d }, () => Math.floor(draw() * half) / (levels - 1));
  const direction = Array.from({ length: d }, () => (draw() < 0.5 ? -1 : 1));
  const order = Array.from({ length: d }, (_, i) => i);
  for (let i = d - 1; i > 0; i--) {
    const j = Math.floor(draw() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const point = start.map((x, i) => (direction[i] === 1 ? x : x + delta));
  const rows = [point.slice()];
  for (const i of order) {
    point[i] = direction[i] === 1 ? start[i]! + delta : start[i]!;
    rows.push(point.slice());
  }
  return rows;
}

/**
 * A trajectory point onto the problem ({@link scaleRow}); a categorical factor's level index
 * ⌊u·m⌋ is computed from the point's grid index g (u = g/(p−1)) in integers, ⌊g·m/(p−1)⌋, so
 * that rounding in u never moves a point that sits on a level boundary.
 */
function scaleGridRow(unit: readonly number[], problem: Problem, levels: number): number[] {
  const row = scaleRow(unit, problem);
  for (let j = 0; j < row.length; j++) {
    const m = categoriesOf(problem, j);
    if (m === null) continue;
    const g = Math.round(unit[j]! * (levels - 1));
    row[j] = Math.min(m - 1, Math.floor((g * m) / (levels - 1)));
  }
  return row;
}

/**
 * Morris design: `trajectories` (r) independent trajectories of D + 1 points each, stacked in
 * order (rows t·(D+1) … t·(D+1)+D belong to trajectory t), r·(D+1) rows in all. Consecutive
 * points of a trajectory differ in exactly one coordinate, by ±Δ·(upper − lower) with
 * Δ = p/(2(p−1)). Points lie on the p-level grid scaled to the problem's bounds.
 *
 * A categorical factor of m levels (`problem.categories`) takes the level index ⌊u·m⌋ (clipped
 * to m − 1) of its grid coordinate u. Since Δ > 1/2, every step of a trajectory changes that
 * index by at least one level (⌊(u+Δ)·m⌋ − ⌊u·m⌋ ≥ ⌊Δ·m⌋ ≥ 1 for m ≥ 2, and at u + Δ = 1 the
 * clipped index m − 1 still exceeds ⌊u·m⌋ since u < 1/2), so the moved factor is always found
 * by comparing the indices.
 */
export function sampleMorris(problem: Problem, trajectories: number, options: SampleMorrisOptions = {}): number[][] {
  const { levels = 4, seed = 0 } = options;
  const d = problemDimension(problem);
  checkLevels(levels);
  if (!Number.isInteger(trajectories) || trajectories < 1) {
    throw new RangeError(`trajectories must be a positive integer, got ${trajectories}`);
  }
  const rng = analysisRng(seed, AnalysisSubstream.morrisSample);
  const draw = (): number => rng.next();
  const rows: number[][] = [];
  for (let t = 0; t < trajectories; t++) {
    for (const unit of trajectory(d, levels, draw)) rows.push(scaleGridRow(unit, problem, levels));
  }
  return rows;
}

/** Options of {@link analyzeMorris}. */
export interface AnalyzeMorrisOptions {
  /** Bootstrap resamples for mu_star_conf (default 1000). */
  resamples?: number;
  /** Confidence level of mu_star_conf (default 0.95). */
  confidence?: number;
  /** Seed of the bootstrap (default 0). */
  seed?: number;
  /** Number of grid levels used when sampling (default 4); sets Δ. */
  levels?: number;
}

/** Morris screening measures, in the problem's parameter order. */
export interface MorrisIndices {
  /** Mean elementary effect. */
  mu: number[];
  /** Mean absolute elementary effect (Campolongo et al. 2007). */
  mu_star: number[];
  /** Standard deviation (ddof = 1) of the elementary effects. */
  sigma: number[];
  /** Bootstrap half-width of mu_star: z · std(ddof = 1) of resampled mu_star. */
  mu_star_conf: number[];
  /** The elementary effects, effects[i][t] for factor i on trajectory t. */
  effects: number[][];
}

/**
 * Elementary effects of every factor on every trajectory, as SALib computes them: on each
 * step of a trajectory the coordinate that changed is found by exact comparison; the effect
 * is (f(x with factor high) − f(x with factor low)) / Δ — i.e. (y_{k+1} − y_k)/Δ when the
 * factor went up and (y_k − y_{k+1})/Δ when it went down — with Δ the unit-grid step, so
 * that for f = Σ c_i x_i the effect is c_i·(upper_i − lower_i).
 *
 * A categorical factor (`categories[i]` a number of levels; x holds its level index) has its
 * effect per level step: (f(higher index) − f(lower index)) / |Δindex|, so that for
 * f = c·index the effect is c, and for a two-level factor it is the change of the output when
 * the factor switches from its first level to its second.
 */
export function elementaryEffects(
  x: readonly (readonly number[])[],
  y: ArrayLike<number>,
  d: number,
  delta: number,
  categories?: ReadonlyArray<number | null>,
): number[][] {
  const size = d + 1;
  if (x.length !== y.length) throw new RangeError(`X has ${x.length} rows but Y has ${y.length} values`);
  if (x.length === 0 || x.length % size !== 0) {
    throw new RangeError(`the number of rows (${x.length}) is not a multiple of D + 1 = ${size}`);
  }
  const r = x.length / size;
  const effects = Array.from({ length: d }, () => new Array<number>(r).fill(Number.NaN));
  for (let t = 0; t < r; t++) {
    for (let k = 0; k < d; k++) {
      const row = t * size + k;
      const before = x[row]!;
      const after = x[row + 1]!;
      const moved: number[] = [];
      for (let i = 0; i < d; i++) if (after[i] !== before[i]) moved.push(i);
      if (moved.length !== 1) {
        throw new RangeError(`trajectory ${t}, step ${k}: ${moved.length} coordinates changed, expected exactly one`);
      }
      const i = moved[0]!;
      if (!Number.isNaN(effects[i]![t]!)) throw new RangeError(`trajectory ${t} moves factor ${i} twice`);
      const dy = y[row + 1]! - y[row]!;
      const step = categories?.[i] != null ? Math.abs(after[i]! - before[i]!) : delta;
      effects[i]![t] = (after[i]! > before[i]! ? dy : -dy) / step;
    }
  }
  return effects;
}

/** Mean of an array. */
function meanOf(v: readonly number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length;
}

/** Standard deviation with ddof = 1 (NaN for a single value, as numpy). */
function sampleStd(v: ArrayLike<number>): number {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i]!;
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i]! - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Morris measures from a {@link sampleMorris} design X and its outputs Y, as SALib's
 * `morris.analyze`: mu = mean(EE), mu_star = mean(|EE|), sigma = std(EE, ddof = 1) over the r
 * trajectories, and mu_star_conf = z · std(ddof = 1) of mu_star over `resamples` bootstrap
 * resamples (with replacement) of each factor's r effects, z = Φ⁻¹(0.5 + confidence/2).
 * A categorical factor's column of X holds its level index (as {@link sampleMorris} lays it
 * out) and its effects are per level step.
 */
export function analyzeMorris(
  problem: Problem,
  x: readonly (readonly number[])[],
  y: ArrayLike<number>,
  options: AnalyzeMorrisOptions = {},
): MorrisIndices {
  const { resamples = 1000, confidence = 0.95, seed = 0, levels = 4 } = options;
  const d = problemDimension(problem);
  checkLevels(levels);
  checkConfidence(confidence);
  if (!Number.isInteger(resamples) || resamples < 2) throw new RangeError('resamples must be an integer ≥ 2');
  const effects = elementaryEffects(x, y, d, morrisDelta(levels), problem.categories?.map((_, i) => categoriesOf(problem, i)));
  const z = zForConfidence(confidence);
  const rng = analysisRng(seed, AnalysisSubstream.morrisBootstrap);
  const mu_star_conf = effects.map((ee) => {
    const r = ee.length;
    const reps = new Float64Array(resamples);
    for (let b = 0; b < resamples; b++) {
      let s = 0;
      for (let i = 0; i < r; i++) s += Math.abs(ee[rng.int(r)]!);
      reps[b] = s / r;
    }
    return z * sampleStd(reps);
  });
  return {
    mu: effects.map(meanOf),
    mu_star: effects.map((ee) => meanOf(ee.map(Math.abs))),
    sigma: effects.map(sampleStd),
    mu_star_conf,
    effects,
  };
}
