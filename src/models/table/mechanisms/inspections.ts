/**
 * Mechanism 7 — monitoring vs sovereignty: IAEA access is a decision of Iran's SNSC.
 *
 * Pay of its choices (expected results):
 *   grant:   reliefExpectation · (talks, an interim or a deal under way) + obligation · (a deal in force)
 *            − exposure · warCost · (the US's and Israel's shares of strike choices last week)   (mechanism 10)
 *   curtail: audienceCost · sanctions (hardliners demand a response to pressure)
 *            − (1 − 1 / refusalEvidence) · warCost · (the same strike shares) − obligation · (a deal in force)
 * so whether access falls as sanctions rise depends on these terms and the state, not on a toggle
 * formula. When the SNSC's running support for granting or curtailing reaches its rule, access
 * moves (inspections.speed a week) toward what it grants (the Additional Protocol, or more under a
 * deal) or toward minimal access; access-changed events mark crossings of the safeguards and
 * protocol levels.
 *
 * The US prerequisite: with inspections.prerequisite the President's pay for engaging falls by
 * prerequisiteWeight per unit of access short of the protocol (a strong precondition, not a gate).
 */
import { decided } from '../decisions.js';
import type { Mechanism } from '../model.js';
import { hawkTilt } from '../model.js';
import { A, P } from '../populations.js';
import { PHASE, S, V } from '../state.js';
import { DIM } from '../issues.js';

export const inspections: Mechanism = {
  name: 'inspections',
  title: 'Monitoring vs sovereignty (IAEA access)',
  passages: ['monitoring'],
  groups: ['inspections'],
  update(m) {
    const n = m.n, q = m.p.inspections, a = n[S.access]!;
    let target = a;
    if (decided(m, S.curtailSupport!)) target = q.minimal;
    else if (decided(m, S.grantSupport!)) target = Math.max(q.protocol, n[S.phase] === PHASE.deal ? n[V.deal + DIM.access]! : 0);
    const next = a + q.speed * (target - a);
    n[S.access] = next;
    for (const level of [q.safeguards, q.protocol]) {
      if ((a < level) !== (next < level)) m.io.emit({ kind: 'access-changed', actor: 'iran.inspections', detail: { access: next, level, direction: next > a ? 'granted' : 'curtailed' } });
    }
  },
  rewards(m, out) {
    const s = m.cur, q = m.p.inspections, v = m.p.verification, war = m.p.military.warCost;
    const body = P['iran.inspections'], X = A['iran.inspections'];
    const engaged = s[S.phase]! >= PHASE.talks ? 1 : 0, deal = s[S.phase] === PHASE.deal ? 1 : 0;
    const threat = m.share(P['us.president'], A['us.president'].strike) + m.share(P['israel.cabinet'], A['israel.cabinet'].strike);
    out.reward(body, X.grant, q.reliefExpectation * engaged + q.obligation * deal - v.exposure * war * threat);
    out.reward(body, X.curtail, q.audienceCost * s[S.sanctions]! - (1 - 1 / v.refusalEvidence) * war * threat - q.obligation * deal);
    hawkTilt(m, out, body, X.grant, X.curtail);
    if (q.prerequisite) out.reward(P['us.president'], A['us.president'].engage, -q.prerequisiteWeight * Math.max(0, q.protocol - s[S.access]!));
  },
};
