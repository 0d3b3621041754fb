/**
 * The parameter table of the `conventions` model and its population's default settings: every
 * number of the model, with its range, unit and source (the model's code holds none but 0, 1 and ½).
 */
import type { RuleSpec } from '../../learning/rules.js';
import { num, type ParamsOf } from '../../engine/params.js';

/** The largest payoff a scenario may set (payoff units). */
const PAYOFF = 10;

export const CONVENTIONS_PARAMS = {
  payoff: {
    a: num(0, -PAYOFF, PAYOFF, 'payoff', 'the intrinsic payoff of convention a (whatever the neighbours do)', {
      source: 'Young (1993): a pure coordination game pays only for matching; a positive value makes every agent a Pólya urn on its first choices',
    }),
    b: num(0, -PAYOFF, PAYOFF, 'payoff', 'the intrinsic payoff of convention b', {
      source: 'Young (1993): a pure coordination game pays only for matching',
    }),
    c: num(0, -PAYOFF, PAYOFF, 'payoff', 'the intrinsic payoff of convention c', {
      source: 'Young (1993): a pure coordination game pays only for matching',
    }),
  },
  coordination: {
    gain: num(1, 0, PAYOFF, 'payoff per share of neighbours', "the payoff of following a convention, per unit share of the agent's neighbours who followed it last tick", {
      source: 'Young (1993): 1 for each partner matched, 0 otherwise, averaged over the neighbours; 0 makes every agent a 3-armed bandit',
    }),
  },
  outcome: {
    convention: num(0.9, 0.34, 1, 'share', 'final share of the leading convention at or above which one convention holds', {
      source: 'assumption: nine in ten agents; any cut above 1/3 (the share of each convention under symmetry) may be chosen',
    }),
  },
} as const;
export type ConventionsParams = ParamsOf<typeof CONVENTIONS_PARAMS>;

/** The population's defaults (a scenario may replace them). */
export const SETTINGS = {
  /** Roth–Erev with slow forgetting (Erev & Roth 1998), no experimentation */
  rule: { kind: 'roth-erev', phi: 0.01, epsilon: 0, initial: 1 } as RuleSpec,
  /** payoff noise amplitude (payoff units): uniform on ±noise / 2 */
  noise: 0.1,
  /** a small world (Watts & Strogatz 1998): ring of degree 8, a tenth of the links rewired */
  degree: 8,
  rewire: 0.1,
} as const;
