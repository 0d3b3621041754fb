/**
 * Mechanism 7, monitoring vs sovereignty (mechanisms/inspections.ts): when the SNSC decides to
 * curtail, access moves toward minimal; when it decides to grant, toward max(protocol, the deal's
 * access); at inspections.speed a week. Pay:
 *   grant:   reliefExpectation · engaged + obligation · deal − exposure · warCost · threat
 *   curtail: audienceCost · sanctions − (1 − 1 / refusalEvidence) · warCost · threat − obligation · deal
 *   threat = strike(President) + strike(Israel) shares; President engage − prerequisiteWeight · max(0, protocol − access)
 * Defaults: minimal 0.1, safeguards 0.3, protocol 0.6, speed 0.05, reliefExpectation 0.5,
 * obligation 0.6, audienceCost 0.6, exposure 0.4, refusalEvidence 2, warCost 0.8, prerequisiteWeight 1.
 */
import { describe, expect, it } from 'vitest';
import { DIM } from '../../../src/models/table/issues.js';
import { inspections } from '../../../src/models/table/mechanisms/inspections.js';
import { PHASE, V } from '../../../src/models/table/state.js';
import { forRewards, ofKind, S, Sink, world } from './world.js';

describe('inspections: IAEA access as the SNSC\'s decision', () => {
  it('curtailing moves access toward minimal access', () => {
    const w = world({ state: (s) => { s[S.access] = 0.5; s[S.curtailSupport] = 0.6; s[S.grantSupport] = 0.9; } });
    inspections.update!(w.m);
    // curtail wins over grant: 0.5 + 0.05 · (0.1 − 0.5) = 0.48
    expect(w.n[S.access]).toBeCloseTo(0.48, 12);
  });

  it('granting moves it toward the protocol, or the deal\'s access if higher', () => {
    const t = world({ state: (s) => { s[S.access] = 0.5; s[S.grantSupport] = 0.6; s[S.phase] = PHASE.talks; } });
    inspections.update!(t.m);
    // 0.5 + 0.05 · (0.6 − 0.5) = 0.505
    expect(t.n[S.access]).toBeCloseTo(0.505, 12);
    const d = world({ state: (s) => { s[S.access] = 0.5; s[S.grantSupport] = 0.6; s[S.phase] = PHASE.deal; s[V.deal + DIM.access] = 0.9; } });
    inspections.update!(d.m);
    // 0.5 + 0.05 · 0.4 = 0.52
    expect(d.n[S.access]).toBeCloseTo(0.52, 12);
    // undecided (0.59): unchanged
    const u = world({ state: (s) => { s[S.access] = 0.5; s[S.grantSupport] = 0.59; s[S.curtailSupport] = 0.59; } });
    inspections.update!(u.m);
    expect(u.n[S.access]).toBe(0.5);
  });

  it('marks crossings of the protocol and safeguards levels', () => {
    const w = world({ state: (s) => { s[S.access] = 0.59; s[S.grantSupport] = 0.6; s[S.phase] = PHASE.deal; s[V.deal + DIM.access] = 0.9; } });
    inspections.update!(w.m);
    // 0.59 + 0.05 · 0.31 = 0.6055 ≥ 0.6
    expect(ofKind(w, 'access-changed')).toEqual([{ kind: 'access-changed', actor: 'iran.inspections', detail: { access: expect.closeTo(0.6055, 12), level: 0.6, direction: 'granted' } }]);
    const c = world({ state: (s) => { s[S.access] = 0.31; s[S.curtailSupport] = 0.6; } });
    inspections.update!(c.m);
    // 0.31 − 0.05 · 0.21 = 0.2995 < 0.3
    expect(ofKind(c, 'access-changed').map((e) => e.detail!.direction)).toEqual(['curtailed']);
  });

  it('the SNSC\'s pay for granting and curtailing, and the US prerequisite', () => {
    const w = forRewards(world({
      params: (p) => { p.principals.hawkTilt = 0; },
      shares: { 'us.president': { engage: 0.75, hold: 0, pressure: 0, strike: 0.25 }, 'israel.cabinet': { restrain: 0.5, sabotage: 0, strike: 0.5 } },
      state: (s) => { s[S.phase] = PHASE.talks; s[S.sanctions] = 0.7; s[S.access] = 0.3; },
    }));
    const out = new Sink();
    inspections.rewards!(w.m, out);
    // threat 0.25 + 0.5 = 0.75; grant 0.5 · 1 + 0 − 0.4 · 0.8 · 0.75 = 0.5 − 0.24 = 0.26
    expect(out.get('iran.inspections.grant')).toBeCloseTo(0.26, 12);
    // curtail 0.6 · 0.7 − ½ · 0.8 · 0.75 − 0 = 0.42 − 0.3 = 0.12
    expect(out.get('iran.inspections.curtail')).toBeCloseTo(0.12, 12);
    // stronger evidence of refusal (likelihood ratio 4) makes curtailing riskier: 0.42 − ¾ · 0.8 · 0.75 = −0.03
    w.p.verification.refusalEvidence = 4;
    const o4 = new Sink();
    inspections.rewards!(w.m, o4);
    expect(o4.get('iran.inspections.curtail')).toBeCloseTo(-0.03, 12);
    // President: −1 · (0.6 − 0.3) = −0.3
    expect(out.get('us.president.engage')).toBeCloseTo(-0.3, 12);
    // under a deal: grant + obligation 0.6, curtail − 0.6
    const d = forRewards(world({ params: (p) => { p.principals.hawkTilt = 0; p.inspections.prerequisite = false; }, shares: { 'us.president': { engage: 1, hold: 0, pressure: 0, strike: 0 }, 'israel.cabinet': { restrain: 1, sabotage: 0, strike: 0 } }, state: (s) => { s[S.phase] = PHASE.deal; s[S.sanctions] = 0.5; } }));
    const o2 = new Sink();
    inspections.rewards!(d.m, o2);
    expect(o2.get('iran.inspections.grant')).toBeCloseTo(1.1, 12);
    expect(o2.get('iran.inspections.curtail')).toBeCloseTo(0.3 - 0.6, 12);
    expect(o2.get('us.president.engage')).toBe(0);
  });
});
