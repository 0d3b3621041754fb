/**
 * The outcome classifier of the small models (games, cascades, conventions): a label for the
 * value of one state variable at the last tick.
 */
import type { OutcomeClassifier } from '../engine/declaration.js';

export function lastTickClassifier(slot: number, label: (x: number) => string): OutcomeClassifier {
  let last = 0;
  return {
    onTick: (_t, s) => { last = s[slot]!; },
    onEvent: () => undefined,
    current: () => null,
    finish: (ticks) => ({ kind: label(last), tick: ticks - 1 }),
  };
}
