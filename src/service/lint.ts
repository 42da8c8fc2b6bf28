import type { Diagnostic } from '../ast/nodes.js';
import * as catalogModule from '../catalog/index.js';
import { check, LintCache, type CheckOptions } from '../check/checker.js';
import { fix as fixText, type FixResult } from '../check/fix.js';
import type { CatalogApi } from '../check/model.js';
import { RULES } from '../check/rules/index.js';

export { LintCache };

/** Options of `lint` and `lintFix`: file path, file system, environment, CoreDNS version, rule severities, external plugins. */
export type LintOptions = Omit<CheckOptions, 'catalog'>;

// The catalog grows plugin by plugin; take whatever it offers.
const catalog: CatalogApi = catalogModule as Partial<CatalogApi> as CatalogApi;

/** Lint a Corefile: every diagnostic, sorted by position. Never throws. */
export function lint(text: string, options: LintOptions = {}): Diagnostic[] {
  return check(text, { ...options, catalog });
}

/** Apply every safe fix and lint the result. */
export function lintFix(text: string, options: LintOptions = {}): FixResult {
  return fixText(text, { ...options, catalog });
}

/** Documentation of every lint rule, for `--format sarif`, editors and docs. */
export function lintRules(): Array<{ id: string; category: string; severity: string; description: string; docs: string; fixable: boolean }> {
  return RULES.map((r) => ({ id: r.id, category: r.category, severity: r.severity, description: r.description, docs: r.docs, fixable: !!r.fixable }));
}
