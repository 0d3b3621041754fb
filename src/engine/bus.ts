/**
 * Event buses (mitt) and every event type on them. Each simulation owns one bus, on which its
 * outcome classifier, series recorder and event log subscribe; it forwards every event to the
 * caller's bus (the logger, progress, a live view) and drops its own subscribers when it ends, so
 * a bus reused for another run never feeds an old run's classifier.
 */
import mittModule, { type Emitter } from 'mitt';
import type { ModelEvent, Outcome } from './declaration.js';

// mitt ships CommonJS types with a default export; under NodeNext the callable is on .default or the module itself.
const mitt = ((mittModule as unknown as { default?: unknown }).default ?? mittModule) as unknown as <T extends Record<string, unknown>>() => Emitter<T>;

export type { ModelEvent, Outcome };

export interface TickSummary {
  tick: number;
  /** the global state after this tick's update (a view: copy it to keep it) */
  state: Float64Array;
  /** action shares of this tick, population after population (a view) */
  shares: Float64Array;
}

export type BusEvents = {
  tick: TickSummary;
  event: ModelEvent;
  outcome: Outcome;
  done: { ticks: number };
};

export type Bus = Emitter<BusEvents>;

export function createBus(): Bus {
  return mitt<BusEvents>();
}

/** Forwards every event of `from` to `to`; returns the function that stops it. */
export function forward(from: Bus, to: Bus): () => void {
  const h = (type: keyof BusEvents, e: BusEvents[keyof BusEvents]) => to.emit(type, e as never);
  from.on('*', h);
  return () => from.off('*', h);
}
