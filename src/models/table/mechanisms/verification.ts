/**
 * Mechanism 10 — the verification security dilemma, both halves.
 *
 * (a) Access exposes conventional defences: a strike's chance of success rises with access above
 *     safeguards (verification.exposure) and falls with Russian-supplied air defence:
 *
 *       P(success) = clamp(successBase + exposure · max(0, access − safeguards) − airDefence · buffer.airDefence)   (strike.ts)
 *
 *     which Israel and the US weigh (force.ts) and Iran's SNSC anticipates (inspections.ts).
 * (b) Refusing access makes the US believe a weapon is being built. The US belief moves toward the
 *     posterior of what it observes (beliefSpeed a week):
 *
 *       log-odds = log-odds(priorWeapon) + ln(refusalEvidence) · max(0, protocol − access) / protocol
 *                  + ln(enrichmentEvidence) · (enrichment level above the cap) + ln(refusalEvidence) · breaches
 *
 * The belief raises the US salience of enrichment (players.ts), discounts any deal for the US
 * (1 − weaponBelief), and drives the preventive-war calculus.
 */
import type { Mechanism, TableModel } from '../model.js';
import { strikeSuccessOf } from '../strike.js';
import { S } from '../state.js';

/** A strike's chance of success as the state stands (strike.ts). */
export const strikeSuccess = (m: TableModel): number => strikeSuccessOf(m.cur, m.p);

const logit = (x: number) => Math.log(x / (1 - x));

export const verification: Mechanism = {
  name: 'verification',
  title: 'Verification security dilemma',
  passages: ['verification'],
  groups: ['verification'],
  update(m) {
    const n = m.n, v = m.p.verification, q = m.p.inspections;
    const lo = logit(v.priorWeapon) + Math.log(v.refusalEvidence) * (Math.max(0, q.protocol - n[S.access]!) / q.protocol + n[S.breaches]!)
      + Math.log(v.enrichmentEvidence) * n[S.level]!;
    const post = 1 / (1 + Math.exp(-lo));
    n[S.weaponBelief] = n[S.weaponBelief]! + v.beliefSpeed * (post - n[S.weaponBelief]!);
  },
};
