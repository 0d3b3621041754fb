/**
 * Mechanism 7 — monitoring vs sovereignty, with the IAEA as a rule-based monitor. Iran toggles
 * access with sanctions pressure; the US treats inspections as a prerequisite for dialogue:
 *   target  = baseAccess - sanctionsToggle * sigma + dealAccess * [deal or interim] - refusal
 *   access' = access + adjustment (target - access)              (refusal: verification.ts)
 *   talks gate = 0 if prerequisite and access < prerequisiteAccess, else 1
 * The IAEA reports (an 'inspections-changed' event) whenever access crosses 0.3 or 0.6.
 */
import { clamp, type Mechanism } from '../mechanism.js';
import type { Params } from '../params.js';
import { DealStatus, S } from '../state.js';
import { refusal } from './verification.js';

const LEVELS = [0.3, 0.6] as const;

/** 1 when talks may advance, 0 when the US withholds dialogue until inspectors are back. */
export function talksGate(s: Float64Array, p: Params): number {
  return p.monitoring.prerequisite && s[S.access] < p.monitoring.prerequisiteAccess ? 0 : 1;
}

export const monitoring: Mechanism = {
  name: 'monitoring',
  title: 'Monitoring vs sovereignty (IAEA)',
  passages: ['monitoring'],
  groups: ['monitoring'],
  update({ s, n, p, ctx }) {
    const m = p.monitoring;
    const inDeal = s[S.dealStatus] !== DealStatus.none ? 1 : 0;
    const target = clamp(m.baseAccess - m.sanctionsToggle * s[S.sanctions] + m.dealAccess * inDeal - refusal(s, p));
    const a = s[S.access], next = clamp(a + m.adjustment * (target - a));
    n[S.access] = next;
    for (const level of LEVELS) {
      if ((a < level) !== (next < level)) ctx.emit({ kind: 'inspections-changed', actor: 'monitoring', detail: { access: next, level, direction: next > a ? 'granted' : 'restricted' } });
    }
  },
};
