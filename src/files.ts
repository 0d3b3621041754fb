/**
 * Writing files so that nothing is half-written: each file goes to a temporary name in the
 * same directory and is renamed into place once complete. A base module (like errors.ts and
 * paths.ts): every layer may use it.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function writeAtomic(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${process.pid}.${Date.now().toString(36)}.tmp`);
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
