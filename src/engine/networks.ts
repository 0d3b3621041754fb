/**
 * A world's networks: one per networked population, built once per run from the counter RNG
 * (network.ts) after the agents' traits are drawn (a stochastic block model's blocks are a
 * categorical trait), as CSR arrays that the world then takes into its arena (world.ts,
 * adoptNetworks). The same run gives the same
 * networks in any thread, for any number of workers, on resume.
 */
import type { NetViews, WorldViews } from '../learning/kernel-args.js';
import type { PopulationDef } from './declaration.js';
import { buildNetwork, clustering, degreeStats, NetworkSchema, type Csr, type NetworkSpec } from './network.js';
import type { WorldLayout, PopulationLayout } from './world.js';

export interface NetworkStats {
  population: string;
  /** whose actions its neighbours took */
  source: string;
  kind: string;
  /** rows (agents of the population) */
  n: number;
  /** stored targets */
  edges: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  isolated: number;
  /** average local clustering (within one population; estimated from a sample when large), null otherwise */
  clustering: number | null;
}

/** The per-agent column of a population's block trait (its tallyBy trait, else its first categorical one), or undefined. */
function blockColumn(v: WorldViews, pop: PopulationDef, l: PopulationLayout): Uint8Array | undefined {
  let t = pop.tallyBy ? pop.traits.findIndex((x) => x.name === pop.tallyBy) : -1;
  if (t < 0) t = pop.traits.findIndex((x) => x.kind === 'categorical');
  if (t < 0) return undefined;
  const nT = pop.traits.length, slot = l.traitSlot[t]!, out = new Uint8Array(l.size);
  for (let i = 0; i < l.size; i++) out[i] = v.traits[l.traitOff + i * nT + slot]!;
  return out;
}

export function parseNetworkSpec(spec: unknown): NetworkSpec {
  return NetworkSchema.parse(spec);
}

export function buildNetworks(pops: readonly PopulationDef[], layout: WorldLayout, v: WorldViews, seed: number):
  { csrs: Array<NetViews | null>; stats: NetworkStats[] } {
  const out: Array<NetViews | null> = [], stats: NetworkStats[] = [];
  pops.forEach((pop, p) => {
    const l = layout.populations[p]!;
    if (!pop.network || pop.network.spec.kind === 'complete') { out.push(null); return; }
    const spec = parseNetworkSpec(pop.network.spec);
    if (spec.kind === 'complete') { out.push(null); return; }
    const src = layout.populations[l.source]!;
    const within = l.source === p;
    if (within === (spec.kind === 'bipartite')) {
      throw new RangeError(`populations.${pop.name}.network: expected ${within ? 'a network within the population (erdos-renyi, watts-strogatz, barabasi-albert, sbm)' : `a bipartite network to ${src.name}`}, found ${spec.kind}`);
    }
    const blocks = blockColumn(v, pop, l);
    const g: Csr = buildNetwork(spec, l.size, seed, {
      index: p,
      ...(blocks ? { blocks } : {}),
      ...(within ? {} : { target: { size: src.size, ...((b) => (b ? { blocks: b } : {}))(blockColumn(v, pops[l.source]!, src)) } }),
    });
    out.push({ offsets: g.offsets, targets: g.targets });
    const d = degreeStats(g);
    stats.push({ population: pop.name, source: src.name, kind: spec.kind, ...d, clustering: within ? clustering(g, 2000, seed) : null });
  });
  return { csrs: out, stats };
}
