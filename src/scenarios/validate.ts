/**
 * Turns zod issues into one clear message: FILE: PATH: expected X, found Y.
 */
import type { z } from 'zod';
import { describe, InputError } from '../errors.js';

type Issue = z.core.$ZodIssue & { input?: unknown };

function expectedOf(i: Issue): string {
  switch (i.code) {
    case 'invalid_type': return `a ${i.expected}`;
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

export function formatIssue(file: string | undefined, i: Issue): InputError {
  let path = i.path.map(String).join('.');
  let found: string;
  if (i.code === 'unrecognized_keys') {
    path = [path, i.keys[0]].filter(Boolean).join('.');
    found = `unknown key "${i.keys[0]}"${i.keys.length > 1 ? ` (and ${i.keys.slice(1).map((k) => `"${k}"`).join(', ')})` : ''}`;
  } else if (i.code === 'invalid_union' && typeof i.input === 'object' && i.input && 'kind' in i.input) {
    found = describe((i.input as { kind: unknown }).kind);
    if (!path.endsWith('kind')) path = `${path}.kind`;
  } else {
    found = describe(i.input);
  }
  const where = [file, path || '(top level)'].filter(Boolean).join(': ');
  return new InputError(`${where}: expected ${expectedOf(i)}, found ${found}`, file, path);
}

/** Parses `data` with `schema`, or throws an InputError naming the file and the first bad key. */
export function parseOrThrow<T>(schema: z.ZodType<T>, data: unknown, file?: string): T {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return r.data;
  throw formatIssue(file, r.error.issues[0] as Issue);
}
