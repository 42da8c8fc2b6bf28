import type { Diagnostic } from '../ast/nodes.js';
import { LineIndex } from '../ast/span.js';

export interface Located {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** 1-based line/column of a diagnostic's span. */
export function locate(d: Diagnostic, index: LineIndex): Located {
  const s = index.position(d.span.start);
  const e = index.position(d.span.end);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** `file:line:col severity code message`, the first line of every CLI diagnostic. */
export function formatDiagnosticLine(file: string, d: Diagnostic, index: LineIndex): string {
  const { line, column } = locate(d, index);
  return `${file}:${line}:${column} ${d.severity} ${d.code} ${d.message}`;
}

/** The source line of a diagnostic with `^^^` under its span. */
export function codeFrame(d: Diagnostic, index: LineIndex): string {
  const { line, column, endLine, endColumn } = locate(d, index);
  const text = index.lineText(line);
  const gutter = String(line);
  const width = endLine === line ? Math.max(1, endColumn - column) : Math.max(1, text.length - column + 1);
  const pad = text.slice(0, column - 1).replace(/[^\t]/g, ' ');
  return `  ${gutter} | ${text}\n  ${' '.repeat(gutter.length)} | ${pad}${'^'.repeat(width)}`;
}
