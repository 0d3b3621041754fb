/**
 * The bargaining table itself (not a mechanism of the seed but the process they act on):
 * US sanctions policy, talks progress, interim freeze, signing, and Iran's walkout.
 *   sigma* = clamp(0.5 + 0.5 (pressure(State) - relief(State)) + 0.2 (oppose(Congress) - support(Congress)))
 *            * (1 - relief) under a deal, * (1 - 0.3 relief) under an interim freeze
 *   sigma' = sigma + 0.03 (sigma* - sigma)
 *   push   = relief(State) accept(leader) (0.6 + 0.4 engage(pragmatists))
 *   talks' = talks + rate * push * gate * vetoFactor - decay * talks - talksDrag * incoherence
 * An interim freeze is signed when talks reach interimThreshold; a deal (modular or grand, per
 * the scope) when they reach 1 and the deal is ratifiable in its form; signing under pressure
 * adds 0.2 dissentRisk sigma to dissent (the surrender image). Iran walks out of a deal when its
 * leader's reject share exceeds `walkout`.
 */
import { A, P } from './actors.js';
import { clamp, share, type TickIO } from './mechanism.js';
import { ratifiable, reverseDeal } from './mechanisms/credibility.js';
import { vetoFactor } from './mechanisms/interventions.js';
import { talksGate } from './mechanisms/monitoring.js';
import { DealStatus, S } from './state.js';

export function negotiate({ s, n, sh, p, ctx }: TickIO): void {
  const t = p.talks;
  const relief = share(sh, P.state, A.coop), pressure = share(sh, P.state, A.confront);
  let target = clamp(0.5 + 0.5 * (pressure - relief) + 0.2 * (share(sh, P.congress, A.confront) - share(sh, P.congress, A.coop)));
  const status = n[S.dealStatus];
  if (status >= DealStatus.modular) target *= 1 - t.relief;
  else if (status === DealStatus.interim) target *= 1 - 0.3 * t.relief;
  n[S.sanctions] = clamp(n[S.sanctions] + 0.03 * (target - n[S.sanctions]));

  if (status >= DealStatus.modular) {
    n[S.dealAge] = s[S.dealAge] + 1;
    if (share(sh, P.leader, A.confront) > t.walkout) reverseDeal(n, p, ctx.emit, 'negotiation', 'Iran walked out');
    return;
  }
  const push = relief * share(sh, P.leader, A.coop) * (0.6 + 0.4 * share(sh, P.pragmatists, A.coop));
  const talks = clamp(n[S.talks] + t.rate * push * talksGate(s, p) * vetoFactor(sh, p) - t.decay * n[S.talks] - p.signals.talksDrag * n[S.incoherence]);
  n[S.talks] = talks;
  if (status === DealStatus.none && talks >= t.interimThreshold) {
    n[S.dealStatus] = DealStatus.interim;
    ctx.emit({ kind: 'interim-signed', actor: 'negotiation', detail: { talks } });
  }
  if (talks >= 1 && ratifiable(n, p)) {
    const kind = p.interventions.scope === 'grand' ? DealStatus.grand : DealStatus.modular;
    n[S.dealStatus] = kind;
    n[S.dealForm] = p.credibility.dealForm === 'treaty' ? 1 : 0;
    n[S.dealAge] = 0;
    n[S.talks] = 0;
    n[S.dissent] = clamp(n[S.dissent] + 0.2 * p.costFunction.dissentRisk * s[S.sanctions]);
    ctx.emit({ kind: 'deal-signed', actor: 'negotiation', detail: { type: kind === DealStatus.grand ? 'grand' : 'modular', form: p.credibility.dealForm } });
  }
}
