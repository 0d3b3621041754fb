/**
 * Mechanism 8 — the cost function of kinetic friction. Maximum pressure assumes
 * C_resistance > C_concession; but the target adapts to sanctions, and a concession that
 * looks like surrender under pressure risks regime-threatening dissent:
 *   adaptation' = adaptation + rate * (sigma (1 - adaptation) - (1 - sigma) adaptation / 2)
 *   bite        = sigma (1 - buffer) (1 - 0.6 adaptation)
 *   stress'     = stress + 0.05 (bite - stress)
 *   dissent'    = dissent + 0.02 (0.8 stress - dissent)
 *   C_resistance = stressWeight * stress
 *   C_concession = concessionBase + dissentRisk * sigma * (0.5 + dissent)   (+ switching cost, sunk-cost.ts)
 * Rewards: the leader's accept -C_concession, hold -0.6 C_resistance, reject -0.8 C_resistance;
 * the pragmatists' engage +0.3 stress and withdraw +0.3 dissent.
 */
import { P, A } from '../actors.js';
import { clamp, type Mechanism } from '../mechanism.js';
import { S } from '../state.js';

export const costFunction: Mechanism = {
  name: 'cost-function',
  title: 'Cost function of kinetic friction',
  passages: ['costFunction', 'adaptation', 'friction'],
  groups: ['costFunction'],
  update({ s, n, p }) {
    const c = p.costFunction, sigma = s[S.sanctions], ad = s[S.adaptation];
    n[S.adaptation] = clamp(ad + c.adaptationRate * (sigma * (1 - ad) - 0.5 * (1 - sigma) * ad));
    const bite = sigma * (1 - n[S.buffer]) * (1 - 0.6 * ad);
    n[S.stress] = clamp(s[S.stress] + 0.05 * (bite - s[S.stress]));
    n[S.dissent] = clamp(s[S.dissent] + 0.02 * (0.8 * n[S.stress] - s[S.dissent]));
    n[S.cResistance] = c.stressWeight * n[S.stress];
    n[S.cConcession] = c.concessionBase + c.dissentRisk * sigma * (0.5 + n[S.dissent]);
  },
  rewards(s, _sh, _p, out) {
    out.add(P.leader, A.coop, -s[S.cConcession]);
    out.add(P.leader, A.hold, -0.6 * s[S.cResistance]);
    out.add(P.leader, A.confront, -0.8 * s[S.cResistance]);
    // the pragmatists feel the stress and fear the dissent
    out.add(P.pragmatists, A.coop, 0.3 * s[S.stress]);
    out.add(P.pragmatists, A.confront, 0.3 * s[S.dissent]);
  },
};
