import { lex, lexTable, type Token } from '../../grammar/index.js';
import { commentText, NESTING, parse } from '../ast/build.js';
import type { EnvLookup } from '../ast/env.js';
import { emptyFileSystem, type FileSystem } from '../ast/fs.js';
import type { Comment, Diagnostic, Edit, Severity, Span } from '../ast/nodes.js';
import { readServerBlocks, type CoreParseError, type CoreReadResult, type CoreToken } from '../ast/read.js';
import { LineIndex } from '../ast/span.js';
import { PLUGIN_ORDER, pluginPosition } from '../catalog/order.js';
import { notYetAdded, pluginStatus, PLUGIN_HISTORY } from './history.js';
import { buildBlocks, releaseBlock, type CatalogApi, type ExternalPlugin, type Model, type ModelBlock } from './model.js';
import { formatMessage, type ReportDescriptor, type Rule, type RuleVisitor } from './rule.js';
import { RULES } from './rules/index.js';
import { didYouMean } from './util.js';
import { LATEST_COREDNS, parseVersion, type Version } from './version.js';

/** A rule's configured level: a severity, or off. */
export type RuleSetting = Severity | 'off';

export interface CheckOptions {
  /** Absolute path of the file (imports resolve against it). Default `/Corefile`. */
  path?: string;
  /** How CoreDNS names the file in messages. Default `Corefile`. */
  filename?: string;
  fs?: FileSystem;
  /** Environment for `{$VAR}` placeholders. Default: every variable unset. */
  env?: EnvLookup;
  /** Targeted CoreDNS release, `X.Y.Z`. Default: the newest the catalog describes. */
  corednsVersion?: string;
  /** Per-rule severity or `off`. */
  rules?: Record<string, RuleSetting>;
  /** Plugins compiled into the user's build that CoreDNS itself lacks. */
  externalPlugins?: ExternalPlugin[];
  /** The `-dns.port` flag (default 53). */
  dnsPort?: string;
  /** The plugin catalog (default: none, which disables catalog-driven checks). */
  catalog?: CatalogApi;
  /** Findings of earlier runs on the same document, reused for unchanged server blocks (editors). */
  cache?: LintCache;
}

/**
 * What linting a document left for the next run over it: the block-scoped
 * rules' findings per server block, keyed by the block's source and first
 * line, with spans relative to the block's start. A server block that did
 * not change (it may have moved along the line) is not checked again.
 * Keep one per document; it holds the blocks of the last run only.
 */
export class LintCache {
  /** The options the entries were made under; other options start afresh. */
  signature = '';
  blocks = new Map<string, Diagnostic[]>();
  /** Blocks replayed and blocks checked in the last run. */
  hits = 0;
  misses = 0;
}

/** The block's source and where it starts, when its findings may be cached: every token from the main file, in order, no placeholders. */
function blockSource(b: ModelBlock, text: string): { start: number; key: string } | undefined {
  const first = b.core.keys[0]?.token;
  if (!first || first.file !== '') return undefined;
  let end = first.start;
  const next = (t: CoreToken): boolean => {
    if (t.file !== '' || t.start < end) return false;
    end = t.end;
    return true;
  };
  for (const k of b.core.keys) if (!next(k.token)) return undefined;
  for (const d of b.core.directives) for (const t of d.tokens) if (!next(t)) return undefined;
  const source = text.slice(first.start, end);
  if (source.includes('{$') || source.includes('{%')) return undefined;
  return { start: first.start, key: `${first.line}\u0000${source}` };
}

function shiftSpan(s: Span, by: number): Span {
  return { start: s.start + by, end: s.end + by };
}

function shiftEdits(edits: readonly Edit[], by: number): Edit[] {
  return edits.map((e) => ({ span: shiftSpan(e.span, by), text: e.text }));
}

/** A copy of `d` moved by `by` characters, fixes and suggestions included. */
function shifted(d: Diagnostic, by: number): Diagnostic {
  return {
    ...d,
    span: shiftSpan(d.span, by),
    ...(d.fix ? { fix: shiftEdits(d.fix, by) } : {}),
    ...(d.suggestions ? { suggestions: d.suggestions.map((x) => ({ message: x.message, edits: shiftEdits(x.edits, by) })) } : {}),
  };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Directives known to CoreDNS `version`: today's plugin.cfg less those added later, plus the removed plugins it still had. */
function knownDirectives(model: Pick<Model, 'version'>, external: readonly ExternalPlugin[]): Set<string> {
  const out = new Set<string>();
  for (const name of PLUGIN_ORDER) if (notYetAdded(name, model.version) === undefined) out.add(name);
  for (const h of PLUGIN_HISTORY) if (pluginStatus(h.name, model.version)?.status !== 'removed') out.add(h.name);
  for (const e of external) out.add(e.name);
  return out;
}

function positionFn(external: readonly ExternalPlugin[]): (name: string) => number | undefined {
  const extra = new Map<string, number>();
  // Removed plugins ran where their successor runs now.
  for (const h of PLUGIN_HISTORY) {
    const p = h.replacement ? pluginPosition(h.replacement) : undefined;
    if (p !== undefined) extra.set(h.name, p - 0.5);
  }
  for (const e of external) {
    if (e.position !== undefined) extra.set(e.name, e.position);
    else if (e.after) {
      const p = pluginPosition(e.after) ?? extra.get(e.after);
      if (p !== undefined) extra.set(e.name, p + 0.5);
    }
  }
  return (name) => pluginPosition(name) ?? extra.get(name);
}

/** What a suppression comment is read from. */
type CommentLike = Pick<Comment, 'text' | 'line' | 'start' | 'raw'>;

/** The lexer's comment tokens as comments. */
function commentsOf(tokens: readonly Token[]): CommentLike[] {
  return tokens.map((t) => ({ text: commentText(t.raw), line: t.line, start: t.start, raw: t.raw }));
}

interface Suppression {
  line: number;
  rules: Set<string> | 'all';
}

const SUPPRESS = /^\s*corefile-lint\s+(disable-next-line|disable-line)\b(.*)$/;

/** A suppression comment's rule list, and where each id sits in the comment. */
function parseSuppression(comment: CommentLike): { suppression: Suppression; ids: Array<{ id: string; start: number }> } | undefined {
  const m = SUPPRESS.exec(comment.text);
  if (!m) return undefined;
  // `--` starts a free-text reason, as in ESLint.
  const list = m[2]!.split('--')[0]!;
  const listStart = comment.start + (comment.raw.length - comment.text.length) + m[0].length - m[2]!.length;
  const ids: Array<{ id: string; start: number }> = [];
  for (const w of list.matchAll(/[^\s,]+/g)) ids.push({ id: w[0], start: listStart + w.index! });
  return {
    suppression: { line: m[1] === 'disable-line' ? comment.line : comment.line + 1, rules: ids.length ? new Set(ids.map((i) => i.id)) : 'all' },
    ids,
  };
}

/** `# corefile-lint disable-next-line RULE[, RULE]` and `disable-line` comments among a file's comments. */
function suppressions(comments: readonly CommentLike[]): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    const p = parseSuppression(c);
    if (p) out.push(p.suppression);
  }
  return out;
}

/** Suppression comments naming a rule that does not exist: ESLint reports those too, so a typo does not go unnoticed. */
function unknownSuppressedRules(comments: readonly CommentLike[], known: ReadonlySet<string>, file?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of comments) {
    const p = parseSuppression(c);
    if (!p) continue;
    for (const { id, start } of p.ids) {
      if (known.has(id)) continue;
      const guess = didYouMean(id, known);
      out.push({
        code: 'unknown-rule',
        severity: 'warning',
        message: `'${id}' in this corefile-lint comment is not a rule, so it silences nothing.${guess ? ` Did you mean '${guess}'?` : ''}`,
        span: { start, end: start + id.length },
        ...(file ? { file } : {}),
        ...(guess ? { suggestions: [{ message: `Replace with '${guess}'`, edits: [{ span: { start, end: start + id.length }, text: guess }] }] } : {}),
      });
    }
  }
  return out;
}

const isImportError = (m: string) => /import|Import|Glob pattern/.test(m);

function readDiagnostic(e: CoreParseError, severity: Severity, fallbackEnd: number): Diagnostic {
  const t: CoreToken | undefined = e.token;
  const message = e.message.replace(/^Error during parsing: /, '');
  return {
    code: isImportError(e.message) ? 'syntax/import' : 'syntax/parse',
    severity,
    message,
    span: t ? { start: t.start, end: t.end } : { start: fallbackEnd, end: fallbackEnd },
    ...(t && t.file ? { file: t.file } : {}),
  };
}

/**
 * Lint one Corefile: syntax errors, CoreDNS's own start-up checks and the
 * rules, filtered by configuration and suppression comments, sorted by
 * position. Never throws.
 */
export function check(text: string, options: CheckOptions = {}): Diagnostic[] {
  const path = options.path ?? '/Corefile';
  const filename = options.filename ?? 'Corefile';
  const fs = options.fs ?? emptyFileSystem;
  const env = options.env ?? (() => undefined);
  const version = parseVersion(options.corednsVersion ?? LATEST_COREDNS) ?? parseVersion(LATEST_COREDNS)!;
  const catalog = options.catalog ?? {};
  const external = options.externalPlugins ?? [];

  // The rules look at CoreDNS's reading of the lexer's tokens. The grammar reports a syntax
  // error only where that reading fails (a property test holds it to that), so the syntax
  // tree is built only then: for its errors, several where CoreDNS stops at the first.
  const lexed = lexTable(text);
  const read = readServerBlocks(text, { path, filename, fs, env, tokens: lexed });
  // (A file too deeply nested for the tree is no error to CoreDNS: its reading says what is wrong.)
  const syntax = read.error ? parse(text).diagnostics.filter((d) => d.code !== NESTING) : [];
  const out: Diagnostic[] = [...syntax];
  if (read.error && !(read.error.file === '' && syntax.length > 0)) out.push(readDiagnostic(read.error, 'error', text.length));
  for (const w of read.warnings) out.push(readDiagnostic(w, 'warning', text.length));

  const model: Model = {
    read,
    blocks: buildBlocks(read, options.dnsPort),
    version,
    directives: new Set(),
    position: positionFn(external),
    externalPlugins: external,
    catalog,
    fs,
    env,
    path,
    filename,
  };
  model.directives = knownDirectives(model, external);

  const settings = options.rules ?? {};
  const visitors: RuleVisitor[] = [];
  const blockScoped: RuleVisitor[] = [];
  for (const rule of RULES as readonly Rule[]) {
    const setting = settings[rule.id];
    if (setting === 'off') continue;
    const report = (d: ReportDescriptor<string>) => {
      const span = d.node ? { start: d.node.start, end: d.node.end } : { start: d.token!.start, end: d.token!.end };
      const file = d.token && d.token.file ? d.token.file : undefined;
      const severity = setting ?? d.severity ?? rule.severity;
      out.push({
        code: rule.id,
        severity,
        message: formatMessage(rule.messages[d.messageId] ?? d.messageId, d.data),
        span,
        ...(file ? { file } : {}),
        ...(d.fix && d.fix.length ? { fix: d.fix } : {}),
        ...(d.suggestions && d.suggestions.length ? { suggestions: d.suggestions } : {}),
      });
    };
    (rule.scope === 'block' ? blockScoped : visitors).push(rule.create({ text, lexed, model, report }));
  }
  for (const v of visitors) v.Model?.(model);
  checkBlocks(model.blocks, visitors, blockScoped, out, text, options.cache, cacheSignature(options, version));

  // Suppression comments: the main file's, and those of every imported file that has any.
  const ruleIds = new Set(RULES.map((r) => r.id));
  const silencers = new Map<string, SuppressionsOfFile>();
  const mainComments = commentsOf(lexed.comments);
  const main = suppressions(mainComments);
  if (main.length) silencers.set('', { list: main, index: new LineIndex(text) });
  out.push(...unknownSuppressedRules(mainComments, ruleIds));
  for (const f of importedFiles(read)) {
    const r = fs.readFile(f);
    if ('error' in r || !r.text.includes('corefile-lint')) continue;
    const comments = commentsOf(lex(r.text).comments);
    const list = suppressions(comments);
    if (list.length) silencers.set(f, { list, index: new LineIndex(r.text) });
    out.push(...unknownSuppressedRules(comments, ruleIds, f));
  }

  // Nothing made from the table outlives the lint: the findings hold positions, not tokens.
  lexed.release();
  return finish(out, silencers);
}

interface SuppressionsOfFile {
  list: Suppression[];
  index: LineIndex;
}

/** The files CoreDNS's reading spliced in (each one that contributed a key or a directive). */
function importedFiles(read: CoreReadResult): Set<string> {
  const files = new Set<string>();
  if (!read.importedFiles) return files;
  const blocks = read.partial ? [...read.blocks, read.partial] : read.blocks;
  for (const b of blocks) {
    for (const k of b.keys) if (k.token.file) files.add(k.token.file);
    for (const d of b.directives) for (const t of d.tokens) if (t.file) files.add(t.file);
  }
  return files;
}

function cacheSignature(options: CheckOptions, version: Version): string {
  return JSON.stringify([version.text, options.rules ?? {}, options.externalPlugins ?? [], options.dnsPort ?? '', options.path ?? '', options.filename ?? '', options.catalog ? 1 : 0]);
}

/**
 * The rules over every block, one block at a time (what its directives make
 * when read is let go once it is done), replaying the block-scoped rules'
 * findings for blocks the cache has seen.
 */
function checkBlocks(
  blocks: readonly ModelBlock[],
  visitors: readonly RuleVisitor[],
  scoped: readonly RuleVisitor[],
  out: Diagnostic[],
  text: string,
  cache: LintCache | undefined,
  signature: string,
): void {
  const previous = cache && cache.signature === signature ? cache.blocks : new Map<string, Diagnostic[]>();
  const next = new Map<string, Diagnostic[]>();
  let hits = 0;
  let misses = 0;
  for (const b of blocks) {
    for (const v of visitors) v.CoreBlock?.(b);
    const src = cache && blockSource(b, text);
    const hit = src && (next.get(src.key) ?? previous.get(src.key));
    if (src && hit) {
      for (const d of hit) out.push(shifted(d, src.start));
      next.set(src.key, hit);
      hits++;
    } else {
      const from = out.length;
      for (const v of scoped) v.CoreBlock?.(b);
      misses++;
      if (src) next.set(src.key, out.slice(from).map((d) => shifted(d, -src.start)));
    }
    releaseBlock(b);
  }
  if (!cache) return;
  cache.hits = hits;
  cache.misses = misses;
  cache.signature = signature;
  cache.blocks = next;
}

/** 0: rules about versions and braces; 1: other rules; 2: unknown options; 3: setup validators. */
const tier = (d: Diagnostic) =>
  SUPERSEDING.has(d.code) ? 0 : d.code === 'no-unknown-option' ? 2 : d.code === 'no-setup-error' || d.code === 'no-setup-warning' ? 3 : 1;
const SUPERSEDING = new Set([
  'no-brace-on-next-line',
  'no-closing-brace-on-option-line',
  'no-deprecated-option',
  'no-deprecated-plugin',
  'no-duplicate-plugin',
  'no-removed-option',
  'no-removed-plugin',
]);

/** Drop repeats and suppressed findings, then sort by file and position. */
function finish(all: Diagnostic[], silencers: ReadonlyMap<string, SuppressionsOfFile>): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.file ?? ''}\u0000${d.span.start}`;
  // The setup validators and the option list describe the newest CoreDNS in general terms; a more
  // specific finding about the same token replaces them. Rules about versions and braces do so whatever
  // their severity; any other only when at least as severe (an error is never hidden by a warning).
  const byKey = new Map<string, Diagnostic[]>();
  for (const d of all) {
    const k = key(d);
    const list = byKey.get(k);
    if (list) list.push(d);
    else byKey.set(k, [d]);
  }
  const outranked = (d: Diagnostic) =>
    tier(d) >= 2 && byKey.get(key(d))!.some((o) => tier(o) < tier(d) && (tier(o) === 0 || SEVERITY_RANK[o.severity] <= SEVERITY_RANK[d.severity]));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of all) {
    if (outranked(d)) continue;
    const id = `${d.code}\u0000${key(d)}\u0000${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const sup = silencers.get(d.file ?? '');
    if (sup && !d.code.startsWith('syntax/')) {
      const line = sup.index.position(d.span.start).line;
      if (sup.list.some((s) => s.line === line && (s.rules === 'all' || s.rules.has(d.code)))) continue;
    }
    out.push(d);
  }
  return out.sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      a.span.start - b.span.start ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.code.localeCompare(b.code),
  );
}
