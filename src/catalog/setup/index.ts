import type { SetupValidator } from '../types.js';
import { validate as cache } from './cache.js';
import { validate as header } from './header.js';
import { validate as minimal } from './minimal.js';

/** Setup validators by directive name, one per plugin (imports in alphabetical order). */
export const SETUP_VALIDATORS: ReadonlyMap<string, SetupValidator> = new Map<string, SetupValidator>([
  ['cache', cache],
  ['header', header],
  ['minimal', minimal],
]);
