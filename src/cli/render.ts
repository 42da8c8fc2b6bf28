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

/** Terminal styles (ANSI SGR), or none: the same text either way. */
export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const same = (s: string) => s;

export const COLORS: Paint = { red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), cyan: sgr(36, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
export const PLAIN: Paint = { red: same, yellow: same, green: same, cyan: same, dim: same, bold: same };

/**
 * Whether output to a stream should be coloured, as most command-line tools
 * decide: FORCE_COLOR says yes (or no, set to 0 or false, as for Node's
 * supports-color), then NO_COLOR (https://no-color.org) no, else a terminal
 * that is not `dumb`.
 */
export function wantsColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean | undefined): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR) return false;
  return !!isTTY && env.TERM !== 'dumb';
}

/** A severity's colour: errors red, warnings yellow, the rest cyan. */
export function bySeverity(p: Paint, severity: Diagnostic['severity']): (s: string) => string {
  return severity === 'error' ? p.red : severity === 'warning' ? p.yellow : p.cyan;
}

/** `file:line:col severity code message`, the first line of every CLI diagnostic. */
export function formatDiagnosticLine(file: string, d: Diagnostic, index: LineIndex, p: Paint = PLAIN): string {
  const { line, column } = locate(d, index);
  return `${p.bold(`${file}:${line}:${column}`)} ${bySeverity(p, d.severity)(d.severity)} ${p.dim(d.code)} ${d.message}`;
}

/** The source line of a diagnostic with `^^^` under its span. */
export function codeFrame(d: Diagnostic, index: LineIndex, p: Paint = PLAIN): string {
  const { line, column, endLine, endColumn } = locate(d, index);
  const text = index.lineText(line);
  const gutter = String(line);
  const width = endLine === line ? Math.max(1, endColumn - column) : Math.max(1, text.length - column + 1);
  const pad = text.slice(0, column - 1).replace(/[^\t]/g, ' ');
  return `  ${p.dim(`${gutter} |`)} ${text}\n  ${p.dim(`${' '.repeat(gutter.length)} |`)} ${pad}${bySeverity(p, d.severity)('^'.repeat(width))}`;
}
