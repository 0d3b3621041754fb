/** `fractable scenarios`: the built-in scenarios, one line each. */
import type { Command } from 'commander';
import { listScenarios } from '../scenarios/load.js';

export function register(program: Command): void {
  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .action(() => {
      const all = listScenarios();
      const w = Math.max(...all.map((s) => s.name.length), 4);
      for (const s of all) process.stdout.write(`${s.name.padEnd(w)}  ${s.description}\n`);
    });
}
