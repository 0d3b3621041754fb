/**
 * Reading the YAML of every input file (scenarios, studies, patterns, knock-outs, calibration
 * specs) within bounds, so that a hostile or broken file is bad input (exit 2) and never a stack
 * trace, a hang or gigabytes of memory:
 * - a file larger than MAX_INPUT_BYTES is refused before it is parsed;
 * - nesting deeper than MAX_YAML_DEPTH is refused by a linear scan before the parser sees it
 *   (the parser's own recursion would take minutes or abort the process);
 * - aliases may expand at most MAX_YAML_ALIASES times ("billion laughs" files);
 * - an alias without its anchor, a duplicate key, a non-scalar key, an unresolved tag (which the
 *   parser only warns about), a hex or octal number (`0x10`) and `-0` are refused, each with its
 *   line, column and key path;
 * - every problem of a file is reported in one pass (up to MAX_REPORTED_ERRORS).
 */
import { resolve } from 'node:path';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CST, isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { fsReason, InputError, MAX_REPORTED_ERRORS, problemsError } from '../errors.js';

/** The largest input file read (1 MiB): hand-written YAML is far smaller. */
export const MAX_INPUT_BYTES = 1024 * 1024;
/** The deepest nesting of mappings and lists a YAML file may have. */
export const MAX_YAML_DEPTH = 64;
/** The most alias expansions a YAML file may make (the yaml package's bound on "billion laughs"). */
export const MAX_YAML_ALIASES = 100;

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 2 : 0)} MiB`;

/** The bytes of a file, read at most up to the size limit (a pipe or a growing file included). */
function readBounded(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new InputError(`${file}: expected a readable file, found ${(e as NodeJS.ErrnoException).code ?? fsReason(e) ?? 'an error'}`, file);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${file}: expected a YAML file, found a directory`, file);
    if (st.size > MAX_INPUT_BYTES) throw new InputError(`${file}: expected a file of at most ${mib(MAX_INPUT_BYTES)} (the input size limit), found ${mib(st.size)}`, file);
    const buf = Buffer.alloc(MAX_INPUT_BYTES + 1);
    let n = 0;
    for (;;) {
      let got: number;
      try {
        got = readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        throw new InputError(`${file}: expected a readable file, found ${(e as NodeJS.ErrnoException).code ?? fsReason(e) ?? 'an error'}`, file);
      }
      if (got === 0) break;
      n += got;
      if (n > MAX_INPUT_BYTES) throw new InputError(`${file}: expected a file of at most ${mib(MAX_INPUT_BYTES)} (the input size limit), found more`, file);
    }
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The last file parsed (its text and value): `validate` reads a file to learn its kind, then loads it. */
let last: { file: string; text: string; value: unknown } | null = null;

/** Reads and parses a YAML file within the limits above; an empty file is `{}`. */
export function readYaml(file: string): unknown {
  const text = readBounded(file);
  const abs = resolve(file);
  if (last && last.file === abs && last.text === text) return structuredClone(last.value);
  const value = parseYamlText(text, file);
  last = { file: abs, text, value };
  return structuredClone(value);
}

/** `file:line:col: path: expected X, found Y` */
function at(file: string, lc: LineCounter, offset: number | undefined, path: string, expected: string, found: string): InputError {
  const pos = offset === undefined ? undefined : lc.linePos(offset);
  return new InputError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${path ? `${path}: ` : ''}expected ${expected}, found ${found}`, file, path || undefined);
}

/**
 * A linear scan of the tokens for nesting deeper than MAX_YAML_DEPTH: flow brackets ([ {) open
 * and closed, and block indicators (- ? :) on one line, which each open a level. Returns the
 * offset of the first token too deep, or -1.
 */
function tooDeep(text: string): number {
  let flow = 0, onLine = 0, offset = 0;
  for (const tok of new Lexer().lex(text)) {
    const type = CST.tokenType(tok);
    if (type === 'flow-seq-start' || type === 'flow-map-start') {
      if (++flow > MAX_YAML_DEPTH) return offset;
    } else if (type === 'flow-seq-end' || type === 'flow-map-end') {
      flow = Math.max(0, flow - 1);
    } else if (type === 'newline') {
      onLine = 0;
    } else if (flow === 0 && (type === 'seq-item-ind' || type === 'map-value-ind' || type === 'explicit-key-ind')) {
      if (++onLine > MAX_YAML_DEPTH) return offset;
    }
    // the lexer's markers (document mode, a scalar's start, a flow error's end) are not source text
    if (type !== 'doc-mode' && type !== 'scalar' && type !== 'flow-error-end') offset += tok.length;
  }
  return -1;
}

/** Parses YAML text from `file` (named in messages) within the limits above. */
export function parseYamlText(text: string, file: string): unknown {
  const lc = new LineCounter();
  const deep = tooDeep(text);
  if (deep >= 0) {
    lc.addNewLine(0);
    for (let i = 0; i < text.length && i <= deep; i++) if (text.charCodeAt(i) === 10) lc.addNewLine(i + 1);
    throw at(file, lc, deep, '', `YAML nested at most ${MAX_YAML_DEPTH} levels deep`, 'deeper nesting');
  }
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lc, prettyErrors: false });
  const problems: InputError[] = [];
  let total = 0;
  const add = (e: InputError): void => {
    total++;
    if (problems.length < MAX_REPORTED_ERRORS) problems.push(e);
  };
  const firstLine = (m: string): string => m.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  for (const e of doc.errors) add(at(file, lc, e.pos[0], '', 'well-formed YAML', firstLine(e.message)));
  // the parser only warns of these (an unresolved tag): they are errors here, never printed beside the message
  for (const w of doc.warnings) add(at(file, lc, w.pos[0], '', 'well-formed YAML without custom tags', firstLine(w.message)));
  if (total > 0) throw problemsError(problems, total, file);

  // one walk of the tree: keys, numbers and aliases, each problem with its key path
  const anchors = new Set<string>();
  const walk = (node: unknown, path: string): void => {
    if (!node) return;
    const n = node as YamlNode;
    if (n.anchor) anchors.add(n.anchor);
    const off = n.range?.[0];
    if (isAlias(n)) {
      if (!anchors.has(n.source)) add(at(file, lc, off, path, `an anchor &${n.source} set before the alias`, `*${n.source} without one`));
      return;
    }
    if (isScalar(n)) {
      if (n.format === 'HEX' || n.format === 'OCT' || n.format === 'BIN') add(at(file, lc, off, path, 'a decimal number', n.source ?? String(n.value)));
      else if (Object.is(n.value, -0)) add(at(file, lc, off, path, 'a number other than -0 (write 0)', '-0'));
      return;
    }
    if (isMap(n)) {
      const seen = new Set<string>();
      for (const item of n.items) {
        const k = item.key as YamlNode | null;
        if (!isScalar(k) || (k.value !== null && typeof k.value === 'object')) {
          add(at(file, lc, (k as YamlNode | null)?.range?.[0] ?? off, path, 'plain keys (names, not lists, mappings or aliases)', 'another kind of key'));
          continue;
        }
        const key = String(k.value);
        const p = path ? `${path}.${key}` : key;
        if (seen.has(key)) add(at(file, lc, k.range?.[0], p, 'each key once in a mapping', `${JSON.stringify(key)} again`));
        seen.add(key);
        walk(item.value, p);
      }
      return;
    }
    if (isSeq(n)) n.items.forEach((item, i) => walk(item, path ? `${path}.${i}` : String(i)));
  };
  walk(doc.contents, '');
  if (total > 0) throw problemsError(problems, total, file);

  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {};
  } catch (e) {
    if (e instanceof ReferenceError && /alias count/i.test(e.message)) {
      throw new InputError(`${file}: expected YAML whose aliases expand at most ${MAX_YAML_ALIASES} times, found more (an alias bomb)`, file);
    }
    if (e instanceof Error) throw new InputError(`${file}: expected well-formed YAML, found ${firstLine(e.message)}`, file);
    throw e;
  }
}
