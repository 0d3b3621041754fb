/**
 * Design factors of every kind of parameter, as numbers. A design, its `design` table and the
 * design columns of `runs` hold one DOUBLE per factor, which the analyses (PRIM, summaries) read
 * as they read a numeric parameter. A factor's value is stored as its code:
 *
 *   number   the value itself
 *   boolean  0 (false) or 1 (true)
 *   enum     the index of the value in the parameter's declared values (`fractable params` lists
 *            them in that order)
 *
 * and decoded back to the parameter's value when a run is made (plan.ts) or replayed (replay.ts).
 */
import type { ParamDesc } from '../engine/params.js';

export type FactorValue = number | boolean | string;

/** The numeric code of a parameter value (the caller has checked that the value fits the parameter). */
export function encodeFactor(d: ParamDesc, v: FactorValue): number {
  if (d.kind === 'boolean') return v === true ? 1 : 0;
  if (d.kind === 'enum') return d.values.indexOf(String(v));
  return Number(v);
}

/** The parameter value of a numeric code. */
export function decodeFactor(d: ParamDesc, code: number): FactorValue {
  if (d.kind === 'boolean') return code !== 0;
  if (d.kind === 'enum') return d.values[Math.round(code)]!;
  return code;
}

/** Whether `v` is a value of the parameter: a number in its range (an integer where it is one), a boolean, one of its values. */
export function fitsParam(d: ParamDesc, v: unknown): boolean {
  if (d.kind === 'boolean') return typeof v === 'boolean';
  if (d.kind === 'enum') return typeof v === 'string' && d.values.includes(v);
  return typeof v === 'number' && Number.isFinite(v) && v >= d.min && v <= d.max && (!d.integer || Number.isInteger(v));
}

/** What a parameter's listed values must be, for messages. */
export function expectedValues(d: ParamDesc): string {
  if (d.kind === 'boolean') return 'true or false';
  if (d.kind === 'enum') return `one of ${d.values.join(', ')}`;
  return `${d.integer ? 'an integer' : 'a number'} in [${d.min}, ${d.max}]`;
}
