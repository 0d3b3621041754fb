/**
 * Headless Chromium for the browser tests: Debian's `chromium` package, installed with apt-get
 * when it is missing, and the flags this machine's closed network needs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The Chromium executable, installing Debian's package when it is missing; null when that fails. */
export function ensureChromium(): { path: string | null; installSeconds: number | null; log: string } {
  const found = CHROMIUM.find((p) => existsSync(p));
  if (found) return { path: found, installSeconds: null, log: '' };
  if (process.platform !== 'linux' || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) return { path: null, installSeconds: null, log: 'no apt-get' };
  const root = process.getuid?.() === 0;
  const sudo = root ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const t0 = performance.now();
  let log = '';
  for (const args of [['apt-get', 'update'], ['apt-get', 'install', '-y', 'chromium']]) {
    const cmd = [...sudo, ...args];
    const r = spawnSync(cmd[0]!, cmd.slice(1), { env, encoding: 'utf8', timeout: 900_000 });
    log += `$ ${cmd.join(' ')}\n${(r.stdout ?? '').slice(-2000)}${(r.stderr ?? '').slice(-2000)}\n`;
    if (r.status !== 0) return { path: null, installSeconds: null, log };
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(`chromium: installed in ${seconds.toFixed(1)} s\n`);
  return { path: CHROMIUM.find((p) => existsSync(p)) ?? null, installSeconds: seconds, log };
}
