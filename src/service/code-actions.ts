import type { Diagnostic, Edit, Span } from '../ast/nodes.js';
import type { CodeActionInfo } from './editor-types.js';

/**
 * Code actions for `span`: a quick fix for each finding there that has a
 * fix, one per suggestion, and a "fix all" over the whole file that applies
 * every fix whose edits do not overlap an earlier one.
 */
export function codeActions(span: Span, diagnostics: readonly Diagnostic[]): CodeActionInfo[] {
  const out: CodeActionInfo[] = [];
  for (const d of diagnostics) {
    if (d.file !== undefined || !overlaps(d.span, span)) continue;
    if (d.fix?.length) out.push({ title: fixTitle(d), kind: 'quickfix', edits: d.fix, diagnostic: d, preferred: true });
    for (const s of d.suggestions ?? []) out.push({ title: s.message, kind: 'quickfix', edits: s.edits, diagnostic: d });
  }
  const all = fixAll(diagnostics);
  if (all.length) out.push({ title: 'Fix all auto-fixable problems', kind: 'source.fixAll', edits: all });
  return out;
}

/** Every fix of the file, skipping any that would overlap one taken before it. */
export function fixAll(diagnostics: readonly Diagnostic[]): Edit[] {
  const taken: Edit[] = [];
  const sorted = diagnostics.filter((d) => d.file === undefined && d.fix?.length).sort((a, b) => a.span.start - b.span.start);
  for (const d of sorted) {
    const edits = d.fix!;
    if (edits.some((e) => taken.some((t) => overlapsStrict(e.span, t.span)))) continue;
    taken.push(...edits);
  }
  return taken.sort((a, b) => a.span.start - b.span.start);
}

function fixTitle(d: Diagnostic): string {
  const first = d.message.split('\n')[0];
  return `Fix: ${first.length > 80 ? first.slice(0, 77) + '…' : first} (${d.code})`;
}

/** Touching counts: a cursor at either end of a finding gets its fix. */
function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Two edits conflict when they overlap, or when an insertion touches the other (their order would be ambiguous). */
function overlapsStrict(a: Span, b: Span): boolean {
  if (a.start === a.end || b.start === b.end) return a.start <= b.end && b.start <= a.end;
  return a.start < b.end && b.start < a.end;
}
