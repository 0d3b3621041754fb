/**
 * Mechanism 2 — the sunk cost of resistance. Leaving the resistance economy's shadow networks
 * carries a switching cost that grows with how far the economy has adapted to sanctions, and
 * that temporary relief does not cover; only relief that cannot be reversed (the locked escrow
 * channel, `escrowCover`) offsets it:
 *   switching = switchingCost (1 + adaptationWeight * adaptation) (1 - escrowCover)
 *   C_concession += switching
 * The IRGC, which runs the networks, gains from them as well: its escalate reward +0.3 switching;
 * the pragmatists' engage reward -0.3 switching.
 */
import { P, A } from '../actors.js';
import type { Mechanism } from '../mechanism.js';
import { S } from '../state.js';
import { escrowCover } from './interventions.js';

export function switchingCost(s: Float64Array, p: import('../params.js').Params): number {
  return p.sunkCost.switchingCost * (1 + p.sunkCost.adaptationWeight * s[S.adaptation]) * (1 - escrowCover(s, p));
}

export const sunkCost: Mechanism = {
  name: 'sunk-cost',
  title: 'Sunk cost of resistance',
  passages: ['sunkCost'],
  groups: ['sunkCost'],
  update({ n, p }) {
    n[S.cConcession] += switchingCost(n, p);
  },
  rewards(s, _sh, p, out) {
    const sw = switchingCost(s, p);
    // cConcession already holds the switching cost for the leader; the IRGC and pragmatists see it directly
    out.add(P.irgc, A.confront, 0.3 * sw);
    out.add(P.pragmatists, A.coop, -0.3 * sw);
  },
};
