/**
 * The seed's model (version 0.1) behind the model seam: 13 populations of learning agents, a
 * global state of named slots, reward vectors from the state, and the world update. The update
 * runs, in order: the eleven mechanisms up to the proxies (mechanisms/index.ts), the bargaining
 * table (negotiation.ts), the interventions, and the escalation ladder (escalation.ts).
 */
import type { DrawDecl, EventDecl, ModelDeclaration, ModelRuntime, PopulationDecl, RewardSink, UpdateIO } from '../../engine/declaration.js';
import { ACTORS } from './actors.js';
import { escalate } from './escalation.js';
import type { RewardSink as TableSink, TickIO } from './mechanism.js';
import { MECHANISMS, interventions } from './mechanisms/index.js';
import { breakoutWeeks, leverage } from './mechanisms/latency.js';
import { negotiate } from './negotiation.js';
import { createClassifier, OUTCOME_KINDS } from './outcomes.js';
import { PARAMS, type Params } from './params.js';
import { NS, S, STATE_NAMES, STATE_DOCS } from './state.js';
import { baseRewards, defaultInfluence, influenceRewards } from './utilities.js';

export function initialState(p: Params): Float64Array {
  const w = p.world;
  const s = new Float64Array(NS);
  s[S.enrichment] = w.enrichment;
  s[S.stockpile] = w.stockpile;
  s[S.breakoutWeeks] = breakoutWeeks(w.enrichment, w.stockpile, p);
  s[S.leverage] = leverage(s[S.breakoutWeeks], p);
  s[S.sanctions] = w.sanctions;
  s[S.adaptation] = w.adaptation;
  s[S.stress] = w.sanctions * (1 - 0.6 * w.adaptation) * 0.7;
  s[S.dissent] = w.dissent;
  s[S.tension] = w.tension;
  s[S.credibility] = w.credibility;
  s[S.threatCredibility] = w.threatCredibility;
  s[S.access] = w.access;
  s[S.weaponBelief] = w.weaponBelief;
  s[S.irgcLegitimacy] = 0.5 * p.proxies.threatLegitimacy;
  s[S.dealAge] = -1;
  s[S.redLine] = p.redLines.initial;
  s[S.electionClock] = p.credibility.firstElection;
  return s;
}

/** Trait indices: every population has hawkishness (0) and patience (1). */
const HAWK = 0, PATIENCE = 1;

/**
 * The mechanisms' reward sink over the engine's: traits enter centred on 0.5, so an agent earns
 * r + (hawk - 1/2) h + (patience - 1/2) f, and a population of average members is paid r.
 */
class Centred implements TableSink {
  out!: RewardSink;
  add(pop: number, a: number, r: number, h = 0, f = 0): void {
    this.out.reward(pop, a, r - 0.5 * h - 0.5 * f);
    this.out.trait(pop, HAWK, a, h);
    this.out.trait(pop, PATIENCE, a, f);
  }
}

const POPULATIONS: PopulationDecl[] = ACTORS.map((a) => ({
  name: a.name, label: a.label, doc: a.doc, actions: a.actions, size: { weight: a.weight },
  rule: { kind: 'roth-erev', phi: 0.02, epsilon: 0.1, initial: 1 }, noise: 0.1,
  traits: [
    { name: 'hawk', kind: 'continuous', doc: 'hawkishness in [0, 1]', dist: { kind: 'normal', mean: 0.5, sd: 0.15, min: 0, max: 1 } },
    { name: 'patience', kind: 'continuous', doc: 'patience (discount factor) in [0, 1]', dist: { kind: 'normal', mean: 0.5, sd: 0.15, min: 0, max: 1 } },
  ],
}));

const EVENTS: EventDecl[] = [
  { kind: 'election', doc: 'a US election: part of Congress re-seated; the new administration may pivot' },
  { kind: 'deal-signed', doc: 'a full deal (modular or grand) signed' },
  { kind: 'deal-reversed', doc: 'a deal reversed (by an election pivot, a walkout or a proxy attack)' },
  { kind: 'interim-signed', doc: 'an interim freeze signed' },
  { kind: 'talks-derailed', doc: 'a proxy attack halved the progress of talks' },
  { kind: 'strike', doc: 'a military strike' },
  { kind: 'proxy-attack', doc: 'an attack by a proxy' },
  { kind: 'inspections-changed', doc: 'IAEA access crossed 0.3 or 0.6' },
  { kind: 'red-line-moved', doc: 'a crossed red line was moved' },
  { kind: 'red-line-enforced', doc: 'a crossed red line was enforced' },
  { kind: 'breakout', doc: 'enrichment reached weapons grade' },
  { kind: 'kinetic-threshold', doc: 'tension reached the kinetic threshold' },
  { kind: 'escrow-opened', doc: 'the locked escrow channel received its first inflow' },
  { kind: 'ladder-step', doc: 'a stage of the de-escalation ladder was reached' },
];

const DRAWS: DrawDecl[] = [
  { name: 'election-swing', doc: 'the hawkishness shift of the Congress members seated at an election' },
  { name: 'election-pivot', doc: 'whether the new administration pivots (model 0.1 treats the pivot as a coin)' },
  { name: 'election-reversal', doc: 'whether a pivot reverses the deal in its form (treaty factor, escrow cover)' },
  { name: 'proxy-attack', doc: 'whether proxy i attacks this tick, given its attack share' },
  { name: 'proxy-derail', doc: 'whether proxy i\'s attack derails the talks' },
  { name: 'proxy-void', doc: 'whether proxy i\'s attack voids a grand bargain' },
  { name: 'red-line-move', doc: 'whether a crossed red line is moved rather than enforced (model 0.1 treats it as a coin)' },
  { name: 'red-line-strike', doc: 'whether enforcing a red line means a strike' },
  { name: 'israeli-strike', doc: 'whether Israel strikes this tick, given its strike share and the US belief' },
];

export const table: ModelDeclaration = {
  name: 'table',
  title: 'The fragmented bargaining table (model 0.1)',
  description: 'US–Iran negotiation with domestic factions, proxies and regional powers as 13 learning populations coupled through a global state; the eleven mechanisms of the seed.',
  version: '0.1',
  calendar: { unit: 'week', perTick: 1 },
  params: PARAMS,
  populations: POPULATIONS,
  state: STATE_NAMES.map((name) => ({ name, unit: STATE_DOCS[name].unit, doc: STATE_DOCS[name].doc })),
  events: EVENTS,
  draws: DRAWS,
  outputs: {
    outcomes: OUTCOME_KINDS.map((name) => ({ name, doc: name })),
    scalars: [],
    series: ['tension', 'enrichment', 'credibility', 'talks', 'sanctions'],
  },
  create(run): ModelRuntime {
    const p = run.params as Params;
    const W = defaultInfluence();
    const sink = new Centred();
    return {
      initialState: () => initialState(p),
      rewards(s, t, out) {
        sink.out = out;
        const sh = t ? t.shares : null;
        baseRewards(s, p, sink);
        for (const m of MECHANISMS) m.rewards?.(s, sh, p, sink);
        influenceRewards(W, sh, p, sink);
      },
      update(io: UpdateIO) {
        const x: TickIO = { s: io.s, n: io.n, sh: io.t.shares, p, ctx: io };
        for (const m of MECHANISMS) if (m !== interventions) m.update?.(x);
        negotiate(x);
        interventions.update?.(x);
        escalate(x);
      },
      createClassifier: () => createClassifier(p.outcomes.dealWindow),
      outputs: () => ({}),
    };
  },
};

export { STATE_NAMES, S };
