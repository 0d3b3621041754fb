/**
 * issues.ts: the issue space. Dimensions [enrichment, access, relief, durability, regional];
 *   u(x) = − Σ_d s_d (x_d − p_d)²
 *   D(f) piecewise linear through (0, executive), (½, escrow), (1, treaty)
 *   g(x) = D(x_durability) (u(x) − u(q)) − reliefCost · x_relief − concessionCost · conceded(x) − outside
 *   conceded(x) = max(0, x_enr − q_enr) + max(0, x_acc − q_acc)
 *   side position = Σ_f c_f s_f,d p_f,d / Σ_f c_f s_f,d; side salience = Σ_f c_f s_f,d / Σ_f c_f
 */
import { describe, expect, it } from 'vitest';
import { aggregate, D, distance, durabilityOf, furthestInside, gain, inWinSet, lerp, positionAt, utility } from '../../../src/models/table/issues.js';
import { player, v } from './world.js';


describe('issues: utilities, gains and win-sets', () => {
  it('has five dimensions', () => expect(D).toBe(5));

  it('utility is minus the salience-weighted squared distance', () => {
    // −(1 · 0.5² + 2 · 0.5² + 0 + 0 + 0) = −(0.25 + 0.5) = −0.75
    expect(utility(v(0.5, 0.5, 0.5, 0.5, 0.5), v(1, 0, 0.5, 0.5, 0.5), v(1, 2, 0, 0, 0))).toBeCloseTo(-0.75, 12);
    // salience on the regional dimension: −3 · 0.2² = −0.12
    expect(utility(v(0, 0, 0, 0, 0.2), v(0, 0, 0, 0, 0), v(0, 0, 0, 0, 3))).toBeCloseTo(-0.12, 12);
  });

  it('durability is piecewise linear through executive, escrow, treaty', () => {
    const dur: [number, number, number] = [0.2, 0.6, 0.9];
    expect(durabilityOf(0, dur)).toBeCloseTo(0.2, 12);
    expect(durabilityOf(0.25, dur)).toBeCloseTo(0.4, 12); // 0.2 + 0.4 · ½
    expect(durabilityOf(0.5, dur)).toBeCloseTo(0.6, 12);
    expect(durabilityOf(0.75, dur)).toBeCloseTo(0.75, 12); // 0.6 + 0.3 · ½
    expect(durabilityOf(1, dur)).toBeCloseTo(0.9, 12);
  });

  it('gain = D · (u(x) − u(q)) − relief cost − concession cost − outside option', () => {
    const pl = player({ ideal: v(1, 1, 0, 0, 0), sal: v(1, 1, 1, 0, 0), quo: v(0, 0.3, 0, 0, 0), durability: [0.5, 0.7, 0.9], reliefCost: 0.2, concessionCost: 0.1, outside: 0.05 });
    // x = (0.5, 0.6, 0.4, 0, 0): u(x) = −(0.25 + 0.16 + 0.16) = −0.57; u(q) = −(1 + 0.49 + 0) = −1.49
    // D(0) = 0.5 → 0.5 · 0.92 = 0.46; relief 0.2 · 0.4 = 0.08; conceded 0.5 + 0.3 = 0.8 → 0.08; outside 0.05
    // g = 0.46 − 0.08 − 0.08 − 0.05 = 0.25
    expect(gain(v(0.5, 0.6, 0.4, 0, 0), pl)).toBeCloseTo(0.25, 12);
    // a treaty form (durability 1 → D = 0.9): with sal 0 on durability u is unchanged: 0.9 · 0.92 − 0.21 = 0.618
    expect(gain(v(0.5, 0.6, 0.4, 1, 0), pl)).toBeCloseTo(0.618, 12);
    // no concession counted below the status quo: x_acc = 0.1 < 0.3
    // u(x) = −(0.25 + 0.81 + 0.16) = −1.22 → 0.5 · 0.27 = 0.135; − 0.08 − 0.1 · 0.5 − 0.05 = −0.045
    expect(gain(v(0.5, 0.1, 0.4, 0, 0), pl)).toBeCloseTo(-0.045, 12);
  });

  it('the win-set holds terms every veto player gains from', () => {
    const a = player({ ideal: v(1, 0, 0, 0, 0), sal: v(1, 0, 0, 0, 0), quo: v(0, 0, 0, 0, 0) }); // g = 1 − (x0 − 1)² ≥ 0 for x0 ≥ 0
    const b = player({ ideal: v(0, 0, 0, 0, 0), sal: v(1, 0, 0, 0, 0), quo: v(1, 0, 0, 0, 0), outside: 0.75 }); // g = 1 − x0² − 0.75 ≥ 0 iff x0 ≤ ½
    expect(inWinSet(v(0.4, 0, 0, 0, 0), [a, b])).toBe(true);
    expect(inWinSet(v(0.5, 0, 0, 0, 0), [a, b])).toBe(true); // g_b = 0: still prefers it (≥ 0)
    expect(inWinSet(v(0.51, 0, 0, 0, 0), [a, b])).toBe(false);
    expect(inWinSet(v(0.51, 0, 0, 0, 0), [a])).toBe(true);
  });

  it('furthestInside finds the edge of the win-set by bisection', () => {
    const b = player({ ideal: v(0, 0, 0, 0, 0), sal: v(1, 0, 0, 0, 0), quo: v(1, 0, 0, 0, 0), outside: 0.75 });
    const scratch = new Float64Array(D);
    // from x0 = 0 to x0 = 1 the win-set ends at x0 = ½: t = ½ within 2^-24
    expect(furthestInside(v(0, 0, 0, 0, 0), v(1, 0, 0, 0, 0), [b], scratch)).toBeCloseTo(0.5, 6);
    // from 0.2 to 1: edge at (0.5 − 0.2) / 0.8 = 0.375
    expect(furthestInside(v(0.2, 0, 0, 0, 0), v(1, 0, 0, 0, 0), [b], scratch)).toBeCloseTo(0.375, 6);
    // a target inside: 1; a start outside: 0
    expect(furthestInside(v(0, 0, 0, 0, 0), v(0.4, 0, 0, 0, 0), [b], scratch)).toBe(1);
    expect(furthestInside(v(0.6, 0, 0, 0, 0), v(0, 0, 0, 0, 0), [b], scratch)).toBe(0);
  });

  it('distance, lerp and positions between the hard and soft profiles', () => {
    expect(distance(v(0, 0, 0, 0, 0), v(0.3, 0.4, 0, 0, 0))).toBeCloseTo(0.5, 12);
    expect(Array.from(lerp(v(0, 1, 0, 0, 0), v(1, 0, 0, 0, 0.5), 0.25, new Float64Array(D)))).toEqual([0.25, 0.75, 0, 0, 0.125]);
    // p = hard + w (soft − hard): 1 + 0.3 · (0.7 − 1) = 0.91
    expect(positionAt(v(1, 1, 0.1, 0, 0.9), v(0.7, 0.6, 0.7, 0.5, 0.3), 0.3, new Float64Array(D))[0]).toBeCloseTo(0.91, 12);
  });

  it('a side\'s position is the capability × salience weighted mean', () => {
    const pos = new Float64Array(D), sal = new Float64Array(D);
    aggregate([v(0, 0, 0.2, 0, 0), v(1, 1, 0.8, 0, 0)], [v(1, 1, 0, 0, 0), v(0.5, 0, 0, 0, 0)], [0.6, 0.4], pos, sal);
    // enrichment: (0.6 · 1 · 0 + 0.4 · 0.5 · 1) / (0.6 + 0.2) = 0.25; salience (0.6 + 0.2) / 1 = 0.8
    expect(pos[0]).toBeCloseTo(0.25, 12);
    expect(sal[0]).toBeCloseTo(0.8, 12);
    // access: only the first faction cares: 0; salience 0.6
    expect(pos[1]).toBeCloseTo(0, 12);
    expect(sal[1]).toBeCloseTo(0.6, 12);
    // relief: no one cares: the first faction's position, salience 0
    expect(pos[2]).toBeCloseTo(0.2, 12);
    expect(sal[2]).toBe(0);
  });
});
