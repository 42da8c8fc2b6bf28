import type { TokenTable } from '../../grammar/index.js';
import type { Edit, Severity, Span } from '../ast/nodes.js';
import type { CoreToken } from '../ast/read.js';
import type { Model, ModelBlock } from './model.js';

/** How a rule's findings are grouped in docs and configuration. */
export type RuleCategory = 'correctness' | 'compatibility' | 'suspicious' | 'style' | 'nursery';

/** Where a report points: a span of the main file or a token of CoreDNS's reading (maybe in an imported file). */
export type ReportTarget = { node: Span; token?: undefined } | { token: CoreToken; node?: undefined };

/** One finding, as a rule reports it. */
export type ReportDescriptor<M extends string> = ReportTarget & {
  messageId: M;
  /** Values for the `{name}` placeholders of the message. */
  data?: Record<string, string | number>;
  /** Edits that are safe to apply without review (`corefile lint --fix`). */
  fix?: Edit[];
  /** Edits a person should look at before applying. */
  suggestions?: Array<{ message: string; edits: Edit[] }>;
  /**
   * A lower severity for this one report than the rule's default; ignored
   * when the configuration sets the rule's severity.
   */
  severity?: Severity;
};

/** What a rule sees. Everything is read-only. */
export interface RuleContext<M extends string = string> {
  /** The text being checked. */
  readonly text: string;
  /** Its tokens as lexed, comments aside: what CoreDNS's lexer yields, with raw text and positions. */
  readonly lexed: TokenTable;
  /** The file as CoreDNS reads it: imports spliced in, keys normalised, directives grouped. */
  readonly model: Model;
  report(d: ReportDescriptor<M>): void;
}

/** Handlers keyed by what they visit: CoreDNS's reading, imports included. */
export interface RuleVisitor {
  /** The whole reading, once. */
  Model?(m: Model): void;
  /** Each server block CoreDNS keeps. */
  CoreBlock?(b: ModelBlock): void;
}

/** A lint rule: its documentation and its checks. */
export interface Rule<M extends string = string> {
  /** Stable kebab-case id, equal to the file name under src/check/rules/. Public API. */
  id: string;
  category: RuleCategory;
  /** Default severity. `error` is a promise: the targeted CoreDNS would refuse to start. */
  severity: Severity;
  /** One line: what the rule checks. */
  description: string;
  /** Longer user documentation: why it matters and how to fix it. */
  docs: string;
  /** Message templates by id, with `{name}` placeholders: what is wrong, why, what to do. */
  messages: Record<M, string>;
  /** Some reports carry safe fixes. */
  fixable?: boolean;
  /**
   * `block`: the rule has only a `CoreBlock` handler, and what it reports
   * for a block depends on nothing but that block's tokens and the options
   * (version, catalog, settings). Linting a document again, unchanged
   * blocks replay their earlier findings (`LintCache`).
   */
  scope?: 'block';
  create(ctx: RuleContext<M>): RuleVisitor;
}

/** Declare a rule; the identity function, there for type inference. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** Fill `{name}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}
