/**
 * Mechanism 6, the red-line paradox (mechanisms/red-lines.ts): enrichment at or above the red line
 * counts weeks crossed; a strike while crossed enforces the line (enforcedSeen + 1); more than
 * graceWeeks crossed without one moves the line to the next level (movedSeen + 1);
 * threatCredibility = enforcedSeen / (enforcedSeen + movedSeen). Defaults: level 60, graceWeeks 8,
 * reputation 1, priors 1 / 1; levels 3.67, 5, 20, 60, 90.
 */
import { describe, expect, it } from 'vitest';
import { enforce, redLines } from '../../../src/models/table/mechanisms/red-lines.js';
import { forRewards, ofKind, S, Sink, world } from './world.js';

describe('red lines: crossed, enforced or moved', () => {
  it('a line crossed unenforced past the grace period is moved to the next level', () => {
    const w = world({ state: (s) => { s[S.enrichment] = 60; s[S.redLine] = 60; s[S.crossedFor] = 8; s[S.enforcedSeen] = 1; s[S.movedSeen] = 1; } });
    redLines.update!(w.m);
    // 9 weeks > 8: moved to 90; moved 2 → credibility 1 / (1 + 2) = 1/3
    expect(w.n[S.redLine]).toBe(90);
    expect(w.n[S.movedSeen]).toBe(2);
    expect(w.n[S.crossedFor]).toBe(0);
    expect(w.n[S.threatCredibility]).toBeCloseTo(1 / 3, 12);
    expect(ofKind(w, 'red-line-moved')).toEqual([{ kind: 'red-line-moved', actor: 'us.president', detail: { from: 60, to: 90 } }]);
  });

  it('within the grace period it only counts the weeks', () => {
    const w = world({ state: (s) => { s[S.enrichment] = 60; s[S.redLine] = 60; s[S.crossedFor] = 7; } });
    redLines.update!(w.m);
    expect(w.n[S.crossedFor]).toBe(8);
    expect(w.n[S.redLine]).toBe(60);
    expect(ofKind(w, 'red-line-moved')).toHaveLength(0);
    // below the line the count resets
    const b = world({ state: (s) => { s[S.enrichment] = 59.9; s[S.redLine] = 60; s[S.crossedFor] = 5; } });
    redLines.update!(b.m);
    expect(b.n[S.crossedFor]).toBe(0);
  });

  it('a line at weapons grade moves no further', () => {
    const w = world({ state: (s) => { s[S.enrichment] = 90; s[S.redLine] = 90; s[S.crossedFor] = 8; } });
    redLines.update!(w.m);
    expect(w.n[S.redLine]).toBe(90);
    expect(ofKind(w, 'red-line-moved')).toHaveLength(1);
  });

  it('a strike while crossed enforces the line; otherwise it does nothing', () => {
    const w = world({ state: (s) => { s[S.crossedFor] = 3; s[S.enforcedSeen] = 1; s[S.movedSeen] = 1; } });
    enforce(w.m, 'israel.cabinet');
    expect(w.n[S.enforcedSeen]).toBe(2);
    expect(w.n[S.crossedFor]).toBe(0);
    expect(ofKind(w, 'red-line-enforced')).toHaveLength(1);
    redLines.update!(w.m);
    // 2 / (2 + 1) = 2/3 (enrichment 20 is below the line)
    expect(w.n[S.threatCredibility]).toBeCloseTo(2 / 3, 12);
    const n = world({ state: (s) => { s[S.crossedFor] = 0; s[S.enforcedSeen] = 1; } });
    enforce(n.m, 'us.president');
    expect(n.n[S.enforcedSeen]).toBe(1);
    expect(n.events).toHaveLength(0);
  });

  it('puts reputation at stake in both strikers\' pay while a line is crossed', () => {
    const w = forRewards(world({ state: (s) => { s[S.crossedFor] = 2; } }));
    const out = new Sink();
    redLines.rewards!(w.m, out);
    expect(out.get('us.president.strike')).toBe(1);
    expect(out.get('israel.cabinet.strike')).toBe(1);
    const n = forRewards(world());
    const o2 = new Sink();
    redLines.rewards!(n.m, o2);
    expect(o2.get('us.president.strike')).toBe(0);
  });
});
