/**
 * `fractable models`: the registered models, one line each; `--populations` adds every
 * population with its size policy (fixed: an institution's real size; mass: a share of --agents).
 */
import type { Command } from 'commander';
import { listModels } from '../models/index.js';
import type { ModelDeclaration } from '../engine/declaration.js';

export function populationLines(m: ModelDeclaration): string[] {
  return m.populations.map((p) => `    ${p.name.padEnd(24)} ${'fixed' in p.size ? `fixed, ${p.size.fixed}` : `mass, weight ${p.size.weight}`} — ${p.actions.join(' | ')}`);
}

export function register(program: Command): void {
  program
    .command('models')
    .description('list the registered models, one line each')
    .option('--populations', 'also list each model\'s populations, their size policy and actions')
    .option('--json', 'print the models as JSON')
    .action((flags: { populations?: boolean; json?: boolean }) => {
      const models = listModels();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(models.map((m) => ({ name: m.name, version: m.version, title: m.title, populations: m.populations.length, parameters: Object.values(m.params).reduce((n, g) => n + Object.keys(g).length, 0), outcomes: m.outputs.outcomes.map((o) => o.name) })))}\n`);
        return;
      }
      const w = Math.max(...models.map((m) => m.name.length));
      for (const m of models) {
        process.stdout.write(`${m.name.padEnd(w)}  ${m.version.padEnd(5)} ${m.title} (${m.populations.length} populations; outcomes: ${m.outputs.outcomes.map((o) => o.name).join(', ')})\n`);
        if (flags.populations) process.stdout.write(`${populationLines(m).join('\n')}\n`);
      }
    });
}
