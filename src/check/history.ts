import { PLUGIN_ADDED } from '../catalog/added.js';
import { atLeast, type Version } from './version.js';

/**
 * Deprecation and removal history of plugins and options, from
 * coredns/corefile-migration (migration/versions.go, plugins.go) and the
 * CoreDNS release notes (see the reference, §6). Versions are the first
 * release with that status.
 */
export interface PluginHistory {
  name: string;
  deprecated?: string;
  /** From this release CoreDNS refuses to start with it. */
  removed: string;
  replacement?: string;
  /** What to do, when more than "use the replacement". */
  advice: string;
}

export const PLUGIN_HISTORY: readonly PluginHistory[] = [
  { name: 'startup', deprecated: '1.0.6', removed: '1.1.0', replacement: 'on', advice: 'use `on startup COMMAND` instead' },
  { name: 'shutdown', deprecated: '1.0.6', removed: '1.1.0', replacement: 'on', advice: 'use `on shutdown COMMAND` instead' },
  {
    name: 'reverse',
    deprecated: '1.1.3',
    removed: '1.1.4',
    advice: 'serve the reverse zone with a CIDR server-block key (e.g. `10.0.0.0/24`) and a plugin such as `template` or `file`',
  },
  { name: 'proxy', deprecated: '1.4.0', removed: '1.5.0', replacement: 'forward', advice: 'use `forward` (same positional syntax; for gRPC upstreams use `grpc`)' },
  { name: 'federation', deprecated: '1.6.0', removed: '1.7.0', advice: 'remove it; multi-cluster DNS is served by `kubernetes` with `multicluster` or external tooling' },
];

/** The release that added `name`, when the targeted release `v` predates it. */
export function notYetAdded(name: string, v: Version): string | undefined {
  const since = PLUGIN_ADDED[name];
  return since !== undefined && !atLeast(v, since) ? since : undefined;
}

/** Looked up for every directive of a file: by name. */
const PLUGIN_HISTORY_BY_NAME = new Map(PLUGIN_HISTORY.map((h) => [h.name, h]));

export type OptionStatus = 'deprecated' | 'ignored' | 'removed';

export interface OptionHistory {
  plugin: string;
  option: string;
  /** Only when the option's first argument is this. */
  firstArg?: string;
  /** Status by release, oldest first. */
  steps: Array<{ since: string; status: OptionStatus }>;
  replacement?: string;
  advice: string;
  /** Deleting the option line changes nothing CoreDNS does (it is a no-op or was removed without replacement). */
  removable: boolean;
}

const noopUpstream = (plugin: string): OptionHistory => ({
  plugin,
  option: 'upstream',
  steps: [{ since: '1.5.2', status: 'ignored' }],
  advice: 'delete it; CoreDNS resolves external CNAME targets through itself',
  removable: true,
});

export const OPTION_HISTORY: readonly OptionHistory[] = [
  {
    plugin: 'kubernetes',
    option: 'upstream',
    steps: [
      { since: '1.4.0', status: 'deprecated' },
      { since: '1.5.0', status: 'ignored' },
      { since: '1.7.0', status: 'removed' },
    ],
    advice: 'delete it; CoreDNS resolves external CNAME targets through itself',
    removable: true,
  },
  {
    plugin: 'kubernetes',
    option: 'resyncperiod',
    steps: [
      { since: '1.5.0', status: 'deprecated' },
      { since: '1.6.0', status: 'ignored' },
      { since: '1.7.0', status: 'removed' },
    ],
    advice: 'delete it; the plugin watches the API and needs no resync period',
    removable: true,
  },
  {
    plugin: 'kubernetes',
    option: 'transfer',
    steps: [{ since: '1.8.0', status: 'removed' }],
    replacement: 'transfer',
    advice: 'move it to the `transfer` plugin: `transfer ZONE { to ADDRESS… }`',
    removable: false,
  },
  { plugin: 'kubernetes', option: 'federation', steps: [{ since: '1.0.0', status: 'removed' }], replacement: 'federation', advice: 'remove it', removable: false },
  { plugin: 'kubernetes', option: 'cidrs', steps: [{ since: '1.0.0', status: 'removed' }], advice: 'use CIDR server-block keys (e.g. `10.0.0.0/24`) for reverse zones', removable: false },
  { plugin: 'kubernetes', option: 'autopath', steps: [{ since: '1.0.0', status: 'removed' }], replacement: 'autopath', advice: 'use the `autopath @kubernetes` plugin', removable: false },
  noopUpstream('file'),
  noopUpstream('auto'),
  noopUpstream('etcd'),
  noopUpstream('route53'),
  noopUpstream('clouddns'),
  noopUpstream('template'),
  {
    plugin: 'proxy',
    option: 'protocol',
    firstArg: 'https_google',
    steps: [
      { since: '1.1.3', status: 'deprecated' },
      { since: '1.1.4', status: 'ignored' },
      { since: '1.2.0', status: 'removed' },
    ],
    advice: 'forward to a DNS-over-TLS resolver instead, e.g. `forward . tls://8.8.8.8 { tls_servername dns.google }`',
    removable: false,
  },
  {
    plugin: 'etcd',
    option: 'stubzones',
    steps: [{ since: '1.4.0', status: 'ignored' }],
    advice: 'delete it; stub zones were removed from etcd and are now separate server blocks with `forward`',
    removable: true,
  },
];

/** Option names with a history entry, by plugin: most directives and options have none, and skip the rest. */
const HISTORY_OPTIONS = new Map<string, Set<string>>();
for (const h of OPTION_HISTORY) {
  const names = HISTORY_OPTIONS.get(h.plugin);
  if (names) names.add(h.option);
  else HISTORY_OPTIONS.set(h.plugin, new Set([h.option]));
}

/** Whether some option of `plugin` has a history entry. */
export function hasOptionHistory(plugin: string): boolean {
  return HISTORY_OPTIONS.has(plugin);
}

/** Whether OPTION_HISTORY has an entry for this plugin and option (whatever its first argument). */
export function optionHasHistory(plugin: string, option: string): boolean {
  return HISTORY_OPTIONS.get(plugin)?.has(option) ?? false;
}

/** The status of a plugin in release `v`, or undefined when it is current. */
export function pluginStatus(name: string, v: Version): { status: 'deprecated' | 'removed'; history: PluginHistory } | undefined {
  const h = PLUGIN_HISTORY_BY_NAME.get(name);
  if (!h) return undefined;
  if (atLeast(v, h.removed)) return { status: 'removed', history: h };
  if (h.deprecated && atLeast(v, h.deprecated)) return { status: 'deprecated', history: h };
  return undefined;
}

/** The status of a plugin's option in release `v` and the release that brought it. */
export function optionStatus(
  plugin: string,
  option: string,
  v: Version,
  firstArg?: string,
): { status: OptionStatus; since: string; history: OptionHistory } | undefined {
  const h = OPTION_HISTORY.find((o) => o.plugin === plugin && o.option === option && (o.firstArg === undefined || o.firstArg === firstArg));
  if (!h) return undefined;
  let found: { status: OptionStatus; since: string } | undefined;
  for (const s of h.steps) if (atLeast(v, s.since)) found = s;
  return found && { ...found, history: h };
}

/**
 * header rules without a `query`/`response` selector (`set aa`): the only
 * syntax before 1.9.4, where they changed responses; deprecated from 1.9.4
 * (PR #5548) and rejected from 1.12.4 (PR #7436).
 */
export function headerSelectorStatus(v: Version): OptionStatus | undefined {
  if (atLeast(v, '1.12.4')) return 'removed';
  if (atLeast(v, '1.9.4')) return 'deprecated';
  return undefined;
}

/** The first release where the option is removed, for messages. */
export function removedIn(h: OptionHistory): string | undefined {
  return h.steps.find((s) => s.status === 'removed')?.since;
}

/**
 * Plugins whose setup returns plugin.ErrOnce ("can only be used once per
 * Server Block"), with the release range where that holds (reference §5).
 */
export const ONCE_PER_BLOCK: ReadonlyArray<{ name: string; since?: string; until?: string }> = [
  { name: 'cache' },
  { name: 'dnssec' },
  { name: 'errors' },
  { name: 'forward', until: '1.9.4' },
  { name: 'grpc' },
  { name: 'hosts' },
  { name: 'kubernetes' },
  { name: 'loop' },
  { name: 'prometheus' },
  { name: 'nsid' },
  { name: 'pprof' },
  { name: 'ready' },
  { name: 'shed', since: '1.14.7' },
  { name: 'tsig', since: '1.9.4' },
  { name: 'view', since: '1.10.0' },
];

/** Whether CoreDNS `v` refuses a second `name` in one server block. */
export function onlyOncePerBlock(name: string, v: Version): boolean {
  const e = ONCE_PER_BLOCK.find((o) => o.name === name);
  if (!e) return false;
  if (e.since && !atLeast(v, e.since)) return false;
  if (e.until && atLeast(v, e.until)) return false;
  return true;
}
