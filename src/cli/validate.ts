/**
 * `fractable validate FILE…`: checks each file in turn (stopping at the first that is wrong) — a scenario file (and its extends chain), a study file (its scenarios and design), a pattern file
 * (its schema and every query against an empty store of its scenario's schema), a knock-out
 * file (against the default model's parameters) or a calibration spec (its priors, patterns,
 * budget and knock-outs) without running anything.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { safeText } from '../errors.js';
import { loadScenario, readYaml } from '../scenarios/load.js';
import { loadCheckedPatterns } from '../study/patterns.js';
import { loadCalibration, loadKnockouts } from '../study/calibration-spec.js';
import { loadCheckedStudy } from '../study/outputs.js';
import { DEFAULT_MODEL, getModel } from '../models/index.js';

/** What a YAML file is, from its top-level keys: a pattern file has a list of patterns, a calibration spec priors and targets. */
function kindOf(file: string): 'patterns' | 'calibration' | 'knockouts' | 'study' | 'scenario' {
  if (!existsSync(file)) return 'scenario';
  const raw = readYaml(file);
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    if (Array.isArray(o.patterns)) return 'patterns';
    if (Array.isArray(o.knockouts)) return 'knockouts';
    if ('priors' in o && 'targets' in o) return 'calibration';
    if (Array.isArray(o.scenarios)) return 'study';
  }
  return 'scenario';
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check a scenario file, a study file, a pattern file or a calibration spec without running it')
    .argument('<files...>', 'scenario names or YAML files (scenarios, studies, patterns, knock-outs or calibration specs)')
    .action(async (files: string[]) => {
      for (const file of files) await validateOne(file);
    });
}

/** One line on stdout, control characters in file and scenario names escaped. */
const say = (line: string): void => { process.stdout.write(`${safeText(line)}\n`); };

async function validateOne(file: string): Promise<void> {
  const kind = kindOf(file);
  if (kind === 'patterns') {
    const pf = await loadCheckedPatterns(file);
    say(`${file}: ok (pattern file: ${pf.patterns.map((p) => p.id).join(', ')}; queries checked against the ${pf.scenario} store schema)`);
    return;
  }
  if (kind === 'knockouts') {
    const ko = loadKnockouts(file, getModel(DEFAULT_MODEL).params);
    say(`${file}: ok (knock-out file of model ${DEFAULT_MODEL}: ${ko.map((k) => k.mechanism).join(', ')})`);
    return;
  }
  if (kind === 'calibration') {
    const cal = await loadCalibration(file);
    const b = cal.budget;
    say(`${file}: ok (calibration ${cal.name}: ${cal.scenario}, ${cal.priors.length} priors, targets ${cal.targets.map((t) => t.id).join(', ')}${cal.heldOut.length ? `, held out ${cal.heldOut.map((t) => t.id).join(', ')}` : ''}, ${b.method === 'smc' ? `smc ${b.particles} particles × ${b.generations} generations` : `rejection ${b.proposals} proposals, quantile ${b.quantile}`}, ${cal.replicates} replicate(s), ${cal.knockouts.length} knock-out(s))`);
    return;
  }
  if (kind === 'study') {
    const st = await loadCheckedStudy(file);
    say(`${file}: ok (study ${st.name}: ${st.scenarios.length} scenario(s) × ${st.policies ? `${st.policies.length} polic${st.policies.length === 1 ? 'y' : 'ies'} × ` : ''}${st.points} design point(s) × ${st.replicates} replicate(s) = ${st.runs} runs${st.outputs.length ? `; outputs ${st.outputs.map((o) => o.name).join(', ')} checked against its recorded tables` : ''})`);
    return;
  }
  const sc = loadScenario(file);
  say(`${file}: ok (scenario ${sc.name}, ${sc.agents} agents, ${sc.ticks} ticks${sc.sources.length > 1 ? `, extends ${sc.sources.slice(0, -1).map((f) => f.split('/').pop()).join(' <- ')}` : ''})`);
}
