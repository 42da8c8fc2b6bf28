import type { CoreReadResult } from './read.js';
import { groupByName } from './read.js';

/** The JSON shape of `corefile parse --tokens`, comparable with CoreDNS's own parser output. */
export type TokensView =
  | { blocks: Array<{ keys: string[]; directives: Record<string, Array<{ text: string; line: number; file: string }>> }> }
  | { error: string };

/**
 * Render a CoreDNS reading as `corefile parse --tokens` prints it: per block,
 * its keys and, per directive name (sorted, as Go marshals a map), the
 * tokens of all its occurrences. `filename` names the main file in errors.
 */
export function tokensView(read: CoreReadResult, filename: string): TokensView {
  if (read.error) {
    const e = read.error;
    return { error: `${e.file || filename}:${e.line} - ${e.message}` };
  }
  return {
    blocks: read.blocks.map((b) => {
      const grouped = groupByName(b);
      const directives: Record<string, Array<{ text: string; line: number; file: string }>> = {};
      for (const name of [...grouped.keys()].sort()) {
        directives[name] = grouped.get(name)!.map((t) => ({ text: t.text, line: t.line, file: t.file }));
      }
      return { keys: b.keys.map((k) => k.text), directives };
    }),
  };
}
