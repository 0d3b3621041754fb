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
  for (const m of MECHANISMS) out.push(`| ${m.title} | \`src/model/mechanisms/${m.name}.ts\` | ${m.groups.map((g) => `\`${g}\``).join(', ')} | ${m.passages.join(', ')} |`);
  out.push('', '#### State variables', '', `${STATE_NAMES.map((n) => `\`${n}\``).join(', ')}`, '');
  out.push('#### Actors and actions', '', '| population | actions | role |', '| --- | --- | --- |');
  for (const a of ACTORS) out.push(`| \`${a.name}\` (${cell(a.label)}) | ${a.actions.join(', ')} | ${cell(a.doc)} |`);
  out.push('', END);
  return out.join('\n');
}

/** Replaces the generated block of a document (or appends it). */
export function withGenerated(doc: string): string {
  const a = doc.indexOf(BEGIN), b = doc.indexOf(END);
  const block = parameterTables();
  if (a < 0 || b < 0) return `${doc.trimEnd()}\n\n${block}\n`;
  return doc.slice(0, a) + block + doc.slice(b + END.length);
}
