/**
 * Mechanism 3 — the proxy agency problem. Each proxy is its own learning population whose
 * reward mixes its own payoff with its principal's wish, weighted by its tactical autonomy:
 *   own(restrain, hold, attack)  = (0.3, 0.5, 0.55 + 0.15 escalate(IRGC) - 0.15 tension)
 *   wish(restrain, hold, attack) = (0.35 + 0.5 accept(leader), 0.4, 0.15 + 0.4 escalate(IRGC)(1 - accept(leader)))
 *   R = autonomy * own + (1 - autonomy) * wish
 * A proxy attacks in a tick with probability attackRate * attack-share; each attack adds
 * tension (escalation.ts) and derails talks coupled to proxy activity (a grand bargain: with
 * derailProbability; a modular, decoupled track: a fifth of it), and may void a grand bargain
 * in force. The IRGC draws legitimacy from external threat:
 *   irgcLegitimacy' = L + 0.02 (threatLegitimacy (tension + (1 - grand bargain in force)/2) - L)
 * and is paid threatLegitimacy * (0.3 tension + 0.3 L) for escalating and loses
 * threatLegitimacy * 0.3 talks (a grand bargain; 0.09 talks for a modular track) for restraining,
 * while the leader's cost of accepting rises by irgcVeto * escalate(IRGC). Proxies' hawkish tilt
 * H: restrain -0.1, attack +0.2.
 */
import { P, A, PROXIES, ACTORS } from '../actors.js';
import { clamp, share, type Mechanism } from '../mechanism.js';
import { DealStatus, S } from '../state.js';
import { reverseDeal } from './credibility.js';

export const proxies: Mechanism = {
  name: 'proxies',
  title: 'Proxy agency problem',
  passages: ['proxies', 'irgc'],
  groups: ['proxies'],
  update({ s, n, sh, p, ctx }) {
    const x = p.proxies, grand = p.interventions.scope === 'grand';
    let attacks = 0;
    for (let i = 0; i < PROXIES.length; i++) {
      const pop = PROXIES[i];
      if (ctx.draw('proxy-attack', i) >= x.attackRate * share(sh, pop, A.confront)) continue;
      attacks++;
      ctx.emit({ kind: 'proxy-attack', actor: 'proxies', detail: { proxy: ACTORS[pop].name } });
      const derail = x.derailProbability * (grand ? 1 : 0.2);
      if (n[S.talks] > 0 && ctx.draw('proxy-derail', i) < derail) {
        n[S.talks] *= 0.5;
        ctx.emit({ kind: 'talks-derailed', actor: 'proxies', detail: { proxy: ACTORS[pop].name } });
      }
      if (n[S.dealStatus] === DealStatus.grand && ctx.draw('proxy-void', i) < 0.5 * x.derailProbability) {
        reverseDeal(n, p, ctx.emit, 'proxies', 'proxy attack');
      }
    }
    n[S.proxyAttacks] = attacks;
    n[S.proxyAttacksTotal] = s[S.proxyAttacksTotal] + attacks;
    const grandInForce = s[S.dealStatus] === DealStatus.grand ? 1 : 0;
    const L = s[S.irgcLegitimacy];
    n[S.irgcLegitimacy] = clamp(L + 0.02 * (x.threatLegitimacy * (s[S.tension] + 0.5 * (1 - grandInForce)) - L));
  },
  rewards(s, sh, p, out) {
    const x = p.proxies, au = x.autonomy;
    const esc = share(sh, P.irgc, A.confront), acc = share(sh, P.leader, A.coop);
    for (const pop of PROXIES) {
      out.add(pop, A.coop, au * 0.3 + (1 - au) * (0.35 + 0.5 * acc), -0.1);
      out.add(pop, A.hold, au * 0.5 + (1 - au) * 0.4);
      out.add(pop, A.confront, au * (0.55 + 0.15 * esc - 0.15 * s[S.tension]) + (1 - au) * (0.15 + 0.4 * esc * (1 - acc)), 0.2);
    }
    out.add(P.irgc, A.confront, x.threatLegitimacy * (0.3 * s[S.tension] + 0.3 * s[S.irgcLegitimacy]));
    out.add(P.irgc, A.coop, -x.threatLegitimacy * 0.3 * (p.interventions.scope === 'grand' ? s[S.talks] : 0.3 * s[S.talks]));
    out.add(P.leader, A.coop, -x.irgcVeto * esc);
  },
};
