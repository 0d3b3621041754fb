/**
 * `fractable analyze DB`: Sobol' (S1, ST, S2) or Morris (mu, mu*, sigma) sensitivity indices of
 * every outcome share and a few metrics, per scenario (and policy, in a study with levers), for a study with a sobol or morris
 * design; stored in the store's `sensitivity` table (replacing earlier rows) and printed.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { analyzeStudy, outputLabel, type SensitivityRow, type StudySensitivity } from '../study/analysis.js';
import { integer } from './options.js';
import { table } from '../report/text.js';

interface AnalyzeFlags { outputs?: string; scenario?: string[]; policy?: string[]; resamples: number; confidence: number; json?: boolean }

export function confidenceLevel(flag: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!/^\s*0?\.\d+\s*$/.test(v) || !(x > 0 && x < 1)) throw new InvalidArgumentError(`${flag}: expected a level strictly between 0 and 1 (e.g. 0.95), found ${JSON.stringify(v)}`);
    return x;
  };
}

function resampleCount(v: string): number {
  const n = integer('--resamples', 0, 100_000)(v);
  if (n === 1) throw new InvalidArgumentError('--resamples: expected 0 or an integer in [2, 100000], found "1"');
  return n;
}

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

export function register(program: Command): void {
  program
    .command('analyze')
    .description('sensitivity indices (Sobol\' S1/ST/S2 or Morris mu/mu*/sigma) of outcome shares and metrics; stored in the sensitivity table')
    .argument('<db>', 'results store (.duckdb) of a study with a sobol or morris design')
    .option('--outputs <list>', 'comma-separated outputs: p_<outcome>, time_to_outcome, or numeric runs columns (final_tension, share_…, events_…, the study\'s own outputs); default: every outcome share, time_to_outcome, the model\'s outputs and headline final states, and the study\'s own outputs')
    .option('--scenario <name>', 'analyse this scenario only (repeatable; default all)', collect)
    .option('--policy <name>', 'in a study with levers, analyse this policy only (repeatable; default: each apart)', collect)
    .option('--resamples <n>', 'bootstrap resamples for the intervals (0: none)', resampleCount, 1000)
    .option('--confidence <level>', 'confidence level of the intervals', confidenceLevel('--confidence'), 0.95)
    .option('--json', 'print the result as one JSON object')
    .action(async (db: string, flags: AnalyzeFlags) => {
      const outputs = flags.outputs?.split(',').map((s) => s.trim()).filter(Boolean);
      const s = await analyzeStudy(db, {
        ...(outputs ? { outputs } : {}),
        ...(flags.scenario ? { scenarios: flags.scenario } : {}),
        ...(flags.policy ? { policies: flags.policy } : {}),
        resamples: flags.resamples,
        confidence: flags.confidence,
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(s)}\n`);
      else process.stdout.write(formatSensitivity(s, db));
    });
}

const num = (v: number | null, digits = 3): string => (v === null ? '—' : Math.abs(v) < 1000 ? v.toFixed(digits) : v.toExponential(1));
const withConf = (r: SensitivityRow | undefined): string => {
  if (!r) return '';
  if (r.value === null) return '—';
  return r.conf === null ? num(r.value) : `${num(r.value)} ± ${num(r.conf)}`;
};

/** The indices as compact human tables, one per scenario (and policy). */
export function formatSensitivity(s: StudySensitivity, db: string): string {
  const out: string[] = [];
  const pct = Math.round(s.confidence * 100);
  const layout = s.method === 'sobol'
    ? `sobol design: N = ${s.samples} base points × ${s.problem.names.length} parameters = ${s.points} points${s.secondOrder ? ' (with second order)' : ''}`
    : `morris design: ${s.samples} trajectories on ${s.levels} levels = ${s.points} points`;
  out.push(`sensitivity of study ${s.study}: ${layout}, ${s.replicates} replicate(s) per point; ${pct}% bootstrap intervals (${s.resamples} resamples)`);
  const categorical = s.problem.names.filter((_, j) => s.problem.categories?.[j] != null);
  if (categorical.length) {
    out.push(`categorical factors, by the index of their listed values (an order the analysis imposes): ${categorical.map((n) => `${n} (${s.problem.categories![s.problem.names.indexOf(n)]} levels)`).join(', ')}${s.method === 'morris' ? '; their elementary effects are per level step' : '; their indices are shares of the output variance'}`);
  }
  if (s.policies) out.push(`per policy of the study's levers (${s.policies.join(', ')}): each policy's runs over the design are analysed apart`);
  for (const { scenario, policy } of s.groups) {
    const rows = s.rows.filter((r) => r.scenario === scenario && r.policy === policy);
    out.push('', `scenario ${scenario}${policy !== null ? `, policy ${policy}` : ''}:`);
    const outputs = s.outputs.filter((o) => rows.some((r) => r.output === o));
    const find = (o: string, p: string, i: string, p2: string | null = null) => rows.find((r) => r.output === o && r.parameter === p && r.index === i && r.parameter2 === p2);
    if (outputs.length) {
      const body: string[][] = [];
      for (const o of outputs) {
        s.problem.names.forEach((p, j) => {
          body.push(s.method === 'sobol'
            ? [j === 0 ? outputLabel(o) : '', p, withConf(find(o, p, 'S1')), withConf(find(o, p, 'ST'))]
            : [j === 0 ? outputLabel(o) : '', p, num(find(o, p, 'mu')?.value ?? null), withConf(find(o, p, 'mu_star')), num(find(o, p, 'sigma')?.value ?? null)]);
        });
      }
      out.push(...table(s.method === 'sobol' ? ['output', 'parameter', 'S1', 'ST'] : ['output', 'parameter', 'mu', 'mu*', 'sigma'], body));
      const s2 = rows.filter((r) => r.index === 'S2');
      if (s2.length) {
        out.push('', 'second order:');
        out.push(...table(['output', 'parameters', 'S2'], s2.map((r) => [outputLabel(r.output), `${r.parameter} × ${r.parameter2}`, withConf(r)])));
      }
    }
    const skipped = s.skipped.filter((k) => k.scenario === scenario && (k.policy ?? null) === policy);
    if (skipped.length) out.push(`not analysed: ${skipped.map((k) => `${outputLabel(k.output)} (${k.reason})`).join('; ')}`);
  }
  out.push('', `stored ${s.rows.length} rows in the sensitivity table of ${db}`);
  return `${out.join('\n')}\n`;
}
