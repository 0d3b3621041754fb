/**
 * Mechanism 6 — the red-line paradox. The red line is a technical milestone (an enrichment
 * level). When enrichment crosses it, the US and Israel either move it (with moveProbability:
 * redLine += step, threat credibility -= erosion) or enforce it (a strike with probability
 * `enforcement`, which restores some credibility). Lower threat credibility weakens the
 * deterrence of enrichment above the plateau (latency.ts), so moving the line often raises
 * breakout. Between crossings threat credibility relaxes toward a level that rises with DoD surges:
 *   threatCredibility' = threatCredibility + 0.005 (0.4 + 0.4 surge(DoD) - threatCredibility)
 */
import { P, A } from '../actors.js';
import { clamp, share, type Mechanism } from '../mechanism.js';
import { S } from '../state.js';
import { strike } from './strike.js';

export const redLines: Mechanism = {
  name: 'red-lines',
  title: 'Red-line paradox',
  passages: ['redLine'],
  groups: ['redLines'],
  update({ s, n, sh, p, ctx }) {
    const r = p.redLines;
    n[S.threatCredibility] = clamp(s[S.threatCredibility] + 0.005 * (0.4 + 0.4 * share(sh, P.dod, A.confront) - s[S.threatCredibility]));
    if (n[S.enrichment] < s[S.redLine]) return;
    if (ctx.draw('red-line-move') < r.moveProbability) {
      n[S.redLine] = s[S.redLine] + r.step;
      n[S.redLineMoves] = s[S.redLineMoves] + 1;
      n[S.threatCredibility] = clamp(n[S.threatCredibility] - r.erosion);
      ctx.emit({ kind: 'red-line-moved', actor: 'red-lines', detail: { from: s[S.redLine], to: n[S.redLine] } });
      return;
    }
    ctx.emit({ kind: 'red-line-enforced', actor: 'red-lines', detail: { redLine: s[S.redLine] } });
    n[S.threatCredibility] = clamp(n[S.threatCredibility] + 0.1);
    n[S.redLine] = s[S.redLine] + r.step; // the milestone is spent either way
    if (ctx.draw('red-line-strike') < r.enforcement) strike(n, p, ctx, 'red-lines', 'enforcement');
  },
};
