/**
 * Mechanism 4 — signals without unified command. State's olive branch and DoD's carrier surge
 * in the same tick contradict each other; Tehran reads the contradiction as a lack of unified
 * command:
 *   incoherence   = relief(State) * surge(DoD)
 *   credibility' -= incoherencePenalty * incoherence        (after credibility.ts's relaxation)
 * A unified command makes DoD's posture follow State's (u = unifiedCommand):
 *   DoD surge += -0.8 u relief(State) + 0.3 u pressure(State);  DoD stand-down += 0.5 u relief(State)
 * and Iran's leader discounts accepting by the incoherence it sees: accept += -0.6 incoherence.
 */
import { P, A } from '../actors.js';
import { clamp, share, type Mechanism } from '../mechanism.js';
import { S } from '../state.js';

export const signals: Mechanism = {
  name: 'signals',
  title: 'Signals without unified command',
  passages: ['signals'],
  groups: ['signals'],
  update({ n, sh, p }) {
    const inc = share(sh, P.state, A.coop) * share(sh, P.dod, A.confront);
    n[S.incoherence] = inc;
    n[S.credibility] = clamp(n[S.credibility] - p.signals.incoherencePenalty * inc);
  },
  rewards(s, sh, p, out) {
    const u = p.signals.unifiedCommand, relief = share(sh, P.state, A.coop), pressure = share(sh, P.state, A.confront);
    out.add(P.dod, A.confront, -0.8 * u * relief + 0.3 * u * pressure);
    out.add(P.dod, A.coop, 0.5 * u * relief);
    out.add(P.leader, A.coop, -0.6 * s[S.incoherence]);
  },
};
