import { parse } from '../ast/build.js';
import type { Directive, File, ServerBlock, Snippet, Span } from '../ast/nodes.js';
import { PLUGIN_ORDER } from '../catalog/order.js';
import type { ArgSpec, OptionSpec, PluginSpec } from '../catalog/types.js';
import { atLeast, LATEST_COREDNS, parseVersion, type Version } from '../check/version.js';
import { locate, snippetsByName } from './cursor.js';
import type { CatalogOptions, CompletionCandidate } from './editor-types.js';

/**
 * Completion at `offset`: directive names in a server block, the options of
 * the plugin whose block the cursor is in, enum values of arguments, and
 * server-block, plugin and import snippets. Editors filter by the typed
 * prefix themselves, so every candidate that fits the position is returned.
 */
export function complete(text: string, offset: number, options: CatalogOptions): CompletionCandidate[] {
  if (!options.ast) {
    // Completion comes while typing, before anything has parsed the new text: parse only the block around the cursor.
    const region = regionAround(text, offset);
    if (region) {
      const inner = completeIn(region.text, offset - region.start, { ...options, ast: parse(region.text).value }, text);
      if (inner) return inner.map((c) => ({ ...c, span: { start: c.span.start + region.start, end: c.span.end + region.start } }));
    }
  }
  return completeIn(text, offset, { ...options, ast: options.ast ?? parse(text).value }, text) ?? [];
}

/**
 * The server block or snippet around `offset` in a file laid out as usual
 * (keys at column 0 ending in `{`, members indented, `}` at column 0), so
 * that parsing it alone gives what parsing the file would. Undefined when
 * the layout does not make that certain.
 */
export function regionAround(text: string, offset: number): { start: number; text: string } | undefined {
  // lastIndexOf clamps a negative start to 0, which would find a newline at 0 for the first line.
  const lineStart = (i: number) => (i <= 0 ? 0 : text.lastIndexOf('\n', i - 1) + 1);
  const cursorLine = lineStart(offset);
  if (!/^[ \t]/.test(text.slice(cursorLine, cursorLine + 1)) && offset !== cursorLine) return undefined;
  let start = cursorLine;
  for (;;) {
    if (start === 0) return undefined;
    start = lineStart(start - 1);
    const c = text[start];
    if (c === '}') return undefined;
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== '#') break;
  }
  const keysEnd = text.indexOf('\n', start);
  if (!/\{\s*$/.test(text.slice(start, keysEnd < 0 ? text.length : keysEnd))) return undefined;
  let end = text.length;
  for (let i = text.indexOf('\n', offset); i !== -1 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) {
    const c = text[i + 1];
    if (c === '}') {
      const eol = text.indexOf('\n', i + 1);
      end = eol < 0 ? text.length : eol;
      break;
    }
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== '#') {
      end = i;
      break;
    }
  }
  return { start, text: text.slice(start, end) };
}

/** Completion in `text` with its AST; undefined when the answer needs the whole file (`whole`) and `text` is only part of it. */
function completeIn(text: string, offset: number, options: CatalogOptions & { ast: File }, whole: string): CompletionCandidate[] | undefined {
  const file = options.ast;
  // A region must hold exactly the one block it was cut around.
  if (text !== whole && (file.body.filter((i) => i.type !== 'Comment').length !== 1 || !(file.body.find((i) => i.type !== 'Comment') as ServerBlock | Snippet).open)) {
    return undefined;
  }
  const cur = locate(file, text, offset);
  const span: Span = cur.word ? { start: cur.word.start, end: cur.word.end } : { start: offset, end: offset };
  switch (cur.role) {
    case 'top':
      // After a key on the same line (`example.org |`) a new block makes no sense.
      return /\S/.test(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset)) ? [] : topLevel(span);
    case 'key':
      // A lone word at the top level is what a new server block looks like while it is typed.
      return cur.top && cur.top.type === 'ServerBlock' && !cur.top.open && cur.top.keys.length === 1 && cur.top.body.length === 0
        ? topLevel(span)
        : [];
    case 'name':
      if (cur.depth === 0) return directives(cur.top?.body.filter((i): i is Directive => i.type === 'Directive' && i !== cur.chain[0]) ?? [], span, options);
      return pluginOptions(cur.chain, span, options);
    case 'arg':
      return argValues(cur.chain, cur.argIndex ?? 0, span, options);
    case 'import-arg':
      // Snippets are defined all over the file.
      if (text !== whole) return undefined;
      return [...snippetsByName(file).keys()].map((name) => ({ label: name, kind: 'snippet' as const, detail: 'snippet', span }));
    default:
      return [];
  }
}

function topLevel(span: Span): CompletionCandidate[] {
  const block = (label: string, insertText: string, detail: string): CompletionCandidate => ({
    label, kind: 'snippet', detail, insertText, snippet: true, span,
  });
  return [
    block('. { … }', '.:${1:53} {\n\t${2:forward . /etc/resolv.conf}\n\t${3:cache 30}\n\terrors\n\tlog$0\n}', 'Server block for the root zone'),
    block('zone { … }', '${1:example.org}:${2:53} {\n\t${3:whoami}$0\n}', 'Server block for a zone'),
    block('(snippet) { … }', '(${1:name}) {\n\t$0\n}', 'Reusable snippet, spliced in with import'),
    { label: 'import', kind: 'keyword', detail: 'Splice in a snippet or files', insertText: 'import ${1:name}', snippet: true, span },
  ];
}

/** Directive names valid in a server block, the plugins of plugin.cfg first, then external ones. */
function directives(siblings: Directive[], span: Span, options: CatalogOptions): CompletionCandidate[] {
  const present = new Set(siblings.map((d) => d.name.text));
  const names = new Set<string>(PLUGIN_ORDER);
  for (const p of options.plugins.all()) names.add(p.name);
  const out: CompletionCandidate[] = [];
  for (const name of names) {
    const spec = options.plugins.get(name);
    // A second occurrence of a plugin that CoreDNS rejects twice is never what the user wants.
    if (spec?.multiple === 'error' && present.has(name)) continue;
    // Nor a plugin newer than the CoreDNS the user targets.
    if (spec?.since && !atLeast(target(options), spec.since)) continue;
    const order = PLUGIN_ORDER.indexOf(name);
    const sortText = `${order < 0 ? 999 : order}`.padStart(3, '0');
    out.push({
      label: name,
      kind: 'directive',
      detail: spec?.summary,
      documentation: spec ? pluginDocs(spec) : undefined,
      deprecated: spec?.deprecated !== undefined,
      span,
      sortText: `1${name}`,
    });
    if (spec) {
      const snippet = pluginSnippet(spec);
      if (snippet) out.push({ label: `${name} { … }`, kind: 'snippet', detail: spec.summary, insertText: snippet, snippet: true, span, sortText: `2${sortText}` });
    }
  }
  out.push({ label: 'import', kind: 'keyword', detail: 'Splice in a snippet or files', insertText: 'import ${1:name}', snippet: true, span, sortText: '3' });
  return out;
}

/** `forward ${1:FROM} ${2:TO} {\n\t$0\n}` for plugins that take a block. */
function pluginSnippet(spec: PluginSpec): string | undefined {
  if (!spec.block.allowed) return undefined;
  const args = spec.args.items.filter((a) => a.required).map((a, i) => ` \${${i + 1}:${escapeSnippet(a.name)}}`);
  return `${spec.name}${args.join('')} {\n\t$0\n}`;
}

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}

function pluginOptions(chain: Directive[], span: Span, options: CatalogOptions): CompletionCandidate[] {
  const spec = options.plugins.get(chain[0].name.text);
  if (!spec) return [];
  const v = target(options);
  return spec.options
    .filter((o) => !o.removed || !atLeast(v, o.removed.since))
    .map((o) => ({
      label: o.name,
      kind: 'option' as const,
      detail: o.syntax,
      documentation: optionDocs(spec, o),
      deprecated: o.deprecated !== undefined,
      span,
    }));
}

function target(options: CatalogOptions): Version {
  return (options.corednsVersion && parseVersion(options.corednsVersion)) || parseVersion(LATEST_COREDNS)!;
}

/** The argument spec at `index`, the last one repeating when it is repeatable. */
function argAt(items: ArgSpec[], index: number): ArgSpec | undefined {
  if (index < items.length) return items[index];
  const last = items[items.length - 1];
  return last?.repeatable ? last : undefined;
}

function argValues(chain: Directive[], index: number, span: Span, options: CatalogOptions): CompletionCandidate[] {
  const spec = options.plugins.get(chain[0].name.text);
  if (!spec) return [];
  let items: ArgSpec[];
  if (chain.length === 1) items = spec.args.items;
  else {
    const opt = spec.options.find((o) => o.name === chain[chain.length - 1].name.text);
    if (!opt) return [];
    items = opt.args.items;
  }
  const arg = argAt(items, index);
  if (!arg?.values?.length) return [];
  return arg.values.map((v) => ({ label: v, kind: 'value' as const, detail: arg.name, documentation: arg.description || undefined, span }));
}

/** Markdown about a plugin, shared by hover and completion. */
export function pluginDocs(spec: PluginSpec): string {
  const parts: string[] = [];
  if (spec.deprecated) parts.push(`**Deprecated** since CoreDNS ${spec.deprecated.since}${lifecycleTail(spec.deprecated)}`);
  parts.push(spec.summary);
  if (spec.syntax.length) parts.push('```corefile\n' + spec.syntax.join('\n') + '\n```');
  if (spec.since && !spec.external) parts.push(`In CoreDNS since ${spec.since}.`);
  if (spec.docsUrl) parts.push(`[Documentation](${spec.docsUrl})`);
  return parts.join('\n\n');
}

/** Markdown about one option of a plugin. */
export function optionDocs(spec: PluginSpec, o: OptionSpec): string {
  const parts: string[] = [];
  if (o.removed) parts.push(`**Removed** in CoreDNS ${o.removed.since}${lifecycleTail(o.removed)}`);
  else if (o.deprecated) parts.push(`**Deprecated** since CoreDNS ${o.deprecated.since}${lifecycleTail(o.deprecated)}`);
  parts.push(o.summary);
  parts.push('```corefile\n' + o.syntax + '\n```');
  if (o.default !== undefined) parts.push(`Default: \`${o.default}\``);
  if (spec.docsUrl) parts.push(`[${spec.name} documentation](${spec.docsUrl})`);
  return parts.join('\n\n');
}

function lifecycleTail(n: { replacement?: string; note?: string }): string {
  return `${n.replacement ? `: use \`${n.replacement}\`` : ''}${n.note ? `. ${n.note}` : ''}.`;
}
