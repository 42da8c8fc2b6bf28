import type { Diagnostic, Edit } from '../ast/nodes.js';
import { check, type CheckOptions } from './checker.js';

/**
 * Apply edits to a text. Edits that overlap an earlier one are skipped (the
 * next pass picks them up again). Returns the new text and how many applied.
 */
export function applyEdits(text: string, edits: readonly Edit[]): { text: string; applied: number } {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  let applied = 0;
  for (const e of sorted) {
    if (e.span.start < pos || e.span.end < e.span.start || e.span.end > text.length) continue;
    out += text.slice(pos, e.span.start) + e.text;
    pos = e.span.end;
    applied++;
  }
  return { text: out + text.slice(pos), applied };
}

export interface FixResult {
  /** The fixed text. */
  text: string;
  /** Diagnostics of the fixed text. */
  diagnostics: Diagnostic[];
  /** Whether anything changed. */
  changed: boolean;
}

/**
 * Lint and apply every safe fix of the main file, repeating (at most 10
 * passes, as ESLint does) while fixes keep applying: one fix can make room
 * for another. Edits touch only the words they fix, so comments stay.
 */
export function fix(text: string, options: CheckOptions = {}): FixResult {
  let current = text;
  let diagnostics = check(current, options);
  for (let pass = 0; pass < 10; pass++) {
    // A fix is all-or-nothing: its edits are applied together or not at all.
    const chosen: Edit[] = [];
    const taken: Array<[number, number]> = [];
    for (const d of diagnostics) {
      if (d.file || !d.fix) continue;
      const clash = d.fix.some((e) => taken.some(([s, en]) => e.span.start < en && s < e.span.end || (e.span.start === e.span.end && e.span.start === s)));
      if (clash) continue;
      for (const e of d.fix) {
        chosen.push(e);
        taken.push([e.span.start, e.span.end]);
      }
    }
    if (chosen.length === 0) break;
    const r = applyEdits(current, chosen);
    if (r.applied === 0 || r.text === current) break;
    current = r.text;
    diagnostics = check(current, options);
  }
  return { text: current, diagnostics, changed: current !== text };
}
