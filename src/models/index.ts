/**
 * The registry of models: one folder per model under src/models/, each exporting its
 * declaration (engine/declaration.ts). Scenario and study files name their model (`model: table`
 * is the default); `fractable models` lists them.
 */
import { didYouMean, InputError } from '../errors.js';
import type { ModelDeclaration } from '../engine/declaration.js';
import { cascades } from './cascades/index.js';
import { conventions } from './conventions/index.js';
import { games } from './games/index.js';
import { reference } from './reference/index.js';
import { table } from './table/index.js';

/** The model a scenario uses when it names none. */
export const DEFAULT_MODEL = 'table';

const MODELS: ReadonlyMap<string, ModelDeclaration> = new Map([table, games, cascades, conventions, reference].map((m) => [m.name, m]));

export function listModels(): ModelDeclaration[] {
  return [...MODELS.values()];
}

export const modelNames = (): string[] => [...MODELS.keys()];

/** The declaration of a registered model; an InputError naming the known ones otherwise. */
export function getModel(name: string, where = 'model'): ModelDeclaration {
  const m = MODELS.get(name);
  if (!m) throw new InputError(`${where}: expected a registered model (${modelNames().join(', ')}), found ${JSON.stringify(name)}${didYouMean(name, modelNames())}`);
  return m;
}
