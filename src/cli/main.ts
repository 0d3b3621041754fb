#!/usr/bin/env node
/**
 * The fractable command line: a thin shell over the library API. Exit codes: 0 success,
 * 2 bad input (a scenario, a study, a flag, a path, a store that is damaged or not fractable's),
 * 3 a study finished with failed runs, 4 a file could not be written or read (a full disk, a
 * permission, a read-only file system, a directory removed meanwhile), 130 a study interrupted,
 * 5 a replay whose digest differs from the stored one, 1 anything else.
 */
import { Command, CommanderError } from 'commander';
import { fsReason, InputError, oneLine, safeText, StoreError } from '../errors.js';
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
import { register as params } from './params.js';
import { register as init } from './init.js';
import { register as replay } from './replay.js';
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
  params(program);
  init(program);
  replay(program);
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
      // one line per problem (several when one pass found several)
      process.stderr.write((e as Error).message.split('\n').map((l) => `fractable: ${safeText(l)}\n`).join(''));
      return 2;
    }
    if (e instanceof StoreError) {
      process.stderr.write(`fractable: ${terminalSafe(e.message)}\n`);
      return 4;
    }
    // a file-system error that no check foresaw: one line, no stack trace
    const why = fsReason(e);
    if (why) {
      const p = (e as NodeJS.ErrnoException).path;
      process.stderr.write(`fractable: ${p ? `${oneLine(p)}: ` : ''}${why}${p ? '' : ` (${oneLine((e as Error).message ?? String(e))})`}\n`);
      return 4;
    }
    process.stderr.write(`fractable: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

/** A message with terminal control characters (escape sequences, carriage returns) escaped; its own line breaks kept. */
function terminalSafe(message: string): string {
  return message.split('\n').map(safeText).join('\n');
}

main(process.argv).then((code) => { process.exitCode = code; });
