/**
 * The recorder of time series: a bus subscriber that copies every tick's global state and
 * action shares into preallocated row-major arrays (explicit copies: the summaries it receives
 * are views that change every tick).
 */
import type { Bus, TickSummary } from './bus.js';

export interface Series {
  stateNames: readonly string[];
  /** ticks × stateNames.length, row-major */
  state: Float64Array;
  /** ticks × shareWidth (every population's actions), row-major */
  shares: Float64Array;
}

/** Subscribes a recorder to `bus`; returns the series it fills and the function that unsubscribes it. */
export function attachRecorder(bus: Bus, stateNames: readonly string[], ticks: number, shareWidth: number): { series: Series; stop: () => void } {
  const series: Series = { stateNames, state: new Float64Array(ticks * stateNames.length), shares: new Float64Array(ticks * shareWidth) };
  const on = (t: TickSummary) => {
    series.state.set(t.state, t.tick * stateNames.length);
    series.shares.set(t.shares, t.tick * shareWidth);
  };
  bus.on('tick', on);
  return { series, stop: () => bus.off('tick', on) };
}
