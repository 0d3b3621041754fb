/**
 * Mechanism 2 — the sunk cost of resistance. Under sanctions the economy builds shadow networks
 * (oil-for-goods swaps, smuggling); relief unwinds them slowly:
 *
 *   adaptation' = adaptation + adaptationRate · sanctions · (1 − relief) · (1 − adaptation)
 *                            − unwindRate · relief · adaptation
 *
 * Adaptation absorbs part of the sanctions' bite (buffer.ts) and makes leaving the resistance
 * economy costly: Iran's Leader and government bear switchingCost · adaptation per unit of relief
 * a deal gives (players.ts), and the IRGC loses its rents (irgc.rentLoss · adaptation). A deal is
 * worth that cost only if its relief is expected to last: the durability Iran expects multiplies
 * the deal's terms but not the switching cost, so "temporary" relief does not cover it.
 */
import type { Mechanism } from '../model.js';
import { S } from '../state.js';

export const sunkCost: Mechanism = {
  name: 'sunk-cost',
  title: 'Sunk cost of resistance',
  passages: ['sunkCost', 'adaptation'],
  groups: ['sunkCost'],
  update(m) {
    const n = m.n, k = m.p.sunkCost, ad = m.s[S.adaptation]!, relief = m.s[S.relief]!;
    n[S.adaptation] = ad + k.adaptationRate * m.s[S.sanctions]! * (1 - relief) * (1 - ad) - k.unwindRate * relief * ad;
  },
};
