/**
 * Mechanism 8, the cost function of kinetic friction (mechanisms/cost-function.ts):
 *   drive = stressDrive · stress + humiliationDrive · humiliation − repression · irgcBudget − crackdown · protest
 *   a concession of size z under sanctions adds humiliation · sanctions · z to the surrender image,
 *   which fades at humiliationDecay; a protest wave begins when the protesting share crosses waveShare.
 *   Leader: accept pays dissentThreat · protest · (stress part / both parts), reject the humiliation part.
 * Defaults: stressDrive 0.4, humiliationDrive 0.3, repression 0.3, crackdown 0.5, humiliation 1,
 * humiliationDecay 0.03, dissentThreat 2, waveShare 0.1.
 */
import { describe, expect, it } from 'vitest';
import { concession, costFunction, drive } from '../../../src/models/table/mechanisms/cost-function.js';
import { forRewards, ofKind, S, Sink, world } from './world.js';

const state = (s: Float64Array) => { s[S.stress] = 0.5; s[S.humiliation] = 0.4; s[S.irgcBudget] = 0.2; s[S.protest] = 0.1; };

describe('cost function: protest drive, surrender image, the Leader\'s dissent cost', () => {
  it('the public\'s drive, by hand', () => {
    const w = world({ state });
    const d = drive(w.s, w.p);
    // stress part 0.4 · 0.5 = 0.2; humiliation part 0.3 · 0.4 = 0.12
    // total 0.32 − 0.3 · 0.2 − 0.5 · 0.1 = 0.32 − 0.06 − 0.05 = 0.21
    expect(d.stress).toBeCloseTo(0.2, 12);
    expect(d.humiliation).toBeCloseTo(0.12, 12);
    expect(d.total).toBeCloseTo(0.21, 12);
  });

  it('a concession under sanctions adds to the surrender image', () => {
    const w = world({ state: (s) => { s[S.humiliation] = 0.1; s[S.sanctions] = 0.7; } });
    concession(w.n, w.p, 0.3);
    // 0.1 + 1 · 0.7 · 0.3 = 0.31
    expect(w.n[S.humiliation]).toBeCloseTo(0.31, 12);
    // no sanctions, no surrender image
    w.n[S.sanctions] = 0;
    concession(w.n, w.p, 0.5);
    expect(w.n[S.humiliation]).toBeCloseTo(0.31, 12);
  });

  it('the surrender image fades; a wave begins when the share crosses waveShare, not just below', () => {
    const w = world({ state: (s) => { state(s); s[S.protest] = 0.05; }, shares: { 'iran.public': { quiet: 0.88, protest: 0.12 } } });
    costFunction.update!(w.m);
    // 0.4 · (1 − 0.03) = 0.388
    expect(w.n[S.humiliation]).toBeCloseTo(0.388, 12);
    expect(w.n[S.protest]).toBeCloseTo(0.12, 12);
    expect(ofKind(w, 'protest-wave')).toHaveLength(1);
    const below = world({ state: (s) => { state(s); s[S.protest] = 0.05; }, shares: { 'iran.public': { quiet: 0.9001, protest: 0.0999 } } });
    costFunction.update!(below.m);
    expect(ofKind(below, 'protest-wave')).toHaveLength(0);
    // already above the threshold last week: the wave goes on, no new event
    const on = world({ state: (s) => { state(s); s[S.protest] = 0.11; }, shares: { 'iran.public': { quiet: 0.8, protest: 0.2 } } });
    costFunction.update!(on.m);
    expect(ofKind(on, 'protest-wave')).toHaveLength(0);
  });

  it('pays the public its drive and splits the Leader\'s dissent cost by what drives protest', () => {
    const w = forRewards(world({ state }));
    const out = new Sink();
    costFunction.rewards!(w.m, out);
    expect(out.get('iran.public.protest')).toBeCloseTo(0.21, 12);
    // threat 2 · 0.1 = 0.2; accept 0.2 · 0.2 / 0.32 = 0.125; reject 0.2 · 0.12 / 0.32 = 0.075
    expect(out.get('iran.leader.accept')).toBeCloseTo(0.125, 12);
    expect(out.get('iran.leader.reject')).toBeCloseTo(0.075, 12);
  });
});
