/**
 * `fractable discover DB --outcome escalation` (or `--output NAME --threshold X [--below]`):
 * scenario discovery with PRIM (as the EMA Workbench does it) on the study's design parameters
 * against an outcome or a threshold on a numeric output; prints the
 * peeling-and-pasting trajectory and the chosen box of each scenario (and policy, in a study with levers), and stores them in the
 * store's `prim_trajectory` and `prim_boxes` tables (replacing earlier rows of the same
 * scenario and outcome).
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { InputError } from '../errors.js';
import { discoverStudy, type Discovery } from '../study/analysis.js';
import { table } from '../report/text.js';

interface DiscoverFlags {
  outcome?: string; output?: string; below?: boolean; scenario?: string[]; policy?: string[]; threshold?: number; perRun?: boolean;
  peelAlpha: number; pasteAlpha: number; minMass: number; paste: boolean; json?: boolean;
}

function fraction(flag: string, lo: number, hi: number, open = true) {
  return (v: string): number => {
    const x = Number(v);
    const ok = v.trim() !== '' && Number.isFinite(x) && (open ? x > lo && x < hi : x >= lo && x <= hi);
    if (!ok) throw new InvalidArgumentError(`${flag}: expected a number in ${open ? '(' : '['}${lo}, ${hi}${open ? ')' : ']'}, found ${JSON.stringify(v)}`);
    return x;
  };
}

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

function number(flag: string) {
  return (v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) throw new InvalidArgumentError(`${flag}: expected a number, found ${JSON.stringify(v)}`);
    return x;
  };
}

export function register(program: Command): void {
  program
    .command('discover')
    .description('scenario discovery (PRIM): the box of parameter space where an outcome is most likely (or an output passes a threshold); stored in prim_trajectory and prim_boxes')
    .argument('<db>', 'results store (.duckdb) of a study with a parameter design')
    .option('--outcome <label>', "the outcome of interest: one of the model's outcome labels (npx fractable models --labels)")
    .option('--output <name>', "or a numeric output: any output analyze takes (the study's own outputs, final_<state>, events_<kind>, time_to_outcome, …), with --threshold")
    .option('--below', 'with --output: cases of interest at or below the threshold (default: at or above)')
    .option('--scenario <name>', 'this scenario only (repeatable; default: each scenario apart)', collect)
    .option('--policy <name>', 'in a study with levers, this policy only (repeatable; default: each policy apart)', collect)
    .option('--threshold <x>', 'with --outcome: a design point is a case of interest when this share of its replicates ends in the outcome (default 0.5); with --output: when the mean of the output over its replicates (or, --per-run, a run\'s value) is at or above it (--below: at or below)', number('--threshold'))
    .option('--per-run', 'one point per finished run (case of interest: the run ended in the outcome, or its value passes the threshold) instead of one per design point')
    .option('--peel-alpha <a>', 'share of the box\'s points removed by one peel', fraction('--peel-alpha', 0, 0.5), 0.05)
    .option('--paste-alpha <a>', 'share of points added by one paste', fraction('--paste-alpha', 0, 0.5), 0.05)
    .option('--min-mass <m>', 'smallest share of all points a box may hold', fraction('--min-mass', 0, 1, false), 0.05)
    .option('--no-paste', 'skip the pasting phase')
    .option('--json', 'print the result as one JSON object')
    .action(async (db: string, flags: DiscoverFlags) => {
      if (flags.minMass === 0) throw new InvalidArgumentError('--min-mass: expected a number in (0, 1], found "0"');
      if (flags.below && flags.output === undefined) throw new InputError('--below: expected with --output, found with --outcome');
      const ds = await discoverStudy(db, {
        ...(flags.outcome !== undefined ? { outcome: flags.outcome } : {}),
        ...(flags.output !== undefined ? { output: flags.output, direction: flags.below ? 'below' as const : 'above' as const } : {}),
        ...(flags.scenario ? { scenarios: flags.scenario } : {}),
        ...(flags.policy ? { policies: flags.policy } : {}),
        mode: flags.perRun ? 'run' : 'point',
        ...(flags.threshold !== undefined ? { threshold: flags.threshold } : {}),
        peelAlpha: flags.peelAlpha,
        pasteAlpha: flags.pasteAlpha,
        minMass: flags.minMass,
        paste: flags.paste,
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(ds)}\n`);
      else process.stdout.write(formatDiscoveries(ds, db));
    });
}

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');
const fv = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(4)).toString());

/** The trajectories and chosen boxes as human tables. */
export function formatDiscoveries(ds: Discovery[], db: string): string {
  const out: string[] = [];
  for (const d of ds) {
    if (out.length) out.push('');
    const sign = d.direction === 'above' ? '≥' : '≤';
    const when = d.target === 'outcome'
      ? (d.mode === 'point' ? `P(${d.outcome}) ≥ ${d.threshold}` : `the run ended in ${d.outcome}`)
      : (d.mode === 'point' ? `the mean of ${d.outcome} over its replicates ${sign} ${d.threshold}` : `its ${d.outcome} ${sign} ${d.threshold}`);
    const what = `${d.points} ${d.mode === 'point' ? 'design points' : 'finished runs'}, a case of interest when ${when}`;
    out.push(`scenario ${d.scenario}${d.policy !== null ? `, policy ${d.policy}` : ''}, ${d.target} ${d.outcome}: ${what}; ${d.cases} case(s) of interest${d.leftOut ? ` (${d.leftOut} design point(s) without finished runs left out)` : ''}`);
    if (!d.result) { out.push(`  no box: ${d.note}`); continue; }
    const r = d.result;
    out.push('peeling and pasting trajectory:');
    out.push(...table(['step', 'phase', 'coverage', 'density', 'mass', 'n', 'restricted'], r.trajectory.map((s) => [
      `${s.index === r.box.index ? '*' : ' '}${s.index}`, s.phase, f3(s.coverage), f3(s.density), f3(s.mass), String(s.n), s.restricted.join(', ') || '(none)',
    ])));
    const b = r.box;
    out.push(`chosen box (step ${b.index}): coverage ${f3(b.coverage)}, density ${f3(b.density)}, mass ${f3(b.mass)} (${b.coi} of ${b.n} points in the box are cases; ${r.totalCoi} cases in all)`);
    if (d.note) out.push(`  note: ${d.note}`);
    const rows = d.names.map((p, j) => {
      const [lo, hi] = b.limits[j]!;
      const [blo, bhi] = d.bounds[j]!;
      const [qlo, qhi] = b.qp[j]!;
      const qp = [Number.isFinite(qlo) ? `lower ${qlo.toPrecision(2)}` : '', Number.isFinite(qhi) ? `upper ${qhi.toPrecision(2)}` : ''].filter(Boolean).join(', ');
      return [p, `[${fv(lo)}, ${fv(hi)}]`, `[${fv(blo)}, ${fv(bhi)}]`, b.restricted.includes(p) ? 'yes' : 'no', qp];
    });
    out.push(...table(['parameter', 'box', 'design bounds', 'restricted', 'quasi-p'], rows));
  }
  out.push('', `stored in the prim_trajectory and prim_boxes tables of ${db}`);
  return `${out.join('\n')}\n`;
}
