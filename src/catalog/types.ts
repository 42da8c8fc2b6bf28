import type { CoreToken } from '../ast/read.js';

/**
 * The plugin catalog: one record per CoreDNS directive, the data behind
 * lint, completion and hover. Facts come from CoreDNS 1.14.7's setup.go
 * files (see ../shared/reference/coredns-plugins.json).
 */

/** Value vocabulary for arguments and options (coredns-plugins.md "types"). */
export type ValueType =
  | 'zone' | 'name' | 'listen_address' | 'hostport' | 'upstream' | 'ip' | 'ip_port' | 'ip_or_cidr' | 'ip_or_iface'
  | 'cidr' | 'path' | 'url' | 'duration' | 'duration_or_seconds' | 'int' | 'uint' | 'float' | 'bool' | 'string'
  | 'regex' | 'template' | 'expression' | 'label_selector' | 'enum' | 'keyword' | 'qtype' | 'qclass' | 'rcode'
  | 'opcode' | 'percentage' | 'ttl_range' | 'socket' | 'zone_mapping' | 'command';

export interface ArgSpec {
  name: string;
  type: ValueType;
  required: boolean;
  repeatable: boolean;
  description: string;
  /** For `enum` and `keyword`. */
  values?: string[];
  min?: number;
  max?: number;
  /** The literal a `keyword` argument must be. */
  value?: string;
  /** Enum values match regardless of case. */
  caseInsensitive?: boolean;
  /** Duration bounds, as Go duration strings. */
  minValue?: string;
  maxValue?: string;
  /** Longest accepted value (regexes), in bytes. */
  maxLength?: number;
  /** Values setup.go rejects, with its message. */
  rejectedValues?: Record<string, string>;
}

/**
 * Positional arguments. Items are in order; a `repeatable` item absorbs the
 * remaining tokens, except that a later required item takes the last one.
 */
export interface ArgList {
  min: number;
  /** null: unbounded. */
  max: number | null;
  items: ArgSpec[];
  /** false: setup.go silently ignores tokens beyond `max` (a warning, not an error). */
  maxEnforced?: boolean;
  /** Accepted counts when they are not a contiguous range (tls: 0, 2 or 3). */
  allowedCounts?: number[];
  notes?: string;
}

/** How setup.go treats something it still parses but that is deprecated or removed. */
export interface DeprecationNote {
  behavior: 'error' | 'warning' | 'ignored' | 'accepted';
  /** The message CoreDNS gives, when it gives one. */
  message?: string;
  notes?: string;
}

/** An alternative syntax of a directive (tls manual/acme, loadbalance policies, ...). */
export interface FormSpec {
  name: string;
  syntax: string;
  /** Names of the options valid in this form. */
  options?: string[];
  args?: ArgList;
  notes?: string;
}

/** A directive CoreDNS no longer knows (`Unknown directive`), and what replaced it. */
export interface RemovedDirective {
  name: string;
  /** Release (and how) it went away, e.g. '1.5.0 (moved out of tree)'. */
  since: string;
  replacement?: string;
}

export interface OptionSpec {
  name: string;
  summary: string;
  /** Usage line, e.g. `policy random|round_robin|sequential`. */
  syntax: string;
  args: ArgList;
  /** Default value as CoreDNS documents/applies it. */
  default?: string;
  /** Options that take a nested block of their own. */
  block?: boolean;
  deprecated?: LifecycleNote;
  removed?: LifecycleNote;
  /** What a repeat of the option in one block does. */
  repeat?: 'last-wins' | 'accumulates' | 'error';
  /** false: setup.go accepts it but the README does not mention it. */
  documented?: boolean;
  /** The forms (`FormSpec.name`) in which the option is valid; all when absent. */
  forms?: string[];
  /** How setup.go treats the option now, when it is deprecated, ignored or removed. */
  deprecation?: DeprecationNote;
  notes?: string[];
}

/** When something was deprecated or removed, and what to use instead. */
export interface LifecycleNote {
  /** CoreDNS version, e.g. '1.7.0'. */
  since: string;
  replacement?: string;
  note?: string;
}

export interface PluginSpec {
  name: string;
  /** 1-based position in plugin.cfg: setup and execution order (0 for external plugins, which are not in it). */
  order: number;
  summary: string;
  docsUrl: string;
  /** Usage lines, as the plugin README's Syntax section gives them. */
  syntax: string[];
  args: ArgList;
  block: {
    allowed: boolean;
    required: boolean;
    notes?: string;
    /** Unknown block lines are data (hosts entries), not options. */
    inlineEntries?: boolean;
    /** Block tokens are appended to the arguments (rewrite). */
    freeform?: boolean;
  };
  options: OptionSpec[];
  /**
   * How repeated occurrences in one server block behave: `merged` when
   * each adds to the configuration, `ignored` when repeats change nothing.
   */
  multiple: 'allowed' | 'error' | 'last-wins' | 'first-wins' | 'merged' | 'ignored';
  /** The rejection message for `multiple: 'error'`, and further notes. */
  multipleDetail?: { message?: string; notes?: string };
  /** Alternative syntaxes, where the directive has several. */
  forms?: FormSpec[];
  /** What setup.go says about an unknown block option (per form where it differs); absent when no block is parsed. */
  unknownOptionError?: string | Record<string, string>;
  /** Defaults that matter, as readable values. */
  defaults?: Record<string, string>;
  /** Deprecated, ignored or removed arguments, options and forms. */
  deprecations?: Array<DeprecationNote & { name: string; kind: 'option' | 'argument' | 'form' }>;
  /** Cross-plugin or start-up constraints. */
  requires?: string[];
  /** Parsing quirks worth showing in hover text. */
  notes?: string[];
  /** For external plugins: the repository, e.g. coredns/alternate. */
  repo?: string;
  /** Introduced in this CoreDNS version (undefined: before 1.0). */
  since?: string;
  deprecated?: LifecycleNote;
  /** For external (out-of-tree) plugins declared in config. */
  external?: boolean;
}

/** What a setup validator sees: the tokens CoreDNS's setup function would get. */
export interface SetupContext {
  /**
   * Every token of every occurrence of the directive in one server block,
   * in order, each occurrence starting with the directive name token
   * (CoreDNS's c.Dispenser for that block).
   */
  tokens: readonly CoreToken[];
  /** The block's keys after normalisation, e.g. `dns://example.org.:53` (c.ServerBlockKeys). */
  serverBlockKeys: string[];
  /** How CoreDNS names the Corefile in messages ('Corefile', or 'Testfile' in CoreDNS's tests). */
  filename: string;
}

/** One finding of a setup validator. */
export interface SetupIssue {
  severity: 'error' | 'warning';
  /**
   * The message as CoreDNS prints it, e.g.
   * `plugin/forward: Corefile:3 - Error during parsing: Wrong argument count or unexpected line ending after 'forward'`.
   */
  coreMessage: string;
  /** The same without the `plugin/NAME: FILE:LINE - Error during parsing: ` prefix, for editors. */
  message: string;
  /** The token CoreDNS was at; undefined when the error is about the whole directive. */
  token?: CoreToken;
}

/**
 * Validates one server block's occurrences of a directive exactly as the
 * plugin's setup.go parses them (what it accepts and rejects, and its
 * wording). Pure: no file system, network or clock.
 */
export type SetupValidator = (ctx: SetupContext) => SetupIssue[];

export interface PluginDefinition {
  spec: PluginSpec;
  validate: SetupValidator;
}
