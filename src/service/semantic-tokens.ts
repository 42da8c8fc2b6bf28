import { parse } from '../ast/build.js';
import { envReferences } from '../ast/env.js';
import type { BodyItem, Word } from '../ast/nodes.js';
import type { FeatureOptions, PluginLookup, SemanticToken, SemanticTokenModifier, SemanticTokenType } from './editor-types.js';
import { snippetsByName } from './cursor.js';

export interface SemanticTokenOptions extends FeatureOptions {
  /** To mark known plugins (defaultLibrary) and deprecated ones. */
  plugins?: PluginLookup;
}

const NUMBER = /^-?\d+(\.\d+)?(ns|us|µs|ms|s|m|h|%)?$/;

/**
 * Semantic tokens in text order: zone keys, snippet names, directives,
 * options, arguments (numbers and durations, strings, plain words),
 * environment placeholders inside words, and comments.
 */
export function semanticTokens(text: string, options: SemanticTokenOptions = {}): SemanticToken[] {
  const file = options.ast ?? parse(text).value;
  const snippets = snippetsByName(file);
  const out: SemanticToken[] = [];
  for (const c of file.comments) out.push({ span: { start: c.start, end: c.end }, type: 'comment', modifiers: [] });

  const body = (items: BodyItem[], depth: number, plugin: string | undefined) => {
    for (const item of items) {
      if (item.type === 'Comment') continue;
      if (item.type === 'Import') {
        out.push(tok(item.keyword, 'keyword'));
        for (const a of item.args) word(a, snippets.has(a.text) ? 'macro' : 'string', out);
        continue;
      }
      const name = item.name.text;
      if (depth === 0) {
        const spec = options.plugins?.get(name);
        const mods: SemanticTokenModifier[] = [];
        if (spec && !spec.external) mods.push('defaultLibrary');
        if (spec?.deprecated) mods.push('deprecated');
        word(item.name, 'function', out, mods);
      } else {
        const opt = plugin ? options.plugins?.get(plugin)?.options.find((o) => o.name === name) : undefined;
        word(item.name, 'property', out, opt?.deprecated || opt?.removed ? ['deprecated'] : []);
      }
      for (const a of item.args) word(a, argType(a), out);
      for (const r of [item.block, ...item.rest]) {
        if (r?.type === 'Block') body(r.body, depth + 1, depth === 0 ? name : plugin);
        else if (r?.type === 'Word') word(r, argType(r), out);
      }
    }
  };
  for (const item of file.body) {
    if (item.type === 'ServerBlock') {
      for (const k of item.keys) word(k, 'namespace', out, ['declaration']);
      body(item.body, 0, undefined);
    } else if (item.type === 'Snippet') {
      word(item.key, 'macro', out, ['declaration']);
      body(item.body, 0, undefined);
    } else if (item.type === 'Import') {
      out.push(tok(item.keyword, 'keyword'));
      for (const a of item.args) word(a, snippets.has(a.text) ? 'macro' : 'string', out);
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

function argType(w: Word): SemanticTokenType {
  if (w.quoted) return 'string';
  return NUMBER.test(w.text) ? 'number' : 'parameter';
}

function tok(w: Word, type: SemanticTokenType, modifiers: SemanticTokenModifier[] = []): SemanticToken {
  return { span: { start: w.start, end: w.end }, type, modifiers };
}

/** A word, cut around its `{$VAR}` / `{%VAR%}` placeholders, which become variables. */
function word(w: Word, type: SemanticTokenType, out: SemanticToken[], modifiers: SemanticTokenModifier[] = []): void {
  const refs = w.raw.includes('{') ? envReferences(w.raw) : [];
  let at = w.start;
  for (const r of refs) {
    if (w.start + r.start > at) out.push({ span: { start: at, end: w.start + r.start }, type, modifiers });
    out.push({ span: { start: w.start + r.start, end: w.start + r.end }, type: 'variable', modifiers: [] });
    at = w.start + r.end;
  }
  if (at < w.end) out.push({ span: { start: at, end: w.end }, type, modifiers });
}
