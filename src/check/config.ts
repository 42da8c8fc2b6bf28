import type { Severity } from '../ast/nodes.js';
import type { RuleSetting } from './checker.js';
import type { ExternalPlugin } from './model.js';
import { RULES } from './rules/index.js';
import { parseVersion } from './version.js';

/** Names of the configuration file, looked for in this order in each directory. */
export const CONFIG_FILE_NAMES = ['.corefilerc.json', 'corefile.config.json'] as const;

/** A validated configuration file. */
export interface LintConfig {
  corednsVersion?: string;
  rules?: Record<string, RuleSetting>;
  externalPlugins?: ExternalPlugin[];
}

const SEVERITIES: ReadonlyArray<Severity | 'off'> = ['error', 'warning', 'info', 'hint', 'off'];

/**
 * Parse and validate a configuration file's text. Every problem is
 * reported (with the file's own words for where), and nothing throws.
 */
export function parseConfig(text: string): { config: LintConfig; errors: string[] } {
  const errors: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { config: {}, errors: [`not valid JSON: ${(e as Error).message}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { config: {}, errors: ['the configuration must be a JSON object'] };
  const obj = raw as Record<string, unknown>;
  const config: LintConfig = {};
  for (const k of Object.keys(obj)) {
    if (!['corednsVersion', 'rules', 'externalPlugins', '$schema'].includes(k)) errors.push(`unknown key '${k}' (known: corednsVersion, rules, externalPlugins)`);
  }
  if (obj.corednsVersion !== undefined) {
    if (typeof obj.corednsVersion === 'string' && parseVersion(obj.corednsVersion)) config.corednsVersion = parseVersion(obj.corednsVersion)!.text;
    else errors.push(`corednsVersion must be a version such as "1.14.7", not ${JSON.stringify(obj.corednsVersion)}`);
  }
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules)) errors.push('rules must be an object of rule id → severity');
    else {
      const ids = new Set(RULES.map((r) => r.id));
      config.rules = {};
      for (const [id, v] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (!ids.has(id)) {
          errors.push(`rules: unknown rule '${id}'`);
          continue;
        }
        if (typeof v !== 'string' || !SEVERITIES.includes(v as Severity)) {
          errors.push(`rules.${id} must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(v)}`);
          continue;
        }
        config.rules[id] = v as RuleSetting;
      }
    }
  }
  if (obj.externalPlugins !== undefined) {
    if (!Array.isArray(obj.externalPlugins)) errors.push('externalPlugins must be an array of {name, after} or {name, position}');
    else {
      config.externalPlugins = [];
      obj.externalPlugins.forEach((p: unknown, i) => {
        const at = `externalPlugins[${i}]`;
        if (typeof p === 'string') {
          config.externalPlugins!.push({ name: p });
          return;
        }
        if (typeof p !== 'object' || p === null) return void errors.push(`${at} must be a name or an object`);
        const e = p as Record<string, unknown>;
        if (typeof e.name !== 'string' || !/^[a-z0-9_]+$/i.test(e.name)) return void errors.push(`${at}.name must be a directive name`);
        const out: ExternalPlugin = { name: e.name };
        if (e.after !== undefined) {
          if (typeof e.after !== 'string') return void errors.push(`${at}.after must be a directive name`);
          out.after = e.after;
        }
        if (e.position !== undefined) {
          if (typeof e.position !== 'number' || !(e.position > 0)) return void errors.push(`${at}.position must be a positive number`);
          out.position = e.position;
        }
        config.externalPlugins!.push(out);
      });
    }
  }
  return { config, errors };
}
