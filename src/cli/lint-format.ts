import type { Diagnostic, Severity } from '../ast/nodes.js';
import { LineIndex } from '../ast/span.js';
import { lintRules } from '../service/lint.js';
import { codeFrame, formatDiagnosticLine, locate, PLAIN, type Paint } from './render.js';

/** The diagnostics of one file, with its text for positions and code frames. */
export interface FileReport {
  /** As shown to the user (relative path, or `<stdin>`). */
  name: string;
  /** Absolute path (for JSON and SARIF). */
  path: string;
  text: string;
  diagnostics: Diagnostic[];
}

export type Format = 'stylish' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly Format[] = ['stylish', 'json', 'sarif', 'github'];

const count = (reports: readonly FileReport[], s: Severity) => reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === s).length, 0);

/** One report per diagnostic: `file:line:col severity rule-id message` and its code frame. */
export function renderStylishFile(r: FileReport, p: Paint = PLAIN): string {
  const index = new LineIndex(r.text);
  return r.diagnostics.map((d) => `${formatDiagnosticLine(r.name, d, index, p)}\n${codeFrame(d, index, p)}\n`).join('');
}

export function renderStylish(reports: readonly FileReport[], p: Paint = PLAIN): string {
  const body = reports
    .map((r) => renderStylishFile(r, p))
    .filter(Boolean)
    .join('\n');
  const errors = count(reports, 'error');
  const warnings = count(reports, 'warning');
  const others = reports.reduce((n, r) => n + r.diagnostics.length, 0) - errors - warnings;
  if (errors + warnings + others === 0) return '';
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const fixable = reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.fix).length, 0);
  const tally = `${plural(errors + warnings + others, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}${others ? `, ${others} info` : ''})`;
  let summary = `\n${p.bold((errors ? p.red : warnings ? p.yellow : p.cyan)(tally))}\n`;
  if (fixable) summary += `${plural(fixable, 'problem')} can be fixed with --fix\n`;
  return body + summary;
}

const ESLINT_SEVERITY: Record<Severity, 1 | 2> = { error: 2, warning: 1, info: 1, hint: 1 };

/** ESLint's JSON formatter shape, which CI tools read. Lines and columns are 1-based. */
export function renderJson(reports: readonly FileReport[]): string {
  const out = reports.map((r) => {
    const index = new LineIndex(r.text);
    const messages = r.diagnostics.map((d) => {
      const l = locate(d, index);
      const m: Record<string, unknown> = {
        ruleId: d.code,
        severity: ESLINT_SEVERITY[d.severity],
        message: d.message,
        line: l.line,
        column: l.column,
        endLine: l.endLine,
        endColumn: l.endColumn,
      };
      if (d.code.startsWith('syntax/')) m.fatal = d.severity === 'error';
      if (d.fix) {
        // ESLint gives one {range, text}; several edits are merged into one replacement of their hull.
        const start = Math.min(...d.fix.map((e) => e.span.start));
        const end = Math.max(...d.fix.map((e) => e.span.end));
        let text = '';
        let pos = start;
        for (const e of [...d.fix].sort((a, b) => a.span.start - b.span.start)) {
          text += r.text.slice(pos, e.span.start) + e.text;
          pos = e.span.end;
        }
        m.fix = { range: [start, end], text: text + r.text.slice(pos, end) };
      }
      if (d.suggestions) m.suggestions = d.suggestions.map((s) => ({ desc: s.message, fix: s.edits.length === 1 ? { range: [s.edits[0]!.span.start, s.edits[0]!.span.end], text: s.edits[0]!.text } : undefined }));
      return m;
    });
    const errorCount = r.diagnostics.filter((d) => d.severity === 'error').length;
    return {
      filePath: r.path,
      messages,
      suppressedMessages: [],
      errorCount,
      fatalErrorCount: r.diagnostics.filter((d) => d.severity === 'error' && d.code.startsWith('syntax/')).length,
      warningCount: r.diagnostics.length - errorCount,
      fixableErrorCount: r.diagnostics.filter((d) => d.severity === 'error' && d.fix).length,
      fixableWarningCount: r.diagnostics.filter((d) => d.severity !== 'error' && d.fix).length,
      source: r.text,
    };
  });
  return JSON.stringify(out) + '\n';
}

const SYNTAX_RULES = [
  { id: 'syntax/lex', description: 'The Corefile cannot be split into tokens.', docs: 'CoreDNS stops with a parse error.' },
  { id: 'syntax/parse', description: 'The Corefile does not parse: CoreDNS stops with "Error during parsing".', docs: 'Braces, server blocks and snippets must be well formed.' },
  { id: 'syntax/import', description: 'An import cannot be resolved.', docs: 'Imports name a snippet defined earlier, a file or a glob, relative to the importing file.' },
];

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, one run, every rule described with its help text. */
export function renderSarif(reports: readonly FileReport[], cwd: string, version: string): string {
  const rules = [
    ...SYNTAX_RULES.map((r) => ({ ...r, category: 'syntax', severity: 'error' as Severity })),
    {
      id: 'unknown-rule',
      description: 'A corefile-lint comment names a rule that does not exist.',
      docs: 'A `# corefile-lint disable-next-line` or `disable-line` comment silences only the rules it names; a misspelt id silences nothing.',
      category: 'configuration',
      severity: 'warning' as Severity,
    },
    ...lintRules().map((r) => ({ id: r.id, description: r.description, docs: r.docs, category: r.category, severity: r.severity as Severity })),
  ];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const uri = (p: string) => {
    const rel = p.startsWith(cwd + '/') ? p.slice(cwd.length + 1) : p;
    return rel.startsWith('/') ? `file://${encodeURI(rel)}` : encodeURI(rel);
  };
  const results = reports.flatMap((r) => {
    const index = new LineIndex(r.text);
    return r.diagnostics.map((d) => {
      const l = locate(d, index);
      const i = ruleIndex.get(d.code);
      return {
        ruleId: d.code,
        ...(i !== undefined ? { ruleIndex: i } : {}),
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uri(r.path) },
              region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn },
            },
          },
        ],
      };
    });
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'corefile-lint',
            version,
            informationUri: 'https://github.com/coredns/coredns',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              fullDescription: { text: r.docs },
              help: { text: `${r.description}\n\n${r.docs}` },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { category: r.category },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message` workflow commands. */
export function renderGithub(reports: readonly FileReport[]): string {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  let out = '';
  for (const r of reports) {
    const index = new LineIndex(r.text);
    for (const d of r.diagnostics) {
      const l = locate(d, index);
      const kind = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      out += `::${kind} file=${prop(r.name)},line=${l.line},col=${l.column},endLine=${l.endLine},endColumn=${l.endColumn},title=${prop(d.code)}::${esc(d.message)}\n`;
    }
  }
  return out;
}
