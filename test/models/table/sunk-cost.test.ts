/**
 * Mechanism 2, the sunk cost of resistance (mechanisms/sunk-cost.ts):
 *   adaptation' = adaptation + adaptationRate · sanctions · (1 − relief) · (1 − adaptation) − unwindRate · relief · adaptation
 * read from the state at the start of the tick. Defaults: adaptationRate 0.004, unwindRate 0.002.
 */
import { describe, expect, it } from 'vitest';
import { sunkCost } from '../../../src/models/table/mechanisms/sunk-cost.js';
import { S, world } from './world.js';

describe('sunk cost: adaptation of the resistance economy', () => {
  it('builds under sanctions and unwinds under relief', () => {
    const w = world({ state: (s) => { s[S.adaptation] = 0.5; s[S.sanctions] = 0.7; s[S.relief] = 0.2; } });
    sunkCost.update!(w.m);
    // 0.5 + 0.004 · 0.7 · 0.8 · 0.5 − 0.002 · 0.2 · 0.5 = 0.5 + 0.00112 − 0.0002 = 0.50092
    expect(w.n[S.adaptation]).toBeCloseTo(0.50092, 12);
  });

  it('full relief only unwinds; no sanctions and no relief leave it', () => {
    const w = world({ state: (s) => { s[S.adaptation] = 0.4; s[S.sanctions] = 0.9; s[S.relief] = 1; } });
    sunkCost.update!(w.m);
    // 0.4 + 0 − 0.002 · 1 · 0.4 = 0.3992
    expect(w.n[S.adaptation]).toBeCloseTo(0.3992, 12);
    const w2 = world({ state: (s) => { s[S.adaptation] = 0.4; s[S.sanctions] = 0; s[S.relief] = 0; } });
    sunkCost.update!(w2.m);
    expect(w2.n[S.adaptation]).toBe(0.4);
  });

  it('reads the start-of-tick state, not what earlier mechanisms wrote this tick', () => {
    const w = world({ state: (s) => { s[S.adaptation] = 0.5; s[S.sanctions] = 0.7; s[S.relief] = 0.2; } });
    w.n[S.sanctions] = 0; w.n[S.relief] = 1; w.n[S.adaptation] = 0.9;
    sunkCost.update!(w.m);
    expect(w.n[S.adaptation]).toBeCloseTo(0.50092, 12);
  });
});
