/**
 * Force: preventive strikes, sabotage, tension, kinetic episodes and ceasefires.
 *
 * Decisions (a preventive-war calculus, Fearon 1995): Israel's security cabinet restrains,
 * sabotages or strikes; the US President may strike. The pay of a strike is
 *
 *   preventionValue · weaponBelief · latency · P(success) − warCost   (+ redLines.reputation when a line is crossed, red-lines.ts)
 *
 * with P(success) from verification.ts (access exposes defences, Russian air defence protects);
 * Israel's strike also pays usGreenLight · (1 − engage(President)) (a US that does not engage
 * lets it act), and sabotage pays sabotageValue · latency. When a body's running support decides,
 * it acts once: a strike (`strike`, by whom; whether it succeeds is nature's draw, strike-success)
 * destroys setbackWeeks of enrichment progress and stockLoss of the stockpile, enforces a crossed
 * red line, and adds strikeTension; sabotage (sabotage-success) destroys sabotageWeeks of progress.
 *
 * Tension relaxes at kinetic.decay, faster with the Gulf's mediation (kinetic.mediation ·
 * mediate(Gulf)), and rises with strikes, attacks, surges and the IRGC's escalation. A kinetic
 * episode begins when tension reaches kinetic.threshold (US deaths warDeaths a week while it lasts)
 * and ends in a ceasefire when tension falls below kinetic.ceasefire: an episode, not an end.
 * The Gulf states mediate (stability · tension), hedge (hedging) or align with the US
 * (alignment · attacks).
 */
import { decided, spend } from '../decisions.js';
import type { Mechanism, TableModel } from '../model.js';
import { clamp, hawkTilt } from '../model.js';
import { A, P, PARTY, TRAIT } from '../populations.js';
import { S } from '../state.js';
import { enforce } from './red-lines.js';
import { strikeValue } from '../strike.js';
import { strikeSuccess } from './verification.js';
import { levels } from './latency.js';

/** The pay of a strike for a preventer (before the reputation at stake). */
export const strikePay = (m: TableModel): number => strikeValue(m.cur, m.p);

/** Sets the programme back by `weeks` of progress (whole levels first). */
function setBack(m: TableModel, weeks: number): void {
  const n = m.n, step = m.p.latency.stepWeeks;
  let progress = n[S.progress]! - weeks / step, level = n[S.level]!;
  while (progress < 0 && level > 0) { level -= 1; progress += 1; }
  n[S.level] = level;
  n[S.progress] = Math.max(0, progress);
  n[S.dash] = 0;
  n[S.enrichment] = levels(m.p)[level]!;
}

function strike(m: TableModel, actor: string): void {
  const n = m.n, k = m.p.military;
  const success = m.io.draw('strike-success') < strikeSuccess(m);
  m.io.emit({ kind: 'strike', actor, detail: { success, enrichment: n[S.enrichment]! } });
  n[S.strikes] = n[S.strikes]! + 1;
  n[S.tension] = n[S.tension]! + k.strikeTension;
  enforce(m, actor);
  if (success) {
    setBack(m, k.setbackWeeks);
    n[S.stockpile] = n[S.stockpile]! * (1 - k.stockLoss);
  }
}

export const force: Mechanism = {
  name: 'force',
  title: 'Preventive strikes, sabotage and kinetic episodes',
  passages: ['friction', 'redLine'],
  groups: ['military', 'kinetic', 'gulf'],
  update(m) {
    const n = m.n, k = m.p.kinetic, mil = m.p.military;
    const mediate = m.share(P['gulf'], A['gulf'].mediate);
    n[S.tension] = Math.max(0, n[S.tension]! * (1 - k.decay - k.mediation * mediate) + mil.escalateTension * m.share(P['iran.irgc'], A['iran.irgc'].escalate));
    if (decided(m, S.israelStrikeSupport!)) { strike(m, 'israel.cabinet'); spend(m, S.israelStrikeSupport!); }
    else if (decided(m, S.sabotageSupport!)) {
      const success = m.io.draw('sabotage-success') < mil.sabotageSuccess;
      m.io.emit({ kind: 'sabotage', actor: 'israel.cabinet', detail: { success } });
      if (success) setBack(m, mil.sabotageWeeks);
      spend(m, S.sabotageSupport!);
    }
    if (decided(m, S.strikeSupport!)) { strike(m, 'us.president'); spend(m, S.strikeSupport!); }
    if (n[S.kinetic] === 0 && n[S.tension]! >= k.threshold) {
      n[S.kinetic] = 1;
      m.io.emit({ kind: 'kinetic-episode-started', actor: 'nature', detail: { tension: n[S.tension]! } });
    } else if (n[S.kinetic] === 1 && n[S.tension]! < k.ceasefire) {
      n[S.kinetic] = 0;
      m.io.emit({ kind: 'ceasefire', actor: 'gulf', detail: { tension: n[S.tension]!, mediation: mediate } });
    }
    if (n[S.kinetic] === 1) n[S.usDeaths] = n[S.usDeaths]! + mil.warDeaths;
    n[S.tension] = clamp(n[S.tension]!, 0, Number.MAX_VALUE);
  },
  rewards(m, out) {
    const s = m.cur, mil = m.p.military, g = m.p.gulf, base = m.p.principals.baseline;
    const pay = strikePay(m);
    const isr = P['israel.cabinet'], I = A['israel.cabinet'];
    out.reward(isr, I.strike, pay + mil.usGreenLight * (1 - m.share(P['us.president'], A['us.president'].engage)));
    out.reward(isr, I.sabotage, mil.sabotageValue * s[S.latency]! - mil.sabotageCost);
    hawkTilt(m, out, isr, I.restrain, I.strike);
    const pres = P['us.president'], X = A['us.president'];
    out.reward(pres, X.strike, pay);
    hawkTilt(m, out, pres, X.engage, X.pressure);
    out.category(pres, TRAIT.party, PARTY.democrat, X.engage, m.p.principals.partyLean);
    out.category(pres, TRAIT.party, PARTY.republican, X.pressure, m.p.principals.partyLean);
    const gulf = P['gulf'], G = A['gulf'];
    out.reward(gulf, G.mediate, base + g.stability * s[S.tension]!);
    out.reward(gulf, G.hedge, base + g.hedging);
    out.reward(gulf, G.align, base + g.alignment * s[S.attacks]!);
  },
};
