/**
 * Closed-form and bookkeeping checks of the model, and the baseline calibration: the default
 * table is mostly stalemate with some escalation and rare deals.
 */
import { describe, it, expect } from 'vitest';
import { runInline } from '../../helpers.js';
import { scenarioFrom } from '../../../src/scenarios/load.js';
import { wilson } from '../../../src/analysis/stats.js';
import { breakoutWeeks, leverage } from '../../../src/models/table/mechanisms/latency.js';
import { defaultParams } from '../../../src/models/table/params.js';
import { S } from '../../../src/models/table/state.js';
import { arm, count, kindIs } from './helpers.js';

describe('5 nuclear latency (closed form)', () => {
  const p = defaultParams();
  it('breakout time falls and leverage rises as enrichment rises', () => {
    let prevW = Infinity, prevL = -Infinity;
    for (const e of [3.67, 5, 20, 45, 60, 75, 85, 89.9]) {
      const w = breakoutWeeks(e, 400, p), l = leverage(w, p);
      expect(w).toBeLessThan(prevW);
      expect(l).toBeGreaterThan(prevL);
      prevW = w; prevL = l;
    }
    expect(breakoutWeeks(3.67, 400, p)).toBeCloseTo(p.latency.breakoutMaxWeeks, 9);
    expect(leverage(breakoutWeeks(3.67, 400, p), p)).toBeCloseTo(0, 9);
    expect(breakoutWeeks(p.latency.weaponsGrade, 400, p)).toBe(0);
    expect(leverage(0, p)).toBe(1);
  });

  it('a larger stockpile shortens breakout time', () => {
    expect(breakoutWeeks(60, 100, p)).toBeGreaterThan(breakoutWeeks(60, 400, p));
  });

  it('breakout is emitted exactly when enrichment reaches weapons grade', () => {
    let seen = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const ticks = 520;
      const r = runInline(scenarioFrom({ agents: 130, ticks, seed, params: { latency: { enrichmentRate: 3 }, redLines: { moveProbability: 1 }, military: { strikeRate: 0 } } }));
      const ns = r.series.state.length / ticks;
      // every tick at which enrichment reaches weapons grade from below, and only those, emits 'breakout'
      const crossings: number[] = [];
      for (let t = 0; t < ticks; t++) {
        const prev = t === 0 ? 60 : r.series.state[(t - 1) * ns + S.enrichment];
        if (r.series.state[t * ns + S.enrichment] >= 90 && prev < 90) crossings.push(t);
      }
      const ev = r.events.filter((e) => e.kind === 'breakout').map((e) => e.tick);
      expect(ev).toEqual(crossings);
      if (crossings.length === 0) continue;
      seen++;
      expect(r.outcome.kind === 'breakout' || r.outcome.tick < crossings[0]).toBe(true);
    }
    expect(seen).toBeGreaterThan(0);
  });
});


describe('baseline calibration (the fragmented table today)', () => {
  it('is mostly stalemate, with some escalation and rare deals (Wilson 99% intervals meet the target ranges)', () => {
    const runs = arm({});
    const n = runs.length;
    const targets: Array<[string[], number, number]> = [
      [['stalemate'], 0.55, 0.75],
      [['escalation'], 0.15, 0.30],
      [['deal'], 0.03, 0.10],
      [['collapse', 'breakout'], 0, 0.08],
    ];
    for (const [kinds, lo, hi] of targets) {
      const k = count(runs, kindIs(...kinds));
      const ci = wilson(k, n, 0.99);
      console.log(`baseline ${kinds.join('+')}: ${k}/${n} = ${ci.p.toFixed(3)} [${ci.lo.toFixed(3)}, ${ci.hi.toFixed(3)}], target [${lo}, ${hi}]`);
      expect(ci.hi).toBeGreaterThanOrEqual(lo);
      expect(ci.lo).toBeLessThanOrEqual(hi);
    }
    const stalemate = count(runs, kindIs('stalemate'));
    expect(stalemate).toBeGreaterThan(count(runs, kindIs('escalation')));
    expect(count(runs, kindIs('escalation'))).toBeGreaterThan(count(runs, kindIs('deal')));
  });
});
