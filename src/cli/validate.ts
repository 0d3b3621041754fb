/** `fractable validate FILE`: checks a scenario file (and its extends chain) without running it. */
import type { Command } from 'commander';
import { loadScenario } from '../scenarios/load.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('check a scenario file without running it')
    .argument('<file>', 'scenario name or YAML file')
    .action((file: string) => {
      const sc = loadScenario(file);
      process.stdout.write(`${file}: ok (scenario ${sc.name}, ${sc.agents} agents, ${sc.ticks} ticks${sc.sources.length > 1 ? `, extends ${sc.sources.slice(0, -1).map((f) => f.split('/').pop()).join(' <- ')}` : ''})\n`);
    });
}
