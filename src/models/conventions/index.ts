/**
 * `conventions`: the emergence of a convention on a network (Young 1993, "The evolution of
 * conventions"; on networks, Ellison 1993). One mass population of agents, each following one of
 * three conventions (a, b, c) and learning by Roth–Erev. Agent i's payoff for convention a at
 * tick t is
 *
 *   payoff[a] + gain · m_i(a) / deg_i + noise
 *
 * where m_i(a) of its deg_i neighbours followed a at t − 1: a pure coordination game against its
 * neighbours (the local coefficients are gain on the diagonal, 0 elsewhere). Its neighbourhood is
 * a Watts–Strogatz small world unless a scenario gives another (or `complete`: against the field).
 *
 * Whether one convention takes over, how fast, and whether local conventions persist in
 * clusters is what the agents' learning and their neighbourhoods decide: nothing in the world
 * update favours any convention (the payoffs are equal at the defaults) and nothing in it is
 * random. This is also the engine's network kernel (Roth–Erev with 3 actions on a network: the
 * WebAssembly kernel of src/learning/wasm/), run end to end through the seam.
 *
 * The state records each convention's share and the leading share; the outcome is `convention`
 * when the final leading share reaches outcome.convention, else `mixed`.
 */
import type { ModelDeclaration, ModelRuntime, OutcomeClassifier } from '../../engine/declaration.js';
import type { StateVarDecl } from '../../engine/declaration.js';
import { lastTickClassifier } from '../last-tick.js';
import { CONVENTIONS_PARAMS, SETTINGS, type ConventionsParams } from './params.js';

export { CONVENTIONS_PARAMS, type ConventionsParams } from './params.js';

const AGENTS = 0;
const CONVENTIONS = ['a', 'b', 'c'] as const;
const STATE: StateVarDecl[] = [
  { name: 'a', unit: 'share', doc: 'share of agents who followed convention a this tick' },
  { name: 'b', unit: 'share', doc: 'share of agents who followed convention b this tick' },
  { name: 'c', unit: 'share', doc: 'share of agents who followed convention c this tick' },
  { name: 'leading', unit: 'share', doc: 'the largest of the three shares this tick' },
];
/** State slots, by name. */
const S = Object.fromEntries(STATE.map((v, i) => [v.name, i])) as Record<'a' | 'leading', number>;

const classifier = (p: ConventionsParams): OutcomeClassifier => lastTickClassifier(S.leading, (x) => (x >= p.outcome.convention ? 'convention' : 'mixed'));

export const conventions: ModelDeclaration = {
  name: 'conventions',
  title: 'The emergence of a convention on a network (Young 1993)',
  description: 'A mass population choosing among three conventions, paid for following what its neighbours followed last tick: a coordination game on a small world, learnt by Roth–Erev.',
  version: '1.0',
  params: CONVENTIONS_PARAMS,
  populations: [{
    name: 'agents', label: 'Agents', doc: 'follow one of three conventions, paid for matching their neighbours',
    actions: [...CONVENTIONS], size: { weight: 1 },
    rule: SETTINGS.rule, noise: SETTINGS.noise, traits: [],
    network: { spec: { kind: 'watts-strogatz', k: SETTINGS.degree, p: SETTINGS.rewire }, doc: 'whom an agent coordinates with: its neighbours on a small world' },
  }],
  state: STATE,
  events: [],
  draws: [],
  outputs: {
    outcomes: [
      { name: 'convention', doc: 'the final leading share reaches outcome.convention' },
      { name: 'mixed', doc: 'it does not' },
    ],
    scalars: [
      { name: 'leading', type: 'DOUBLE', unit: 'share', doc: 'the final leading share' },
      { name: 'mean_leading', type: 'DOUBLE', unit: 'share', doc: 'the leading share averaged over all ticks' },
    ],
    series: ['a', 'b', 'c', 'leading'],
  },
  create(run): ModelRuntime {
    const p = run.params as ConventionsParams;
    const own = [p.payoff.a, p.payoff.b, p.payoff.c];
    let sum = 0, ticks = 0;
    return {
      initialState: () => new Float64Array(STATE.length),
      rewards(_s, _t, out) {
        for (let a = 0; a < CONVENTIONS.length; a++) {
          out.reward(AGENTS, a, own[a]!);
          out.local(AGENTS, a, a, p.coordination.gain);
        }
      },
      update({ n, t }) {
        let lead = 0;
        for (let a = 0; a < CONVENTIONS.length; a++) {
          n[S.a + a] = t.share(AGENTS, a);
          lead = Math.max(lead, n[S.a + a]!);
        }
        n[S.leading] = lead;
        sum += lead; ticks++;
      },
      createClassifier: () => classifier(p),
      outputs: (final) => ({ leading: final[S.leading]!, mean_leading: ticks > 0 ? sum / ticks : 0 }),
    };
  },
};
