import type { AstPath, Doc, Options, Parser, Plugin, Printer, SupportLanguage, SupportOptions } from 'prettier';
import { builders } from 'prettier/doc';
import type { BodyItem, File, TopItem } from '../ast/nodes.js';
import { DEFAULT_TAB_WIDTH } from './format.js';
import { locEnd, locStart, parseForPrettier, type CorefileRoot } from './parser.js';
import { createContext, endsInOpenQuote, Lines, printFile, printItem, printTop } from './printer.js';

/**
 * The Prettier 3 plugin, exported as `corefile/prettier`:
 *
 *     prettier --plugin corefile/prettier --write Corefile
 *
 * The layout is fixed, as gofmt's is; only Prettier's own `useTabs`,
 * `tabWidth` and `endOfLine` apply.
 */
export const languages: SupportLanguage[] = [
  {
    name: 'Corefile',
    parsers: ['corefile'],
    filenames: ['Corefile'],
    extensions: ['.corefile', '.Corefile'],
    vscodeLanguageIds: ['corefile'],
  },
];

export const parsers: Record<string, Parser<CorefileRoot>> = {
  corefile: {
    parse: (text, options) => parseForPrettier(text, options),
    astFormat: 'corefile',
    locStart,
    locEnd,
  },
};

type AnyNode = CorefileRoot | TopItem | BodyItem;

/** Child properties, for Prettier's cursor tracking (comments are not attached by Prettier). */
const visitorKeys: Record<string, string[]> = {
  File: ['body'],
  ServerBlock: ['keys', 'open', 'body', 'close'],
  Snippet: ['key', 'open', 'body', 'close'],
  Import: ['keyword', 'args'],
  Directive: ['name', 'args', 'block', 'rest'],
  Block: ['open', 'body', 'close'],
  Word: [],
  Punct: [],
  Comment: [],
};

function print(path: AstPath<AnyNode>, options: Options): Doc {
  const root = path.root as CorefileRoot;
  const file = { ...root, comments: root.sourceComments } as File;
  const text = (options as { originalText: string }).originalText;
  const indent = options.useTabs ? '\t' : ' '.repeat(options.tabWidth ?? DEFAULT_TAB_WIDTH);
  const ctx = createContext(file, text, { indent });
  const out = new Lines();
  const node = path.node;
  // Prettier asks for the root (this printer lays out the whole tree itself,
  // comments included); any other node prints on its own at the left margin.
  if (node.type === 'File') printFile(file, out, ctx);
  else if (path.parent?.type === 'File') printTop(node as TopItem, out, ctx);
  else printItem(node as BodyItem, out, ctx, 0);
  if (out.broken) throw new Error('the Corefile formatter could not lay this file out without changing what CoreDNS reads');
  const doc = builders.join(builders.hardline, out.lines);
  if (node.type !== 'File' || out.lines.length === 0 || endsInOpenQuote(file)) return doc;
  return [doc, builders.hardline];
}

export const printers: Record<string, Printer<AnyNode>> = {
  corefile: {
    print,
    getVisitorKeys: (node) => visitorKeys[(node as { type: string }).type] ?? [],
  },
};

/** The style has no options of its own. */
export const options: SupportOptions = {};

/** CoreDNS's own examples and kubeadm's ConfigMap indent by 4. */
export const defaultOptions: Plugin['defaultOptions'] = { tabWidth: DEFAULT_TAB_WIDTH };

const plugin: Plugin<AnyNode> = { languages, parsers: parsers as Plugin<AnyNode>['parsers'], printers, options, defaultOptions };
export default plugin;
