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
    super(escapeQuoted(message, file, path));
    this.name = 'InputError';
  }
}

/**
 * A file name or key path holding control characters (a newline, an escape sequence) is written
 * escaped wherever the message quotes it, so that the message stays one safe line.
 */
function escapeQuoted(message: string, ...quoted: Array<string | undefined>): string {
  for (const t of quoted) if (t && t !== safeText(t)) message = message.split(t).join(safeText(t));
  return message;
}

/** The most problems one bad input reports, each on its own line; the rest are counted ("and K more"). */
export const MAX_REPORTED_ERRORS = 20;

/**
 * Several problems of one input, found in one pass: one line each (at most MAX_REPORTED_ERRORS),
 * then a line counting the rest. `problems` holds the reported ones.
 */
export class InputErrors extends InputError {
  constructor(readonly problems: InputError[], readonly total: number, file?: string) {
    const more = total - problems.length;
    super([
      ...problems.map((p) => p.message),
      ...(more > 0 ? [`${file ? `${file}: ` : ''}and ${more} more problem${more === 1 ? '' : 's'} (the first ${problems.length} are shown)`] : []),
    ].join('\n'), file ?? problems[0]?.file, problems[0]?.path);
    this.name = 'InputErrors';
  }
}

/** One error for the problems found: the problem itself when there is one, else an InputErrors. */
export function problemsError(problems: InputError[], total = problems.length, file?: string): InputError {
  const shown = problems.slice(0, MAX_REPORTED_ERRORS);
  return shown.length === 1 && total === 1 ? shown[0]! : new InputErrors(shown, total, file);
}

/** The error with `prefix` before each of its problems (one line each): an including file naming itself and its key. */
export function prefixed(e: InputError, prefix: string, file?: string, path?: string): InputError {
  const at = (p: InputError): InputError => new InputError(`${prefix}${p.message}`, file ?? p.file, path ?? p.path);
  return e instanceof InputErrors ? new InputErrors(e.problems.map(at), e.total, file) : at(e);
}

/** The problems an error reports (one, or each of an InputErrors). */
export const problemsOf = (e: InputError): InputError[] => (e instanceof InputErrors ? e.problems : [e]);

/** `file: path: expected X, found Y` */
export function inputError(file: string | undefined, path: string, expected: string, found: unknown): InputError {
  const where = [file, path].filter(Boolean).join(': ');
  return new InputError(`${where ? `${where}: ` : ''}expected ${expected}, found ${describe(found)}`, file, path);
}

/** Edit distance (Levenshtein) of two short strings, case-insensitive. */
export function distance(a: string, b: string): number {
  a = a.toLowerCase(); b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** " (did you mean X?)" for the nearest of `known` within a few edits (or a prefix match), else "". */
export function didYouMean(found: string, known: readonly string[]): string {
  if (found.length > 200) return '';
  const scored = known.map((k) => ({ k, d: k.toLowerCase().startsWith(found.toLowerCase()) && found.length >= 2 ? 0 : distance(found, k) }));
  scored.sort((x, y) => x.d - y.d || x.k.localeCompare(y.k));
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(found.length / 3)) ? ` (did you mean "${best.k}"?)` : '';
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
