/**
 * `fractable init [DIR]`: writes a commented scenario template (`scenario.yaml`) and a study
 * template (`study.yaml`, a small Latin hypercube over two parameters of that scenario) into DIR.
 * Both validate as they are (`fractable validate`, `fractable study --dry-run`). An existing file is
 * never overwritten: the command refuses (exit 2) before writing anything.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors.js';

/** A path as the user will type it: relative to the working directory when below it, else absolute. */
const shown = (p: string): string => { const r = relative(process.cwd(), p); return r && !r.startsWith('..') ? r : p; };
import { writeAtomic } from './output.js';

export const SCENARIO_TEMPLATE = `# A scenario states only what differs from the scenario it extends (here the built-in
# baseline: every parameter at its default). Check it with
#   npx fractable validate scenario.yaml
# and run one world of it with
#   npx fractable run scenario.yaml --agents 500 --ticks 104 --report run.html
name: my-scenario                 # letters, digits, ".", "_" and "-"
description: Baseline plus a locked escrow channel and a modular agenda.
claim: Relief immune to executive reversal raises deals that hold.   # the hypothesis it tests
extends: baseline                 # a built-in scenario (npx fractable scenarios) or a path
# model: table                    # the registered model (npx fractable models)
agents: 1000                      # total of the mass populations, split by weight
ticks: 260                        # weeks (five years)
seed: 1                           # master seed: the same seed gives the same run, bit for bit
# start: 2025-12-01               # the calendar date of tick 0
params:                           # every parameter, its default, range and source: npx fractable params
  interventions:
    escrow: true                  # relief through a locked channel a reversal cannot take back
    agenda: modular               # modular | grand
  credibility:
    reversalAppeal: 0.2           # a President's pay for reversing the other party's deal
# populations:                    # per-population settings (npx fractable models --populations)
#   iran.public:
#     weight: 0.35                # a mass population's share of --agents
#     network: { kind: watts-strogatz, k: 8, p: 0.1 }
#   us.senate:
#     rule: { kind: ewa, phi: 0.9, delta: 0.5, rho: 0.9, lambda: 2, n0: 1 }
`;

export const STUDY_TEMPLATE = `# A study runs scenarios x a parameter design x replicates and stores every run in a DuckDB
# file. Check the plan without running it, then run it:
#   npx fractable study study.yaml --dry-run
#   npx fractable study study.yaml --out results/my-study.duckdb
#   npx fractable summary results/my-study.duckdb
#   npx fractable report results/my-study.duckdb --out report.html
name: my-study                    # names the results file
description: The escrow scenario against the baseline, over the credibility gap and proxy autonomy.
seed: 2026                        # master seed of every run's seed and of the design
agents: 500                       # per run (default: each scenario's own)
ticks: 260                        # per run (default: each scenario's own)
replicates: 5                     # runs per scenario and design point
scenarios: [scenario.yaml, baseline]   # paths relative to this file, or built-in names
design:                           # optional; without it every scenario x replicates
  method: lhs                     # grid | random | lhs | sobol | morris
  samples: 8                      # lhs: points (8 x 2 scenarios x 5 replicates = 80 runs)
  parameters:                     # group.name -> [lower, upper] (npx fractable params)
    credibility.reversalAppeal: [0.05, 0.6]
    proxies.militiaAutonomy: [0.1, 0.9]
record: [outcome, metrics, series]     # add events for every run's event history
series:
  every: 13                       # keep every 13th week (quarterly) and the last
  variables: [tension, enrichment, commitBelief]
`;

export function writeTemplates(dir: string): string[] {
  const d = resolve(dir);
  if (existsSync(d) && !statSync(d).isDirectory()) throw new InputError(`init: ${dir}: expected a directory (or a path to create), found a file`);
  const files = [['scenario.yaml', SCENARIO_TEMPLATE], ['study.yaml', STUDY_TEMPLATE]] as const;
  const present = files.map(([f]) => join(d, f)).filter((p) => existsSync(p));
  if (present.length) throw new InputError(`init: ${present.map(shown).join(', ')}: expected no existing file (init never overwrites), found ${present.length === 1 ? 'one' : 'them'}`);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of files) writeAtomic(join(d, f), text);
  return files.map(([f]) => join(d, f));
}

export function register(program: Command): void {
  program
    .command('init')
    .description('write a commented scenario template and study template into DIR (never overwrites)')
    .argument('[dir]', 'the directory (created when missing)', '.')
    .action((dir: string) => {
      const written = writeTemplates(dir);
      process.stdout.write(`wrote ${written.map(shown).join(' and ')}\nnext: npx fractable validate ${shown(written[0]!)}; npx fractable study ${shown(written[1]!)} --dry-run\n`);
    });
}
