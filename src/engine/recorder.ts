/**
 * The recorder of time series: a bus subscriber that copies every tick's global state and
 * action shares into preallocated row-major arrays (explicit copies: the summaries it receives
 * are views that change every tick).
 */
import type { Bus } from './bus.js';

export interface Series {
  stateNames: readonly string[];
  /** ticks × stateNames.length, row-major */
  state: Float64Array;
  /** ticks × (sum of actions over populations), row-major */
  shares: Float64Array;
}

export function attachRecorder(bus: Bus, stateNames: readonly string[], ticks: number, shareWidth: number): Series {
  const series: Series = { stateNames, state: new Float64Array(ticks * stateNames.length), shares: new Float64Array(ticks * shareWidth) };
  bus.on('tick', (t) => {
    series.state.set(t.state, t.tick * stateNames.length);
    series.shares.set(t.shares, t.tick * shareWidth);
  });
  return series;
}
