/**
 * Turns zod issues into clear messages, one per problem: FILE: PATH: expected X, found Y. Every
 * problem of a file is reported in one pass (up to MAX_REPORTED_ERRORS, then a count); an unknown
 * key names the nearest known key ("did you mean").
 */
import type { z } from 'zod';
import { describe, didYouMean, InputError, MAX_REPORTED_ERRORS, problemsError } from '../errors.js';

type Issue = z.core.$ZodIssue & { input?: unknown };

function expectedOf(i: Issue): string {
  switch (i.code) {
    case 'invalid_type': {
      if (i.expected === 'int') return 'an integer';
      if (i.expected === 'number' && typeof i.input === 'number') return 'a finite number';
      return `${/^[aeiou]/.test(i.expected) ? 'an' : 'a'} ${i.expected}`;
    }
    case 'too_big': return `a value ${i.inclusive ? '<=' : '<'} ${String(i.maximum)}`;
    case 'too_small': return `a value ${i.inclusive ? '>=' : '>'} ${String(i.minimum)}`;
    case 'invalid_value': return `one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys': return 'only known keys';
    case 'invalid_union': {
      const opts = (i as { options?: unknown[] }).options;
      return opts ? `one of ${opts.map((o) => JSON.stringify(o)).join(', ')}` : 'one of the allowed forms';
    }
    case 'not_multiple_of': return `a multiple of ${String(i.divisor)}`;
    case 'invalid_format': return `a ${i.format}`;
    default: return i.message;
  }
}

type Def = { type: string; shape?: Record<string, Schema>; innerType?: Schema; in?: Schema; options?: Schema[]; discriminator?: string; valueType?: Schema; element?: Schema; items?: Schema[]; getter?: () => Schema };
type Schema = { _zod?: { def: Def } };
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object schemas that may hold `data` at `path` inside `schema` (a union: the option its discriminator picks, else all). */
function objectsAt(schema: Schema | undefined, data: unknown, path: ReadonlyArray<PropertyKey>): Array<Record<string, Schema>> {
  const def = schema?._zod?.def;
  if (!def) return [];
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return objectsAt(def.innerType, data, path);
    case 'pipe': return objectsAt(def.in, data, path);
    case 'lazy': return def.getter ? objectsAt(def.getter(), data, path) : [];
    case 'union': {
      const opts = def.options ?? [];
      const d = def.discriminator;
      const picked = d && isObj(data) ? opts.filter((o) => {
        const lit = o._zod?.def.shape?.[d]?._zod?.def as { values?: unknown[] } | undefined;
        return lit?.values?.includes(data[d]);
      }) : [];
      return (picked.length ? picked : opts).flatMap((o) => objectsAt(o, data, path));
    }
    case 'object': {
      if (path.length === 0) return def.shape ? [def.shape] : [];
      const [k, ...rest] = path;
      return objectsAt(def.shape?.[String(k)], isObj(data) ? data[String(k)] : undefined, rest);
    }
    case 'record': {
      if (path.length === 0) return [];
      const [k, ...rest] = path;
      return objectsAt(def.valueType, isObj(data) ? data[String(k)] : undefined, rest);
    }
    case 'array': {
      if (path.length === 0) return [];
      const [k, ...rest] = path;
      return objectsAt(def.element, Array.isArray(data) ? data[Number(k)] : undefined, rest);
    }
    case 'tuple': {
      if (path.length === 0) return [];
      const [k, ...rest] = path;
      return objectsAt(def.items?.[Number(k)], Array.isArray(data) ? data[Number(k)] : undefined, rest);
    }
    default: return [];
  }
}

/** The keys a mapping at `path` may have, from the schema. */
function knownKeys(schema: z.ZodType | undefined, data: unknown, path: ReadonlyArray<PropertyKey>): string[] {
  return [...new Set(objectsAt(schema as Schema | undefined, data, path).flatMap((shape) => Object.keys(shape)))];
}

/** One problem per zod issue, and one per unknown key: at most `limit` formatted, all counted. */
export function issuesOf<T>(schema: z.ZodType<T>, data: unknown, file: string | undefined, limit = MAX_REPORTED_ERRORS): { problems: InputError[]; total: number; data?: T } {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return { problems: [], total: 0, data: r.data };
  const problems: InputError[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const i of r.error.issues as Issue[]) {
    if (i.code === 'unrecognized_keys') {
      const known = problems.length < limit ? knownKeys(schema, data, i.path) : [];
      for (const k of i.keys) {
        total++;
        if (problems.length < limit) problems.push(formatIssue(file, { ...i, keys: [k] }, known));
      }
    } else {
      // one problem once (zod reports a seed past 2^53 - 1 both as too big and as no safe integer)
      const e = formatIssue(file, i);
      if (seen.has(e.message)) continue;
      seen.add(e.message);
      total++;
      if (problems.length < limit) problems.push(e);
    }
  }
  return { problems, total };
}

export function formatIssue(file: string | undefined, i: Issue, known: readonly string[] = []): InputError {
  let path = i.path.map(String).join('.');
  let found: string;
  if (i.code === 'unrecognized_keys') {
    path = [path, i.keys[0]].filter(Boolean).join('.');
    found = `unknown key ${JSON.stringify(i.keys[0])}${i.keys.length > 1 ? ` (and ${i.keys.length - 1} more)` : ''}${didYouMean(i.keys[0]!, known)}`;
  } else if (i.code === 'invalid_union' && typeof i.input === 'object' && i.input && 'kind' in i.input) {
    found = describe((i.input as { kind: unknown }).kind);
    if (!path.endsWith('kind')) path = `${path}.kind`;
  } else if (i.code === 'custom' && typeof (i.params as { found?: unknown } | undefined)?.found === 'string') {
    found = (i.params as { found: string }).found;
  } else {
    found = describe(i.input);
  }
  const where = [file, path || '(top level)'].filter(Boolean).join(': ');
  return new InputError(`${where}: expected ${expectedOf(i)}, found ${found}`, file, path);
}

/**
 * Parses `data` with `schema`, or throws an InputError naming the file and every bad key (one
 * line each, up to MAX_REPORTED_ERRORS, then a count of the rest).
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, data: unknown, file?: string): T {
  const r = issuesOf(schema, data, file);
  if (r.total === 0) return r.data as T;
  throw problemsError(r.problems, r.total, file);
}
