/**
 * Mechanism 11, the interventions (mechanisms/interventions.ts): the locked channel fills at
 * escrowRate while talks or a deal are under way and is frozen by a decided pressure; executive
 * rounds add executiveStep of the room left every stepWeeks; a modular agenda moves the regional
 * track, regionalTrack += trackSpeed · mediate(Gulf) · (1 − regionalTrack); the ladder's steps are
 * reciprocal and irreversible. Defaults: escrowRate 0.25, executiveStep 0.05, stepWeeks 13,
 * trackSpeed 0.01, ladderSteps 4, ladderRelief 0.05, ladderCap 0.1, ladderEvidence 0.25,
 * ladderValue 0.3, freezeAppeal 1, freezeCost 0.5.
 */
import { describe, expect, it } from 'vitest';
import { interventions } from '../../../src/models/table/mechanisms/interventions.js';
import { PHASE } from '../../../src/models/table/state.js';
import { forRewards, ofKind, S, Sink, world } from './world.js';

describe('interventions: escrow, pressure rounds, the regional track, the ladder', () => {
  it('the locked channel fills while talks go on, and a decided pressure freezes it', () => {
    const w = world({ params: (p) => { p.interventions.escrow = true; }, state: (s) => { s[S.phase] = PHASE.talks; } });
    interventions.update!(w.m);
    expect(w.n[S.escrow]).toBeCloseTo(0.25, 12);
    expect(ofKind(w, 'escrow-opened')).toHaveLength(1);
    const f = world({ params: (p) => { p.interventions.escrow = true; }, tick: 14, state: (s) => { s[S.phase] = PHASE.talks; s[S.escrow] = 2; s[S.pressureSupport] = 0.6; s[S.freezeSeen] = 1; } });
    interventions.update!(f.m);
    expect(f.n[S.escrowFrozen]).toBe(1);
    expect(f.n[S.freezeSeen]).toBe(2);
    expect(f.n[S.pressureSupport]).toBe(0);
    expect(f.n[S.escrow]).toBeCloseTo(2.25, 12);
    // without talks, nothing flows in
    const n = world({ params: (p) => { p.interventions.escrow = true; } });
    interventions.update!(n.m);
    expect(n.n[S.escrow]).toBe(0);
  });

  it('an executive round every 13 weeks when pressure is decided', () => {
    const w = world({ tick: 26, state: (s) => { s[S.sanctions] = 0.7; s[S.pressureSupport] = 0.6; } });
    interventions.update!(w.m);
    // 0.7 + 0.05 · 0.3 = 0.715
    expect(w.n[S.sanctions]).toBeCloseTo(0.715, 12);
    expect(w.n[S.pressureSupport]).toBe(0);
    expect(ofKind(w, 'sanctions-imposed')).toHaveLength(1);
    // off the cycle, or below the majority, or with a deal in force: none
    for (const o of [{ tick: 27, support: 0.6, phase: PHASE.none }, { tick: 26, support: 0.59, phase: PHASE.none }, { tick: 26, support: 0.6, phase: PHASE.deal }]) {
      const x = world({ tick: o.tick, state: (s) => { s[S.sanctions] = 0.7; s[S.pressureSupport] = o.support; s[S.phase] = o.phase; } });
      interventions.update!(x.m);
      expect(x.n[S.sanctions]).toBe(0.7);
    }
  });

  it('a modular agenda moves the regional track with the Gulf\'s mediation', () => {
    const w = world({ params: (p) => { p.interventions.agenda = 'modular'; }, shares: { gulf: { mediate: 0.5, hedge: 0.5, align: 0 } }, state: (s) => { s[S.regionalTrack] = 0.2; } });
    interventions.update!(w.m);
    // 0.2 + 0.01 · 0.5 · 0.8 = 0.204
    expect(w.n[S.regionalTrack]).toBeCloseTo(0.204, 12);
    const g = world({ shares: { gulf: { mediate: 1, hedge: 0, align: 0 } }, state: (s) => { s[S.regionalTrack] = 0.2; } });
    interventions.update!(g.m); // the default grand agenda: no separate track
    expect(g.n[S.regionalTrack]).toBe(0.2);
  });

  it('the ladder: the US steps first, then Iran; each step is irreversible', () => {
    const w = world({ params: (p) => { p.interventions.ladder = true; }, state: (s) => { s[S.engageSupport] = 0.6; s[S.acceptSupport] = 0.6; s[S.relief] = 0.1; s[S.keepSeen] = 3; s[S.level] = 2; s[S.stockpile] = 400; } });
    interventions.update!(w.m);
    // US step: relief 0.1 + 0.05, keepSeen 3 + 0.25; Iran waits for its turn
    expect(w.n[S.usLadder]).toBe(1);
    expect(w.n[S.irLadder]).toBe(0);
    expect(w.n[S.relief]).toBeCloseTo(0.15, 12);
    expect(w.n[S.keepSeen]).toBeCloseTo(3.25, 12);
    interventions.update!(w.m);
    // Iran's step: a level back, 10% of the stockpile diluted: 400 · 0.9 = 360; the US does not step again
    expect(w.n[S.irLadder]).toBe(1);
    expect(w.n[S.usLadder]).toBe(1);
    expect(w.n[S.level]).toBe(1);
    expect(w.n[S.stockpile]).toBeCloseTo(360, 9);
    expect(ofKind(w, 'ladder-step').map((e) => e.actor)).toEqual(['us.president', 'iran.leader']);
  });

  it('pays the President for clarity, pressure, freezing, and each principal for its reciprocal step', () => {
    const w = forRewards(world({
      params: (p) => { p.interventions.clarity = 0.7; p.interventions.pressure = 0.2; p.interventions.escrow = true; p.interventions.ladder = true; },
      state: (s) => { s[S.escrow] = 1; s[S.attacks] = 0.4; s[S.usLadder] = 1; s[S.irLadder] = 1; },
    }));
    const out = new Sink();
    interventions.rewards!(w.m, out);
    // engage 0.7 + ladder 0.3 (Iran took its last step) = 1.0; pressure 0.2 + 1 · 0.4 − 0.5 = 0.1
    expect(out.get('us.president.engage')).toBeCloseTo(1, 12);
    expect(out.get('us.president.pressure')).toBeCloseTo(0.1, 12);
    expect(out.get('iran.leader.accept')).toBe(0);
    const i = forRewards(world({ params: (p) => { p.interventions.ladder = true; }, state: (s) => { s[S.usLadder] = 2; s[S.irLadder] = 1; } }));
    const o2 = new Sink();
    interventions.rewards!(i.m, o2);
    expect(o2.get('iran.leader.accept')).toBeCloseTo(0.3, 12);
    expect(o2.get('us.president.engage')).toBe(0);
  });
});
