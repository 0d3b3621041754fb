/**
 * Parameter tables: how a model declares its parameters, once. Each parameter has a default, a
 * plausible range (numbers), a unit, a meaning and a source (a published figure, or "assumption"
 * with why). From a table derive: the zod schema that validates a scenario's `params:` block, the
 * resolved type, the list of dotted paths a study design may vary, `fractable params`, and the
 * parameter tables of the model's documentation.
 */
import { z } from 'zod';

export interface NumberParam { kind: 'number'; def: number; min: number; max: number; unit: string; doc: string; source: string; passage?: string; integer?: boolean }
export interface EnumParam { kind: 'enum'; def: string; values: readonly string[]; doc: string; source: string; passage?: string }
export interface BoolParam { kind: 'boolean'; def: boolean; doc: string; source: string; passage?: string }
export type ParamDesc = NumberParam | EnumParam | BoolParam;

/** Groups of parameters: group → name → descriptor. */
export type ParamTable = Readonly<Record<string, Readonly<Record<string, ParamDesc>>>>;

export interface ParamOptions { passage?: string; source?: string }

/** A number in [min, max] with a unit. */
export const num = (def: number, min: number, max: number, unit: string, doc: string, o: ParamOptions = {}) =>
  ({ kind: 'number', def, min, max, unit, doc, source: o.source ?? 'assumption', ...(o.passage ? { passage: o.passage } : {}), integer: false }) as const;
/** An integer in [min, max] with a unit. */
export const int = (def: number, min: number, max: number, unit: string, doc: string, o: ParamOptions = {}) =>
  ({ ...num(def, min, max, unit, doc, o), integer: true }) as const;
/** One of a list of values. */
export const choice = <V extends string>(def: V, values: readonly V[], doc: string, o: ParamOptions = {}) =>
  ({ kind: 'enum', def, values, doc, source: o.source ?? 'assumption', ...(o.passage ? { passage: o.passage } : {}) }) as const;
/** A switch. */
export const bool = (def: boolean, doc: string, o: ParamOptions = {}) =>
  ({ kind: 'boolean', def, doc, source: o.source ?? 'assumption', ...(o.passage ? { passage: o.passage } : {}) }) as const;

type ValueOf<D> = D extends { kind: 'number' } ? number : D extends { kind: 'boolean' } ? boolean : D extends { values: readonly (infer V)[] } ? V : never;
/** The resolved parameters of a table: group → name → value. */
export type ParamsOf<T extends ParamTable> = { -readonly [G in keyof T]: { -readonly [N in keyof T[G]]: ValueOf<T[G][N]> } };

function schemaOf(d: ParamDesc): z.ZodType {
  switch (d.kind) {
    case 'number': {
      let s = z.number().min(d.min).max(d.max);
      if (d.integer) s = s.int();
      return s.default(d.def).describe(`${d.doc} (${d.unit})`);
    }
    case 'enum': return z.enum(d.values as [string, ...string[]]).default(d.def).describe(d.doc);
    case 'boolean': return z.boolean().default(d.def).describe(d.doc);
  }
}

/** The zod schema of `params:` for a table: every key optional, unknown keys refused. */
export function paramsSchema<T extends ParamTable>(table: T): z.ZodType<ParamsOf<T>, unknown> {
  return z.strictObject(
    Object.fromEntries(Object.entries(table).map(([g, group]) => [
      g,
      z.strictObject(Object.fromEntries(Object.entries(group).map(([n, d]) => [n, schemaOf(d)]))).prefault({}),
    ])),
  ).prefault({}) as unknown as z.ZodType<ParamsOf<T>, unknown>;
}

/** Every parameter as [dotted path, descriptor], in table order. */
export function paramList(table: ParamTable): Array<[string, ParamDesc]> {
  return Object.entries(table).flatMap(([g, group]) => Object.entries(group).map(([n, d]) => [`${g}.${n}`, d] as [string, ParamDesc]));
}

export function paramDesc(table: ParamTable, path: string): ParamDesc | undefined {
  const [g, n, ...rest] = path.split('.');
  if (rest.length || g === undefined || n === undefined) return undefined;
  return Object.hasOwn(table, g) && Object.hasOwn(table[g]!, n) ? table[g]![n] : undefined;
}

type Loose = Record<string, Record<string, number | string | boolean>>;

/** Reads a parameter by dotted path. */
export function getParam(p: unknown, path: string): number | string | boolean {
  const [g, n] = path.split('.') as [string, string];
  return (p as Loose)[g]![n]!;
}

/** A copy of `p` with the parameter at `path` set (integers rounded). */
export function withParam<P>(table: ParamTable, p: P, path: string, value: number | string | boolean): P {
  const d = paramDesc(table, path);
  if (!d) throw new RangeError(`${path}: not a model parameter`);
  const [g, n] = path.split('.') as [string, string];
  const out = structuredClone(p) as unknown as Loose;
  out[g]![n] = d.kind === 'number' && d.integer && typeof value === 'number' ? Math.round(value) : value;
  return out as unknown as P;
}

/** The parameter table as plain JSON (for the study spec and `fractable params`). */
export function describeParams(table: ParamTable): Array<{ path: string } & ParamDesc> {
  return paramList(table).map(([path, d]) => ({ path, ...d }));
}
