/**
 * The one converter between the core's data (offsets, our POD types) and
 * LSP's (0-based line/character, protocol types). Nothing else in the
 * server does position arithmetic.
 */
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind, CompletionItemKind, CompletionItemTag, DiagnosticSeverity, DiagnosticTag, FoldingRangeKind, InlayHintKind,
  InsertTextFormat, MarkupKind, SymbolKind, SymbolTag,
  type CodeAction, type CompletionItem, type FormattingOptions, type Diagnostic as LspDiagnostic, type DocumentLink, type DocumentSymbol, type FoldingRange,
  type Hover, type InlayHint, type Location, type Position, type Range, type SelectionRange, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import {
  LineIndex, SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES,
  type CandidateKind, type CodeActionInfo, type CompletionCandidate, type Diagnostic, type Edit, type FoldingInfo, type HoverInfo,
  type FormatOptions, type InlayHintInfo, type LinkInfo, type SemanticToken, type Severity, type Span, type SymbolInfo, type TargetInfo,
} from '../../src/index.js';

/** Positions of one document version. */
export class Positions {
  private readonly index: LineIndex;
  constructor(readonly text: string) {
    this.index = new LineIndex(text);
  }

  toPosition(offset: number): Position {
    const p = this.index.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  }

  toRange(span: Span): Range {
    return { start: this.toPosition(span.start), end: this.toPosition(span.end) };
  }

  /** Clamped to the text, so a stale or bogus position never throws. */
  toOffset(p: Position): number {
    const line = Math.max(0, Math.floor(Number(p?.line) || 0));
    const ch = Math.max(0, Math.floor(Number(p?.character) || 0));
    return this.index.offset(line + 1, ch + 1);
  }

  toSpan(r: Range): Span {
    const a = this.toOffset(r.start);
    const b = this.toOffset(r.end);
    return { start: Math.min(a, b), end: Math.max(a, b) };
  }

  line(offset: number): number {
    return this.index.position(offset).line - 1;
  }
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A finding of this document (findings in imported files are left out by the caller), with its docs page. */
export function toDiagnostic(d: Diagnostic, pos: Positions, href?: string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: pos.toRange(d.span),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: 'corefile',
    message: d.message,
  };
  if (href) out.codeDescription = { href };
  // Editors strike out deprecated and removed things and fade out redundant ones.
  if (/^no-(deprecated|removed)-/.test(d.code)) out.tags = [DiagnosticTag.Deprecated];
  else if (d.code === 'no-redundant-plugin') out.tags = [DiagnosticTag.Unnecessary];
  return out;
}

export function toTextEdit(e: Edit, pos: Positions): TextEdit {
  return { range: pos.toRange(e.span), newText: e.text };
}

export function toWorkspaceEdit(uri: string, edits: Edit[], pos: Positions): WorkspaceEdit {
  return { changes: { [uri]: edits.map((e) => toTextEdit(e, pos)) } };
}

export function toHover(h: HoverInfo, pos: Positions): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: pos.toRange(h.span) };
}

const CANDIDATE_KIND: Record<CandidateKind, CompletionItemKind> = {
  directive: CompletionItemKind.Function,
  option: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
  keyword: CompletionItemKind.Keyword,
};

export function toCompletionItem(c: CompletionCandidate, pos: Positions): CompletionItem {
  const item: CompletionItem = {
    label: c.label,
    kind: CANDIDATE_KIND[c.kind],
    textEdit: { range: pos.toRange(c.span), newText: c.insertText ?? c.label },
    insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = { kind: MarkupKind.Markdown, value: c.documentation };
  if (c.sortText) item.sortText = c.sortText;
  if (c.deprecated) item.tags = [CompletionItemTag.Deprecated];
  // Labels such as `. { … }` are not what the user types: filter on the inserted text's head instead.
  if (c.kind === 'snippet' && c.label.includes('…')) item.filterText = c.label.split(' ')[0];
  return item;
}

const SYMBOL_KIND: Record<SymbolInfo['kind'], SymbolKind> = {
  server: SymbolKind.Namespace,
  snippet: SymbolKind.Module,
  directive: SymbolKind.Function,
  option: SymbolKind.Property,
  import: SymbolKind.Package,
};

export function toDocumentSymbol(s: SymbolInfo, pos: Positions): DocumentSymbol {
  const out: DocumentSymbol = {
    name: s.name || ' ',
    kind: SYMBOL_KIND[s.kind],
    range: pos.toRange(s.span),
    selectionRange: pos.toRange(s.selectionSpan),
    children: s.children.map((c) => toDocumentSymbol(c, pos)),
  };
  if (s.detail) out.detail = s.detail;
  if (s.deprecated) out.tags = [SymbolTag.Deprecated];
  return out;
}

export function toFoldingRange(f: FoldingInfo, pos: Positions): FoldingRange {
  return { startLine: pos.line(f.span.start), endLine: pos.line(f.span.end), kind: f.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region };
}

/** Innermost first, as the core returns them, into LSP's linked list. */
export function toSelectionRange(chain: Span[], pos: Positions, at: number): SelectionRange {
  const spans = chain.length ? chain : [{ start: at, end: at }];
  let parent: SelectionRange | undefined;
  for (let i = spans.length - 1; i >= 0; i--) parent = parent ? { range: pos.toRange(spans[i]), parent } : { range: pos.toRange(spans[i]) };
  return parent!;
}

/** A target in this document or another file, as a URI (with a `#L` fragment for links, which VS Code follows). */
export function targetUri(t: TargetInfo, docUri: string, pos: Positions): string {
  const base = t.path ? pathToFileURL(t.path).href : docUri;
  if (!t.span || t.path) return base;
  const p = pos.toPosition(t.span.start);
  return `${base.split('#')[0]}#L${p.line + 1},${p.character + 1}`;
}

export function toDocumentLink(l: LinkInfo, docUri: string, pos: Positions): DocumentLink {
  const out: DocumentLink = { range: pos.toRange(l.span), target: targetUri(l.target, docUri, pos) };
  if (l.tooltip) out.tooltip = l.tooltip;
  return out;
}

export function toLocation(t: TargetInfo, docUri: string, pos: Positions): Location {
  if (t.path) return { uri: pathToFileURL(t.path).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  return { uri: docUri, range: pos.toRange(t.span ?? { start: 0, end: 0 }) };
}

export const SEMANTIC_LEGEND = { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] };

/**
 * LSP's relative encoding: five integers per token, each line and start
 * relative to the previous token. Tokens that span lines (quoted strings
 * with newlines) are cut per line, as clients without multiline support need.
 */
export function encodeSemanticTokens(tokens: SemanticToken[], pos: Positions): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  const push = (line: number, char: number, length: number, type: number, mods: number) => {
    if (length <= 0) return;
    data.push(line - prevLine, line === prevLine ? char - prevChar : char, length, type, mods);
    prevLine = line;
    prevChar = char;
  };
  for (const t of tokens) {
    const type = SEMANTIC_TOKEN_TYPES.indexOf(t.type);
    let mods = 0;
    for (const m of t.modifiers) mods |= 1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(m);
    const text = pos.text.slice(t.span.start, t.span.end);
    let at = t.span.start;
    for (const piece of text.split('\n')) {
      const p = pos.toPosition(at);
      push(p.line, p.character, piece.replace(/\r$/, '').length, type, mods);
      at += piece.length + 1;
    }
  }
  return data;
}

export function toInlayHint(h: InlayHintInfo, pos: Positions): InlayHint {
  const out: InlayHint = { position: pos.toPosition(h.offset), label: h.label, kind: InlayHintKind.Parameter, paddingLeft: true };
  if (h.tooltip) out.tooltip = { kind: MarkupKind.Markdown, value: h.tooltip };
  return out;
}

export function toCodeAction(a: CodeActionInfo, uri: string, pos: Positions, lspDiagnostic?: LspDiagnostic): CodeAction {
  const out: CodeAction = {
    title: a.title,
    kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.SourceFixAll,
    edit: toWorkspaceEdit(uri, a.edits, pos),
  };
  if (lspDiagnostic) out.diagnostics = [lspDiagnostic];
  if (a.preferred) out.isPreferred = true;
  return out;
}

/** The editor's indentation settings; the formatter's own default (4 spaces) when the client sends none. */
export function toFormatOptions(o: FormattingOptions | undefined): FormatOptions {
  const out: FormatOptions = {};
  if (typeof o?.insertSpaces === 'boolean') out.useTabs = !o.insertSpaces;
  if (typeof o?.tabSize === 'number' && Number.isInteger(o.tabSize) && o.tabSize >= 0) out.tabWidth = o.tabSize;
  return out;
}
