/**
 * Proper scoring rules for probabilistic forecasts of binary events: the Brier score with its
 * Murphy decomposition over bins, the Brier skill score and the logarithmic score. Forecasts
 * are probabilities p_i ∈ [0, 1] of the event; outcomes o_i are 1 (it happened) or 0.
 * All scores are negatively oriented (lower is better) except the skill score.
 */

function checkForecasts(forecasts: ArrayLike<number>, outcomes: ArrayLike<number | boolean>): void {
  if (forecasts.length === 0) throw new RangeError('forecasts: expected at least one forecast, found none');
  if (outcomes.length !== forecasts.length) {
    throw new RangeError(`outcomes: expected ${forecasts.length} entries (one per forecast), found ${outcomes.length}`);
  }
  for (let i = 0; i < forecasts.length; i++) {
    const p = forecasts[i]!;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`forecasts[${i}]: expected a probability in [0, 1], found ${p}`);
    const o = outcomes[i];
    if (o !== 0 && o !== 1 && o !== true && o !== false) {
      throw new RangeError(`outcomes[${i}]: expected 0/1 or false/true, found ${String(o)}`);
    }
  }
}

const outcome = (o: number | boolean): number => (o === true || o === 1 ? 1 : 0);

/** Brier (1950, Mon. Weather Rev. 78:1) score BS = (1/N) Σ (p_i − o_i)². */
export function brierScore(forecasts: ArrayLike<number>, outcomes: ArrayLike<number | boolean>): number {
  checkForecasts(forecasts, outcomes);
  let s = 0;
  for (let i = 0; i < forecasts.length; i++) {
    const e = forecasts[i]! - outcome(outcomes[i]!);
    s += e * e;
  }
  return s / forecasts.length;
}

/**
 * Brier skill score 1 − BS/BS_ref against a reference forecast: a constant probability (e.g.
 * the climatological base rate) or one probability per event. 1 is perfect, 0 no better than
 * the reference, negative worse. NaN when the reference itself is perfect (BS_ref = 0).
 */
export function brierSkillScore(
  forecasts: ArrayLike<number>,
  outcomes: ArrayLike<number | boolean>,
  reference: number | ArrayLike<number>,
): number {
  const ref = typeof reference === 'number' ? new Float64Array(forecasts.length).fill(reference) : reference;
  const bsRef = brierScore(ref, outcomes);
  return bsRef === 0 ? Number.NaN : 1 - brierScore(forecasts, outcomes) / bsRef;
}

/**
 * Logarithmic (ignorance) score −(1/N) Σ ln(o_i p_i + (1 − o_i)(1 − p_i)) in nats (Good 1952):
 * strictly proper and local; Infinity when an event given probability 0 happens (or one given
 * probability 1 does not).
 */
export function logScore(forecasts: ArrayLike<number>, outcomes: ArrayLike<number | boolean>): number {
  checkForecasts(forecasts, outcomes);
  let s = 0;
  for (let i = 0; i < forecasts.length; i++) {
    const p = forecasts[i]!;
    s -= outcome(outcomes[i]!) === 1 ? Math.log(p) : Math.log1p(-p);
  }
  return s / forecasts.length;
}

/** One bin of the decomposition (a reliability-diagram point). */
export interface BrierBin {
  /** Bin edges: [lower, upper) ([lower, 1] for the last bin); both equal the value for 'unique' bins. */
  lower: number;
  upper: number;
  count: number;
  /** p̄_k, the mean forecast in the bin. */
  meanForecast: number;
  /** ō_k, the observed event frequency in the bin. */
  observedFrequency: number;
}

/** The Brier score and its decomposition. */
export interface BrierDecomposition {
  brier: number;
  /** REL = (1/N) Σ_k n_k (p̄_k − ō_k)²: lower is better calibrated. */
  reliability: number;
  /** RES = (1/N) Σ_k n_k (ō_k − ō)²: higher discriminates better. */
  resolution: number;
  /** UNC = ō(1 − ō), the base rate's variance. */
  uncertainty: number;
  /** WBV = (1/N) Σ_k Σ_{i∈k} (p_i − p̄_k)² (0 when each bin holds one forecast value). */
  withinBinVariance: number;
  /** WBC = (2/N) Σ_k Σ_{i∈k} (o_i − ō_k)(p_i − p̄_k). */
  withinBinCovariance: number;
  bins: BrierBin[];
}

/** Bin of a forecast among `k` equal-width bins of [0, 1]: ⌊p·k⌋, with p = 1 in the last bin. */
function binOf(p: number, k: number): number {
  return Math.min(Math.floor(p * k), k - 1);
}

/**
 * Murphy's (1973, J. Appl. Meteorol. 12:595) decomposition of the Brier score over bins of
 * the forecasts, BS = REL − RES + UNC + WBV − WBC, with Stephenson, Coelho & Jolliffe's (2008,
 * Weather Forecast. 23:752) two within-bin terms that make it exact for binned continuous
 * forecasts. `bins` is a number of equal-width bins of [0, 1] (default 10), or 'unique' for
 * one bin per distinct forecast value (Murphy's original, where WBV = WBC = 0). Empty bins are
 * left out of `bins`.
 */
export function brierDecomposition(
  forecasts: ArrayLike<number>,
  outcomes: ArrayLike<number | boolean>,
  bins: number | 'unique' = 10,
): BrierDecomposition {
  checkForecasts(forecasts, outcomes);
  const n = forecasts.length;
  const keyOf = binKeys(bins);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = keyOf(forecasts[i]!);
    const members = groups.get(key);
    if (members) members.push(i);
    else groups.set(key, [i]);
  }
  let base = 0;
  for (let i = 0; i < n; i++) base += outcome(outcomes[i]!);
  base /= n;
  const out: BrierDecomposition = {
    brier: brierScore(forecasts, outcomes),
    reliability: 0,
    resolution: 0,
    uncertainty: base * (1 - base),
    withinBinVariance: 0,
    withinBinCovariance: 0,
    bins: [],
  };
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = groups.get(key)!;
    let pBar = 0;
    let oBar = 0;
    for (const i of members) {
      pBar += forecasts[i]!;
      oBar += outcome(outcomes[i]!);
    }
    pBar /= members.length;
    oBar /= members.length;
    out.reliability += members.length * (pBar - oBar) ** 2;
    out.resolution += members.length * (oBar - base) ** 2;
    for (const i of members) {
      const dp = forecasts[i]! - pBar;
      out.withinBinVariance += dp * dp;
      out.withinBinCovariance += 2 * (outcome(outcomes[i]!) - oBar) * dp;
    }
    const [lower, upper] = bins === 'unique' ? [key, key] : [key / bins, (key + 1) / bins];
    out.bins.push({ lower, upper, count: members.length, meanForecast: pBar, observedFrequency: oBar });
  }
  out.reliability /= n;
  out.resolution /= n;
  out.withinBinVariance /= n;
  out.withinBinCovariance /= n;
  return out;
}

/** The bin key of a forecast: its equal-width bin index, or the value itself for 'unique'. */
function binKeys(bins: number | 'unique'): (p: number) => number {
  if (bins === 'unique') return (p) => p;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins: expected a positive integer or 'unique', found ${bins}`);
  return (p) => binOf(p, bins);
}
