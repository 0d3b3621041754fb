/**
 * The global state: one Float64Array of named slots, so that the world update allocates
 * nothing, the recorder copies rows, and the digest hashes bytes. `S.x` is the slot of x.
 */
export const STATE_NAMES = [
  'enrichment',        // % U-235 of the most enriched stock
  'stockpile',         // kg of enriched uranium (60%-equivalent)
  'breakoutWeeks',     // weeks to one significant quantity of weapons-grade uranium
  'leverage',          // 1 - breakoutWeeks / breakoutMaxWeeks: latency as a bargaining chip
  'sanctions',         // sanctions intensity in [0, 1]
  'adaptation',        // resistance-economy adaptation to sanctions in [0, 1]
  'buffer',            // share of sanctions' bite absorbed by China and Russia, [0, 1]
  'stress',            // economic stress on Iran after buffers and adaptation, [0, 1]
  'dissent',           // domestic dissent in Iran, [0, 1]
  'cConcession',       // cost of conceding (switching cost + surrender-image dissent risk)
  'cResistance',       // cost of enduring (stress not absorbed)
  'tension',           // escalation ladder, kinetic conflict at outcomes.kineticThreshold
  'credibility',       // Iran's belief that US commitments will hold, [0, 1]
  'threatCredibility', // credibility of the US/Israeli military threat, [0, 1]
  'incoherence',       // contradiction of US signals this tick (State relief x DoD surge)
  'access',            // IAEA inspection access in [0, 1]
  'weaponBelief',      // US belief that a weapon is being built, [0, 1]
  'irgcLegitimacy',    // IRGC's domestic leverage from external threat, [0, 1]
  'talks',             // progress of talks toward a deal, [0, 1]
  'dealStatus',        // 0 none, 1 interim, 2 modular nuclear deal, 3 grand bargain
  'dealForm',          // 0 executive order, 1 treaty (meaningful while a deal holds)
  'dealAge',           // ticks since the deal in force was signed, -1 if none
  'escrow',            // balance of the locked escrow channel ($bn)
  'proxyAttacks',      // proxy attacks this tick
  'proxyAttacksTotal', // proxy attacks so far
  'strikes',           // military strikes so far
  'redLine',           // the enrichment (%) at which the red line stands
  'redLineMoves',      // how often it has moved
  'electionClock',     // ticks to the next US election
  'reversals',         // deals reversed so far
  'congressSupport',   // share of Congress supporting a deal this tick
  'ladderStage',       // stages of the de-escalation ladder reached (irreversible)
] as const;

export type StateName = (typeof STATE_NAMES)[number];
export const S = Object.fromEntries(STATE_NAMES.map((n, i) => [n, i])) as { readonly [K in StateName]: number };
export const NS = STATE_NAMES.length;

export const DealStatus = { none: 0, interim: 1, modular: 2, grand: 3 } as const;
export const DEAL_STATUS_NAMES = ['none', 'interim', 'modular', 'grand'] as const;
