/**
 * pino logs: JSON to stderr (or to --log FILE), readable lines when stderr is a terminal;
 * --quiet keeps warnings and errors only, --verbose adds every event of the run.
 */
import { pino, type Logger } from 'pino';
import type { Bus } from '../engine/bus.js';
import { checkOutputFile } from '../files.js';

export interface LogOptions { log?: string; quiet?: boolean; verbose?: boolean }

export function createLogger(o: LogOptions): Logger {
  const level = o.quiet ? 'warn' : o.verbose ? 'debug' : 'info';
  // the log file's path is checked before any work: a directory or an unwritable place is exit 2
  if (o.log) checkOutputFile(o.log, '--log');
  if (o.log) return pino({ level, base: { app: 'fractable' } }, pino.destination({ dest: o.log, sync: true, mkdir: true }));
  if (process.stderr.isTTY) {
    return pino({ level, base: undefined, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname', sync: true } } });
  }
  return pino({ level, base: { app: 'fractable' } }, pino.destination({ dest: 2, sync: true }));
}

/** The logger as a bus subscriber: mechanism events at debug, the outcome at info. */
export function attachLogger(bus: Bus, log: Logger): void {
  bus.on('event', (e) => log.debug({ tick: e.tick, actor: e.actor, ...(e.detail ?? {}) }, e.kind));
  bus.on('outcome', (o) => log.info({ outcome: o.kind, tick: o.tick }, 'outcome'));
}
