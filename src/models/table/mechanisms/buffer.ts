/**
 * Mechanism 9 — the multipolar buffer.
 *
 * Decision: each of China's independent refiners buys or shuns discounted Iranian crude. Buying pays
 * buffer.discount; a buyer may be designated by the US (its own draw: hazard designation ·
 * enforcement, with enforcement = sanctions · (½ + ½ interventions.pressure)) and then bears
 * designationCost. The buying share carries exports past the sanctions:
 *
 *   lost     = oilBaseline · oilLoss · sanctions · (1 − relief)
 *   exports  = oilBaseline − lost + min(lost, chinaCapacity · chinaBuying)
 *   bite     = financialShare · sanctions · (1 − relief) + (1 − financialShare) · (1 − exports / oilBaseline)
 *   stress  → bite · (1 − adaptationRelief · adaptation)   at economy.stressSpeed
 *
 * Russia partners, holds or distances: partnering pays russiaArms and costs russiaCost · tension
 * (entanglement in a war). Iran's air defence follows the partnership (partnerSpeed) and lowers a
 * strike's chance of success (buffer.airDefence; verification.ts), which Israel and the US weigh.
 * The buffer's effect on stress goes through the refiners' choices and the US's enforcement, not
 * through a factor on the bite.
 */
import type { Mechanism } from '../model.js';
import { A, P } from '../populations.js';
import { S } from '../state.js';

export const buffer: Mechanism = {
  name: 'buffer',
  title: 'Multipolar buffer',
  passages: ['buffer', 'adaptation'],
  groups: ['buffer', 'economy'],
  update(m) {
    const n = m.n, e = m.p.economy, b = m.p.buffer;
    const buying = m.share(P['china.refiners'], A['china.refiners'].buy);
    n[S.chinaBuying] = buying;
    const lost = e.oilBaseline * e.oilLoss * n[S.sanctions]! * (1 - n[S.relief]!);
    n[S.oilExports] = e.oilBaseline - lost + Math.min(lost, e.chinaCapacity * buying);
    const bite = e.financialShare * n[S.sanctions]! * (1 - n[S.relief]!) + (1 - e.financialShare) * (1 - n[S.oilExports]! / e.oilBaseline);
    const target = bite * (1 - m.p.sunkCost.adaptationRelief * n[S.adaptation]!);
    n[S.stress] = n[S.stress]! + e.stressSpeed * (target - n[S.stress]!);
    const partner = m.share(P['russia'], A['russia'].partner);
    n[S.airDefence] = n[S.airDefence]! + b.partnerSpeed * (partner - n[S.airDefence]!);
    n[S.sanctions] = n[S.sanctions]! * (1 - e.decay);
  },
  rewards(m, out) {
    const s = m.cur, b = m.p.buffer, base = m.p.principals.baseline;
    const ref = P['china.refiners'], X = A['china.refiners'];
    const enforcement = s[S.sanctions]! * (0.5 + 0.5 * m.p.interventions.pressure);
    out.reward(ref, X.buy, base + b.discount);
    out.reward(ref, X.shun, base);
    out.hazard(ref, X.buy, Math.min(1, b.designation * enforcement), b.designationCost);
    const ru = P['russia'], R = A['russia'];
    out.reward(ru, R.partner, b.russiaArms - b.russiaCost * s[S.tension]!);
    out.reward(ru, R.distance, b.russiaCost * s[S.kinetic]!);
  },
};
