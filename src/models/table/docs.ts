/**
 * Generated documentation: the parameter tables of docs/ODD.md come from PARAMS, so they can
 * never disagree with the code. `npm run docs` rewrites the block between the markers; a test
 * fails when the committed block is stale.
 */
import { MECHANISMS } from './mechanisms/index.js';
import { paramList, PARAMS, type ParamDesc } from './params.js';
import { PASSAGES } from './passages.js';
import { STATE_NAMES } from './state.js';
import { ACTORS } from './actors.js';

export const BEGIN = '<!-- BEGIN GENERATED: parameters (npm run docs) -->';
export const END = '<!-- END GENERATED: parameters -->';

const cell = (s: string) => s.replaceAll('|', '\\|');

function range(d: ParamDesc): string {
  if (d.kind === 'number') return `[${d.min}, ${d.max}]${d.integer ? ' (integer)' : ''}`;
  if (d.kind === 'enum') return d.values.join(' \\| ');
  return 'true \\| false';
}

function value(d: ParamDesc): string {
  if (d.kind === 'number') return Number.isInteger(d.def) ? String(d.def) : String(+d.def.toFixed(4));
  return String(d.def);
}

export function parameterTables(): string {
  const out: string[] = [BEGIN, ''];
  for (const group of Object.keys(PARAMS)) {
    out.push(`#### \`${group}\``, '', '| parameter | default | range | unit | meaning | seed passage |', '| --- | --- | --- | --- | --- | --- |');
    for (const [path, d] of paramList().filter(([p]) => p.startsWith(`${group}.`))) {
      out.push(`| \`${path}\` | ${value(d)} | ${range(d)} | ${d.kind === 'number' ? cell(d.unit) : ''} | ${cell(d.doc)} | ${d.passage ?? ''} |`);
    }
    out.push('');
  }
  out.push('#### Seed passages', '', '| key | passage (verbatim) |', '| --- | --- |');
  for (const [k, v] of Object.entries(PASSAGES)) out.push(`| ${k} | "${cell(v)}" |`);
  out.push('', '#### Mechanisms (code and parameter groups)', '', '| mechanism | file | parameter groups | passages |', '| --- | --- | --- | --- |');
  for (const m of MECHANISMS) out.push(`| ${m.title} | \`src/models/table/mechanisms/${m.name}.ts\` | ${m.groups.map((g) => `\`${g}\``).join(', ')} | ${m.passages.join(', ')} |`);
  out.push('', '#### State variables', '', `${STATE_NAMES.map((n) => `\`${n}\``).join(', ')}`, '');
  out.push('#### Actors and actions', '', '| population | actions | role |', '| --- | --- | --- |');
  for (const a of ACTORS) out.push(`| \`${a.name}\` (${cell(a.label)}) | ${a.actions.join(', ')} | ${cell(a.doc)} |`);
  out.push('', END);
  return out.join('\n');
}

export const SUB_BEGIN = '<!-- BEGIN GENERATED: submodels (npm run docs) -->';
export const SUB_END = '<!-- END GENERATED: submodels -->';

/** The files whose leading doc comment is a submodel's equations, in update order. */
export const SUBMODEL_FILES: ReadonlyArray<[string, string]> = [
  ['Utilities and influence', 'src/models/table/utilities.ts'],
  ...MECHANISMS.slice(0, 10).map((m): [string, string] => [m.title, `src/models/table/mechanisms/${m.name}.ts`]),
  ['The bargaining table (negotiation)', 'src/models/table/negotiation.ts'],
  [MECHANISMS[10].title, `src/models/table/mechanisms/${MECHANISMS[10].name}.ts`],
  ['The escalation ladder', 'src/models/table/escalation.ts'],
  ['Strikes', 'src/models/table/mechanisms/strike.ts'],
  ['Outcome classification', 'src/models/table/outcomes.ts'],
];

/** The leading /** ... *\/ comment of a source file, without the comment markers. */
export function leadingComment(source: string): string {
  const m = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!m) return '';
  return m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').trim();
}

/** Section 7.2 onward: each submodel's equations, quoted from its source file, with its seed passages. */
export function submodelSections(read: (file: string) => string): string {
  const out: string[] = [SUB_BEGIN, ''];
  let n = 2;
  for (const [title, file] of SUBMODEL_FILES) {
    const mech = MECHANISMS.find((m) => file.endsWith(`/${m.name}.ts`));
    out.push(`### 7.${n++} ${title} (\`${file}\`)`, '');
    if (mech) for (const k of mech.passages) out.push(`> Seed: "${PASSAGES[k]}"`, '');
    out.push('```', leadingComment(read(file)), '```', '');
  }
  out.push(SUB_END);
  return out.join('\n');
}

function replaceBlock(doc: string, begin: string, end: string, block: string): string {
  const a = doc.indexOf(begin), b = doc.indexOf(end);
  if (a < 0 || b < 0) return `${doc.trimEnd()}\n\n${block}\n`;
  return doc.slice(0, a) + block + doc.slice(b + end.length);
}

/** Replaces the generated blocks of a document (or appends them). */
export function withGenerated(doc: string, read: (file: string) => string): string {
  return replaceBlock(replaceBlock(doc, SUB_BEGIN, SUB_END, submodelSections(read)), BEGIN, END, parameterTables());
}
