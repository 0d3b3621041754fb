/**
 * `fractable run [SCENARIO]`: one world, a human summary (or --json), and with --out the
 * per-tick series as CSV plus run.json, everything needed to re-run it.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { stringify as stringifyYaml } from 'yaml';
import { createBus } from '../engine/bus.js';
import { runScenario, type RunResult } from '../engine/run.js';
import { loadScenario } from '../scenarios/load.js';
import { ACTORS } from '../model/actors.js';
import { createLogger, attachLogger, type LogOptions } from './logger.js';
import { integer } from './options.js';
import { fmt, writeAtomic } from './output.js';

interface RunFlags extends LogOptions { agents?: number; ticks?: number; workers: number; seed?: number; out?: string; json?: boolean; mode: string }

export function register(program: Command): void {
  program
    .command('run')
    .description('run one world of a scenario and print its outcome')
    .argument('[scenario]', 'built-in scenario name or path to a YAML file', 'baseline')
    .option('--agents <n>', 'total number of agents (split over populations by weight)', integer('--agents', ACTORS.length, 50_000_000))
    .option('--ticks <t>', 'number of ticks (weeks)', integer('--ticks', 1, 100_000))
    .option('--workers <w>', 'worker threads (default: the available cores)', integer('--workers', 1, 256), availableParallelism())
    .option('--seed <s>', 'master seed', integer('--seed', 0))
    .option('--mode <mode>', 'auto | whole | sharded | inline', 'auto')
    .option('--out <dir>', 'write series.csv, events.csv and run.json to this directory')
    .option('--json', 'print one JSON object on stdout')
    .action(async (scenario: string, flags: RunFlags) => {
      if (!['auto', 'whole', 'sharded', 'inline'].includes(flags.mode)) {
        throw Object.assign(new Error(`--mode: expected one of auto, whole, sharded, inline, found ${JSON.stringify(flags.mode)}`), { exitCode: 2 });
      }
      const overrides: Record<string, unknown> = {};
      if (flags.agents !== undefined) overrides.agents = flags.agents;
      if (flags.ticks !== undefined) overrides.ticks = flags.ticks;
      if (flags.seed !== undefined) overrides.seed = flags.seed;
      const sc = loadScenario(scenario, overrides);
      const log = createLogger(flags);
      const bus = createBus();
      attachLogger(bus, log);
      log.info({ scenario: sc.name, agents: sc.agents, ticks: sc.ticks, workers: flags.workers, seed: sc.seed }, 'run');
      const r = await runScenario(sc, { workers: flags.workers, mode: flags.mode as 'auto', bus });
      if (flags.out) writeRunDir(flags.out, sc, r);
      if (flags.json) process.stdout.write(`${JSON.stringify(jsonOf(r))}\n`);
      else process.stdout.write(summary(r));
    });
}

export function jsonOf(r: RunResult) {
  return {
    scenario: r.scenario, seed: r.seed, agents: r.agents, ticks: r.ticks, workers: r.workers, mode: r.mode, version: r.version,
    outcome: r.outcome, final: r.final, shares: r.shares, digest: r.digest, bytesPerAgent: r.bytesPerAgent,
    events: r.events.reduce<Record<string, number>>((a, e) => ((a[e.kind] = (a[e.kind] ?? 0) + 1), a), {}),
  };
}

export function summary(r: RunResult): string {
  const lines = [
    `fractable ${r.version} — scenario ${r.scenario}, seed ${r.seed}, ${r.agents} agents, ${r.ticks} ticks, ${r.workers} worker(s), ${r.mode}`,
    '',
    `outcome: ${r.outcome.kind} at tick ${r.outcome.tick}`,
    '',
    'final state:',
    ...Object.entries(r.final).map(([k, v]) => `  ${k.padEnd(18)} ${fmt(v)}`),
    '',
    'final action shares:',
    ...Object.entries(r.shares).map(([p, s]) => `  ${p.padEnd(22)} ${Object.entries(s).map(([a, x]) => `${a} ${(100 * x).toFixed(0)}%`).join('  ')}`),
    '',
    `digest ${r.digest}`,
    '',
  ];
  return lines.join('\n');
}

function writeRunDir(dir: string, sc: import('../scenarios/schema.js').ResolvedScenario, r: RunResult): void {
  const pops = Object.entries(r.shares).flatMap(([p, s]) => Object.keys(s).map((a) => `share:${p}:${a}`));
  const ns = r.stateNames.length, nw = pops.length;
  const rows = [['tick', ...r.stateNames, ...pops].join(',')];
  for (let t = 0; t < r.ticks && r.seriesState && r.seriesShares; t++) {
    const st = Array.from(r.seriesState.subarray(t * ns, (t + 1) * ns), String);
    const sh = Array.from(r.seriesShares.subarray(t * nw, (t + 1) * nw), String);
    rows.push([String(t), ...st, ...sh].join(','));
  }
  writeAtomic(join(dir, 'series.csv'), `${rows.join('\n')}\n`);
  const ev = ['tick,kind,source,detail', ...r.events.map((e) => `${e.tick},${e.kind},${e.source},"${JSON.stringify(e.detail ?? {}).replaceAll('"', '""')}"`)];
  writeAtomic(join(dir, 'events.csv'), `${ev.join('\n')}\n`);
  const { sources, test: _hooks, ...resolved } = sc;
  // scenario.yaml is the fully resolved scenario: re-running it reproduces the digest
  writeAtomic(join(dir, 'scenario.yaml'), `# resolved from ${sources.join(' <- ') || 'inline input'} by fractable ${r.version}\n${stringifyYaml(resolved)}`);
  writeAtomic(join(dir, 'run.json'), `${JSON.stringify({ ...jsonOf(r), rerun: `fractable run ${join(dir, 'scenario.yaml')} --workers ${r.workers}`, resolved, sources }, null, 2)}\n`);
}
