/**
 * Resolving a model's populations for one run: the declaration's defaults, the scenario's
 * settings, and the sizes. A fixed population keeps its size (an institution: 100 senators, one
 * leader); `agents` is the total of the mass populations (an electorate, a public, militia cells),
 * split by weight by largest remainder with at least one agent each.
 */
import type { ModelDeclaration, PopulationConfig, PopulationDef, RunConfig } from './declaration.js';

/** Splits `total` over weights by largest remainder, at least 1 each (ties to the lower index). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const free = Math.max(0, total - n);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (free * w) / sum);
  const sizes = exact.map((x) => 1 + Math.floor(x));
  let left = total - sizes.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) sizes[order[k]![1]]!++;
  return sizes;
}

/** Number of mass populations: `agents` must be at least this. */
export const massCount = (m: ModelDeclaration): number => m.populations.filter((p) => 'weight' in p.size).length;

/**
 * The settings of each population a run applies over its declaration: what the model derives from
 * the parameters, under the scenario's own (a trait at a time). A population absent here runs
 * with its declared defaults.
 */
export function populationConfigs(m: ModelDeclaration, run: Pick<RunConfig, 'populations'> & { params?: unknown }): (name: string) => PopulationConfig {
  const derived = m.derive && run.params !== undefined ? m.derive(run.params) : {};
  return (name: string): PopulationConfig => {
    const d = derived[name], own = run.populations[name];
    if (!d) return own ?? {};
    return { ...d, ...own, traits: { ...d.traits, ...own?.traits } };
  };
}

export function resolvePopulations(m: ModelDeclaration, run: Pick<RunConfig, 'agents' | 'populations'> & { params?: unknown }): PopulationDef[] {
  const cfg = populationConfigs(m, run);
  const mass = m.populations.filter((p) => 'weight' in p.size);
  const sizes = apportion(run.agents, mass.map((p) => cfg(p.name).weight ?? (p.size as { weight: number }).weight));
  return m.populations.map((p) => {
    const c = cfg(p.name);
    const fixed = 'fixed' in p.size;
    const size = fixed ? c.size ?? (p.size as { fixed: number }).fixed : sizes[mass.indexOf(p)]!;
    return {
      name: p.name,
      actions: p.actions,
      size,
      fixed,
      rule: c.rule ?? p.rule,
      noise: c.noise ?? p.noise,
      traits: p.traits.map((t) => ({ name: t.name, kind: t.kind, categories: t.kind === 'categorical' ? t.categories?.length ?? 0 : 0, dist: c.traits?.[t.name] ?? t.dist })),
      network: p.network ? { source: p.network.source ?? p.name, spec: c.network ?? p.network.spec } : null,
      tallyBy: p.tallyBy ?? null,
      consequences: p.consequences ?? false,
    };
  });
}
