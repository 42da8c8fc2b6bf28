#!/usr/bin/env node
// Generates src/catalog/specs.ts from ../shared/reference/coredns-plugins.json.
// Usage: node scripts/gen-catalog.mjs [path/to/coredns-plugins.json]
// The test suite re-renders the file and compares, so it cannot drift.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = path.join(repoRoot, 'src/catalog/specs.ts');

/** CoreDNS's "how repeats behave" words, mapped onto PluginSpec['multiple']. */
const MULTIPLE = { error: 'error', 'last-wins': 'last-wins', 'first-wins': 'first-wins', accumulates: 'merged', idempotent: 'ignored' };

function defined(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null));
}

function text(v) {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function arg(a) {
  return defined({
    name: a.name,
    type: a.type,
    required: a.required,
    repeatable: a.repeatable,
    description: a.description ?? '',
    values: a.values,
    min: a.min,
    max: a.max,
    value: a.value,
    caseInsensitive: a.caseInsensitive,
    minValue: a.minValue,
    maxValue: a.maxValue,
    maxLength: a.maxLength,
    rejectedValues: a.rejectedValues,
  });
}

function argList(a) {
  return defined({
    min: a.min,
    max: a.max ?? 'unbounded',
    items: (a.items ?? []).map(arg),
    maxEnforced: a.maxEnforced,
    allowedCounts: a.allowedCounts,
    notes: a.notes,
  });
}

/** JSON.stringify, with the unbounded marker turned back into null (which `defined` would drop). */
function literal(v) {
  return JSON.stringify(v).replaceAll('"max":"unbounded"', '"max":null');
}

/** One argument as a usage line writes it: NAME, [NAME], NAME..., a|b, keyword. */
function usage(a) {
  let s = a.type === 'keyword' && a.value ? a.value : a.values ? a.values.join('|') : a.name;
  if (a.repeatable) s += '...';
  return a.required ? s : `[${s}]`;
}

function usageLine(head, args) {
  return [head, ...(args.items ?? []).map(usage)].join(' ');
}

/** A release number in a note, e.g. "Removed (release notes 1.7.0)." → 1.7.0. */
function version(note) {
  return note?.match(/\b1\.\d+\.\d+\b/)?.[0];
}

function option(o) {
  return defined({
    name: o.name,
    summary: o.description,
    syntax: usageLine(o.name, o.args),
    args: argList(o.args),
    default: text(o.default),
    repeat: o.multiple,
    documented: o.documented === false ? false : undefined,
    forms: o.forms,
    deprecation: o.deprecated ? defined({ behavior: o.deprecated.behavior, message: o.deprecated.message, notes: o.deprecated.notes }) : undefined,
    notes: o.notes === undefined ? undefined : Array.isArray(o.notes) ? o.notes : [o.notes],
  });
}

/** Options setup.go used to accept and now rejects: listed so that lint and hover can say when and why. */
function removedOptions(p) {
  const known = new Set(p.options.map((o) => o.name));
  return (p.deprecated ?? [])
    .filter((d) => d.kind === 'option' && d.behavior === 'error' && !known.has(d.name))
    .map((d) => {
      const since = version(d.notes);
      const replacement = d.notes?.includes('transfer plugin') ? 'transfer plugin' : undefined;
      return defined({
        name: d.name,
        summary: d.notes ?? `Removed; setup.go rejects it.`,
        syntax: d.name,
        args: { min: 0, max: null, items: [] },
        removed: since ? defined({ since, replacement, note: d.notes }) : undefined,
        deprecation: defined({ behavior: d.behavior, message: d.message, notes: d.notes }),
      });
    });
}

function plugin(p) {
  const head = p.name;
  const block = p.block.allowed ? (p.block.required ? ' { ... }' : ' [{ ... }]') : '';
  const syntax = [usageLine(head, p.args) + block];
  for (const f of p.forms ?? []) syntax.push(f.syntax);
  const m = p.multiplePerServerBlock;
  return defined({
    name: p.name,
    order: p.order ?? 0,
    summary: p.summary,
    docsUrl: p.docsUrl,
    syntax,
    args: argList(p.args),
    block: defined({
      allowed: p.block.allowed,
      required: p.block.required,
      notes: p.block.notes,
      inlineEntries: p.block.inlineEntries,
      freeform: p.block.freeform,
    }),
    options: [...p.options.map(option), ...removedOptions(p)],
    multiple: MULTIPLE[m.behavior] ?? (m.allowed ? 'allowed' : 'error'),
    multipleDetail: m.message || m.notes ? defined({ message: m.message, notes: m.notes }) : undefined,
    forms: p.forms?.map((f) => defined({ name: f.name, syntax: f.syntax, options: f.options, args: f.args ? argList(f.args) : undefined, notes: f.notes })),
    unknownOptionError: p.unknownOptionError ?? undefined,
    defaults: p.defaults && Object.keys(p.defaults).length > 0 ? Object.fromEntries(Object.entries(p.defaults).map(([k, v]) => [k, text(v)])) : undefined,
    deprecations: p.deprecated?.length
      ? p.deprecated.map((d) => defined({ name: d.name, kind: d.kind, behavior: d.behavior, message: d.message, notes: d.notes }))
      : undefined,
    requires: p.requires?.length ? p.requires : undefined,
    notes: p.notes?.length ? p.notes : undefined,
    external: p.external ? true : undefined,
    repo: p.repo,
  });
}

/** The TypeScript source of specs.ts for a parsed coredns-plugins.json. */
export async function renderCatalog(json) {
  const header = `// Generated by scripts/gen-catalog.mjs from coredns-plugins.json: CoreDNS ${json.corednsVersion},
// ${json.source}.
// Do not edit by hand: change the generator or the reference and re-run it.
import type { PluginSpec, RemovedDirective } from './types.js';
`;
  const body = `
/** Every directive of CoreDNS's plugin.cfg, in plugin.cfg order. */
export const PLUGIN_SPECS: readonly PluginSpec[] = ${literal(json.plugins.map(plugin))};

/** A few well-known out-of-tree plugins, usable only in custom builds. */
export const EXTERNAL_PLUGIN_SPECS: readonly PluginSpec[] = ${literal(json.externalPlugins.map(plugin))};

/** Directives CoreDNS used to have; they are now unknown directives. */
export const REMOVED_DIRECTIVES: readonly RemovedDirective[] = ${JSON.stringify(
    json.removedPlugins.map((r) => defined({ name: r.name, since: r.since, replacement: r.replacement })),
  )};
`;
  return prettier.format(header + body, { parser: 'typescript', singleQuote: true, printWidth: 120, quoteProps: 'as-needed' });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const src = process.argv[2] ?? path.resolve(process.env.COREFILE_SHARED ?? path.join(repoRoot, '../shared'), 'reference/coredns-plugins.json');
  const json = JSON.parse(fs.readFileSync(src, 'utf8'));
  fs.writeFileSync(OUTPUT, await renderCatalog(json));
  console.log(`wrote ${path.relative(repoRoot, OUTPUT)} (${json.plugins.length} plugins, ${json.externalPlugins.length} external)`);
}
