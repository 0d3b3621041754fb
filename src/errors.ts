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

/**
 * A file could not be written or read for a reason outside the input: a full disk, a permission,
 * a read-only file system, a directory removed meanwhile. Exit code 4. A study that meets one
 * stops scheduling and leaves its store consistent; the message says what is stored and how to
 * continue.
 */
export class StoreError extends Error {
  readonly exitCode = 4;
  constructor(message: string, readonly file?: string) {
    super(message);
    this.name = 'StoreError';
  }
}

const FS_REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device (the disk is full)',
  EDQUOT: 'the disk quota is exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'a read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a path component is not a directory',
  EISDIR: 'a directory, not a file',
  EEXIST: 'a file exists there already',
  EIO: 'an input/output error of the device',
  EMFILE: 'too many open files',
};

/** A file-system error (Node's errno errors, DuckDB's IO errors) in words, or null for anything else. */
export function fsReason(e: unknown): string | null {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && FS_REASONS[code]) return FS_REASONS[code]!;
  const msg = e instanceof Error ? e.message : String(e);
  if (/No space left on device/i.test(msg)) return FS_REASONS.ENOSPC!;
  if (/Disk quota exceeded/i.test(msg)) return FS_REASONS.EDQUOT!;
  if (/Read-only file system/i.test(msg)) return FS_REASONS.EROFS!;
  if (/Permission denied/i.test(msg)) return FS_REASONS.EACCES!;
  if (/^IO Error:/.test(msg) || /No such file or directory/i.test(msg)) return `an input/output error (${oneLine(msg)})`;
  return null;
}

/** The first line of a message, with terminal control characters escaped: safe to print on one line. */
export function oneLine(s: string): string {
  return safeText(s.split('\n')[0] ?? '');
}

/**
 * Text from a file or a user (names, paths) made safe for a terminal: control characters
 * (escape sequences, newlines, carriage returns) are written as \xNN or \uNNNN.
 */
export function safeText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
