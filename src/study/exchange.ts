/**
 * Where the shards of an SMC calibration meet after each generation (`calibrate --shard i/n`
 * with method smc). Each generation's population is decided over every proposal's distance
 * (the first n in index order within the tolerance), and the next generation proposes from it,
 * so a shard can go on only once it knows its peers' distances up to the decision.
 *
 * Each shard publishes its own distances of generation g in one small JSON file beside its
 * store, `<name>.smc-<spec hash 12>.g<g>.shard-<i>-of-<n>.json`, replaced atomically (written
 * to a temporary file, then renamed), so a reader sees the last complete version or none. Only
 * shard i writes its file; every shard reads the others'. The files are derived from the shard
 * stores (a resumed shard publishes what its store holds before it scores anything new), so
 * losing them loses no result; they must stay until every shard has decided every generation,
 * and `fractable merge` does not need them.
 *
 * The stores of the shards must therefore be in one directory that every shard can read: the
 * same directory on one machine, or a shared file system on a cluster.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { writeAtomic } from '../files.js';
import type { Shard } from './plan.js';

/** What the SMC generations of a shard need from its peers. */
export interface PeerExchange {
  /** this shard */
  readonly shard: Shard;
  /** how long a shard waiting for its peers sleeps between two reads of their distances (ms) */
  readonly pollMs: number;
  /** publishes this shard's scored proposals of generation g (all of them: it replaces the last) */
  publish(generation: number, own: ReadonlyMap<number, number>): void;
  /** fills the peers' published distances of generation g into d (NaN slots only) */
  gather(generation: number, d: Float64Array): void;
  /** where the peers' files are expected (for the message of a waiting shard) */
  readonly dir: string;
}

/** One shard's published distances of one generation, as written. */
interface ExchangeFile {
  spec_hash: string;
  shard: string;
  generation: number;
  /** [proposal, distance] pairs; a failed proposal's distance (Infinity) is written as null */
  distances: Array<[number, number | null]>;
}

/** The exchange file of shard s of generation g for a calibration `name` whose store is in `dir`. */
export const exchangeFile = (dir: string, name: string, specHash: string, generation: number, s: Shard): string =>
  join(dir, `${name}.smc-${specHash.slice(0, 12)}.g${generation}.shard-${s.index}-of-${s.count}.json`);

/** The file exchange of shard `shard` whose store is `store`. */
export function fileExchange(store: string, name: string, specHash: string, shard: Shard, pollMs: number): PeerExchange {
  const dir = dirname(store);
  return {
    shard,
    pollMs,
    publish(generation, own) {
      const body: ExchangeFile = {
        spec_hash: specHash, shard: `${shard.index}/${shard.count}`, generation,
        distances: [...own].sort((a, b) => a[0] - b[0]).map(([j, d]) => [j, Number.isFinite(d) ? d : null]),
      };
      writeAtomic(exchangeFile(dir, name, specHash, generation, shard), `${JSON.stringify(body)}\n`);
    },
    dir,
    gather(generation, d) {
      // a shard of another split of the same calibration would never meet this one: refuse it
      const prefix = `${name}.smc-${specHash.slice(0, 12)}.g${generation}.shard-`;
      for (const f of readdirSync(dir)) {
        const m = f.startsWith(prefix) ? /^(\d+)-of-(\d+)\.json$/.exec(f.slice(prefix.length)) : null;
        if (m && Number(m[2]) !== shard.count) {
          throw new InputError(`${join(dir, f)}: expected the distances of a shard of ${shard.count} (this is shard ${shard.index}/${shard.count}), found those of shard ${m[1]}/${m[2]}: shards of one calibration must all be split the same way (the same n in --shard i/n)`, join(dir, f));
        }
      }
      for (let i = 1; i <= shard.count; i++) {
        if (i === shard.index) continue;
        const peer = { index: i, count: shard.count };
        const file = exchangeFile(dir, name, specHash, generation, peer);
        if (!existsSync(file)) continue;
        for (const [j, dist] of readPeer(file, specHash, generation, peer)) if (j < d.length && Number.isNaN(d[j]!)) d[j] = dist;
      }
    },
  };
}

/** A peer's file, checked: the same calibration, the generation and shard its name says, only its own proposals. */
function readPeer(file: string, specHash: string, generation: number, peer: Shard): Array<[number, number]> {
  let x: ExchangeFile;
  try {
    x = JSON.parse(readFileSync(file, 'utf8')) as ExchangeFile;
  } catch (e) {
    throw new InputError(`${file}: expected a shard's published distances (JSON), found unreadable content (${e instanceof Error ? e.message : String(e)}); delete it and resume that shard (it publishes them again from its store)`, file);
  }
  if (x.spec_hash !== specHash) throw new InputError(`${file}: expected distances of the calibration with spec hash ${specHash.slice(0, 12)}, found spec hash ${String(x.spec_hash).slice(0, 12)}`, file);
  if (x.generation !== generation || x.shard !== `${peer.index}/${peer.count}` || !Array.isArray(x.distances)) {
    throw new InputError(`${file}: expected generation ${generation} of shard ${peer.index}/${peer.count}, found generation ${x.generation} of shard ${x.shard}`, file);
  }
  return x.distances.map(([j, dist]) => {
    if (!Number.isInteger(j) || j < 0 || j % peer.count !== peer.index - 1) {
      throw new InputError(`${file}: expected proposals j of shard ${peer.index}/${peer.count} (j mod ${peer.count} = ${peer.index - 1}), found proposal ${j}`, file);
    }
    return [j, dist === null ? Infinity : Number(dist)];
  });
}
