/**
 * Units of the report's axes, read from the model's declaration as a study spec records it
 * (never from the model's code): state variables, parameters and scalar outputs declare their
 * units; a tick's calendar length comes from the declaration's calendar.
 */
import type { Calendar, ModelDescriptor } from '../engine/declaration.js';
import { outputColumn } from '../study/columns.js';

/** "name (unit)". */
export const withUnit = (name: string, unit: string): string => `${name} (${unit})`;

/** The title of a time axis: "tick (week)" where the model declares a calendar, else "tick". */
export function tickTitle(calendar: Calendar | null | undefined): string {
  if (!calendar) return 'tick';
  return calendar.perTick === 1 ? `tick (${calendar.unit})` : `tick (${calendar.perTick} ${calendar.unit}s)`;
}

/** The declared unit of a state variable ("unit not declared" for a name the declaration lacks). */
export function stateUnit(m: ModelDescriptor, variable: string): string {
  return m.state.find((s) => s.name === variable)?.unit || 'unit not declared';
}

/**
 * The unit of a design parameter's values: a number's declared unit; "switch" for a boolean and
 * "category" for an enum (their charts show the values by name).
 */
export function paramUnit(m: ModelDescriptor, parameter: string): string {
  const d = (m.params as Array<{ path: string; kind: string; unit?: string }>).find((p) => p.path === parameter);
  if (!d) return 'unit not declared';
  if (d.kind === 'boolean') return 'switch';
  if (d.kind === 'enum') return 'category';
  return d.unit || 'unit not declared';
}

/** The unit of an analysed output (`p_<label>`, `time_to_outcome`, `out_<name>`, `final_<v>`, `share_…`, `events_…`). */
export function outputUnit(m: ModelDescriptor, output: string): string {
  if (output.startsWith('p_')) return 'share of replicates';
  if (output === 'time_to_outcome') return m.calendar ? `ticks (${m.calendar.perTick === 1 ? m.calendar.unit : `${m.calendar.perTick} ${m.calendar.unit}s`})` : 'ticks';
  if (output.startsWith('out_')) return m.outputs.scalars.find((s) => outputColumn(s.name) === output)?.unit || 'unit not declared';
  if (output.startsWith('final_')) return stateUnit(m, output.slice('final_'.length));
  if (output.startsWith('share_')) return 'share';
  if (output.startsWith('events_')) return 'count';
  return 'unit not declared';
}
