/**
 * The columns of the `runs` table beyond the run's identity: one per varied parameter (named
 * by its dotted path), the outcome, and with `metrics` the final state (`final_<variable>`),
 * the final action shares (`share_<population>_<action>`) and event counts
 * (`events_<kind>`), all derived from the model's own name lists.
 */
import type { MechanismEventKind } from '../engine/bus.js';
import { ACTORS } from '../model/actors.js';
import { STATE_NAMES } from '../model/state.js';

/** Every kind of mechanism event (kept in step with bus.ts by the type check below). */
export const EVENT_KINDS = [
  'election', 'deal-signed', 'deal-reversed', 'interim-signed', 'talks-derailed', 'strike', 'proxy-attack',
  'inspections-changed', 'red-line-moved', 'red-line-enforced', 'breakout', 'kinetic-threshold', 'escrow-opened', 'ladder-step',
] as const satisfies readonly MechanismEventKind[];
type MissingKinds = Exclude<MechanismEventKind, (typeof EVENT_KINDS)[number]>;
// A new event kind in bus.ts must be added to EVENT_KINDS (this line fails to compile otherwise).
export const eventKindsComplete: [MissingKinds] extends [never] ? true : never = true;

/** A SQL-friendly column name: letters, digits and underscores. */
export const sqlName = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

export const finalColumns = (): string[] => STATE_NAMES.map((n) => `final_${n}`);
export const shareColumns = (): string[] => ACTORS.flatMap((a) => a.actions.map((x) => `share_${sqlName(a.name)}_${sqlName(x)}`));
export const eventColumns = (): string[] => EVENT_KINDS.map((k) => `events_${sqlName(k)}`);
export const metricColumns = (): string[] => [...finalColumns(), ...shareColumns(), ...eventColumns()];

/** A double-quoted SQL identifier. */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
/** A single-quoted SQL string literal. */
export const literal = (s: string): string => `'${s.replaceAll("'", "''")}'`;
