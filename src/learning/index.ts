export { roulette, logitChoice, logitProbabilities } from './choice.js';
export { rothErevUpdate, stepRothErev } from './roth-erev.js';
export { modifiedRothErevUpdate, stepModifiedRothErev } from './modified-roth-erev.js';
export { bushMostellerUpdate, bmStimulus, stepBushMosteller } from './bush-mosteller.js';
export { ewaUpdate, advanceEwa, stepEwa } from './ewa.js';
export { RuleSchema, RuleCode, ruleCode, packRule, initialVector, beforeTick, stepSlice, needsAux, RULE_STRIDE } from './rules.js';
export type { RuleSpec } from './rules.js';
export type { SliceArgs } from './kernel-args.js';
