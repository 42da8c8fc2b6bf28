import type { SetupValidator } from '../types.js';
import { validate as acl } from './acl.js';
import { validate as autopath } from './autopath.js';
import { validate as cache } from './cache.js';
import { validate as dnssec } from './dnssec.js';
import { validate as header } from './header.js';
import { validate as hosts } from './hosts.js';
import { validate as minimal } from './minimal.js';
import { validate as rewrite } from './rewrite.js';
import { validate as transfer } from './transfer.js';
import { validate as tsig } from './tsig.js';

/** Setup validators by directive name, one per plugin (imports in alphabetical order). */
export const SETUP_VALIDATORS: ReadonlyMap<string, SetupValidator> = new Map<string, SetupValidator>([
  ['acl', acl],
  ['autopath', autopath],
  ['cache', cache],
  ['dnssec', dnssec],
  ['header', header],
  ['hosts', hosts],
  ['minimal', minimal],
  ['rewrite', rewrite],
  ['transfer', transfer],
  ['tsig', tsig],
]);
