/**
 * The coordinator's event bus (mitt) and every event type on it. Subscribers: the outcome
 * classifier, the recorder of time series, the pino logger and progress reporting.
 */
import mittModule, { type Emitter } from 'mitt';

// mitt ships CommonJS types with a default export; under NodeNext the callable is on .default or the module itself.
const mitt = ((mittModule as unknown as { default?: unknown }).default ?? mittModule) as unknown as <T extends Record<string, unknown>>() => Emitter<T>;

/** Kinds of mechanism event the model emits. */
export type MechanismEventKind =
  | 'election'
  | 'deal-signed'
  | 'deal-reversed'
  | 'interim-signed'
  | 'talks-derailed'
  | 'strike'
  | 'proxy-attack'
  | 'inspections-changed'
  | 'red-line-moved'
  | 'red-line-enforced'
  | 'breakout'
  | 'kinetic-threshold'
  | 'escrow-opened'
  | 'ladder-step';

export interface MechanismEvent {
  tick: number;
  kind: MechanismEventKind;
  /** the mechanism (submodule) that raised it */
  source: string;
  /** a few named numbers that explain it */
  detail?: Record<string, number | string>;
}

export interface TickSummary {
  tick: number;
  /** the global state after this tick's update (a view: copy it to keep it) */
  state: Float64Array;
  /** action shares of this tick, laid out like the tally (population offsets) */
  shares: Float64Array;
}

export type OutcomeKind = 'deal' | 'collapse' | 'stalemate' | 'escalation' | 'breakout';
export const OUTCOME_KINDS: readonly OutcomeKind[] = ['deal', 'collapse', 'stalemate', 'escalation', 'breakout'];

export interface Outcome {
  kind: OutcomeKind;
  tick: number;
}

export type BusEvents = {
  tick: TickSummary;
  mechanism: MechanismEvent;
  outcome: Outcome;
  done: { ticks: number };
};

export type Bus = Emitter<BusEvents>;

export function createBus(): Bus {
  return mitt<BusEvents>();
}
