/**
 * The plugins that bend answers (rewrite, template, acl, view, header,
 * dns64, metadata, erratic, k8s_external, autopath), registered in the
 * engine through index.ts.
 */
import type { PluginModule } from '../types.js';
import { acl } from './acl.js';
import { autopath } from './autopath.js';
import { dns64 } from './dns64.js';
import { erratic } from './erratic.js';
import { header } from './header.js';
import { k8s_external } from './k8s_external.js';
import { metadata } from './metadata.js';
import { rewrite } from './rewrite.js';
import { template } from './template.js';
import { view } from './view.js';

export const PART_TWO: readonly PluginModule[] = [acl, autopath, dns64, erratic, header, k8s_external, metadata, rewrite, template, view];
