/**
 * Mechanism 10 — the verification security dilemma. Anytime-anywhere access would map Iran's
 * conventional defences, which matters the more a strike is credible; so demanded access is
 * refused, and refusal is read as evidence of a weapon:
 *   refusal      = vulnerabilityAversion * accessDemand * threatCredibility
 *   evidence     = 0.1 + 0.8 accessDemand (1 - access) + 0.3 (enrichment - 3.67) / (weaponsGrade - 3.67) - 0.3 access
 *   weaponBelief' = weaponBelief + beliefRate (clamp(evidence) - weaponBelief)
 * The belief B moves the US and Israel toward confrontation: DoD surge +0.15 B, Israel strike
 * +0.45 B threatCredibility, Congress oppose +0.15 B, State add-pressure +0.1 B.
 */
import { P, A } from '../actors.js';
import { clamp, type Mechanism } from '../mechanism.js';
import type { Params } from '../params.js';
import { S } from '../state.js';

export function refusal(s: Float64Array, p: Params): number {
  return p.verification.vulnerabilityAversion * p.verification.accessDemand * s[S.threatCredibility];
}

export const verification: Mechanism = {
  name: 'verification',
  title: 'Verification security dilemma',
  passages: ['verification'],
  groups: ['verification'],
  update({ s, n, p }) {
    const v = p.verification, access = n[S.access];
    const enr = (s[S.enrichment] - 3.67) / (p.latency.weaponsGrade - 3.67);
    const evidence = clamp(0.1 + 0.8 * v.accessDemand * (1 - access) + 0.3 * enr - 0.3 * access);
    n[S.weaponBelief] = clamp(s[S.weaponBelief] + v.beliefRate * (evidence - s[S.weaponBelief]));
  },
  rewards(s, _sh, _p, out) {
    const b = s[S.weaponBelief];
    out.add(P.dod, A.confront, 0.15 * b);
    out.add(P.israel, A.confront, 0.45 * b * s[S.threatCredibility]);
    out.add(P.congress, A.confront, 0.15 * b);
    out.add(P.state, A.confront, 0.1 * b);
  },
};
