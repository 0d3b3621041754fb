/**
 * `fractable claims`: the model's claims as hypotheses. Without flags, each claim's directional
 * test at the default world size (both arms with the same seeds; one-sided p); with `--refute`,
 * the search over the plausible box of each claim's parameters for where its effect vanishes or
 * reverses (LHS, paired runs, PRIM), printed as one line per claim: where it holds, where it fails;
 * with `--posterior STORE`, each claim across a calibration's posterior (its draws set in both
 * arms), stored in that store for the report.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { ClaimDecl } from '../engine/declaration.js';
import { WorkerPool } from '../engine/pool.js';
import { InputError } from '../errors.js';
import { writeAtomic } from '../files.js';
import { DEFAULT_MODEL, getModel } from '../models/index.js';
import { claimAcrossPosterior, readStoredPosterior, refuteClaim, testClaim, writePosteriorClaims, type DirectionResult, type PosteriorClaimResult, type RefuteResult } from '../study/claims.js';
import { table } from '../report/text.js';
import { integer, workerCount } from './options.js';

interface ClaimsFlags {
  model: string; claim?: string[]; runs: number; agents: number; ticks: number; seed: number; workers: number;
  refute?: boolean; points: number; replicates: number; alpha: number; json?: boolean; out?: string;
  posterior?: string; draws: number;
}

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

function alphaOf(v: string): number {
  const x = Number(v);
  if (!(v.trim() !== '' && Number.isFinite(x) && x > 0 && x < 1)) throw new InvalidArgumentError(`--alpha: expected a number in (0, 1), found ${JSON.stringify(v)}`);
  return x;
}

const fmt = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : '—');
const pFmt = (p: number): string => (p < 1e-4 ? p.toExponential(1) : p.toFixed(4));

function selected(all: readonly ClaimDecl[], ids: string[] | undefined, model: string): ClaimDecl[] {
  if (!ids?.length) return [...all];
  return ids.map((id) => {
    const c = all.find((x) => x.id === id);
    if (!c) throw new InputError(`--claim: expected one of model ${model}'s claims (${all.map((x) => x.id).join(', ')}), found ${JSON.stringify(id)}`);
    return c;
  });
}

export function register(program: Command): void {
  program
    .command('claims')
    .description("test the model's claims: the direction of each at the default world size, or (--refute) where in the plausible parameter box it fails")
    .option('--model <name>', 'the model', DEFAULT_MODEL)
    .option('--claim <id>', 'this claim only (repeatable; default: all)', collect)
    .option('--runs <n>', 'runs per arm of the directional test', integer('--runs', 2, 1_000_000), 200)
    .option('--agents <n>', 'mass agents per run', integer('--agents', 1, 100_000_000), 2000)
    .option('--ticks <n>', 'ticks per run', integer('--ticks', 1, 1_000_000), 520)
    .option('--seed <n>', 'master seed (run i of both arms has the same seed)', integer('--seed', 0, 2 ** 53 - 1), 1)
    .option('--workers <w>', 'worker threads (default: the available cores)', workerCount, availableParallelism())
    .option('--refute', 'search the plausible box of each claim\'s parameters for where its effect vanishes or reverses')
    .option('--points <n>', 'LHS points over the box (--refute)', integer('--points', 4, 100_000), 48)
    .option('--replicates <n>', 'paired runs per arm at each point (--refute)', integer('--replicates', 1, 100_000), 6)
    .option('--posterior <store>', 'test each claim across the posterior of a finished calibration store (its draws set in both arms), and store the results in it (table claims_posterior, shown by report)')
    .option('--draws <n>', 'posterior draws, by weight (--posterior)', integer('--draws', 1, 100_000), 20)
    .option('--alpha <a>', 'significance of the one-sided tests', alphaOf, 0.01)
    .option('--json', 'print the results as JSON')
    .option('--out <file>', 'also write the results as JSON to this file')
    .action(async (flags: ClaimsFlags) => {
      const m = getModel(flags.model);
      const claims = selected(m.claims ?? [], flags.claim, m.name);
      if (!claims.length) throw new InvalidArgumentError(`--model: expected a model with claims, found ${m.name} (none declared)`);
      if (flags.posterior && flags.refute) throw new InputError('--posterior and --refute: expected one of them, found both');
      const post = flags.posterior ? await readStoredPosterior(flags.posterior) : null;
      const pool = new WorkerPool({ workers: flags.workers });
      const o = { pool, agents: flags.agents, ticks: flags.ticks, seed: flags.seed };
      try {
        if (post) {
          const results: PosteriorClaimResult[] = [];
          for (const c of claims) {
            results.push(await claimAcrossPosterior(m, c, post, { ...o, draws: flags.draws, replicates: flags.replicates, alpha: flags.alpha }));
            if (!flags.json) process.stderr.write(`  ${c.id} done\n`);
          }
          const run = { agents: flags.agents, ticks: flags.ticks, seed: flags.seed, draws: flags.draws, replicates: flags.replicates, alpha: flags.alpha };
          await writePosteriorClaims(flags.posterior!, results, run, new Map(claims.map((c) => [c.id, c.title])));
          const doc = { model: m.name, version: m.version, posterior: flags.posterior, parameters: post.names, ...run, across: results };
          if (flags.out) writeAtomic(flags.out, `${JSON.stringify(doc, null, 2)}\n`);
          if (flags.json) { process.stdout.write(`${JSON.stringify(doc)}\n`); return; }
          process.stdout.write(`claims of model ${m.name} ${m.version} across the posterior of ${flags.posterior} (${post.names.join(', ')}): ${flags.draws} draws by weight × ${flags.replicates} paired runs per arm, ${flags.agents} mass agents, ${flags.ticks} ticks, seed ${flags.seed}, one-sided alpha ${flags.alpha}\n`);
          const rows = results.map((r) => [r.claim, `${r.positive}/${r.points.length}`, `${r.treated.label}: ${fmt(r.treated.mean)}`, `${r.control.label}: ${fmt(r.control.mean)}`, fmt(r.effect), pFmt(r.p), r.verdict]);
          process.stdout.write(`${table(['claim', 'draws with effect > 0', 'treated', 'control', 'effect', 'p', 'verdict'], rows).join('\n')}\n`);
          process.stdout.write(`stored in ${flags.posterior} (table claims_posterior); npx fractable report ${flags.posterior} shows it\n`);
          return;
        }
        const results: Array<DirectionResult | RefuteResult> = [];
        for (const c of claims) {
          results.push(flags.refute ? await refuteClaim(m, c, { ...o, points: flags.points, replicates: flags.replicates, alpha: flags.alpha }) : await testClaim(m, c, flags.runs, o));
          if (!flags.json) process.stderr.write(`  ${c.id} done\n`);
        }
        const doc = { model: m.name, version: m.version, agents: flags.agents, ticks: flags.ticks, seed: flags.seed, alpha: flags.alpha, ...(flags.refute ? { points: flags.points, replicates: flags.replicates, refute: results } : { runs: flags.runs, direction: results }) };
        if (flags.out) writeAtomic(flags.out, `${JSON.stringify(doc, null, 2)}\n`);
        if (flags.json) { process.stdout.write(`${JSON.stringify(doc)}\n`); return; }
        process.stdout.write(`claims of model ${m.name} ${m.version}: ${flags.agents} mass agents, ${flags.ticks} ticks, seed ${flags.seed}, one-sided alpha ${flags.alpha}\n`);
        if (flags.refute) {
          const rows = (results as RefuteResult[]).map((r) => [r.claim, `${r.nonPositive}/${r.points.length}`, r.region.join('; ') || '(whole box)', `${fmt(r.inside.effect)} (p ${pFmt(r.inside.p)})`, `${fmt(r.outside.effect)} (p ${pFmt(r.outside.p)})`, r.verdict]);
          process.stdout.write(`${flags.points} LHS points × ${flags.replicates} paired runs per arm over each claim's box\n`);
          process.stdout.write(`${table(['claim', 'effect ≤ 0', 'where it fails (PRIM box)', 'effect inside', 'effect outside', 'verdict'], rows).join('\n')}\n`);
        } else {
          const rows = (results as DirectionResult[]).map((r) => {
            const c = claims.find((x) => x.id === r.claim)!;
            return [r.claim, `${c.treated.label}: ${fmt(r.treated.mean)}`, `${c.control.label}: ${fmt(r.control.mean)}`, fmt(r.effect), pFmt(r.p), r.p < flags.alpha ? 'holds' : 'not shown'];
          });
          process.stdout.write(`${flags.runs} runs per arm\n`);
          process.stdout.write(`${table(['claim', 'treated', 'control', 'effect', 'p', 'direction'], rows).join('\n')}\n`);
        }
      } finally {
        await pool.destroy();
      }
    });
}
