/**
 * The global state: one Float64Array of named slots, so that the world update allocates
 * nothing, the recorder copies rows, and the digest hashes bytes. `S.x` is the slot of x.
 */
export const STATE_NAMES = [
  'enrichment',
  'stockpile',
  'breakoutWeeks',
  'leverage',
  'sanctions',
  'adaptation',
  'buffer',
  'stress',
  'dissent',
  'cConcession',
  'cResistance',
  'tension',
  'credibility',
  'threatCredibility',
  'incoherence',
  'access',
  'weaponBelief',
  'irgcLegitimacy',
  'talks',
  'dealStatus',
  'dealForm',
  'dealAge',
  'escrow',
  'proxyAttacks',
  'proxyAttacksTotal',
  'strikes',
  'redLine',
  'redLineMoves',
  'electionClock',
  'reversals',
  'congressSupport',
  'ladderStage',
] as const;

/** Unit and meaning of every state variable. */
export const STATE_DOCS: { readonly [K in (typeof STATE_NAMES)[number]]: { unit: string; doc: string } } = {
  enrichment: { unit: '% U-235', doc: '% U-235 of the most enriched stock' },
  stockpile: { unit: 'kg', doc: 'kg of enriched uranium (60%-equivalent)' },
  breakoutWeeks: { unit: 'weeks', doc: 'weeks to one significant quantity of weapons-grade uranium' },
  leverage: { unit: 'share', doc: '1 - breakoutWeeks / breakoutMaxWeeks: latency as a bargaining chip' },
  sanctions: { unit: 'share', doc: 'sanctions intensity in [0, 1]' },
  adaptation: { unit: 'share', doc: 'resistance-economy adaptation to sanctions in [0, 1]' },
  buffer: { unit: 'share', doc: 'share of sanctions\' bite absorbed by China and Russia, [0, 1]' },
  stress: { unit: 'share', doc: 'economic stress on Iran after buffers and adaptation, [0, 1]' },
  dissent: { unit: 'share', doc: 'domestic dissent in Iran, [0, 1]' },
  cConcession: { unit: 'share', doc: 'cost of conceding (switching cost + surrender-image dissent risk)' },
  cResistance: { unit: 'share', doc: 'cost of enduring (stress not absorbed)' },
  tension: { unit: 'share', doc: 'escalation ladder, kinetic conflict at outcomes.kineticThreshold' },
  credibility: { unit: 'share', doc: 'Iran\'s belief that US commitments will hold, [0, 1]' },
  threatCredibility: { unit: 'share', doc: 'credibility of the US/Israeli military threat, [0, 1]' },
  incoherence: { unit: 'share', doc: 'contradiction of US signals this tick (State relief x DoD surge)' },
  access: { unit: 'share', doc: 'IAEA inspection access in [0, 1]' },
  weaponBelief: { unit: 'share', doc: 'US belief that a weapon is being built, [0, 1]' },
  irgcLegitimacy: { unit: 'share', doc: 'IRGC\'s domestic leverage from external threat, [0, 1]' },
  talks: { unit: 'share', doc: 'progress of talks toward a deal, [0, 1]' },
  dealStatus: { unit: 'code', doc: '0 none, 1 interim, 2 modular nuclear deal, 3 grand bargain' },
  dealForm: { unit: 'code', doc: '0 executive order, 1 treaty (meaningful while a deal holds)' },
  dealAge: { unit: 'ticks', doc: 'ticks since the deal in force was signed, -1 if none' },
  escrow: { unit: '$bn', doc: 'balance of the locked escrow channel ($bn)' },
  proxyAttacks: { unit: 'attacks', doc: 'proxy attacks this tick' },
  proxyAttacksTotal: { unit: 'attacks', doc: 'proxy attacks so far' },
  strikes: { unit: 'strikes', doc: 'military strikes so far' },
  redLine: { unit: '% U-235', doc: 'the enrichment (%) at which the red line stands' },
  redLineMoves: { unit: 'moves', doc: 'how often it has moved' },
  electionClock: { unit: 'ticks', doc: 'ticks to the next US election' },
  reversals: { unit: 'reversals', doc: 'deals reversed so far' },
  congressSupport: { unit: 'share', doc: 'share of Congress supporting a deal this tick' },
  ladderStage: { unit: 'stages', doc: 'stages of the de-escalation ladder reached (irreversible)' },
};

export type StateName = (typeof STATE_NAMES)[number];
export const S = Object.fromEntries(STATE_NAMES.map((n, i) => [n, i])) as { readonly [K in StateName]: number };
export const NS = STATE_NAMES.length;

export const DealStatus = { none: 0, interim: 1, modular: 2, grand: 3 } as const;
export const DEAL_STATUS_NAMES = ['none', 'interim', 'modular', 'grand'] as const;
