/**
 * The generated parts of docs/ODD.md, from the model's own source: the submodels (each file's
 * leading comment, which states its equations, followed by the file's code verbatim), the
 * decisions and who makes them, the populations, the draws of nature, the events, the outcomes,
 * the state variables and every parameter with its source. `npm run docs` rewrites the blocks
 * between the markers; a test fails when the committed document is stale, so the document and
 * the code cannot drift apart.
 */
import type { PopulationDecl, TraitDecl } from '../../engine/declaration.js';
import type { RuleSpec } from '../../learning/rules.js';
import { DECISIONS } from './decisions.js';
import { DRAWS, EVENTS } from './events.js';
import { PIPELINE, SEED_MECHANISMS } from './mechanisms/index.js';
import { OUTCOMES } from './outcomes.js';
import { ELECTION_LAW, INSTITUTIONS, NUMERICS, paramList, PARAMS, SETTINGS, type ParamDesc } from './params.js';
import { PASSAGES, type PassageKey } from './passages.js';
import { POPULATIONS } from './populations.js';
import { STATE } from './state.js';

const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (s: string): string => `\`${s}\``;

function range(d: ParamDesc): string {
  if (d.kind === 'number') return `[${d.min}, ${d.max}]${d.integer ? ' (integer)' : ''}`;
  if (d.kind === 'enum') return d.values.join(' \\| ');
  return 'true \\| false';
}

function value(d: ParamDesc): string {
  if (d.kind === 'number') return String(d.def);
  return String(d.def);
}

// ---------------------------------------------------------------------------------------------
// Parameters, settings, sizes

export const BEGIN = '<!-- BEGIN GENERATED: parameters (npm run docs) -->';
export const END = '<!-- END GENERATED: parameters -->';

/** Section 9: every parameter by group, the populations' default settings, the institutions' sizes, the seed's passages. */
export function parameterTables(): string {
  const out: string[] = [BEGIN, ''];
  for (const group of Object.keys(PARAMS)) {
    out.push(`#### \`${group}\``, '', '| parameter | default | range | unit | meaning | source | seed passage |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const [path, d] of paramList().filter(([p]) => p.startsWith(`${group}.`))) {
      out.push(`| ${code(path)} | ${value(d)} | ${range(d)} | ${d.kind === 'number' ? cell(d.unit) : ''} | ${cell(d.doc)} | ${cell(d.source ?? '')} | ${d.passage ?? ''} |`);
    }
    out.push('');
  }
  out.push('#### Sizes of the institutions (fixed populations)', '', '| institution | members | source |', '| --- | --- | --- |');
  for (const [k, v] of Object.entries(INSTITUTIONS)) out.push(`| ${k} | ${v.size} | ${cell(v.source)} |`);
  out.push('', '#### Default settings of the populations', '',
    'A scenario may replace each of these per population (`populations:` block: `rule`, `noise`, `weight`, `traits`).', '',
    '| setting | value | source |', '| --- | --- | --- |');
  for (const [k, v] of Object.entries(SETTINGS)) {
    const { source, ...rest } = v as { source: string } & Record<string, unknown>;
    out.push(`| ${k} | ${cell(JSON.stringify(rest))} | ${cell(source)} |`);
  }
  out.push('', '#### Constants of law and numerics (not parameters)', '', '| constant | value | source |', '| --- | --- | --- |');
  for (const [group, table] of [['election law', ELECTION_LAW], ['numerics', NUMERICS]] as const) {
    const { source, ...rest } = table as { source: string } & Record<string, unknown>;
    out.push(`| ${group} | ${cell(JSON.stringify(rest))} | ${cell(source)} |`);
  }
  out.push('', '#### Seed passages', '', '| key | passage (verbatim) |', '| --- | --- |');
  for (const [k, v] of Object.entries(PASSAGES)) out.push(`| ${k} | "${cell(v)}" |`);
  out.push('', END);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Entities: populations, decisions, state, draws, events, outcomes

export const ENT_BEGIN = '<!-- BEGIN GENERATED: entities (npm run docs) -->';
export const ENT_END = '<!-- END GENERATED: entities -->';

function ruleText(r: RuleSpec): string {
  switch (r.kind) {
    case 'ewa': return `EWA (φ ${r.phi}, δ ${r.delta}, ρ ${r.rho}, λ ${r.lambda})`;
    case 'bush-mosteller': return `Bush–Mosteller (rate ${r.learningRate}, habituation ${r.habituation})`;
    case 'threshold': return 'threshold (Granovetter): acts when the share of its contacts acting reaches its own threshold';
    default: return r.kind;
  }
}

function sizeText(p: PopulationDecl): string {
  return 'fixed' in p.size ? `${p.size.fixed} (fixed)` : `${p.size.weight.toLocaleString('en', { style: 'percent' })} of \`--agents\` (mass)`;
}

function traitText(t: TraitDecl): string {
  return t.kind === 'categorical' ? `${t.name} (${(t.categories ?? []).join(', ')})` : t.name;
}

/** Section 2: the populations, the decisions and their rules, the state, the draws, the events and the outcomes. */
export function entityTables(): string {
  const out: string[] = [ENT_BEGIN, '', '#### Populations', '',
    '| population | who | members | actions | learning rule | traits | network | consequences |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const p of POPULATIONS as readonly PopulationDecl[]) {
    out.push(`| ${code(p.name)} | ${cell(p.label)}: ${cell(p.doc)} | ${sizeText(p)} | ${p.actions.join(', ')} | ${cell(ruleText(p.rule))} | ${p.traits.map(traitText).join('; ') || '—'} | ${p.network ? `${p.network.spec.kind}: ${cell(p.network.doc)}` : '—'} | ${p.consequences ? 'per-agent hazard' : '—'} |`);
  }
  out.push('', '#### Decisions: who makes them, by which rule', '', '| decision | decided by | rule | code |', '| --- | --- | --- | --- |');
  for (const d of DECISIONS) out.push(`| ${cell(d.decision)} | ${d.by.map(code).join(', ')} | ${cell(d.rule)} | \`src/models/table/${d.where}\` |`);
  out.push('', '#### Random draws (nature only)', '', 'Every choice of an actor is made by agents. Random draws are only for nature:', '',
    '| draw | stream | reason |', '| --- | --- | --- |');
  for (const d of DRAWS) out.push(`| ${code(d.name)} | world draw (named site) | ${cell(d.doc)} |`);
  for (const p of (POPULATIONS as readonly PopulationDecl[]).filter((x) => x.consequences)) {
    out.push(`| hazard of ${code(p.name)} | per-agent consequence | which ${cell(p.label)} member is hit by the consequence of its own action this week (a chance set by the model each week) |`);
  }
  out.push('| learning-rule noise, initial traits, networks | engine streams | the agents\' own payoff noise and heterogeneity (section 7.1) |');
  out.push('', '#### Events (the primary output)', '', '| event | meaning |', '| --- | --- |');
  for (const e of EVENTS) out.push(`| ${code(e.kind)} | ${cell(e.doc)} |`);
  out.push('', '#### Outcome labels (a summary of the history)', '', '| label | definition |', '| --- | --- |');
  for (const o of OUTCOMES) out.push(`| ${code(o.name)} | ${cell(o.doc)} |`);
  out.push('', '#### State variables', '', '| variable | unit | meaning |', '| --- | --- | --- |');
  for (const v of STATE) out.push(`| ${code(v.name)} | ${cell(v.unit)} | ${cell(v.doc)} |`);
  out.push('', ENT_END);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Submodels: the doc comment (equations) and the code, verbatim

export const SUB_BEGIN = '<!-- BEGIN GENERATED: submodels (npm run docs) -->';
export const SUB_END = '<!-- END GENERATED: submodels -->';

/** The submodels in the order of a tick: the support files, then the world update's pipeline. */
export const SUBMODELS: ReadonlyArray<{ title: string; file: string; passages: readonly PassageKey[]; groups: readonly string[]; seed: number }> = [
  { title: 'The issue space, utilities and gains', file: 'issues.ts', passages: ['fragmented'], groups: ['positions', 'salience', 'capability'], seed: 0 },
  { title: 'The two sides: positions, saliences, veto players, expected durability', file: 'players.ts', passages: ['fragmented', 'modular'], groups: ['positions', 'salience', 'capability', 'table'], seed: 0 },
  { title: 'Concessions (Zeuthen)', file: 'zeuthen.ts', passages: [], groups: ['table'], seed: 0 },
  { title: 'Institutional rules: from choices to decisions', file: 'decisions.ts', passages: [], groups: ['decisions'], seed: 0 },
  { title: 'The US electoral calendar', file: 'calendar.ts', passages: ['credibility'], groups: ['calendar'], seed: 0 },
  ...PIPELINE.map((m) => ({ title: m.title, file: `mechanisms/${m.name}.ts`, passages: m.passages, groups: m.groups as readonly string[], seed: SEED_MECHANISMS.indexOf(m) + 1 })),
  { title: 'Outcome labels', file: 'outcomes.ts', passages: [], groups: ['outcomes'], seed: 0 },
];

/** The leading /** ... *\/ comment of a source file, without the comment markers. */
export function leadingComment(source: string): string {
  const m = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!m) return '';
  return m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').trim();
}

/** The source after the leading comment and the imports. */
export function body(source: string): string {
  const rest = source.replace(/^\s*\/\*\*[\s\S]*?\*\/\s*/, '');
  return rest.split('\n').filter((l) => !/^import\b/.test(l)).join('\n').trim();
}

/** Section 7.2 onward: each submodel's equations and its code, from its source file. */
export function submodelSections(read: (file: string) => string): string {
  const out: string[] = [SUB_BEGIN, ''];
  let n = 1;
  for (const s of SUBMODELS) {
    const file = `src/models/table/${s.file}`, src = read(file);
    out.push(`### 7.${++n} ${s.title}${s.seed ? ` (mechanism ${s.seed} of the seed)` : ''}`, '', `\`${file}\`; parameter groups: ${s.groups.map(code).join(', ')}`, '');
    for (const k of s.passages) out.push(`> Seed: "${PASSAGES[k]}"`, '');
    out.push('```text', leadingComment(src), '```', '', '<details><summary>code</summary>', '', '```ts', body(src), '```', '', '</details>', '');
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
  let d = replaceBlock(doc, ENT_BEGIN, ENT_END, entityTables());
  d = replaceBlock(d, SUB_BEGIN, SUB_END, submodelSections(read));
  return replaceBlock(d, BEGIN, END, parameterTables());
}
