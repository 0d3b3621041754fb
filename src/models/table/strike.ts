/**
 * The preventive-war calculus shared by the strikers (force.ts), the SNSC that anticipates them
 * (inspections.ts) and Israel's outside option at the table (players.ts):
 *
 *   P(success) = clamp(military.successBase + verification.exposure · max(0, access − inspections.safeguards)
 *                      − airDefence · buffer.airDefence)
 *   value of a strike = military.preventionValue · weaponBelief · latency · P(success) − military.warCost
 *
 * (Fearon 1995: prevention pays when the believed shift of power is large, the strike likely to
 * work and the war it starts cheap enough.)
 */
import type { Params } from './params.js';
import { S } from './state.js';

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** A strike's chance of setting the programme back, from access (exposed defences) and Russian-supplied air defence. */
export function strikeSuccessOf(s: Float64Array, p: Params): number {
  return clamp01(p.military.successBase + p.verification.exposure * Math.max(0, s[S.access]! - p.inspections.safeguards) - s[S.airDefence]! * p.buffer.airDefence);
}

/** The value of a preventive strike to a preventer (before the reputation a crossed red line puts at stake). */
export function strikeValue(s: Float64Array, p: Params): number {
  return p.military.preventionValue * s[S.weaponBelief]! * s[S.latency]! * strikeSuccessOf(s, p) - p.military.warCost;
}
