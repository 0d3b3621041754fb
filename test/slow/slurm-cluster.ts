/**
 * A real single-node Slurm for the slow tests, without systemd: Debian's munge, slurmctld,
 * slurmd and slurm-client (installed with apt-get when missing), a munge key, a minimal
 * slurm.conf and every state, spool, log and socket file in one temporary directory. The
 * daemons run in the foreground as children of the test process and are stopped by PID.
 *
 * slurm.conf: SlurmUser=root (the tests run as root), auth and credentials by munge on our
 * own socket, proctrack/linuxproc and task/none (no cgroups), select/cons_tres, no
 * accounting, ReturnToService=2, and the node's real CPUs and memory as `slurmd -C` reports
 * them (a node that claims more than it has is drained).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const PACKAGES = ['munge', 'slurmctld', 'slurmd', 'slurm-client'];
const COMMANDS = ['munged', 'munge', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scancel', 'scontrol', 'sinfo'];
const PATH_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

const which = (cmd: string): string | null => PATH_DIRS.map((d) => join(d, cmd)).find((p) => existsSync(p)) ?? null;

export type SlurmInstall = { ok: true; installSeconds: number | null } | { ok: false; reason: string };

/**
 * Slurm's commands, installed with apt-get when missing. Not ok (a reason to skip) only when
 * apt itself cannot be used: no apt-get, not root and no sudo, or `apt-get update` fails (no
 * network, no mirror). A failed install after a working update throws.
 */
export function ensureSlurm(): SlurmInstall {
  if (COMMANDS.every((c) => which(c))) return { ok: true, installSeconds: null };
  if (process.platform !== 'linux' || !which('apt-get')) return { ok: false, reason: 'Slurm is not installed and there is no apt-get' };
  const root = process.getuid?.() === 0;
  const sudo = root ? [] : ['sudo', '-n'];
  if (!root && spawnSync('sudo', ['-n', 'true']).status !== 0) return { ok: false, reason: 'Slurm is not installed and apt-get needs root (no password-less sudo)' };
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const t0 = performance.now();
  const run = (args: string[]) => spawnSync(sudo.length ? 'sudo' : args[0]!, sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), { env, encoding: 'utf8', timeout: 900_000 });
  const update = run(['apt-get', 'update']);
  if (update.status !== 0) return { ok: false, reason: `apt-get update failed (apt unreachable):\n${(update.stderr ?? '').slice(-2000)}` };
  const install = run(['apt-get', 'install', '-y', '--no-install-recommends', ...PACKAGES]);
  if (install.status !== 0) throw new Error(`apt-get install ${PACKAGES.join(' ')} failed after a working apt-get update:\n${(install.stdout ?? '').slice(-2000)}${(install.stderr ?? '').slice(-2000)}`);
  const missing = COMMANDS.filter((c) => !which(c));
  if (missing.length) throw new Error(`installed ${PACKAGES.join(' ')}, but ${missing.join(', ')} still missing`);
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(`slurm-cluster: installed ${PACKAGES.join(' ')} in ${seconds.toFixed(1)} s\n`);
  return { ok: true, installSeconds: seconds };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Cluster {
  dir: string;
  /** the environment for Slurm's commands (SLURM_CONF) */
  env: NodeJS.ProcessEnv;
  node: string;
  cpus: number;
  /** seconds from the first daemon started to the node idle */
  startSeconds: number;
  /** a Slurm command, synchronously */
  cmd(args: string[]): { code: number | null; stdout: string; stderr: string };
  /** cancels every job, waits for them to leave, stops the daemons by PID, removes the directory */
  stop(): Promise<void>;
}

/** The node as `slurmd -C` sees it: "NodeName=… CPUs=… … RealMemory=…". */
function nodeLine(): { line: string; name: string; cpus: number } {
  const r = spawnSync(which('slurmd')!, ['-C'], { encoding: 'utf8' });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('NodeName='));
  if (r.status !== 0 || !line) throw new Error(`slurmd -C failed: ${r.stderr}`);
  return { line: line.trim(), name: /NodeName=(\S+)/.exec(line)![1]!, cpus: Number(/CPUs=(\d+)/.exec(line)![1]) };
}

export async function startCluster(): Promise<Cluster> {
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'fractable-slurm-'));
  chmodSync(dir, 0o711); // munged wants its socket's directory searchable
  const children: { name: string; child: ChildProcess }[] = [];
  const p = (f: string) => join(dir, f);
  const start = (name: string, cmd: string, args: string[]) => {
    const log = openSync(p(`${name}.out`), 'a');
    const child = spawn(which(cmd)!, args, { stdio: ['ignore', log, log] });
    children.push({ name, child });
    return child;
  };
  const stopDaemons = async () => {
    // reverse order: slurmd, slurmctld, then munged
    for (const { child } of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      if (await Promise.race([gone.then(() => true), sleep(10_000).then(() => false)]) === false) {
        child.kill('SIGKILL');
        await gone;
      }
    }
  };
  const env = { ...process.env, SLURM_CONF: p('slurm.conf') };
  const cmd = (args: string[]) => {
    const r = spawnSync(which(args[0]!) ?? args[0]!, args.slice(1), { env, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  const logs = () => ['munged.out', 'slurmctld.log', 'slurmd.log', 'slurmctld.out', 'slurmd.out']
    .map((f) => (existsSync(p(f)) ? `--- ${f}\n${spawnSync('tail', ['-n', '20', p(f)], { encoding: 'utf8' }).stdout}` : '')).join('\n');

  try {
    writeFileSync(p('munge.key'), randomBytes(1024), { mode: 0o400 });
    start('munged', 'munged', ['--foreground', '--force', `--key-file=${p('munge.key')}`, `--socket=${p('munge.socket')}`,
      `--pid-file=${p('munged.pid')}`, `--log-file=${p('munged.log')}`, `--seed-file=${p('munged.seed')}`]);
    for (let i = 0; !existsSync(p('munge.socket')); i++) {
      if (i > 100 || children[0]!.child.exitCode !== null) throw new Error(`munged did not start:\n${logs()}`);
      await sleep(100);
    }
    const [ctldPort, dPort] = [await freePort(), await freePort()];
    const node = nodeLine();
    writeFileSync(p('slurm.conf'), [
      'ClusterName=fractable-test',
      `SlurmctldHost=${node.name}(127.0.0.1)`,
      'SlurmUser=root',
      'SlurmdUser=root',
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${dPort}`,
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${p('munge.socket')}`,
      `StateSaveLocation=${p('state')}`,
      `SlurmdSpoolDir=${p('spool')}`,
      `SlurmctldPidFile=${p('slurmctld.pid')}`,
      `SlurmdPidFile=${p('slurmd.pid')}`,
      `SlurmctldLogFile=${p('slurmctld.log')}`,
      `SlurmdLogFile=${p('slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'SchedulerType=sched/backfill',
      'AccountingStorageType=accounting_storage/none',
      'JobAcctGatherType=jobacct_gather/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'SwitchType=switch/none',
      'ReturnToService=2',
      'KillWait=5', // scancel: SIGTERM, then SIGKILL 5 s later
      'MinJobAge=600', // finished jobs stay visible to scontrol for 10 minutes
      `${node.line} NodeAddr=127.0.0.1 State=UNKNOWN`,
      'PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'));
    start('slurmctld', 'slurmctld', ['-D', '-f', p('slurm.conf')]);
    start('slurmd', 'slurmd', ['-D', '-f', p('slurm.conf')]);
    for (let i = 0; ; i++) {
      const s = cmd(['sinfo', '-h', '-N', '-o', '%T']);
      if (s.code === 0 && /^idle/m.test(s.stdout)) break;
      if (i > 600 || children.some((c) => c.child.exitCode !== null)) throw new Error(`the Slurm node did not come up (sinfo: ${s.stdout.trim() || s.stderr.trim()}):\n${logs()}`);
      await sleep(100);
    }
  } catch (e) {
    await stopDaemons();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const startSeconds = (performance.now() - t0) / 1000;
  const { name, cpus } = nodeLine();
  return {
    dir, env, node: name, cpus, startSeconds, cmd,
    async stop() {
      try {
        cmd(['scancel', '--user', userInfo().username]);
        for (let i = 0; i < 200; i++) {
          const q = cmd(['squeue', '-h', '-o', '%i']);
          if (q.code !== 0 || q.stdout.trim() === '') break;
          await sleep(100);
        }
      } finally {
        await stopDaemons();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
