#!/usr/bin/env node
/**
 * The fractable command line: a thin shell over the library API. Exit codes: 0 success,
 * 2 bad input (a scenario, a study, a flag), 3 a study finished with failed runs, 1 anything else.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { version } from '../paths.js';
import { register as run } from './run.js';
import { register as scenarios } from './scenarios.js';
import { register as validate } from './validate.js';
import { register as study } from './study.js';
import { register as merge } from './merge.js';
import { register as exportCmd } from './export.js';
import { register as summary } from './summary.js';
import { register as analyze } from './analyze.js';
import { register as discover } from './discover.js';
import { register as report } from './report.js';
import { register as models } from './models.js';
import { register as slurm } from './slurm.js';
import { register as status } from './status.js';
import { register as claims } from './claims.js';
import { register as calibrate } from './calibrate.js';

export function buildProgram(): Command {
  const program = new Command('fractable')
    .description('agent-based simulator of a fragmented bargaining table')
    .version(version())
    .option('--log <file>', 'write JSON logs to this file instead of stderr')
    .option('--quiet', 'log warnings and errors only')
    .option('--verbose', 'log every event of a run')
    .exitOverride()
    .showHelpAfterError(false);
  program.hook('preAction', (_p, cmd) => { Object.assign(cmd.opts(), { ...program.opts(), ...cmd.opts() }); });
  run(program);
  scenarios(program);
  validate(program);
  study(program);
  merge(program);
  exportCmd(program);
  summary(program);
  analyze(program);
  discover(program);
  report(program);
  models(program);
  slurm(program);
  status(program);
  claims(program);
  calibrate(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    // a command that finished without throwing may still report a status (a study with failures: 3)
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander already printed the message
    }
    if (e instanceof InputError || (e as { exitCode?: number }).exitCode === 2) {
      process.stderr.write(`fractable: ${(e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`fractable: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

main(process.argv).then((code) => { process.exitCode = code; });
