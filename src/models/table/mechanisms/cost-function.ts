/**
 * Mechanism 8 — the cost function of kinetic friction: C_resistance against C_concession, with
 * dissent.
 *
 * The Iranian public (a mass population on a small-world network) protests by the threshold rule
 * (learning/threshold.ts): a member protests when the share of its contacts that protested last
 * week, plus the public's drive, reaches its threshold. The drive is
 *
 *   stressDrive · stress  +  humiliationDrive · humiliation  −  repression · irgcBudget  −  crackdown · protest
 *
 * (the last term: the regime answers last week's protest with a crackdown, so protest comes in waves)
 *
 * economic stress (the cost of resistance, borne by the public) and the surrender image of
 * concessions made under pressure (the cost of concession): each concession Iran makes (its
 * proposal moving toward the US's, an agreement signed) adds costFunction.humiliation · sanctions ·
 * (its size) to `humiliation`, which fades at humiliationDecay. A protest wave begins when the
 * protesting share crosses waveShare.
 *
 * The Leader pays for protest (dissentThreat per unit of protest share), split by what drives it:
 * the part driven by stress makes accepting pay, the part driven by humiliation makes rejecting pay.
 * Whether concession costs more than resistance is then decided by the public's dynamics, not by
 * a constant.
 */
import type { Mechanism } from '../model.js';
import { A, P } from '../populations.js';
import { S } from '../state.js';

/** The public's drive toward protest, and the parts due to stress and to humiliation. */
export function drive(s: Float64Array, p: import('../params.js').Params): { total: number; stress: number; humiliation: number } {
  const c = p.costFunction;
  const stress = c.stressDrive * s[S.stress]!, humiliation = c.humiliationDrive * s[S.humiliation]!;
  return { total: stress + humiliation - c.repression * s[S.irgcBudget]! - c.crackdown * s[S.protest]!, stress, humiliation };
}

export const costFunction: Mechanism = {
  name: 'cost-function',
  title: 'Cost function of kinetic friction: C_resistance vs C_concession, with dissent',
  passages: ['costFunction', 'friction'],
  groups: ['costFunction'],
  update(m) {
    const n = m.n, c = m.p.costFunction;
    n[S.humiliation] = n[S.humiliation]! * (1 - c.humiliationDecay);
    const before = m.s[S.protest]!, now = m.share(P['iran.public'], A['iran.public'].protest);
    n[S.protest] = now;
    if (before < c.waveShare && now >= c.waveShare) {
      const d = drive(n, m.p);
      m.io.emit({ kind: 'protest-wave', actor: 'iran.public', detail: { share: now, stressDrive: d.stress, humiliationDrive: d.humiliation } });
    }
  },
  rewards(m, out) {
    const s = m.cur, c = m.p.costFunction, d = drive(s, m.p);
    out.reward(P['iran.public'], A['iran.public'].protest, d.total);
    const threat = c.dissentThreat * s[S.protest]!, both = d.stress + d.humiliation;
    if (both > 0) {
      out.reward(P['iran.leader'], A['iran.leader'].accept, (threat * d.stress) / both);
      out.reward(P['iran.leader'], A['iran.leader'].reject, (threat * d.humiliation) / both);
    }
  },
};

/** A concession of size `size` (terms moved toward the US) made under the current sanctions adds to the surrender image. */
export function concession(n: Float64Array, p: import('../params.js').Params, size: number): void {
  n[S.humiliation] = n[S.humiliation]! + p.costFunction.humiliation * n[S.sanctions]! * size;
}
