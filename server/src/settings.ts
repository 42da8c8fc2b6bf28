/**
 * The server's settings, read from `workspace/configuration` (section
 * `corefile`) or, for editors without it, from `initializationOptions`.
 * They mirror the lint configuration file (`.corefilerc.json`,
 * `corefile.config.json`): `corednsVersion`, `rules`, `externalPlugins`.
 * A configuration file next to a Corefile (or in a folder above it) applies
 * too; editor settings override it key by key.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAMES, parseConfig, type ExternalPluginDecl, type LintConfig, type Severity } from '../../src/index.js';

export interface Settings {
  /** CoreDNS version to check against, e.g. `1.14.7`; undefined: the newest one known. */
  corednsVersion?: string;
  /** Rule id → severity, or `off`. */
  rules: Record<string, Severity | 'off'>;
  externalPlugins: ExternalPluginDecl[];
  inlayHints: { pluginOrder: 'all' | 'outOfOrder' | 'off' };
}

export const DEFAULT_SETTINGS: Settings = { rules: {}, externalPlugins: [], inlayHints: { pluginOrder: 'all' } };

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/**
 * Settings from whatever the client sent: values of the wrong type fall
 * back to the defaults, so a typo in a user's settings never stops the
 * server. (Rule ids are not checked here: the configuration file parser
 * reports unknown ones, and an editor setting for a rule that does not
 * exist simply does nothing.)
 */
export function readSettings(raw: unknown): Settings {
  const o = isObject(raw) ? raw : {};
  const v = typeof o.corednsVersion === 'string' ? o.corednsVersion.trim() : '';
  const corednsVersion = /^\d+\.\d+(\.\d+)?$/.test(v) ? v : undefined;
  const rules: Settings['rules'] = {};
  if (isObject(o.rules)) {
    for (const [id, sev] of Object.entries(o.rules)) if (typeof sev === 'string' && SEVERITIES.has(sev)) rules[id] = sev as Severity | 'off';
  }
  const externalPlugins: ExternalPluginDecl[] = [];
  if (Array.isArray(o.externalPlugins)) {
    for (const p of o.externalPlugins) {
      if (typeof p === 'string' && p.trim()) externalPlugins.push({ name: p.trim() });
      else if (isObject(p) && typeof p.name === 'string' && p.name.trim()) {
        const e: ExternalPluginDecl = { name: p.name.trim() };
        if (typeof p.after === 'string' && p.after) e.after = p.after;
        if (typeof p.position === 'number' && p.position > 0) e.position = p.position;
        externalPlugins.push(e);
      }
    }
  }
  const hints = isObject(o.inlayHints) ? o.inlayHints : {};
  const pluginOrder = hints.pluginOrder === 'outOfOrder' || hints.pluginOrder === 'off' ? hints.pluginOrder : 'all';
  return { corednsVersion, rules, externalPlugins, inlayHints: { pluginOrder } };
}

/** Editor settings over a configuration file: a key set in the editor wins, rules merge. */
export function effectiveSettings(settings: Settings, config: LintConfig | undefined): Settings {
  if (!config) return settings;
  return {
    corednsVersion: settings.corednsVersion ?? config.corednsVersion,
    rules: { ...(config.rules ?? {}), ...settings.rules },
    externalPlugins: [...(config.externalPlugins ?? []), ...settings.externalPlugins],
    inlayHints: settings.inlayHints,
  };
}

/**
 * Finds the configuration file that applies to a Corefile, as `corefile
 * lint` does: the first of CONFIG_FILE_NAMES in its folder or the nearest
 * folder above. Files are re-read when their modification time changes.
 */
export class ConfigFiles {
  private readonly cache = new Map<string, { mtimeMs: number; config: LintConfig; errors: string[] }>();

  constructor(private readonly log: (message: string) => void) {}

  forDocument(file: string | undefined): LintConfig | undefined {
    if (!file) return undefined;
    let dir = path.dirname(file);
    for (;;) {
      for (const name of CONFIG_FILE_NAMES) {
        const p = path.join(dir, name);
        let mtimeMs: number;
        try {
          mtimeMs = fs.statSync(p).mtimeMs;
        } catch {
          continue;
        }
        const hit = this.cache.get(p);
        if (hit && hit.mtimeMs === mtimeMs) return hit.config;
        let text = '';
        try {
          text = fs.readFileSync(p, 'utf8');
        } catch (e) {
          this.log(`${p}: ${(e as Error).message}`);
        }
        const { config, errors } = parseConfig(text);
        for (const e of errors) this.log(`${p}: ${e}`);
        this.cache.set(p, { mtimeMs, config, errors });
        return config;
      }
      const up = path.dirname(dir);
      if (up === dir) return undefined;
      dir = up;
    }
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
