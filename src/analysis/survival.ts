/**
 * Survival analysis of right-censored event times: the Kaplan–Meier estimate with Greenwood
 * variance and pointwise confidence intervals, quantiles (the median) with the
 * Brookmeyer–Crowley interval, the number at risk, the restricted mean survival time and the
 * log-rank test for two or more groups — computed as R's `survival` package does
 * (`survfit`, `quantile.survfit`, `survdiff`).
 *
 * Data: `time[i] ≥ 0` and `event[i]` (1/true = the event was observed at time[i], 0/false =
 * right-censored then). Ties follow the usual convention: at a time t, the subjects at risk
 * are all with time ≥ t; events at t happen before censorings at t.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { checkConfidence, zForConfidence } from './stats.js';
import { chiSquareSf } from './special.js';

/** Pointwise interval for S(t), as R's `survfit` `conf.type` (default 'log'). */
export type ConfType = 'plain' | 'log' | 'log-log';

/** Options of {@link kaplanMeier}. */
export interface KaplanMeierOptions {
  /** Confidence level of the pointwise intervals (default 0.95). */
  confidence?: number;
  /** Interval transform (default 'log', R's default). */
  confType?: ConfType;
}

/** The Kaplan–Meier table: one row per distinct time (event or censoring), ascending. */
export interface KaplanMeier {
  n: number;
  events: number;
  time: Float64Array;
  /** Subjects at risk just before time[i]: those with time ≥ time[i]. */
  nRisk: Uint32Array;
  nEvent: Uint32Array;
  nCensor: Uint32Array;
  /** Ŝ(time[i]) = Π_{t_j ≤ t_i} (1 − d_j/n_j). */
  surv: Float64Array;
  /** Greenwood's Σ_{t_j ≤ t_i} d_j/(n_j(n_j − d_j)): the variance of ln Ŝ (the square of R's `fit$std.err`). */
  varLogSurv: Float64Array;
  /** Greenwood standard error of Ŝ: Ŝ·√varLogSurv (R's `summary(fit)$std.err`); NaN where Ŝ = 0. */
  stdErr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  confidence: number;
  confType: ConfType;
}

/** Throws unless time and event are equally long, non-empty, times finite and ≥ 0, events 0/1. */
function checkData(time: ArrayLike<number>, event: ArrayLike<number | boolean>): void {
  if (time.length === 0) throw new RangeError('time: expected at least one subject, found none');
  if (event.length !== time.length) {
    throw new RangeError(`event: expected ${time.length} entries (one per time), found ${event.length}`);
  }
  for (let i = 0; i < time.length; i++) {
    const t = time[i]!;
    if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`time[${i}]: expected a finite number ≥ 0, found ${t}`);
    const e = event[i];
    if (e !== 0 && e !== 1 && e !== true && e !== false) {
      throw new RangeError(`event[${i}]: expected 0/1 or false/true, found ${String(e)}`);
    }
  }
}

/** Subject indices sorted by time (stable). */
function byTime(time: ArrayLike<number>): Uint32Array {
  return Uint32Array.from({ length: time.length }, (_, i) => i).sort((a, b) => time[a]! - time[b]! || a - b);
}

/**
 * Pointwise confidence limits for S from ln-scale standard error σ = √varLogSurv, as R's
 * `survfit_confint` (Klein & Moeschberger 2003, §4.3):
 * plain: Ŝ(1 ∓ zσ) clipped to [0, 1]; log: Ŝ·exp(∓zσ), upper clipped at 1;
 * log-log: exp(−exp(ln(−ln Ŝ) ± zσ/ln Ŝ)) (undefined, NaN, where Ŝ is 0 or 1).
 */
export function survivalInterval(surv: number, sigma: number, z: number, type: ConfType): [number, number] {
  switch (type) {
    case 'plain': {
      const half = z * sigma * surv;
      return [Math.max(surv - half, 0), Math.min(surv + half, 1)];
    }
    case 'log': {
      if (surv === 0) return [Number.NaN, Number.NaN];
      return [Math.exp(Math.log(surv) - z * sigma), Math.min(Math.exp(Math.log(surv) + z * sigma), 1)];
    }
    case 'log-log': {
      if (surv === 0 || surv === 1) return [Number.NaN, Number.NaN];
      const ll = Math.log(-Math.log(surv));
      const shift = (z * sigma) / Math.log(surv);
      return [Math.exp(-Math.exp(ll - shift)), Math.exp(-Math.exp(ll + shift))];
    }
  }
}

/**
 * Kaplan–Meier (1958, JASA 53:457) product-limit estimate with Greenwood's (1926) variance:
 * Ŝ(t) = Π_{t_j ≤ t}(1 − d_j/n_j), Var(ln Ŝ) = Σ_{t_j ≤ t} d_j/(n_j(n_j − d_j)), and pointwise
 * intervals by {@link survivalInterval}.
 */
export function kaplanMeier(time: ArrayLike<number>, event: ArrayLike<number | boolean>, options: KaplanMeierOptions = {}): KaplanMeier {
  const { confidence = 0.95, confType = 'log' } = options;
  checkConfidence(confidence);
  checkData(time, event);
  const n = time.length;
  const order = byTime(time);
  const rows: { t: number; risk: number; d: number; c: number }[] = [];
  let atRisk = n;
  for (let r = 0; r < n; ) {
    const t = time[order[r]!]!;
    let d = 0;
    let c = 0;
    for (; r < n && time[order[r]!] === t; r++) {
      if (event[order[r]!] === 1 || event[order[r]!] === true) d++;
      else c++;
    }
    rows.push({ t, risk: atRisk, d, c });
    atRisk -= d + c;
  }
  const m = rows.length;
  const km: KaplanMeier = {
    n,
    events: 0,
    time: new Float64Array(m),
    nRisk: new Uint32Array(m),
    nEvent: new Uint32Array(m),
    nCensor: new Uint32Array(m),
    surv: new Float64Array(m),
    varLogSurv: new Float64Array(m),
    stdErr: new Float64Array(m),
    lower: new Float64Array(m),
    upper: new Float64Array(m),
    confidence,
    confType,
  };
  const z = zForConfidence(confidence);
  let s = 1;
  let g = 0;
  rows.forEach(({ t, risk, d, c }, i) => {
    if (d > 0) {
      s *= 1 - d / risk;
      g += d / (risk * (risk - d));
    }
    km.events += d;
    km.time[i] = t;
    km.nRisk[i] = risk;
    km.nEvent[i] = d;
    km.nCensor[i] = c;
    km.surv[i] = s;
    km.varLogSurv[i] = g;
    km.stdErr[i] = s === 0 ? Number.NaN : s * Math.sqrt(g);
    [km.lower[i], km.upper[i]] = survivalInterval(s, Math.sqrt(g), z, confType);
  });
  return km;
}

/** Index of the last row with time ≤ t, or −1 (binary search). */
function rowAtOrBefore(km: KaplanMeier, t: number): number {
  let lo = 0;
  let hi = km.time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (km.time[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Ŝ(t), the right-continuous step function (1 before the first time). */
export function survivalAt(km: KaplanMeier, t: number): number {
  const i = rowAtOrBefore(km, t);
  return i < 0 ? 1 : km.surv[i]!;
}

/** Number at risk at each of `times` (subjects with time ≥ t), the table under a KM plot. */
export function numberAtRisk(km: KaplanMeier, times: ArrayLike<number>): Uint32Array {
  return Uint32Array.from({ length: times.length }, (_, k) => {
    const i = rowAtOrBefore(km, times[k]!);
    // the first row at or after t: the row at t itself, else the next one
    const j = i >= 0 && km.time[i] === times[k] ? i : i + 1;
    return j < km.time.length ? km.nRisk[j]! : 0;
  });
}

const QUANTILE_TOL = Math.sqrt(Number.EPSILON);

/**
 * The time at which 1 − curve first reaches p, as R's `quantile.survfit` (`findq`): on the
 * step function with (0, 0) prepended and repeated values dropped, the first time with
 * 1 − curve ≥ p; when 1 − curve equals p (within √ε) over a flat stretch, the midpoint of that
 * stretch and the next jump (or the last observed time if the flat is the curve's end). NaN
 * where the curve never gets there. NaN curve values (undefined limits) are skipped.
 */
function findQuantile(time: Float64Array, curve: Float64Array, p: number, lastTime: number): number {
  const xs = [0];
  const ys = [0];
  for (let i = 0; i < curve.length; i++) {
    const y = 1 - curve[i]!;
    if (!Number.isNaN(y) && y !== ys[ys.length - 1]) {
      xs.push(time[i]!);
      ys.push(y);
    }
  }
  if (ys.reduce((a, b) => Math.max(a, b), 0) < p) return Number.NaN;
  const i1 = ys.findIndex((y) => y + QUANTILE_TOL >= p);
  if (i1 < 0) return Number.NaN;
  const last = ys.length - 1;
  const endDefined = !Number.isNaN(curve[curve.length - 1]!);
  if (endDefined && Math.abs(p - ys[last]!) < QUANTILE_TOL) return (xs[i1]! + lastTime) / 2;
  const i2 = ys.findIndex((y) => y - QUANTILE_TOL >= p);
  return i2 < 0 ? Number.NaN : (xs[i1]! + xs[i2]!) / 2;
}

/** A quantile of the event-time distribution with its confidence interval (NaN: not reached). */
export interface SurvivalQuantile {
  p: number;
  quantile: number;
  lower: number;
  upper: number;
}

/**
 * The p-quantile of the event time (p = 0.5: the median survival time), the first time Ŝ falls
 * to 1 − p or below, with Brookmeyer & Crowley's (1982, Biometrics 38:29) interval obtained,
 * as R does, by inverting the pointwise band: its lower limit is where the lower band reaches
 * 1 − p, its upper limit where the upper band does. The interval therefore follows the KM
 * fit's `confType` and `confidence`.
 */
export function survivalQuantile(km: KaplanMeier, p = 0.5): SurvivalQuantile {
  if (!(p > 0 && p < 1)) throw new RangeError(`p: expected a probability in (0, 1), found ${p}`);
  const lastTime = km.time[km.time.length - 1]!;
  return {
    p,
    quantile: findQuantile(km.time, km.surv, p, lastTime),
    lower: findQuantile(km.time, km.lower, p, lastTime),
    upper: findQuantile(km.time, km.upper, p, lastTime),
  };
}

/** The median survival time with its Brookmeyer–Crowley interval: {@link survivalQuantile} at 0.5. */
export function medianSurvival(km: KaplanMeier): SurvivalQuantile {
  return survivalQuantile(km, 0.5);
}

/** Restricted mean survival time with its variance. */
export interface RestrictedMean {
  horizon: number;
  rmst: number;
  variance: number;
  se: number;
}

/**
 * Restricted mean survival time μ_τ = ∫_0^τ Ŝ(t) dt — the expected time spent event-free (for
 * instance, in a deal state) up to the horizon τ — with the variance of Klein & Moeschberger
 * (2003, eq. 4.5.2): Σ_{t_i < τ} A_i² d_i/(n_i(n_i − d_i)), A_i = ∫_{t_i}^τ Ŝ(t) dt (a term with
 * n_i = d_i is 0: Ŝ is 0 after it).
 */
export function restrictedMean(km: KaplanMeier, horizon: number): RestrictedMean {
  if (!(horizon > 0) || !Number.isFinite(horizon)) throw new RangeError(`horizon: expected a positive finite time, found ${horizon}`);
  const m = km.time.length;
  const prefix = new Float64Array(m); // ∫_0^{t_i} Ŝ
  let area = 0;
  let tPrev = 0;
  let sPrev = 1;
  let i = 0;
  for (; i < m && km.time[i]! < horizon; i++) {
    area += sPrev * (km.time[i]! - tPrev);
    prefix[i] = area;
    tPrev = km.time[i]!;
    sPrev = km.surv[i]!;
  }
  area += sPrev * (horizon - tPrev);
  let variance = 0;
  for (let k = 0; k < i; k++) {
    const d = km.nEvent[k]!;
    const r = km.nRisk[k]!;
    if (d === 0 || d === r) continue;
    const a = area - prefix[k]!;
    variance += (a * a * d) / (r * (r - d));
  }
  return { horizon, rmst: area, variance, se: Math.sqrt(variance) };
}

/** Result of the log-rank test. */
export interface LogRankResult {
  /** The group labels, sorted; the arrays below follow this order. */
  groups: (number | string)[];
  size: Uint32Array;
  observed: Float64Array;
  expected: Float64Array;
  /** k × k row-major covariance of O − E. */
  variance: Float64Array;
  chiSquare: number;
  df: number;
  p: number;
}

function compareLabels(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Log-rank test (Mantel 1966; Peto & Peto 1972) of equal survival in k ≥ 2 groups, as R's
 * `survdiff` (rho = 0). At each event time with n at risk and d events, group g has
 * E_g += d·n_g/n and V_gh += d(n − d)/(n − 1)·(n_g/n)(δ_gh − n_h/n); the statistic
 * χ² = (O − E)ᵀ V⁻¹ (O − E) over the first k − 1 groups has k − 1 degrees of freedom.
 */
export function logRankTest(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  group: ArrayLike<number | string>,
): LogRankResult {
  checkData(time, event);
  if (group.length !== time.length) throw new RangeError(`group: expected ${time.length} entries (one per time), found ${group.length}`);
  const labels = [...new Set(Array.from(group))].sort(compareLabels);
  const k = labels.length;
  if (k < 2) throw new RangeError(`group: expected at least 2 groups, found ${k}`);
  const slot = new Map(labels.map((g, i) => [g, i]));
  const size = new Uint32Array(k);
  for (let i = 0; i < group.length; i++) size[slot.get(group[i]!)!]!++;
  const atRisk = Float64Array.from(size);
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = new Float64Array(k * k);
  const deaths = new Float64Array(k);
  const leaving = new Float64Array(k);
  const order = byTime(time);
  for (let r = 0; r < order.length; ) {
    const t = time[order[r]!]!;
    deaths.fill(0);
    leaving.fill(0);
    for (; r < order.length && time[order[r]!] === t; r++) {
      const i = order[r]!;
      const g = slot.get(group[i]!)!;
      leaving[g]!++;
      if (event[i] === 1 || event[i] === true) deaths[g]!++;
    }
    let n = 0;
    let d = 0;
    for (let g = 0; g < k; g++) {
      n += atRisk[g]!;
      d += deaths[g]!;
    }
    if (d > 0) {
      const scale = n > 1 ? (d * (n - d)) / (n - 1) : 0;
      for (let g = 0; g < k; g++) {
        observed[g]! += deaths[g]!;
        expected[g]! += (d * atRisk[g]!) / n;
        for (let h = 0; h < k; h++) {
          variance[g * k + h]! += scale * (atRisk[g]! / n) * ((g === h ? 1 : 0) - atRisk[h]! / n);
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g]! -= leaving[g]!;
  }
  const chiSquare = quadraticForm(observed, expected, variance, k);
  return { groups: labels, size, observed, expected, variance, chiSquare, df: k - 1, p: chiSquareSf(chiSquare, k - 1) };
}

/** (O − E)ᵀ V⁻¹ (O − E) over the first k − 1 groups, by a Cholesky solve. */
function quadraticForm(observed: Float64Array, expected: Float64Array, variance: Float64Array, k: number): number {
  const m = k - 1;
  const v = new Matrix(m, m);
  const diff = new Matrix(m, 1);
  for (let g = 0; g < m; g++) {
    diff.set(g, 0, observed[g]! - expected[g]!);
    for (let h = 0; h < m; h++) v.set(g, h, 0.5 * (variance[g * k + h]! + variance[h * k + g]!));
  }
  const cholesky = new CholeskyDecomposition(v);
  if (!cholesky.isPositiveDefinite()) {
    throw new RangeError('group: expected every group to have subjects at risk at some event time, found a singular log-rank variance');
  }
  const x = cholesky.solve(diff);
  let q = 0;
  for (let g = 0; g < m; g++) q += diff.get(g, 0) * x.get(g, 0);
  return q;
}
