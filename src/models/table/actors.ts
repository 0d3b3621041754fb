/**
 * The actors: one population of learning agents each, with its action set. Index constants
 * (P.x) and action constants (A.x) are what mechanisms use to read shares and pay rewards.
 */
export interface ActorDef {
  readonly name: string;
  readonly label: string;
  readonly actions: readonly [string, string, string];
  /** the default share of the world's agents */
  readonly weight: number;
  readonly doc: string;
}

export const ACTORS = [
  { name: 'us.state', label: 'US State Department (diplomatic arm)', actions: ['offer-relief', 'hold', 'add-pressure'], weight: 1, doc: 'Offers sanctions relief or adds pressure.' },
  { name: 'us.dod', label: 'US Department of Defense (military arm)', actions: ['stand-down', 'hold', 'surge'], weight: 1, doc: 'Surges deterrence (a carrier group) or stands down.' },
  { name: 'us.congress', label: 'US Congress', actions: ['support', 'abstain', 'oppose'], weight: 1, doc: 'Supports or opposes a deal; two thirds of the Senate ratify a treaty; re-seated in part at elections.' },
  { name: 'iran.leader', label: "Supreme Leader's office (the principal)", actions: ['accept', 'hold', 'reject'], weight: 1, doc: 'Accepts or refuses terms; its reject share authorises enrichment.' },
  { name: 'iran.irgc', label: 'IRGC (security apparatus)', actions: ['restrain', 'hold', 'escalate'], weight: 1, doc: 'Escalation arms proxies and pushes enrichment.' },
  { name: 'iran.pragmatists', label: 'Iranian pragmatists', actions: ['engage', 'hold', 'withdraw'], weight: 1, doc: 'Engage in talks or withdraw from them.' },
  { name: 'proxy.hezbollah', label: 'Hezbollah', actions: ['restrain', 'hold', 'attack'], weight: 1, doc: 'A proxy with tactical autonomy.' },
  { name: 'proxy.houthis', label: 'Houthis', actions: ['restrain', 'hold', 'attack'], weight: 1, doc: 'A proxy with tactical autonomy.' },
  { name: 'proxy.iraqi-militias', label: 'Iraqi militias', actions: ['restrain', 'hold', 'attack'], weight: 1, doc: 'A proxy with tactical autonomy.' },
  { name: 'israel', label: 'Israel', actions: ['restrain', 'sabotage', 'strike'], weight: 1, doc: 'Regional power: sabotage slows enrichment; strikes raise tension.' },
  { name: 'gulf', label: 'Gulf states', actions: ['mediate', 'hedge', 'align-with-us'], weight: 1, doc: 'Regional power: mediation carries the multilateral security track.' },
  { name: 'china', label: 'China (liquidity provider)', actions: ['buy-crude', 'reduce', 'cut'], weight: 1, doc: 'Buffer: crude purchases give Iran a hard-currency floor.' },
  { name: 'russia', label: 'Russia (security partner)', actions: ['partner', 'hold', 'distance'], weight: 1, doc: 'Buffer: technology exchange within the sanctioned bloc.' },
] as const satisfies readonly ActorDef[];

export type ActorName = (typeof ACTORS)[number]['name'];
export const ACTOR_NAMES: readonly ActorName[] = ACTORS.map((a) => a.name);

/** Population indices. */
export const P = {
  state: 0, dod: 1, congress: 2, leader: 3, irgc: 4, pragmatists: 5,
  hezbollah: 6, houthis: 7, militias: 8, israel: 9, gulf: 10, china: 11, russia: 12,
} as const;
export const PROXIES = [P.hezbollah, P.houthis, P.militias] as const;

/** Every actor has three actions: cooperative (0), neutral (1), confrontational (2). */
export const A = { coop: 0, hold: 1, confront: 2 } as const;
export const K = 3;
