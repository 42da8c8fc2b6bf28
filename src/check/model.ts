import type { EnvLookup } from '../ast/env.js';
import type { FileSystem } from '../ast/fs.js';
import { releaseDirective, type CoreDirective, type CoreReadResult, type CoreServerBlock, type CoreToken } from '../ast/read.js';
import type { PluginSpec, SetupContext, SetupIssue } from '../catalog/types.js';
import { normalizeKey, zoneAddrString, type ZoneAddr } from '../catalog/zones.js';
import type { Version } from './version.js';

/** A plugin that is not part of CoreDNS but compiled into the user's build. */
export interface ExternalPlugin {
  name: string;
  /** Runs right after this plugin in plugin.cfg order. */
  after?: string;
  /** 1-based position in plugin.cfg order (fractional values sit between two plugins). */
  position?: number;
}

/** What the checker needs from the plugin catalog; injected so tests can stub it. */
export interface CatalogApi {
  getPlugin?(name: string): PluginSpec | undefined;
  validateSetup?(name: string, ctx: SetupContext): SetupIssue[];
  hasSetupValidator?(name: string): boolean;
}

/** An option line inside a directive's block. */
export interface ModelOption {
  name: CoreToken;
  args: CoreToken[];
  /** 1 for an option of the directive, 2 inside an option's own block, … */
  depth: number;
}

/** One occurrence of a directive in CoreDNS's reading. */
export interface ModelDirective {
  name: string;
  nameToken: CoreToken;
  /** Every token CoreDNS collects for it, starting with the name. */
  tokens: CoreToken[];
  /** The words on the name's line before any `{`. */
  args: CoreToken[];
  /** The lines of its block(s) (read only: directives without any share one empty list). */
  options: readonly ModelOption[];
}

export interface ModelKey {
  text: string;
  token: CoreToken;
  /** The zones the key stands for, or the error CoreDNS gives for it. */
  addrs: ZoneAddr[];
  error?: string;
}

/** A server block as CoreDNS reads it. */
export interface ModelBlock {
  index: number;
  core: CoreServerBlock;
  keys: ModelKey[];
  /** Every zone the block serves (a CIDR key gives several). */
  addrs: ZoneAddr[];
  /** c.ServerBlockKeys as plugins see them, e.g. `dns://example.org.:53`. */
  serverBlockKeys: string[];
  directives: ModelDirective[];
  /** The directives by name, names in order of first occurrence (as CoreDNS runs their setups). */
  readonly byName: Map<string, ModelDirective[]>;
  /** Addresses from `bind`, or `['']` (every address). */
  listenHosts: string[];
  /** The block has a `view`: CoreDNS exempts it from "already defined". */
  filtered: boolean;
}

export interface Model {
  read: CoreReadResult;
  blocks: ModelBlock[];
  version: Version;
  /** Directive names the targeted CoreDNS build knows (in-tree plus declared external ones). */
  directives: ReadonlySet<string>;
  /** plugin.cfg position of a directive (external ones placed as declared). */
  position(name: string): number | undefined;
  externalPlugins: readonly ExternalPlugin[];
  catalog: CatalogApi;
  fs: FileSystem;
  env: EnvLookup;
  /** Absolute path of the checked file. */
  path: string;
  /** How CoreDNS names the file in messages. */
  filename: string;
}

function sameLine(a: CoreToken, b: CoreToken): boolean {
  return a.file === b.file && a.line === b.line;
}

/**
 * A directive's arguments and option lines (and, read from the lexer's table,
 * its tokens) are made when first read, and let go once its block is checked
 * (`releaseBlock`): a large file's directives are many, and what stays alive
 * through a lint is what garbage collection copies; made and dropped within
 * one block, they die young, which is cheap.
 */
class Shaped implements ModelDirective {
  private argsMade: CoreToken[] | undefined;
  private optionsMade: readonly ModelOption[] | undefined;
  /** Where the arguments end: the first token not on the name's line, or a `{` (-1: not yet known). */
  private argEndMade = -1;

  constructor(
    readonly name: string,
    private readonly core: CoreDirective,
  ) {}

  get tokens(): CoreToken[] {
    return this.core.tokens;
  }

  get nameToken(): CoreToken {
    return this.core.tokens[0]!;
  }

  get args(): CoreToken[] {
    return (this.argsMade ??= this.core.tokens.slice(1, this.argEnd()));
  }

  get options(): readonly ModelOption[] {
    if (this.optionsMade) return this.optionsMade;
    const tokens = this.core.tokens;
    const end = this.argEnd();
    return (this.optionsMade = end === tokens.length ? NO_OPTIONS : optionLines(tokens, end));
  }

  private argEnd(): number {
    if (this.argEndMade >= 0) return this.argEndMade;
    const tokens = this.core.tokens;
    const nameToken = tokens[0]!;
    let i = 1;
    while (i < tokens.length && sameLine(tokens[i]!, nameToken) && tokens[i]!.text !== '{') i++;
    return (this.argEndMade = i);
  }

  release(): void {
    this.argsMade = undefined;
    this.optionsMade = undefined;
    releaseDirective(this.core);
  }
}

/** The option lines after a directive's arguments. */
function optionLines(tokens: readonly CoreToken[], from: number): ModelOption[] {
  const options: ModelOption[] = [];
  let i = from;
  let depth = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.text === '{') depth++;
    else if (t.text === '}') depth--;
    else if (depth > 0) {
      // An option line: its name, then the words on the same line up to a brace.
      let j = i + 1;
      while (j < tokens.length && sameLine(tokens[j - 1]!, tokens[j]!) && tokens[j]!.text !== '{' && tokens[j]!.text !== '}') j++;
      options.push({ name: t, args: tokens.slice(i + 1, j), depth });
      i = j;
      continue;
    }
    i++;
  }
  return options;
}

/** Let go of what a block and its directives made when read; read again, it is made anew. */
export function releaseBlock(b: ModelBlock): void {
  if (b instanceof Block) b.release();
}

const NO_OPTIONS: readonly ModelOption[] = [];

/** Build the per-block model: keys normalised (every key, not only up to the first error). */
export function buildBlocks(read: CoreReadResult, dnsPort?: string): ModelBlock[] {
  return read.blocks.map((core, index) => {
    const keys: ModelKey[] = core.keys.map((k) => {
      const r = normalizeKey(k.text, { port: dnsPort });
      return r.ok ? { text: k.text, token: k.token, addrs: r.addrs } : { text: k.text, token: k.token, addrs: [], error: r.error };
    });
    const directives = core.directives.map((d) => new Shaped(d.name, d));
    const listenHosts: string[] = [];
    let filtered = false;
    for (const d of directives) {
      if (d.name === 'bind') for (const a of d.args) listenHosts.push(a.text);
      else if (d.name === 'view') filtered = true;
    }
    const addrs = keys.flatMap((k) => k.addrs);
    // InspectServerBlocks appends the extra zones of CIDR keys after all the keys, but then rewrites
    // every key from its list of zones, which is in key order: plugins see the zones in key order.
    const serverBlockKeys = addrs.map(zoneAddrString);
    return new Block(index, core, keys, addrs, serverBlockKeys, directives, listenHosts.length > 0 ? listenHosts : [''], filtered);
  });
}

/** A block of the model; its directives by name are grouped when first read and let go with the rest (`releaseBlock`). */
class Block implements ModelBlock {
  private byNameMade: Map<string, ModelDirective[]> | undefined;

  constructor(
    readonly index: number,
    readonly core: CoreServerBlock,
    readonly keys: ModelKey[],
    readonly addrs: ZoneAddr[],
    readonly serverBlockKeys: string[],
    readonly directives: ModelDirective[],
    readonly listenHosts: string[],
    readonly filtered: boolean,
  ) {}

  get byName(): Map<string, ModelDirective[]> {
    if (this.byNameMade) return this.byNameMade;
    const byName = new Map<string, ModelDirective[]>();
    for (const d of this.directives) {
      const l = byName.get(d.name);
      if (l) l.push(d);
      else byName.set(d.name, [d]);
    }
    return (this.byNameMade = byName);
  }

  release(): void {
    this.byNameMade = undefined;
    for (const d of this.directives) if (d instanceof Shaped) d.release();
  }
}
