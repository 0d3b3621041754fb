/**
 * PRIM — the Patient Rule Induction Method (Friedman & Fisher 1999, "Bump hunting in
 * high-dimensional data", Stat. Comput. 9:123-143) for scenario discovery (Bryant & Lempert
 * 2010, Technol. Forecast. Soc. Change 77:34-49), following the EMA Workbench's
 * implementation (`ema_workbench/analysis/prim.py`) for continuous inputs and a binary
 * outcome:
 *
 *  - the initial box spans each input's observed [min, max];
 *  - **peeling**: every input offers two candidate peels, removing the points below its
 *    `peelAlpha` quantile or above its 1 − `peelAlpha` quantile (EMA's sdtoolkit-style
 *    quantile, {@link primQuantile}); candidates are scored with EMA's default "lenient1"
 *    objective — gain in density divided by the number of points removed — ties going to the
 *    candidate leaving fewer inputs restricted; the best is taken while its mass stays ≥
 *    `minMass`, it is smaller than the current box and the objective is positive;
 *  - **pasting**: from the last peeled box, each restricted limit may be widened to the
 *    `pasteAlpha` quantile of the points in the strip just outside it; the best widening (same
 *    objective) is taken while it adds points and raises the density;
 *  - every accepted box is a step of the peeling-and-pasting trajectory.
 *
 * The chosen box is the step with the highest density (all steps meet `minMass`); ties go to
 * the higher coverage, then to fewer restricted inputs, then to the earlier step. One box is
 * found (EMA's first `find_box`); to look for further boxes, remove the points it covers and
 * run again.
 */
import { binomialTest } from './stats.js';

/** Options of {@link prim}. */
export interface PrimOptions {
  /** Input names, one per column of X (default x0, x1, …). */
  names?: string[];
  /**
   * Classifies a numeric y into cases of interest: y ≥ threshold with thresholdType 'above'
   * (default), y ≤ threshold with 'below'. Not needed for boolean y or for y holding only 0
   * and 1 (then the cases of interest are the 1s).
   */
  threshold?: number;
  thresholdType?: 'above' | 'below';
  /** Fraction of the box's points removed by one peel (default 0.05). */
  peelAlpha?: number;
  /** Quantile used to widen a limit while pasting (default 0.05). */
  pasteAlpha?: number;
  /** Smallest mass (fraction of all points) a box may have (default 0.05). */
  minMass?: number;
  /** Run the pasting phase (default true). */
  paste?: boolean;
}

/** One box on the peeling-and-pasting trajectory. */
export interface PrimStep {
  /** Position on the trajectory (0 is the initial box). */
  index: number;
  phase: 'initial' | 'peel' | 'paste';
  /** [lower, upper] per input, in column order; points on a limit are inside. */
  limits: [number, number][];
  /** Names of the inputs whose limits differ from the initial box. */
  restricted: string[];
  /** Cases of interest in the box / cases of interest in the data. */
  coverage: number;
  /** Cases of interest in the box / points in the box. */
  density: number;
  /** Points in the box / all points. */
  mass: number;
  /** Points in the box. */
  n: number;
  /** Cases of interest in the box. */
  coi: number;
}

/** The chosen box, with its quasi-p values. */
export interface PrimBox extends PrimStep {
  /**
   * Quasi-p value of each restricted limit (Bryant & Lempert 2010, as EMA computes it): the
   * one-sided binomial probability of at least this box's cases of interest among its points
   * if they were drawn at the density of the box with that one limit released. [lower, upper]
   * per input, NaN where the limit is not restricted.
   */
  qp: [number, number][];
}

/** Result of {@link prim}. */
export interface PrimResult {
  trajectory: PrimStep[];
  box: PrimBox;
  names: string[];
  /** Total cases of interest in the data. */
  totalCoi: number;
}

/**
 * The quantile used by EMA's PRIM (modelled on sdtoolkit): at position h = (n − 1)q of the
 * sorted data, the midpoint between the two order statistics around h, widening over ties
 * (downwards for q > 0.5, upwards otherwise) so that the limit falls between distinct values.
 */
export function primQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  let lo = Math.floor(h);
  let hi = Math.ceil(h);
  if (q > 0.5) {
    while (sorted[lo] === sorted[hi] && lo > 0) lo--;
  } else {
    while (sorted[lo] === sorted[hi] && hi < n - 1) hi++;
  }
  return (sorted[lo]! + sorted[hi]!) / 2;
}

/** Internal state shared by the phases. */
interface PrimData {
  columns: Float64Array[];
  interest: Uint8Array;
  n: number;
  d: number;
  names: string[];
  init: [number, number][];
  totalCoi: number;
  minMass: number;
}

/** A candidate box: its limits and the indices of the points inside. */
interface Candidate {
  limits: [number, number][];
  inside: Uint32Array;
}

function coiOf(data: PrimData, inside: ArrayLike<number>): number {
  let c = 0;
  for (let t = 0; t < inside.length; t++) c += data.interest[inside[t]!]!;
  return c;
}

function restrictedOf(data: PrimData, limits: [number, number][]): number[] {
  const out: number[] = [];
  limits.forEach(([lo, hi], j) => {
    if (lo !== data.init[j]![0] || hi !== data.init[j]![1]) out.push(j);
  });
  return out;
}

/** Points of `pool` inside `limits` (inclusive on both sides). */
function inBox(data: PrimData, pool: ArrayLike<number>, limits: [number, number][]): Uint32Array {
  const out: number[] = [];
  for (let t = 0; t < pool.length; t++) {
    const i = pool[t]!;
    let ok = true;
    for (let j = 0; j < data.d && ok; j++) {
      const v = data.columns[j]![i]!;
      ok = v >= limits[j]![0] && v <= limits[j]![1];
    }
    if (ok) out.push(i);
  }
  return Uint32Array.from(out);
}

/**
 * EMA's "lenient1" objective: (mean_new − mean_old) / |n_new − n_old|, 0 when the means are
 * equal; the mean of the binary outcome is the box's density (an empty box has mean 0).
 */
function lenient1(data: PrimData, old: ArrayLike<number>, next: ArrayLike<number>): number {
  const meanOld = coiOf(data, old) / old.length;
  const meanNew = next.length > 0 ? coiOf(data, next) / next.length : 0;
  if (meanOld === meanNew || old.length === next.length) return 0;
  return (meanNew - meanOld) / Math.abs(next.length - old.length);
}

function makeStep(data: PrimData, index: number, phase: PrimStep['phase'], c: Candidate): PrimStep {
  const coi = coiOf(data, c.inside);
  return {
    index,
    phase,
    limits: c.limits.map(([lo, hi]) => [lo, hi] as [number, number]),
    restricted: restrictedOf(data, c.limits).map((j) => data.names[j]!),
    coverage: data.totalCoi > 0 ? coi / data.totalCoi : Number.NaN,
    density: c.inside.length > 0 ? coi / c.inside.length : Number.NaN,
    mass: c.inside.length / data.n,
    n: c.inside.length,
    coi,
  };
}

/** Picks the best candidate by (objective, unrestricted inputs), first one on ties. */
function best(data: PrimData, current: Candidate, candidates: Candidate[]): { c: Candidate; obj: number } | undefined {
  let top: { c: Candidate; obj: number; free: number } | undefined;
  for (const c of candidates) {
    const obj = lenient1(data, current.inside, c.inside);
    const free = data.d - restrictedOf(data, c.limits).length;
    if (!top || obj > top.obj || (obj === top.obj && free > top.free)) top = { c, obj, free };
  }
  return top;
}

/** The two candidate peels (upper, then lower) of every input. */
function peels(data: PrimData, box: Candidate, peelAlpha: number): Candidate[] {
  const out: Candidate[] = [];
  for (let j = 0; j < data.d; j++) {
    const col = data.columns[j]!;
    const values = Float64Array.from(box.inside, (i) => col[i]!).sort();
    for (const side of ['upper', 'lower'] as const) {
      const q = primQuantile(values, side === 'upper' ? 1 - peelAlpha : peelAlpha);
      const inside = box.inside.filter((i) => (side === 'upper' ? col[i]! <= q : col[i]! >= q));
      const limits = box.limits.map(([lo, hi]) => [lo, hi] as [number, number]);
      limits[j]![side === 'upper' ? 1 : 0] = q;
      out.push({ limits, inside });
    }
  }
  return out;
}

/** Peeling phase: appends accepted peels to the trajectory and returns the last box. */
function peelPhase(data: PrimData, start: Candidate, peelAlpha: number, steps: PrimStep[]): Candidate {
  let box = start;
  for (;;) {
    const top = best(data, box, peels(data, box, peelAlpha));
    if (!top) return box;
    const massNew = top.c.inside.length / data.n;
    if (!(massNew >= data.minMass && top.c.inside.length < box.inside.length && top.obj > 0)) return box;
    box = top.c;
    steps.push(makeStep(data, steps.length, 'peel', box));
  }
}

/** Candidate pastes (lower, then upper) of every restricted input. */
function pastes(data: PrimData, box: Candidate, all: Uint32Array, pasteAlpha: number): Candidate[] {
  const out: Candidate[] = [];
  for (const j of restrictedOf(data, box.limits)) {
    const [min, max] = data.init[j]!;
    const col = data.columns[j]!;
    for (const side of ['lower', 'upper'] as const) {
      const strip = box.limits.map(([lo, hi]) => [lo, hi] as [number, number]);
      strip[j] = side === 'lower' ? [min, box.limits[j]![0]] : [box.limits[j]![1], max];
      const stripValues = Float64Array.from(inBox(data, all, strip), (i) => col[i]!).sort();
      let value = side === 'lower' ? min : max;
      if (stripValues.length > 0) {
        value = primQuantile(stripValues, side === 'lower' ? 1 - pasteAlpha : pasteAlpha);
      }
      const limits = box.limits.map(([lo, hi]) => [lo, hi] as [number, number]);
      limits[j]![side === 'lower' ? 0 : 1] = value;
      out.push({ limits, inside: inBox(data, all, limits) });
    }
  }
  return out;
}

/** Pasting phase: appends accepted pastes to the trajectory and returns the last box. */
function pastePhase(data: PrimData, start: Candidate, pasteAlpha: number, steps: PrimStep[]): Candidate {
  const all = Uint32Array.from({ length: data.n }, (_, i) => i);
  let box = start;
  for (;;) {
    const top = best(data, box, pastes(data, box, all, pasteAlpha));
    if (!top) return box;
    const massNew = top.c.inside.length / data.n;
    const densityOld = coiOf(data, box.inside) / box.inside.length;
    const densityNew = top.c.inside.length > 0 ? coiOf(data, top.c.inside) / top.c.inside.length : 0;
    const grows = top.c.inside.length > box.inside.length;
    if (!(massNew >= data.minMass && grows && top.obj > 0 && densityNew > densityOld)) return box;
    box = top.c;
    steps.push(makeStep(data, steps.length, 'paste', box));
  }
}

/** Quasi-p values of a box's restricted limits (EMA `_calculate_quasi_p`). */
function quasiP(data: PrimData, step: PrimStep): [number, number][] {
  const all = Uint32Array.from({ length: data.n }, (_, i) => i);
  return step.limits.map(([lo, hi], j) => {
    const [min, max] = data.init[j]!;
    return ([0, 1] as const).map((side) => {
      const limit = side === 0 ? lo : hi;
      const unlimited = side === 0 ? min : max;
      if (limit === unlimited) return Number.NaN;
      const released = step.limits.map(([a, b]) => [a, b] as [number, number]);
      released[j]![side] = unlimited;
      const inside = inBox(data, all, released);
      const p = coiOf(data, inside) / inside.length;
      return binomialTest(step.coi, step.n, p, 'greater');
    }) as [number, number];
  });
}

/** Chooses the box: highest density, then coverage, then fewer restricted inputs, then earliest. */
function chooseStep(steps: PrimStep[]): PrimStep {
  let top = steps[0]!;
  for (const s of steps) {
    const better =
      s.density > top.density ||
      (s.density === top.density &&
        (s.coverage > top.coverage ||
          (s.coverage === top.coverage && s.restricted.length < top.restricted.length)));
    if (better) top = s;
  }
  return top;
}

/** Turns y into a 0/1 indicator of the cases of interest. */
function classify(
  y: readonly boolean[] | ArrayLike<number>,
  threshold: number | undefined,
  type: 'above' | 'below',
): Uint8Array {
  const out = new Uint8Array(y.length);
  let binary = true;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v === 'boolean') out[i] = v ? 1 : 0;
    else if (threshold !== undefined) out[i] = (type === 'above' ? v! >= threshold : v! <= threshold) ? 1 : 0;
    else if (v === 0 || v === 1) out[i] = v;
    else binary = false;
  }
  if (!binary) throw new RangeError('numeric y that is not 0/1 needs a threshold');
  return out;
}

/**
 * Runs PRIM on inputs X (rows are points, columns inputs) and outcome y (booleans, 0/1, or
 * numbers classified by `threshold`/`thresholdType`), returning the peeling-and-pasting
 * trajectory and the chosen box (see the module comment for the rules and their source).
 */
export function prim(
  x: readonly (readonly number[])[],
  y: readonly boolean[] | ArrayLike<number>,
  options: PrimOptions = {},
): PrimResult {
  const { threshold, thresholdType = 'above', peelAlpha = 0.05, pasteAlpha = 0.05, minMass = 0.05 } = options;
  const n = x.length;
  if (n === 0) throw new RangeError('prim needs at least one point');
  if (y.length !== n) throw new RangeError(`X has ${n} rows but y has ${y.length} values`);
  const d = x[0]!.length;
  const names = options.names ?? Array.from({ length: d }, (_, j) => `x${j}`);
  if (names.length !== d) throw new RangeError(`${names.length} names for ${d} columns`);
  for (const [label, v] of [
    ['peelAlpha', peelAlpha],
    ['pasteAlpha', pasteAlpha],
  ] as const) {
    if (!(v > 0 && v < 0.5)) throw new RangeError(`${label} must lie in (0, 0.5), got ${v}`);
  }
  if (!(minMass > 0 && minMass <= 1)) throw new RangeError(`minMass must lie in (0, 1], got ${minMass}`);

  const columns = Array.from({ length: d }, (_, j) => Float64Array.from(x, (row) => row[j]!));
  const init = columns.map((c) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of c) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return [lo, hi] as [number, number];
  });
  const interest = classify(y, threshold, thresholdType);
  const data: PrimData = { columns, interest, n, d, names, init, totalCoi: 0, minMass };
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  data.totalCoi = coiOf(data, all);

  const start: Candidate = { limits: init.map(([lo, hi]) => [lo, hi] as [number, number]), inside: all };
  const trajectory: PrimStep[] = [makeStep(data, 0, 'initial', start)];
  const peeled = peelPhase(data, start, peelAlpha, trajectory);
  if (options.paste ?? true) pastePhase(data, peeled, pasteAlpha, trajectory);

  const chosen = chooseStep(trajectory);
  return { trajectory, box: { ...chosen, qp: quasiP(data, chosen) }, names, totalCoi: data.totalCoi };
}
