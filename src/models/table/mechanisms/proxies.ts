/**
 * Mechanism 3 — proxy agency and IRGC legitimacy.
 *
 * Decision: each cell of a proxy (Hezbollah, the Houthis, Iraqi militias) holds or attacks. Its pay:
 *
 *   hold:   restraintPay + (1 − autonomy) · funding · restrain(IRGC)
 *   attack: ownGain + (1 − autonomy) · funding · escalate(IRGC) + threatPay · tension
 *           + safetyInNumbers · (share of neighbouring cells that attacked last week)
 *           − hitCost if it is hit (its own draw: hazard hitHazard · (surge(DoD) + US strike support + Israeli strike support))
 *
 * so autonomy weighs the cell's own payoff against its principal's orders, and the principal's
 * orders come from the IRGC commanders' choices. A `proxy-attack` event marks the start of a
 * campaign: a group's attack share rising past proxies.campaign (it ends when the share falls below
 * half of that). Attacks raise tension (tensionPerAttack per unit
 * attack share), kill US service members when they reach US forces (the militias' attacks: usDeathsPerAttack), and harden US negotiators and
 * legislators (derail, in table.ts and elections.ts).
 *
 * The IRGC's commanders restrain, hold or escalate: escalation pays threatLegitimacy · tension
 * (legitimacy and budget from external threat) and, when the proposal on the table restrains its
 * regional role, regionalLoss · (the US proposal's regional restraint); restraint pays
 * reliefGain · (the US proposal's relief) (its companies gain from relief). Its budget index
 * follows the same drivers and funds repression (cost-function.ts).
 */
import type { Mechanism } from '../model.js';
import { clamp, hawkTilt } from '../model.js';
import { A, P, PROXIES } from '../populations.js';
import { S, V } from '../state.js';
import { DIM } from '../issues.js';

/** The state slots of a proxy's attack share and campaign flag. */
const shareSlot = (g: string): number => S[`attacks.${g}`]!;
const campaignSlot = (g: string): number => S[`campaign.${g}`]!;

export const proxies: Mechanism = {
  name: 'proxies',
  title: 'Proxy agency problem and IRGC legitimacy',
  passages: ['proxies', 'irgc'],
  groups: ['proxies', 'irgc'],
  update(m) {
    const n = m.n, x = m.p.proxies;
    let attacks = 0;
    for (const g of PROXIES) {
      const a = m.share(g.pop, A['proxy.hezbollah'].attack);
      attacks += a;
      n[S.tension] = n[S.tension]! + x.tensionPerAttack * a;
      n[S.usDeaths] = n[S.usDeaths]! + g.nearUS * x.usDeathsPerAttack * a;
      n[shareSlot(g.name)] = a;
      const on = m.s[campaignSlot(g.name)] === 1;
      if (on && a < 0.5 * x.campaign) n[campaignSlot(g.name)] = 0;
      if (!on && a >= x.campaign) n[campaignSlot(g.name)] = 1;
      if (!on && a >= x.campaign) m.io.emit({ kind: 'proxy-attack', actor: `proxy.${g.name}`, detail: { share: a, hit: m.t ? m.t.hits(g.pop) : 0 } });
    }
    n[S.attacks] = attacks / PROXIES.length;
    const r = m.p.irgc, grand = m.p.interventions.agenda === 'grand' ? 1 : 0;
    const target = r.threatLegitimacy * n[S.tension]! + r.reliefGain * n[S.relief]! - r.regionalLoss * grand * n[V.deal + DIM.regional]!;
    n[S.irgcBudget] = n[S.irgcBudget]! + r.budgetRate * (clamp(target) - n[S.irgcBudget]!);
  },
  rewards(m, out) {
    const s = m.cur, x = m.p.proxies, base = m.p.principals.baseline;
    const esc = m.share(P['iran.irgc'], A['iran.irgc'].escalate), res = m.share(P['iran.irgc'], A['iran.irgc'].restrain);
    const retaliation = m.share(P['us.dod'], A['us.dod'].surge) + s[S.strikeSupport]! + s[S.israelStrikeSupport]!;
    const hold = A['proxy.hezbollah'].hold, attack = A['proxy.hezbollah'].attack;
    for (const g of PROXIES) {
      const obey = 1 - x[g.autonomy];
      out.reward(g.pop, hold, base + x.restraintPay + obey * x.funding * res);
      out.reward(g.pop, attack, base + x.ownGain + obey * x.funding * esc + x.threatPay * s[S.tension]!);
      out.local(g.pop, attack, attack, x.safetyInNumbers);
      out.hazard(g.pop, attack, Math.min(1, x.hitHazard * retaliation), x.hitCost);
    }
    const r = m.p.irgc, irgc = P['iran.irgc'], I = A['iran.irgc'];
    const grand = m.p.interventions.agenda === 'grand' ? 1 : 0;
    out.reward(irgc, I.restrain, base + r.reliefGain * s[V.usProposal + DIM.relief]!);
    out.reward(irgc, I.hold, base);
    out.reward(irgc, I.escalate, base + r.threatLegitimacy * s[S.tension]! + r.regionalLoss * grand * s[V.usProposal + DIM.regional]! + r.rentLoss * s[S.adaptation]! * s[V.usProposal + DIM.relief]!);
    hawkTilt(m, out, irgc, I.restrain, I.escalate);
  },
};
