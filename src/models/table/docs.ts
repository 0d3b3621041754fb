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
import { CLAIMS } from './claims.js';
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

// ---------------------------------------------------------------------------------------------
// The claims: each a hypothesis with its causal path, its arms and its measured result

export const CLAIMS_BEGIN = '<!-- BEGIN GENERATED: claims (npm run docs) -->';
export const CLAIMS_END = '<!-- END GENERATED: claims -->';
/** The committed results that the claims block quotes (written by `fractable claims --out`). */
export const CLAIM_RESULTS = { direction: 'validation/claims-directional.json', refute: 'validation/refutability.json' } as const;

interface DirectionDoc { agents: number; ticks: number; seed: number; alpha: number; runs: number; direction: Array<{ claim: string; treated: { mean: number }; control: { mean: number }; effect: number; p: number; test: string }> }
interface RefuteDoc { points: number; replicates: number; refute: Array<{ claim: string; held?: { treated: string[]; control: string[] }; nonPositive: number; points: unknown[]; region: string[]; inside: { effect: number; p: number }; outside: { effect: number; p: number }; verdict: string }> }

function readJson<T>(read: (file: string) => string, file: string): T | null {
  try {
    return JSON.parse(read(file)) as T;
  } catch {
    return null;
  }
}

const sig = (x: number): string => (x === 0 ? '0' : String(+x.toPrecision(NUMERICS.shownDigits)));
const pv = (x: number): string => (x < Number(`1e-${NUMERICS.shownDigits}`) ? x.toExponential(1) : sig(x));

/** The verdict of a one-sided directional test: the effect's sign, and whether it is significant either way. */
export function directionVerdict(effect: number, p: number, alpha: number): string {
  if (effect > 0 && p < alpha) return 'holds';
  if (effect <= 0 && 1 - p < alpha) return 'reversed';
  return effect > 0 ? 'not shown (right sign, not significant)' : 'not shown (wrong sign, not significant)';
}

function armText(a: { label: string; scenario: string; params?: Record<string, unknown> }): string {
  return `${a.label} (\`${a.scenario}\`${a.params ? `, ${code(JSON.stringify(a.params))}` : ''})`;
}

export function claimsSection(read: (file: string) => string): string {
  const dir = readJson<DirectionDoc>(read, CLAIM_RESULTS.direction);
  const ref = readJson<RefuteDoc>(read, CLAIM_RESULTS.refute);
  const out = [CLAIMS_BEGIN, ''];
  out.push(dir
    ? `Directional tests: ${dir.runs} paired runs per arm (run i of both arms has the same seed), ${dir.agents} mass agents plus the institutions, ${dir.ticks} weekly ticks, seed ${dir.seed}, one-sided α = ${dir.alpha}; \`${CLAIM_RESULTS.direction}\`, written by \`fractable claims --runs ${dir.runs} --agents ${dir.agents} --ticks ${dir.ticks} --seed ${dir.seed} --out ${CLAIM_RESULTS.direction}\`.`
    : `Directional tests: not yet measured (\`${CLAIM_RESULTS.direction}\` is missing).`);
  out.push(ref
    ? `Refutation search: ${ref.points} Latin-hypercube points over each claim's box × ${ref.replicates} paired runs per arm; \`${CLAIM_RESULTS.refute}\`.`
    : `Refutation search: not in this document (\`${CLAIM_RESULTS.refute}\` is missing; \`fractable claims --refute\` computes it).`);
  out.push('', '| claim | treated − control (metric) | effect | p | verdict at the defaults | where it fails (refutation) |', '|---|---|---|---|---|---|');
  for (const c of CLAIMS) {
    const d = dir?.direction.find((x) => x.claim === c.id);
    const r = ref?.refute.find((x) => x.claim === c.id);
    const metric = c.metric.kind === 'output' ? code(c.metric.name) : `share ${c.metric.labels.join(' or ')}`;
    const res = d ? [`${sig(d.treated.mean)} − ${sig(d.control.mean)} = **${sig(d.effect)}**`, pv(d.p), directionVerdict(d.effect, d.p, dir!.alpha)] : ['—', '—', 'not measured'];
    const zero = r ? (r.points as Array<{ effect: number }>).filter((x) => x.effect === 0).length : 0;
    const fails = r ? `${r.verdict}: effect ≤ 0 at ${r.nonPositive} of ${r.points.length} points (exactly 0 at ${zero}, reversed at ${r.nonPositive - zero})${r.region.length ? `; ${r.region.join(', ')}` : ''}` : '—';
    const [effect, p, verdict] = res;
    out.push(`| ${cell(c.id)} | ${metric} | ${effect} | ${p} | ${verdict} | ${cell(fails)} |`);
  }
  for (const c of CLAIMS) {
    out.push('', `#### ${c.title} (\`${c.id}\`; ${c.source})`, '', `- **Claim.** ${c.statement}`, `- **Causal path.** ${c.path}`,
      `- **Arms.** treated: ${armText(c.treated)}; control: ${armText(c.control)}.`,
      `- **Refutation box.** ${c.box.map(code).join(', ')} over their plausible ranges (section 9).`);
    const r = ref?.refute.find((x) => x.claim === c.id);
    const held = r?.held ? [...r.held.treated, ...r.held.control] : [];
    if (held.length) out.push(`- **Held, not searched** (they define the arms): ${held.map(code).join(', ')}.`);
    if (r) out.push(`- **Refutation.** ${r.verdict}: the effect is ≤ 0 at ${r.nonPositive} of ${r.points.length} points; ${r.region.length ? `PRIM's box ${r.region.join(', ')}` : 'PRIM restricts no parameter'}; pooled effect inside ${sig(r.inside.effect)} (p ${pv(r.inside.p)}), outside ${Number.isFinite(r.outside.effect) ? `${sig(r.outside.effect)} (p ${pv(r.outside.p)})` : '— (no point outside)'}.`);
  }
  out.push('', CLAIMS_END);
  return out.join('\n');
}

/** Replaces the generated blocks of a document (or appends them). */
export function withGenerated(doc: string, read: (file: string) => string): string {
  let d = replaceBlock(doc, ENT_BEGIN, ENT_END, entityTables());
  d = replaceBlock(d, SUB_BEGIN, SUB_END, submodelSections(read));
  d = replaceBlock(d, CLAIMS_BEGIN, CLAIMS_END, claimsSection(read));
  return replaceBlock(d, BEGIN, END, parameterTables());
}
