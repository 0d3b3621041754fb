/**
 * Mechanism 5 — the asymmetric value of nuclear latency.
 *
 * Enrichment moves through levels: the cap (3.67%), above it (about 5%), 20%, 60%, and weapons
 * grade (90%: breakout). Decision: the SNSC caps, holds, expands, or dashes to breakout. While its
 * running support for expanding holds (decisions.ts), progress toward the next level grows by
 * 1 / stepWeeks a week and the stockpile by stockGrowth; the programme stops at 60% unless the
 * SNSC decides to dash (breakout-decision), which runs at the breakout time. Capping rolls the
 * programme back, one level per rollbackWeeks / 4 weeks, toward what an agreement in force allows
 * (the cap under a deal, about 5% under an interim freeze) and the stockpile toward stockCap.
 *
 *   breakoutWeeks = breakoutMaxWeeks · ln(90 / e) / ln(90 / 3.67) / (½ + ½ min(1, stock / referenceStock))
 *   latency       = 1 − min(1, breakoutWeeks / breakoutMaxWeeks)
 *
 * Pay of the SNSC (expected results, beside its hawkishness):
 *   cap:    complianceValue · (an agreement in force, or what is left of one after a reversal)
 *   expand: leverageValue · (latency at the next level − latency) while no agreement binds (the
 *           chip: the closer to breakout, the more leverage Iran believes it holds at the table; the
 *           US weighs limits more as latency grows, players.ts; under an agreement in force expanding
 *           is a breach, not a chip) − expandCost − (expected cost of a strike: threatCredibility · warCost when the
 *           next level crosses the red line, plus the running strike supports · warCost · latency)
 *           − complianceValue · relief · detection · access under an agreement (a breach found)
 *   dash:   weaponValue at 60% − expandCost − dashRisk · the strike cost above (a dash is hard to hide)
 * Under an agreement expanding is a breach; each week a breach goes on, inspectors find it with
 * chance verification.detection · access (a draw of nature: detection).
 */
import { decided, spend } from '../decisions.js';
import type { Mechanism, TableModel } from '../model.js';
import { clamp, hawkTilt } from '../model.js';
import type { Params } from '../params.js';
import { A, P } from '../populations.js';
import { PHASE, S } from '../state.js';

/** The enrichment of each level. */
export const levels = (p: Params): number[] => [p.latency.cap, p.latency.levelLow, p.latency.levelMid, p.latency.levelHigh, p.latency.weaponsGrade];

export function breakoutWeeks(e: number, stock: number, p: Params): number {
  const wg = p.latency.weaponsGrade;
  const work = Math.log(wg / Math.min(e, wg)) / Math.log(wg / p.latency.cap);
  return (p.latency.breakoutMaxWeeks * work) / (0.5 + 0.5 * Math.min(1, stock / p.latency.referenceStock));
}

/** The highest level an agreement in force allows (the top level without one). */
export function allowedLevel(m: TableModel): number {
  const ph = m.cur[S.phase];
  const top = levels(m.p).length - 1;
  return ph === PHASE.deal ? 0 : ph === PHASE.interim ? 1 : top;
}

/** The expected cost to Iran of a strike, as the SNSC sees it, when expanding to the next level. */
export function strikeRisk(m: TableModel): number {
  const s = m.cur, p = m.p, lv = levels(p);
  const next = lv[Math.min(lv.length - 1, s[S.level]! + 1)]!;
  const line = next >= s[S.redLine]! ? s[S.threatCredibility]! : 0;
  return p.military.warCost * (line + (s[S.strikeSupport]! + s[S.israelStrikeSupport]!) * s[S.latency]!);
}

export const latency: Mechanism = {
  name: 'latency',
  title: 'Asymmetric value of nuclear latency',
  passages: ['latency'],
  groups: ['latency'],
  update(m) {
    const n = m.n, p = m.p, L = p.latency, lv = levels(p), top = lv.length - 1;
    const bound = allowedLevel(m) < top;
    n[S.residual] = n[S.residual]! * (1 - 1 / L.patienceWeeks);
    let level = n[S.level]!, progress = n[S.progress]!;
    if (n[S.dash] === 1) {
      progress += 1 / Math.max(1, n[S.breakoutWeeks]!);
      if (progress >= 1) { level = top; progress = 0; n[S.dash] = 0; m.io.emit({ kind: 'breakout', actor: 'iran.snsc', detail: { enrichment: lv[top]! } }); }
    } else if (decided(m, S.dashSupport!) && level >= top - 1) {
      n[S.dash] = 1; spend(m, S.dashSupport!);
      m.io.emit({ kind: 'breakout-decision', actor: 'iran.snsc', detail: { breakoutWeeks: n[S.breakoutWeeks]! } });
    } else if (decided(m, S.expandSupport!) && level < top - 1) {
      progress += 1 / L.stepWeeks;
      n[S.stockpile] = n[S.stockpile]! + L.stockGrowth;
      if (bound && m.io.draw('detection') < p.verification.detection * n[S.access]!) {
        n[S.breaches] = n[S.breaches]! + 1;
        m.io.emit({ kind: 'breach-detected', actor: 'iran.snsc', detail: { enrichment: lv[level]!, phase: n[S.phase]! } });
      }
      if (progress >= 1) {
        level += 1; progress = 0;
        m.io.emit({ kind: 'enrichment-crossed', actor: 'iran.snsc', detail: { enrichment: lv[level]!, underAgreement: bound } });
      }
    } else if (decided(m, S.capSupport!) || level > allowedLevel(m)) {
      const allowed = decided(m, S.capSupport!) ? Math.min(allowedLevel(m), level) : allowedLevel(m);
      if (level > allowed) {
        progress -= top / L.rollbackWeeks;
        if (progress <= -1) { level -= 1; progress = 0; }
      } else progress = Math.max(0, progress);
      if (n[S.stockpile]! > L.stockCap && allowedLevel(m) < top) n[S.stockpile] = n[S.stockpile]! - (n[S.stockpile]! - L.stockCap) / L.rollbackWeeks;
    }
    n[S.level] = level;
    n[S.progress] = progress;
    n[S.enrichment] = lv[level]! + clamp(progress) * (lv[Math.min(top, level + 1)]! - lv[level]!) * (n[S.dash] === 1 ? 1 : 0);
    n[S.breakoutWeeks] = breakoutWeeks(n[S.enrichment]!, n[S.stockpile]!, p);
    n[S.latency] = 1 - Math.min(1, n[S.breakoutWeeks]! / L.breakoutMaxWeeks);
  },
  rewards(m, out) {
    const s = m.cur, p = m.p, L = p.latency, snsc = P['iran.snsc'], X = A['iran.snsc'], top = levels(p).length - 1;
    const bound = allowedLevel(m) < top ? 1 : 0;
    const risk = strikeRisk(m), lv = levels(p), next = lv[Math.min(top, s[S.level]! + 1)]!;
    const chip = 1 - Math.min(1, breakoutWeeks(next, s[S.stockpile]!, p) / L.breakoutMaxWeeks) - s[S.latency]!;
    out.reward(snsc, X.cap, L.complianceValue * Math.max(bound, s[S.residual]!));
    out.reward(snsc, X.expand, L.leverageValue * Math.max(0, chip) * (1 - bound) - L.expandCost - risk
      - bound * L.complianceValue * s[S.relief]! * p.verification.detection * s[S.access]!);
    out.reward(snsc, X.dash, (s[S.level]! >= top - 1 ? L.weaponValue : 0) - L.expandCost - L.dashRisk * risk);
    hawkTilt(m, out, snsc, X.cap, X.expand);
  },
};
