/**
 * The server's settings, read from `workspace/configuration` (section
 * `corefile`) or, for editors without it, from `initializationOptions`.
 * They mirror the lint configuration file: target CoreDNS version, rule
 * severities and external plugins.
 */
import type { Severity } from '../../src/index.js';

export interface ExternalPluginSetting {
  name: string;
  /** Runs right after this plugin in plugin.cfg order. */
  after?: string;
}

export interface Settings {
  /** CoreDNS version to check against, e.g. `1.14.7`; undefined: the newest one known. */
  target?: string;
  /** Rule id → severity, or `off`. */
  rules: Record<string, Severity | 'off'>;
  externalPlugins: ExternalPluginSetting[];
  inlayHints: { pluginOrder: 'all' | 'outOfOrder' | 'off' };
}

export const DEFAULT_SETTINGS: Settings = { rules: {}, externalPlugins: [], inlayHints: { pluginOrder: 'all' } };

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/**
 * Settings from whatever the client sent: unknown keys are ignored and
 * values of the wrong type fall back to the defaults, so a typo in a user's
 * settings never stops the server.
 */
export function readSettings(raw: unknown): Settings {
  const o = isObject(raw) ? raw : {};
  const target = typeof o.target === 'string' && /^\d+\.\d+(\.\d+)?$/.test(o.target.trim()) ? o.target.trim() : undefined;
  const rules: Settings['rules'] = {};
  if (isObject(o.rules)) {
    for (const [id, sev] of Object.entries(o.rules)) if (typeof sev === 'string' && SEVERITIES.has(sev)) rules[id] = sev as Severity | 'off';
  }
  const externalPlugins: ExternalPluginSetting[] = [];
  if (Array.isArray(o.externalPlugins)) {
    for (const p of o.externalPlugins) {
      if (typeof p === 'string' && p.trim()) externalPlugins.push({ name: p.trim() });
      else if (isObject(p) && typeof p.name === 'string' && p.name.trim()) {
        externalPlugins.push(typeof p.after === 'string' && p.after ? { name: p.name.trim(), after: p.after } : { name: p.name.trim() });
      }
    }
  }
  const hints = isObject(o.inlayHints) ? o.inlayHints : {};
  const pluginOrder = hints.pluginOrder === 'outOfOrder' || hints.pluginOrder === 'off' ? hints.pluginOrder : 'all';
  return { target, rules, externalPlugins, inlayHints: { pluginOrder } };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Where a finding's code is documented (`codeDescription`); syntax errors have no page. */
export function ruleDocsUrl(code: string): string | undefined {
  return code.startsWith('syntax/') ? undefined : undefined;
}
