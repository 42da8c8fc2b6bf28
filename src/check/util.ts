import type { Edit } from '../ast/nodes.js';
import type { CoreToken } from '../ast/read.js';
import type { ModelDirective, ModelOption } from './model.js';

/** Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a distance that scales with the word, if any. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.replace(/_/g, '') === word.replace(/[_-]/g, '') ? 0.5 : editDistance(word.toLowerCase(), c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}

/** ` Did you mean 'x'?` or ''. */
export function hint(s: string | undefined): string {
  return s ? ` Did you mean '${s}'?` : '';
}

/**
 * An edit that deletes the words `[start, end)`: the whole line with its
 * newline when nothing else is on it, otherwise just the words (so a
 * trailing comment stays).
 */
export function deleteWords(text: string, start: number, end: number): Edit {
  const ls = text.lastIndexOf('\n', start - 1) + 1;
  let le = text.indexOf('\n', end);
  if (le < 0) le = text.length;
  const before = text.slice(ls, start);
  const after = text.slice(end, le);
  if (/^[ \t]*$/.test(before) && /^[ \t\r]*$/.test(after)) return { span: { start: ls, end: Math.min(le + 1, text.length) }, text: '' };
  // The spaces after the words go too, so a trailing comment moves to where the words were.
  const m = /^[ \t]*/.exec(after)!;
  return { span: { start, end: end + m[0].length }, text: '' };
}

/** The last token of an option line. */
export function optionEnd(o: ModelOption): CoreToken {
  return o.args[o.args.length - 1] ?? o.name;
}

/** Whether every token is in the main file, so that an edit can be made. */
export function inMainFile(...tokens: CoreToken[]): boolean {
  return tokens.every((t) => t.file === '');
}

/** Whether a directive has an option of this name at depth 1. */
export function hasOption(d: ModelDirective, name: string): boolean {
  for (const o of d.options) if (o.depth === 1 && o.name.text === name) return true;
  return false;
}

/** The options of a directive with a given name, at depth 1. */
export function optionsNamed(d: ModelDirective, name: string): ModelOption[] {
  return d.options.filter((o) => o.depth === 1 && o.name.text === name);
}
