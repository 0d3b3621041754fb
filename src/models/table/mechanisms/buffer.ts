/**
 * Mechanism 9 — the multipolar buffer. China's crude purchases and Russia's security
 * partnership absorb part of the sanctions' bite:
 *   buffer = strength * (china * (buy + reduce/2) + russia * (partner + hold/2)),  at most 0.9
 * Buyers pay US secondary sanctions in proportion to their intensity. Rewards (r; H), per action:
 *   China  buy (0.6 - 0.5 secondarySanctions sigma; -0.1), reduce (0.5; 0), cut (0.35 + 0.2 deal; 0.1)
 *   Russia partner (0.55 + 0.2 tension; 0.1), hold (0.5; 0), distance (0.4 + 0.15 deal; -0.1)
 */
import { P, A } from '../actors.js';
import { clamp, share, type Mechanism } from '../mechanism.js';
import { S } from '../state.js';

export const buffer: Mechanism = {
  name: 'buffer',
  title: 'Multipolar buffer',
  passages: ['buffer', 'adaptation'],
  groups: ['buffer'],
  update({ n, sh, p }) {
    const b = p.buffer;
    const china = share(sh, P.china, A.coop) + 0.5 * share(sh, P.china, A.hold);
    const russia = share(sh, P.russia, A.coop) + 0.5 * share(sh, P.russia, A.hold);
    n[S.buffer] = clamp(b.strength * (b.china * china + b.russia * russia), 0, 0.9);
  },
  rewards(s, _sh, p, out) {
    const sigma = s[S.sanctions], deal = s[S.dealStatus] >= 2 ? 1 : 0;
    out.add(P.china, A.coop, 0.6 - p.buffer.secondarySanctions * sigma * 0.5, -0.1);
    out.add(P.china, A.hold, 0.5);
    out.add(P.china, A.confront, 0.35 + 0.2 * deal, 0.1);
    out.add(P.russia, A.coop, 0.55 + 0.2 * s[S.tension], 0.1);
    out.add(P.russia, A.hold, 0.5);
    out.add(P.russia, A.confront, 0.4 + 0.15 * deal, -0.1);
  },
};
