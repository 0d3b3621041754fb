/**
 * A military strike (Israeli or US): tension jumps by strikeJump, reduced by the
 * de-escalation ladder's absorption (interventions.ts), the strike count rises and enrichment
 * is set back. Shared by red-line enforcement and the escalation dynamics.
 */
import type { Ctx } from '../mechanism.js';
import type { Params } from '../params.js';
import { S } from '../state.js';
import { ladderAbsorption } from './interventions.js';

export function strike(n: Float64Array, p: Params, ctx: Ctx, actor: string, why: string): void {
  n[S.strikes] += 1;
  n[S.tension] += p.military.strikeJump * (1 - ladderAbsorption(n, p));
  n[S.enrichment] = Math.max(3.67, n[S.enrichment] - 5);
  ctx.emit({ kind: 'strike', actor, detail: { why, tension: n[S.tension] } });
}
