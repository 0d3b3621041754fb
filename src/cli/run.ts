/**
 * `fractable run [SCENARIO]`: one world, a human summary (or --json), and with --out the
 * per-tick series as CSV plus run.json, everything needed to re-run it.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { stringify as stringifyYaml } from 'yaml';
import { createBus } from '../engine/bus.js';
import type { WorldRun } from '../engine/run.js';
import { getModel, listModels } from '../models/index.js';
import { populationLines } from './models.js';
import { version } from '../paths.js';
import { loadScenario } from '../scenarios/load.js';
import { runScenario } from '../scenarios/run.js';
import type { ResolvedScenario } from '../scenarios/schema.js';
import { createLogger, attachLogger, type LogOptions } from './logger.js';
import { integer, workerCount } from './options.js';
import { fmt, writeAtomic } from './output.js';
import { checkOutputDir } from '../files.js';
import { existsSync, statSync } from 'node:fs';
import { InputError, safeText } from '../errors.js';
import { buildRunReport } from '../report/run.js';

interface RunFlags extends LogOptions { agents?: number; ticks?: number; workers: number; seed?: number; out?: string; json?: boolean; mode: string; report?: string }

export function register(program: Command): void {
  program
    .command('run')
    .description('run one world of a scenario and print its outcome')
    .argument('[scenario]', 'built-in scenario name or path to a YAML file', 'baseline')
    .option('--agents <n>', 'agents of the mass populations, split by weight (fixed populations keep their real size)', integer('--agents', 1, 50_000_000))
    .option('--ticks <t>', 'number of ticks (weeks)', integer('--ticks', 1, 100_000))
    .option('--workers <w>', 'worker threads (default: the available cores)', workerCount, availableParallelism())
    .option('--seed <s>', 'master seed', integer('--seed', 0))
    .option('--mode <mode>', 'auto | whole | sharded | inline', 'auto')
    .option('--out <dir>', 'write series.csv, events.csv and run.json to this directory')
    .option('--json', 'print one JSON object on stdout')
    .option('--report <file>', 'write a self-contained HTML page of the run (state, action shares, events, outcome)')
    .addHelpText('after', () => `\nPopulations: a fixed population has its real size (an institution); --agents is the total of the\nmass populations, split by weight. Per model (npx fractable models --populations):\n${listModels().map((m) => `  ${m.name}:\n${populationLines(m).join('\n')}`).join('\n')}\n`)
    .action(async (scenario: string, flags: RunFlags) => {
      if (!['auto', 'whole', 'sharded', 'inline'].includes(flags.mode)) {
        throw Object.assign(new Error(`--mode: expected one of auto, whole, sharded, inline, found ${JSON.stringify(flags.mode)}`), { exitCode: 2 });
      }
      const overrides: Record<string, unknown> = {};
      if (flags.agents !== undefined) overrides.agents = flags.agents;
      if (flags.ticks !== undefined) overrides.ticks = flags.ticks;
      if (flags.seed !== undefined) overrides.seed = flags.seed;
      const sc = loadScenario(scenario, overrides);
      // output paths before any work: --out must be (or become) a writable directory
      if (flags.out) checkOutputDir(flags.out, '--out');
      if (flags.report) checkReportPath(flags.report);
      const log = createLogger(flags);
      const bus = createBus();
      attachLogger(bus, log);
      log.info({ scenario: sc.name, agents: sc.agents, ticks: sc.ticks, workers: flags.workers, seed: sc.seed }, 'run');
      const r = await runScenario(sc, { workers: flags.workers, mode: flags.mode as 'auto', bus });
      if (flags.out) writeRunDir(flags.out, sc, r);
      if (flags.report) await writeRunReport(flags.report, sc, r, `npx fractable run ${scenario}${flags.agents !== undefined ? ` --agents ${flags.agents}` : ''}${flags.ticks !== undefined ? ` --ticks ${flags.ticks}` : ''}${flags.seed !== undefined ? ` --seed ${flags.seed}` : ''}`);
      if (flags.json) process.stdout.write(`${JSON.stringify(jsonOf(sc, r))}\n`);
      else process.stdout.write(summary(sc, r));
    });
}

/** The final state by name and each population's final shares by action. */
function named(sc: ResolvedScenario, r: WorldRun) {
  const m = getModel(sc.model);
  const final = Object.fromEntries(m.state.map((v, i) => [v.name, r.final[i]!]));
  let o = 0;
  const shares: Record<string, Record<string, number>> = {};
  for (const p of r.populations) { shares[p.name] = Object.fromEntries(p.actions.map((a, k) => [a, r.finalShares[o + k]!])); o += p.actions.length; }
  return { final, shares };
}

export function jsonOf(sc: ResolvedScenario, r: WorldRun) {
  const { final, shares } = named(sc, r);
  return {
    model: r.model, scenario: r.scenario, seed: r.seed, agents: r.agents, ticks: r.ticks, workers: r.workers, mode: r.mode, version: version(),
    populations: r.populations.map((p) => ({ name: p.name, size: p.size, fixed: p.fixed })),
    networks: r.networks,
    outcome: r.outcome, outputs: r.outputs, final, shares, digest: r.digest, bytesPerAgent: r.bytesPerAgent,
    events: r.events.reduce<Record<string, number>>((a, e) => ((a[e.kind] = (a[e.kind] ?? 0) + 1), a), {}),
  };
}

export function summary(sc: ResolvedScenario, r: WorldRun): string {
  const { final, shares } = named(sc, r);
  const fixed = r.populations.filter((p) => p.fixed), mass = r.populations.filter((p) => !p.fixed);
  const lines = [
    `fractable ${version()} — model ${r.model}, scenario ${safeText(r.scenario)}, seed ${r.seed}, ${r.agents} mass agents, ${r.ticks} ticks, ${r.workers} worker(s), ${r.mode}`,
    `populations: ${[...fixed.map((p) => `${p.name} ${p.size} (fixed)`), ...mass.map((p) => `${p.name} ${p.size}`)].join(', ')}`,
    ...r.networks.map((n) => `network of ${n.population}${n.source !== n.population ? ` → ${n.source}` : ''}: ${n.kind}, mean degree ${n.mean.toFixed(2)} (sd ${n.sd.toFixed(2)}, max ${n.max})${n.clustering !== null ? `, clustering ${n.clustering.toFixed(3)}` : ''}`),
    '',
    `outcome: ${r.outcome.kind} at tick ${r.outcome.tick}`,
    ...Object.entries(r.outputs).map(([k, v]) => `  ${k.padEnd(18)} ${typeof v === 'number' ? fmt(v) : String(v)}`),
    '',
    'final state:',
    ...Object.entries(final).map(([k, v]) => `  ${k.padEnd(18)} ${fmt(v)}`),
    '',
    'final action shares:',
    ...Object.entries(shares).map(([p, x]) => `  ${p.padEnd(22)} ${Object.entries(x).map(([a, v]) => `${a} ${(100 * v).toFixed(0)}%`).join('  ')}`),
    '',
    `digest ${r.digest}`,
    '',
  ];
  return lines.join('\n');
}

export function writeRunDir(dir: string, sc: ResolvedScenario, r: WorldRun): void {
  const m = getModel(sc.model);
  const pops = r.populations.flatMap((p) => p.actions.map((a) => `share:${p.name}:${a}`));
  const rows = [['tick', ...m.state.map((v) => v.name), ...pops].join(',')];
  const sr = r.series;
  if (sr) {
    const ns = sr.stateColumns.length, nw = pops.length;
    for (let i = 0; i < sr.ticks.length; i++) {
      const st = Array.from(sr.state.subarray(i * ns, (i + 1) * ns), String);
      const sh = sr.shares ? Array.from(sr.shares.subarray(i * nw, (i + 1) * nw), String) : [];
      rows.push([String(sr.ticks[i]), ...st, ...sh].join(','));
    }
  }
  writeAtomic(join(dir, 'series.csv'), `${rows.join('\n')}\n`);
  const csv = (x: string) => `"${x.replaceAll('"', '""')}"`;
  const ev = ['tick,kind,actor,detail', ...r.events.map((e) => `${e.tick},${csv(e.kind)},${csv(e.actor)},${csv(JSON.stringify(e.detail ?? {}))}`)];
  writeAtomic(join(dir, 'events.csv'), `${ev.join('\n')}\n`);
  const { sources, test: _hooks, ...resolved } = sc;
  // scenario.yaml is the fully resolved scenario: re-running it reproduces the digest
  writeAtomic(join(dir, 'scenario.yaml'), `# resolved from ${sources.join(' <- ') || 'inline input'} by fractable ${version()}\n${stringifyYaml(resolved)}`);
  writeAtomic(join(dir, 'run.json'), `${JSON.stringify({ ...jsonOf(sc, r), rerun: `npx fractable run ${join(dir, 'scenario.yaml')} --workers ${r.workers}`, resolved, sources }, null, 2)}\n`);
}

/** A report path must be writable as a file: refused before any work when it names a directory. */
export function checkReportPath(file: string): void {
  if (existsSync(file) && statSync(file).isDirectory()) throw new InputError(`--report: ${file}: expected a file path, found a directory`);
}

/** Writes the run report (atomically) for a finished run. */
export async function writeRunReport(file: string, sc: ResolvedScenario, r: WorldRun, provenance: string): Promise<void> {
  const report = await buildRunReport({
    model: getModel(sc.model), run: r, version: version(), provenance: `${provenance} (${r.workers} worker(s), ${r.mode})`,
    scenario: { name: sc.name, description: sc.description, claim: sc.claim, start: sc.start },
  });
  writeAtomic(file, report.html);
}
