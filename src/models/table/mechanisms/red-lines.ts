/**
 * Mechanism 6 — the red-line paradox. The red line stands at an enrichment milestone
 * (redLines.level). When enrichment reaches it, the US President and Israel's cabinet each weigh a
 * strike, whose pay now includes the reputation at stake (redLines.reputation; force.ts). A strike
 * within graceWeeks enforces the line; if none comes, the line counts as moved: it moves up to the
 * next enrichment level (weapons grade at most). Moving or enforcing is thus the outcome of the two decision-makers' choices, never
 * a coin.
 *
 * Belief: Iran counts enforced and moved lines; threatCredibility = enforcedSeen / (enforcedSeen
 * + movedSeen) (prior redLines.priorEnforced / priorMoved). The SNSC's expected cost of crossing
 * the next line is threatCredibility · warCost (latency.ts), so lines moved too often make the
 * next crossing cheaper.
 */
import type { Mechanism, TableModel } from '../model.js';
import { A, P } from '../populations.js';
import { S } from '../state.js';
import { levels } from './latency.js';

/** A strike while the line is crossed enforces it. */
export function enforce(m: TableModel, actor: string): void {
  const n = m.n;
  if (n[S.crossedFor]! <= 0) return;
  m.io.emit({ kind: 'red-line-enforced', actor, detail: { redLine: n[S.redLine]!, weeks: n[S.crossedFor]! } });
  n[S.enforcedSeen] = n[S.enforcedSeen]! + 1;
  n[S.crossedFor] = 0;
}

export const redLines: Mechanism = {
  name: 'red-lines',
  title: 'Red-line paradox',
  passages: ['redLine'],
  groups: ['redLines'],
  update(m) {
    const n = m.n, r = m.p.redLines;
    if (n[S.enrichment]! >= n[S.redLine]!) n[S.crossedFor] = n[S.crossedFor]! + 1;
    else n[S.crossedFor] = 0;
    if (n[S.crossedFor]! > r.graceWeeks) {
      const from = n[S.redLine]!;
      const next = levels(m.p).find((e) => e > from);
      n[S.redLine] = next ?? m.p.latency.weaponsGrade;
      n[S.movedSeen] = n[S.movedSeen]! + 1;
      n[S.crossedFor] = 0;
      m.io.emit({ kind: 'red-line-moved', actor: 'us.president', detail: { from, to: n[S.redLine]! } });
    }
    n[S.threatCredibility] = n[S.enforcedSeen]! / (n[S.enforcedSeen]! + n[S.movedSeen]!);
  },
  rewards(m, out) {
    const crossed = m.cur[S.crossedFor]! > 0 ? 1 : 0, rep = m.p.redLines.reputation;
    out.reward(P['us.president'], A['us.president'].strike, rep * crossed);
    out.reward(P['israel.cabinet'], A['israel.cabinet'].strike, rep * crossed);
  },
};
