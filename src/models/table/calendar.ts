/**
 * The calendar: a scenario starts on a date; one tick is one week. US federal elections fall on
 * the Tuesday after the first Monday of November of even years, presidential ones in years
 * divisible by four (ELECTION_LAW); the winner takes office calendar.transitionWeeks later. A
 * scenario without a start date starts on DEFAULT_START.
 */
import { ELECTION_LAW as L } from './params.js';

/** The start of a scenario that names none: the first Monday of December 2025 (late-2025 conditions). */
export const DEFAULT_START = '2025-12-01';

export interface Election {
  tick: number;
  presidential: boolean;
  /** the tick the winner takes office (presidential elections) */
  inauguration: number;
  /** the calendar year */
  year: number;
}

const week = L.daysPerWeek * L.msPerDay;

/** The tick of a date (the week it falls in), from the start date. */
export function tickOf(start: string, date: Date): number {
  return Math.floor((date.getTime() - Date.parse(start)) / week);
}

/** Election day of a year: the first Tuesday on or after 2 November. */
export function electionDay(year: number): Date {
  const d = new Date(Date.UTC(year, L.month, L.firstDay));
  const shift = (L.tuesday - d.getUTCDay() + L.daysPerWeek) % L.daysPerWeek;
  return new Date(d.getTime() + shift * L.msPerDay);
}

/** The US federal elections within ticks [0, ticks) of a run that starts on `start`. */
export function elections(start: string, ticks: number, transitionWeeks: number): Election[] {
  const first = new Date(Date.parse(start)).getUTCFullYear();
  const out: Election[] = [];
  for (let y = first; ; y++) {
    if (y % L.federalCycle !== 0) continue;
    const tick = tickOf(start, electionDay(y));
    if (tick >= ticks) break;
    if (tick < 0) continue;
    const presidential = y % L.presidentialCycle === 0;
    out.push({ tick, presidential, inauguration: tick + transitionWeeks, year: y });
  }
  return out;
}

/** The calendar date of a tick (for reports). */
export function dateOf(start: string, tick: number): string {
  return new Date(Date.parse(start) + tick * week).toISOString().slice(0, L.isoDateLength);
}
