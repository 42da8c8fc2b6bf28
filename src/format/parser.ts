import { parse } from '../ast/build.js';
import type { Comment, File } from '../ast/nodes.js';
import { LineIndex } from '../ast/span.js';

/**
 * The root Prettier sees. Prettier takes `comments` off the root to attach
 * them itself (and insists on printing each); this printer places comments
 * from their positions instead, so they travel under another name.
 */
export interface CorefileRoot extends Omit<File, 'comments'> {
  sourceComments: Comment[];
}

interface Position {
  line: number;
  column: number;
}

/** What Prettier shows for a parse failure: the message, then a code frame at `loc`. */
export class CorefileSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly loc: { start: Position; end: Position },
  ) {
    super(`${message} (${loc.start.line}:${loc.start.column})`);
    this.name = 'SyntaxError';
  }
}

/**
 * The Prettier parser adapter: our AST, or Prettier's SyntaxError with a
 * location for input CoreDNS would refuse (as prettier/plugin-xml does). This
 * is the only place in src/ that throws on bad input; a file with errors is
 * never re-printed.
 */
export function parseForPrettier(text: string, options?: { endOfLine?: string }): CorefileRoot {
  if (options?.endOfLine === 'cr') {
    // Prettier would join every line with a bare \r, which CoreDNS skips.
    throw new Error('endOfLine "cr" is not supported for Corefiles: CoreDNS skips \\r, so it would read the whole file as one line');
  }
  const { value, diagnostics } = parse(text);
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) {
    const index = new LineIndex(text);
    throw new CorefileSyntaxError(error.message, { start: index.position(error.span.start), end: index.position(error.span.end) });
  }
  const { comments, ...rest } = value;
  return { ...rest, sourceComments: comments };
}

export const locStart = (node: { start: number }): number => node.start;
export const locEnd = (node: { end: number }): number => node.end;
