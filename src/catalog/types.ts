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
}

export interface OptionSpec {
  name: string;
  summary: string;
  /** Usage line, e.g. `policy random|round_robin|sequential`. */
  syntax: string;
  args: { min: number; max: number | null; items: ArgSpec[] };
  /** Default value as CoreDNS documents/applies it. */
  default?: string;
  /** Options that take a nested block of their own. */
  block?: boolean;
  deprecated?: LifecycleNote;
  removed?: LifecycleNote;
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
  /** 1-based position in plugin.cfg: setup and execution order. */
  order: number;
  summary: string;
  docsUrl: string;
  /** Usage lines, as the plugin README's Syntax section gives them. */
  syntax: string[];
  args: { min: number; max: number | null; items: ArgSpec[] };
  block: { allowed: boolean; required: boolean };
  options: OptionSpec[];
  /** How repeated occurrences in one server block behave. */
  multiple: 'allowed' | 'error' | 'last-wins' | 'first-wins' | 'merged' | 'ignored';
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
  tokens: CoreToken[];
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
