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
type CommandModule = { register(program: Command): void };

/**
 * The commands, in the order help lists them. Each is loaded only when it is asked for: a
 * command's modules (DuckDB, Vega, the worker pool, the models) take most of a second to load,
 * and most invocations need one command. Help, and a name that is no command, load them all.
 */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  run: () => import('./run.js'),
  scenarios: () => import('./scenarios.js'),
  validate: () => import('./validate.js'),
  study: () => import('./study.js'),
  merge: () => import('./merge.js'),
  export: () => import('./export.js'),
  summary: () => import('./summary.js'),
  analyze: () => import('./analyze.js'),
  discover: () => import('./discover.js'),
  report: () => import('./report.js'),
  models: () => import('./models.js'),
  slurm: () => import('./slurm.js'),
  status: () => import('./status.js'),
  claims: () => import('./claims.js'),
  params: () => import('./params.js'),
  init: () => import('./init.js'),
  replay: () => import('./replay.js'),
  calibrate: () => import('./calibrate.js'),
};

/** The command an argument list names: its first word that is neither an option nor a global option's value. */
export function commandOf(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--log') { i++; continue; }
    if (a.startsWith('-')) continue;
    return a;
  }
  return null;
}

/** The program with the command `argv` names (all commands for help or an unknown name). */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('fractable')
    .description('agent-based simulator of a fragmented bargaining table')
    .version(version())
    .option('--log <file>', 'write JSON logs to this file instead of stderr')
    .option('--quiet', 'log warnings and errors only')
    .option('--verbose', 'log every event of a run')
    .exitOverride()
    .showHelpAfterError(false);
  program.hook('preAction', (_p, cmd) => { Object.assign(cmd.opts(), { ...program.opts(), ...cmd.opts() }); });
  const asked = commandOf(argv.slice(2));
  const load = asked !== null && Object.hasOwn(COMMANDS, asked) ? [COMMANDS[asked]!] : Object.values(COMMANDS);
  for (const m of await Promise.all(load.map((f) => f()))) m.register(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
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
