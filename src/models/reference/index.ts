/**
 * `reference`: the reference kernel's model (../shared/reference-kernel/model.mjs) through the
 * model seam, so that fractable's engine can be measured on exactly the computation of the
 * benchmark's yardstick (`npm run bench -- --peers`, peer `fractable`). N agents with four
 * actions learn by Roth–Erev with forgetting 0.01 and a reinforcement floor of 0.001, the
 * decayed propensities stored before the reinforcement is added (rule update 'decay-first'),
 * their choice and noise drawn under the reference's tick keys (`choiceKeys: 'reference'`). The
 * world's one state variable g is the majority's action of the last tick (the lowest on a
 * tie, the reference's argmax aggregator); an agent earns payoff.ahead for the action one ahead
 * of g, payoff.same for g itself and payoff.other otherwise, plus noise: g keeps cycling.
 *
 * It is a yardstick, not a model of anything: the outcome is the last g.
 */
import type { ModelDeclaration, ModelRuntime, OutcomeClassifier, StateVarDecl } from '../../engine/declaration.js';
import { REFERENCE_PARAMS, SETTINGS, type ReferenceParams } from './params.js';

export { REFERENCE_PARAMS, type ReferenceParams } from './params.js';

const AGENTS = 0;
const K = SETTINGS.actions.length;
const STATE: StateVarDecl[] = [{ name: 'g', unit: 'action index', doc: 'the majority\'s action of the last tick (the lowest on a tie)' }];

function classifier(): OutcomeClassifier {
  let g = 0;
  return {
    onTick: (_t, s) => { g = s[0]!; },
    onEvent: () => undefined,
    current: () => null,
    finish: (ticks) => ({ kind: SETTINGS.actions[g]!, tick: ticks - 1 }),
  };
}

export const reference: ModelDeclaration = {
  name: 'reference',
  title: 'The reference kernel\'s model: Roth–Erev agents chasing a cycling majority',
  description: 'The benchmark yardstick (../shared/reference-kernel) through the model seam: 4 actions, Roth–Erev with its constants, argmax aggregator; for measuring the engine on the reference\'s exact computation.',
  version: '1.0',
  params: REFERENCE_PARAMS,
  choiceKeys: 'reference',
  populations: [
    {
      name: 'agents', label: 'Agents', doc: 'each chooses one of four actions; the best reply is one ahead of the last majority',
      actions: SETTINGS.actions, size: { weight: 1 }, rule: SETTINGS.rule, noise: SETTINGS.noise, traits: [],
    },
  ],
  state: STATE,
  events: [],
  draws: [],
  outputs: {
    outcomes: SETTINGS.actions.map((a) => ({ name: a, doc: `the last majority action was ${a}` })),
    scalars: [{ name: 'g', type: 'INTEGER', unit: 'action index', doc: 'the last majority action' }],
    series: ['g'],
  },
  create(run): ModelRuntime {
    const p = run.params as ReferenceParams;
    return {
      initialState: () => new Float64Array(STATE.length),
      rewards(s, _t, out) {
        const g = s[0]!;
        for (let a = 0; a < K; a++) out.reward(AGENTS, a, a === (g + 1) % K ? p.payoff.ahead : a === g ? p.payoff.same : p.payoff.other);
      },
      update({ n, t }) {
        let best = 0, most = -1;
        for (let a = 0; a < K; a++) {
          const c = t.count(AGENTS, a);
          if (c > most) { best = a; most = c; }
        }
        n[0] = best;
      },
      createClassifier: () => classifier(),
      outputs: (final) => ({ g: final[0]! }),
    };
  },
};
