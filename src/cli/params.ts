/**
 * `fractable params [GROUP]`: the model's parameters, read from its declaration (the parameter
 * table: default, plausible range, unit, source), one line each or as JSON. An unknown group or
 * model is bad input (exit 2) with the nearest known name.
 */
import type { Command } from 'commander';
import { didYouMean, InputError } from '../errors.js';
import { describeParams, type ParamDesc } from '../engine/params.js';
import { DEFAULT_MODEL, getModel } from '../models/index.js';
import { table } from '../report/text.js';

export { distance, didYouMean } from '../errors.js';

const range = (d: ParamDesc): string => d.kind === 'number' ? `[${d.min}, ${d.max}]${d.integer ? ' integer' : ''}` : d.kind === 'enum' ? d.values.join(' | ') : 'true | false';
const unit = (d: ParamDesc): string => (d.kind === 'number' ? d.unit : d.kind);

/** The parameters of a model (one group or all), as rows of path, default, range, unit, source. */
export function paramRows(modelName: string, group?: string) {
  const m = getModel(modelName, '--model');
  const groups = Object.keys(m.params);
  if (group !== undefined && !groups.includes(group)) {
    throw new InputError(`params: expected a parameter group of model ${m.name} (${groups.join(', ')}), found ${JSON.stringify(group)}${didYouMean(group, groups)}`);
  }
  return { model: m, rows: describeParams(m.params).filter((p) => group === undefined || p.path.startsWith(`${group}.`)) };
}

export function register(program: Command): void {
  program
    .command('params')
    .description("print the model's parameters: default, plausible range, unit and source")
    .argument('[group]', 'only this parameter group (e.g. credibility)')
    .option('--model <name>', 'the registered model', DEFAULT_MODEL)
    .option('--json', 'print the parameters as JSON (one array of objects)')
    .action((group: string | undefined, flags: { model: string; json?: boolean }) => {
      const { model, rows } = paramRows(flags.model, group);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rows.map((r) => ({ name: r.path, kind: r.kind, default: r.def, ...(r.kind === 'number' ? { min: r.min, max: r.max, unit: r.unit, integer: r.integer ?? false } : r.kind === 'enum' ? { values: [...r.values] } : {}), doc: r.doc, source: r.source, ...(r.passage ? { passage: r.passage } : {}) })))}\n`);
        return;
      }
      process.stdout.write(`model ${model.name} ${model.version}: ${rows.length} parameter(s)${group ? ` in group ${group}` : ''}; a scenario sets them under params: (group: { name: value }), a study design varies them by group.name\n\n`);
      const lines = table(['parameter', 'default', 'range', 'unit', 'source'], rows.map((r) => [r.path, String(r.def), range(r), unit(r), r.source.length > 90 ? `${r.source.slice(0, 87)}...` : r.source]));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
