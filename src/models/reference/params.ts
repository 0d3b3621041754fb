/**
 * The parameter table of the `reference` model and its population's settings: the constants of
 * the reference kernel (../shared/reference-kernel/model.mjs), with which the model computes
 * exactly what that kernel computes (benchmarks/peers/fractable.ts checks it to the last bit).
 */
import { num, type ParamsOf } from '../../engine/params.js';
import type { RuleSpec } from '../../learning/rules.js';

const KERNEL = 'the reference kernel, ../shared/reference-kernel/model.mjs (PAYOFF): the benchmark yardstick\'s constants';

export const REFERENCE_PARAMS = {
  payoff: {
    ahead: num(1, 0, 10, 'payoff', 'pay of the action one ahead of the majority\'s last action (the best reply: the majority keeps cycling)', { source: KERNEL }),
    same: num(0.1, 0, 10, 'payoff', 'pay of the majority\'s last action itself', { source: KERNEL }),
    other: num(0.4, 0, 10, 'payoff', 'pay of the other two actions', { source: KERNEL }),
  },
} as const;
export type ReferenceParams = ParamsOf<typeof REFERENCE_PARAMS>;

/** The agents' settings: the reference kernel's rule and noise (K, PHI, NOISE and its update with + 1e-3). */
export const SETTINGS = {
  actions: ['a0', 'a1', 'a2', 'a3'],
  rule: { kind: 'roth-erev', phi: 0.01, epsilon: 0, initial: 1, floor: 1e-3, update: 'decay-first' } as RuleSpec,
  noise: 0.1,
};
