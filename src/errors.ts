/**
 * Errors made by a small factory, so that every bad input reads the same way:
 *   FILE: PATH: expected WHAT, found WHAT
 * InputError carries exit code 2 (bad input); the CLI prints its message and nothing else.
 */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly file?: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** `file: path: expected X, found Y` */
export function inputError(file: string | undefined, path: string, expected: string, found: unknown): InputError {
  const where = [file, path].filter(Boolean).join(': ');
  return new InputError(`${where ? `${where}: ` : ''}expected ${expected}, found ${describe(found)}`, file, path);
}

/** A short, printable description of a found value. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return `an object with keys ${Object.keys(v).slice(0, 6).join(', ') || '(none)'}`;
  return typeof v;
}
