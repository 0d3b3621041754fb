import { describe, expect, it } from 'vitest';
import {
  kaplanMeier,
  logRankTest,
  medianSurvival,
  numberAtRisk,
  restrictedMean,
  survivalAt,
  survivalQuantile,
} from '../../src/analysis/index.js';

// Freireich et al. (1963) 6-MP leukemia remission data, weeks to relapse (R's MASS::gehan,
// Kleinbaum & Klein's "remission" data); event 0 = censored (6+, 9+, …).
const MP_TIME = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35];
const MP_EVENT = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0];
const CTL_TIME = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23];
const CTL_EVENT = CTL_TIME.map(() => 1);

/** The rows of a KM fit at its event times, as R's `summary(survfit(...))` prints them. */
function eventRows(km: ReturnType<typeof kaplanMeier>) {
  const rows = [];
  for (let i = 0; i < km.time.length; i++) {
    if (km.nEvent[i]! > 0) {
      rows.push({ time: km.time[i]!, risk: km.nRisk[i]!, d: km.nEvent[i]!, s: km.surv[i]!, se: km.stdErr[i]!, lo: km.lower[i]!, hi: km.upper[i]! });
    }
  }
  return rows;
}

describe('Kaplan–Meier on the Freireich 6-MP data', () => {
  // R 4 `summary(survfit(Surv(t, status) ~ group))` (conf.type = "log", the default), as
  // printed: time, n.risk, n.event, survival, std.err, lower 95% CI, upper 95% CI.
  const R_MP = [
    [6, 21, 3, 0.857, 0.0764, 0.72, 1.0],
    [7, 17, 1, 0.807, 0.0869, 0.653, 0.996],
    [10, 15, 1, 0.753, 0.0963, 0.586, 0.968],
    [13, 12, 1, 0.69, 0.1068, 0.51, 0.935],
    [16, 11, 1, 0.627, 0.1141, 0.439, 0.896],
    [22, 7, 1, 0.538, 0.1282, 0.337, 0.858],
    [23, 6, 1, 0.448, 0.1346, 0.249, 0.807],
  ];
  const R_CTL = [
    [1, 21, 2, 0.9048, 0.0641, 0.78754, 1.0],
    [2, 19, 2, 0.8095, 0.0857, 0.65785, 0.996],
    [3, 17, 1, 0.7619, 0.0929, 0.59988, 0.968],
    [4, 16, 2, 0.6667, 0.1029, 0.49268, 0.902],
    [5, 14, 2, 0.5714, 0.108, 0.39455, 0.828],
    [8, 12, 4, 0.381, 0.106, 0.22085, 0.657],
    [11, 8, 2, 0.2857, 0.0986, 0.14529, 0.562],
    [12, 6, 2, 0.1905, 0.0857, 0.07887, 0.46],
    [15, 4, 1, 0.1429, 0.0764, 0.05011, 0.407],
    [17, 3, 1, 0.0952, 0.0641, 0.02549, 0.356],
    [22, 2, 1, 0.0476, 0.0465, 0.00703, 0.322],
  ];

  /** |a − b| within half a unit of the last digit R printed (b printed with `digits` decimals). */
  const printed = (a: number, b: number, digits: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-12);
  const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;
  // R prints with 3 significant digits in a column; where our literal above has fewer
  // decimals (0.72 for 0.720) it is because the trailing zero was dropped: use the column's.
  const check = (rows: ReturnType<typeof eventRows>, table: number[][], sDigits: number, seDigits: number, ciDigits: number) => {
    expect(rows.length).toBe(table.length);
    rows.forEach((row, i) => {
      const [t, risk, d, s, se, lo, hi] = table[i]!;
      expect([row.time, row.risk, row.d]).toEqual([t, risk, d]);
      printed(row.s, s!, Math.max(sDigits, decimals(s!)));
      printed(row.se, se!, Math.max(seDigits, decimals(se!)));
      printed(row.lo, lo!, Math.max(ciDigits, decimals(lo!)));
      printed(row.hi, hi!, 3);
    });
  };

  it("matches R's survfit table (estimates, Greenwood SEs, log intervals) to the printed digits", () => {
    check(eventRows(kaplanMeier(MP_TIME, MP_EVENT)), R_MP, 3, 4, 3);
    const ctl = eventRows(kaplanMeier(CTL_TIME, CTL_EVENT));
    check(ctl.slice(0, -1), R_CTL, 4, 4, 5);
    // R's last row: 23, n.risk 1, n.event 1, survival 0, std.err NaN, limits NA.
    const last = ctl[ctl.length - 1]!;
    expect([last.time, last.risk, last.d, last.s]).toEqual([23, 1, 1, 0]);
    expect([last.se, last.lo, last.hi].every(Number.isNaN)).toBe(true);
  });

  it('equals the exact product-limit fractions and Greenwood sums', () => {
    const rows = eventRows(kaplanMeier(MP_TIME, MP_EVENT));
    // Ŝ(23) = 18/21·16/17·14/15·11/12·10/11·6/7·5/6; Greenwood Σ d/(n(n−d)) by hand.
    const s = [18 / 21, (18 / 21) * (16 / 17)];
    s.push(s[1]! * (14 / 15), s[1]! * (14 / 15) * (11 / 12));
    s.push(s[3]! * (10 / 11), s[3]! * (10 / 11) * (6 / 7), s[3]! * (10 / 11) * (6 / 7) * (5 / 6));
    const g = [3 / (21 * 18), 1 / (17 * 16), 1 / (15 * 14), 1 / (12 * 11), 1 / (11 * 10), 1 / (7 * 6), 1 / (6 * 5)];
    let cum = 0;
    rows.forEach((row, i) => {
      cum += g[i]!;
      expect(row.s).toBeCloseTo(s[i]!, 14);
      expect(row.se).toBeCloseTo(s[i]! * Math.sqrt(cum), 14);
    });
  });

  it("log-log intervals match scipy.stats.ecdf(...).sf.confidence_interval(method='log-log')", () => {
    const km = kaplanMeier(MP_TIME, MP_EVENT, { confType: 'log-log' });
    // scipy 1.17, same data: (time, low, high).
    const scipy = [
      [6, 0.6197179552659838, 0.951551747646997],
      [7, 0.5631465646222333, 0.9228090192028804],
      [10, 0.5031995107999564, 0.8893618351692655],
      [13, 0.43161022248618397, 0.8490659633494507],
      [16, 0.36751085598750205, 0.8049121894718412],
      [22, 0.26777893676713505, 0.7467907176353944],
      [23, 0.18805200595923235, 0.6801426284952414],
    ];
    const rows = eventRows(km);
    scipy.forEach(([t, lo, hi], i) => {
      expect(rows[i]!.time).toBe(t);
      expect(rows[i]!.lo).toBeCloseTo(lo!, 12);
      expect(rows[i]!.hi).toBeCloseTo(hi!, 12);
    });
  });

  it("medians and Brookmeyer–Crowley intervals match R's print(survfit)", () => {
    // R: group=6 MP median 23 (0.95LCL 16, UCL NA); placebo 8 (4, 12).
    const mp = medianSurvival(kaplanMeier(MP_TIME, MP_EVENT));
    expect([mp.quantile, mp.lower]).toEqual([23, 16]);
    expect(mp.upper).toBeNaN();
    expect(medianSurvival(kaplanMeier(CTL_TIME, CTL_EVENT))).toMatchObject({ quantile: 8, lower: 4, upper: 12 });
    // Median potential follow-up, the reverse KM (censoring as the event): R gives 25 (17, NA).
    const reverse = medianSurvival(kaplanMeier(MP_TIME, MP_EVENT.map((e) => 1 - e)));
    expect([reverse.quantile, reverse.lower]).toEqual([25, 17]);
    expect(reverse.upper).toBeNaN();
  });

  it('log-rank chi-square is 16.79 on 1 df (Kleinbaum & Klein; R survdiff: 16.8, p = 4e-05)', () => {
    const time = [...MP_TIME, ...CTL_TIME];
    const event = [...MP_EVENT, ...CTL_EVENT];
    const group = [...MP_TIME.map(() => '6-MP'), ...CTL_TIME.map(() => 'control')];
    const test = logRankTest(time, event, group);
    expect(test.groups).toEqual(['6-MP', 'control']);
    expect(Array.from(test.observed)).toEqual([9, 21]);
    // R survdiff: Expected 19.3 and 10.7; exact (rational arithmetic): 19.25050094803113.
    expect(test.expected[0]).toBeCloseTo(19.25050094803113, 12);
    expect(test.expected[0]! + test.expected[1]!).toBeCloseTo(30, 12);
    expect(test.variance[0]).toBeCloseTo(6.2569605736755, 12);
    expect(test.chiSquare).toBeCloseTo(16.79, 2);
    expect(test.chiSquare).toBeCloseTo(16.792940989216532, 10); // scipy.stats.logrank: z² = 16.792940989216536
    expect(test.df).toBe(1);
    expect(test.p).toBeCloseTo(4.168809109334529e-5, 15);
  });

  it('log-rank for three groups matches exact rational arithmetic, whichever group is left out', () => {
    const c3Time = [2, 3, 3, 5, 7, 9, 9, 12, 14, 18, 20, 25];
    const c3Event = [1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1];
    const time = [...MP_TIME, ...CTL_TIME, ...c3Time];
    const event = [...MP_EVENT, ...CTL_EVENT, ...c3Event];
    const labels = (a: number, b: number, c: number) => [...MP_TIME.map(() => a), ...CTL_TIME.map(() => b), ...c3Time.map(() => c)];
    // Reference: the same sums in Python fractions, χ² by an exact matrix inverse (sympy):
    // 17.829257281102066 whether the third or the first group is dropped; p = chi2.sf(·, 2).
    for (const group of [labels(1, 2, 3), labels(3, 1, 2), labels(2, 3, 1)]) {
      const test = logRankTest(time, event, group);
      expect(test.df).toBe(2);
      expect(test.chiSquare).toBeCloseTo(17.829257281102066, 10);
      expect(test.p).toBeCloseTo(0.00013440826441925554, 14);
    }
    const test = logRankTest(time, event, labels(1, 2, 3));
    expect(Array.from(test.observed)).toEqual([9, 21, 8]);
    expect(test.expected[2]).toBeCloseTo(7.411227539839827, 12);
  });

  it('restricted mean survival time: 23.287 (SE 2.827) for 6-MP to 35 weeks, exact', () => {
    // Exact: ∫_0^35 Ŝ = 13856/595; Klein & Moeschberger's variance by rational arithmetic:
    // 7.994573161213736.
    const r = restrictedMean(kaplanMeier(MP_TIME, MP_EVENT), 35);
    expect(r.rmst).toBeCloseTo(13856 / 595, 12);
    expect(r.variance).toBeCloseTo(7.994573161213736, 12);
    expect(r.se).toBeCloseTo(2.827, 3);
    const r20 = restrictedMean(kaplanMeier(MP_TIME, MP_EVENT), 20);
    expect(r20.rmst).toBeCloseTo(16.116526610644257, 12);
    expect(r20.variance).toBeCloseTo(1.5664029242241926, 12);
  });

  it('number at risk and the step function', () => {
    const km = kaplanMeier(MP_TIME, MP_EVENT);
    expect(Array.from(numberAtRisk(km, [0, 5, 6, 8, 10, 20, 35, 40]))).toEqual([21, 21, 21, 16, 15, 8, 1, 0]);
    expect(survivalAt(km, 5.9)).toBe(1);
    expect(survivalAt(km, 6)).toBeCloseTo(18 / 21, 15);
    expect(survivalAt(km, 9)).toBeCloseTo((18 / 21) * (16 / 17), 15);
    expect(survivalAt(km, 100)).toBe(km.surv[km.surv.length - 1]);
  });
});

describe('Kaplan–Meier edge cases', () => {
  it('all censored: Ŝ = 1 everywhere, zero variance, no median, RMST = horizon', () => {
    const km = kaplanMeier([3, 1, 2, 2], [0, 0, 0, 0]);
    expect(Array.from(km.time)).toEqual([1, 2, 3]);
    expect(Array.from(km.nRisk)).toEqual([4, 3, 1]);
    expect(Array.from(km.nCensor)).toEqual([1, 2, 1]);
    expect(Array.from(km.surv)).toEqual([1, 1, 1]);
    expect(Array.from(km.stdErr)).toEqual([0, 0, 0]);
    expect(Array.from(km.lower)).toEqual([1, 1, 1]);
    const median = medianSurvival(km);
    expect([median.quantile, median.lower, median.upper].every(Number.isNaN)).toBe(true);
    expect(kaplanMeier([3, 1], [0, 0], { confType: 'log-log' }).lower[0]).toBeNaN(); // undefined at Ŝ = 1, as R's NA
    expect(restrictedMean(km, 5)).toEqual({ horizon: 5, rmst: 5, variance: 0, se: 0 });
  });

  it('no censoring: Ŝ is the empirical survival function and Greenwood the binomial variance', () => {
    const t = [5, 1, 3, 3, 8, 2, 3, 9, 4, 4];
    const km = kaplanMeier(t, t.map(() => 1));
    for (let i = 0; i < km.time.length; i++) {
      const s = t.filter((x) => x > km.time[i]!).length / t.length;
      expect(km.surv[i]).toBeCloseTo(s, 15);
      if (s > 0) expect(km.stdErr[i]).toBeCloseTo(Math.sqrt((s * (1 - s)) / t.length), 14);
    }
    expect(km.stdErr[km.time.length - 1]).toBeNaN(); // Ŝ = 0: R prints NaN
    // RMST beyond the last time is the sample mean; its variance the ddof-0 variance / n.
    const mean = t.reduce((a, b) => a + b) / t.length;
    const varPop = t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length;
    const r = restrictedMean(km, 20);
    expect(r.rmst).toBeCloseTo(mean, 13);
    expect(r.variance).toBeCloseTo(varPop / t.length, 13);
    // R's control arm (no censoring) to 35 weeks: 182/21 = 8.667, SE 1.377.
    const ctl = restrictedMean(kaplanMeier(CTL_TIME, CTL_EVENT), 35);
    expect(ctl.rmst).toBeCloseTo(182 / 21, 13);
    expect(ctl.se).toBeCloseTo(1.3773900412645483, 12);
  });

  it('ties: events at t come before censorings at t', () => {
    const km = kaplanMeier([2, 1, 1, 2, 3], [0, 1, 0, 1, 1]);
    expect(Array.from(km.nRisk)).toEqual([5, 3, 1]);
    expect(Array.from(km.nEvent)).toEqual([1, 1, 1]);
    expect(km.surv[0]).toBeCloseTo(4 / 5, 15);
    expect(km.surv[1]).toBeCloseTo(8 / 15, 15);
    expect(km.surv[2]).toBe(0);
  });

  it('a flat stretch at exactly 0.5 gives its midpoint (R quantile.survfit)', () => {
    expect(medianSurvival(kaplanMeier([1, 2, 3, 4], [1, 1, 1, 1])).quantile).toBe(2.5);
    expect(medianSurvival(kaplanMeier([1, 2, 2, 4], [1, 1, 1, 1])).quantile).toBe(2);
    // at the end of the curve: the midpoint with the last observed time
    expect(medianSurvival(kaplanMeier([1, 2, 5], [1, 0, 0])).quantile).toBeNaN();
    expect(survivalQuantile(kaplanMeier([1, 2, 3, 6], [1, 1, 0, 0]), 0.5).quantile).toBe(4);
  });

  it('rejects bad input with the field, the expectation and what was found', () => {
    expect(() => kaplanMeier([1, 2], [1])).toThrow('event: expected 2 entries (one per time), found 1');
    expect(() => kaplanMeier([1, -2], [1, 1])).toThrow('time[1]: expected a finite number ≥ 0, found -2');
    expect(() => kaplanMeier([1, 2], [1, 2])).toThrow('event[1]: expected 0/1 or false/true, found 2');
    expect(() => logRankTest([1, 2], [1, 1], [0, 0])).toThrow('group: expected at least 2 groups, found 1');
    expect(() => restrictedMean(kaplanMeier([1], [1]), 0)).toThrow('horizon');
  });
});
