/**
 * `cascades`: threshold cascades (Granovetter 1978; Watts 2002), a mass population of agents
 * under the threshold rule, on a network or in a complete (mean-field) crowd. An agent becomes
 * active when the share of its neighbours that were active last tick, plus the population's
 * drive, reaches its threshold; with `irreversible` (the default) it stays active.
 *
 * This is the model of the engine's cascade oracles: homogeneous thresholds φ = 0.18 on
 * Erdős–Rényi graphs with one seed show Watts's cascade window, and a complete crowd settles at
 * the fixed point r = F(r) of its threshold distribution F (Granovetter's riot model).
 *
 * The state records the active share and the share that became active this tick; the outcome is
 * `global` when the final active share reaches outcome.global, else `local`. Nothing in the world
 * update is random: the randomness is the network, the thresholds and the seed agents.
 */
import type { ModelDeclaration, ModelRuntime, OutcomeClassifier } from '../../engine/declaration.js';
import type { StateVarDecl } from '../../engine/declaration.js';
import { lastTickClassifier } from '../last-tick.js';
import { CASCADES_PARAMS, SETTINGS, type CascadesParams } from './params.js';

export { CASCADES_PARAMS, type CascadesParams } from './params.js';


const AGENTS = 0, INACTIVE = 0, ACTIVE = 1;
const STATE: StateVarDecl[] = [
  { name: 'active', unit: 'share', doc: 'share of agents active this tick' },
  { name: 'activated', unit: 'share', doc: 'share of agents that became active this tick (net of those that deactivated)' },
];
/** State slots, by name. */
const S = Object.fromEntries(STATE.map((v, i) => [v.name, i])) as Record<'active' | 'activated', number>;

const classifier = (p: CascadesParams): OutcomeClassifier => lastTickClassifier(S.active, (x) => (x >= p.outcome.global ? 'global' : 'local'));

export const cascades: ModelDeclaration = {
  name: 'cascades',
  title: 'Threshold cascades on networks (Granovetter 1978; Watts 2002)',
  description: 'A mass population under the threshold rule: a cascade spreads when enough of an agent\'s neighbours are active.',
  version: '1.0',
  params: CASCADES_PARAMS,
  populations: [{
    name: 'agents', label: 'Agents', doc: 'become active when enough of their neighbours are',
    actions: ['inactive', 'active'], size: { weight: 1 },
    rule: { kind: 'threshold', active: ACTIVE, inactive: INACTIVE, irreversible: true, threshold: { kind: 'fixed', value: SETTINGS.threshold }, seeds: { count: 1, share: 0 } },
    noise: 0, traits: [],
    network: { spec: { kind: 'erdos-renyi', meanDegree: SETTINGS.meanDegree }, doc: 'who sees whom: an agent counts its neighbours\' last actions' },
  }],
  state: STATE,
  events: [],
  draws: [],
  outputs: {
    outcomes: [
      { name: 'global', doc: 'the final active share reaches outcome.global' },
      { name: 'local', doc: 'it does not' },
    ],
    scalars: [{ name: 'active', type: 'DOUBLE', unit: 'share', doc: 'the final active share' }],
    series: ['active'],
  },
  create(run): ModelRuntime {
    const p = run.params as CascadesParams;
    return {
      initialState: () => new Float64Array(STATE.length),
      rewards(_s, _t, out) { out.reward(AGENTS, ACTIVE, p.drive.push); },
      update({ s, n, t }) {
        n[S.active] = t.share(AGENTS, ACTIVE);
        n[S.activated] = n[S.active]! - s[S.active]!;
      },
      createClassifier: () => classifier(p),
      outputs: (final) => ({ active: final[S.active]! }),
    };
  },
};
