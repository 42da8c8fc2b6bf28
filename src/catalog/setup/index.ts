import type { SetupValidator } from '../types.js';
import { validate as acl } from './acl.js';
import { validate as cache } from './cache.js';
import { validate as header } from './header.js';
import { validate as minimal } from './minimal.js';
import { validate as rewrite } from './rewrite.js';
import { validate as tsig } from './tsig.js';

/** Setup validators by directive name, one per plugin (imports in alphabetical order). */
export const SETUP_VALIDATORS: ReadonlyMap<string, SetupValidator> = new Map<string, SetupValidator>([
  ['acl', acl],
  ['cache', cache],
  ['header', header],
  ['minimal', minimal],
  ['rewrite', rewrite],
  ['tsig', tsig],
]);
