import { describe, expect, it } from 'vitest';
import { lex } from '../grammar/index.js';
import { Dispenser } from '../src/ast/dispenser.js';
import { memoryFileSystem } from '../src/ast/fs.js';
import { groupByName, lexFile, readServerBlocks, type CoreReadResult } from '../src/ast/read.js';
import { parse } from '../src/ast/build.js';
import { haveShared, readJsonl } from './support/shared.js';

interface Case {
  kind: string;
  name?: string;
  input: string;
  inputBase64?: string;
  shouldErr?: boolean;
  expect?: any;
  env?: Record<string, string>;
  files?: Record<string, string>;
  steps?: any[];
  filename?: string;
  goLine: number;
  index?: number;
}

const cases = readJsonl<Case>('conformance/caddyfile-cases.jsonl');
const ROOT = '/conf/caddyfile';
const MAIN = `${ROOT}/Caddyfile`;

/** Lay the case's files out in memory: testdata beside the Caddyfile, temp files under /tmp. */
function materialize(c: Case): { input: string; files: Record<string, string> } {
  const files: Record<string, string> = {};
  const subst = (s: string) =>
    s
      .replace(/@@TMPFILE\((\w+)\)@@/g, (_, n) => `/tmp/conf/${n}`)
      .replace(/@@TMPDIR\((\w+)\)@@/g, (_, n) => `/tmp/confdir/${n}`)
      .replace(/@@ABS\(([^)]+)\)@@/g, (_, p) => `${ROOT}/${p}`);
  for (const [k, v] of Object.entries(c.files ?? {})) {
    const m = /^(.*)\/<base>_0 \.\. <base>_(\d+)$/.exec(k);
    if (m) {
      for (let i = 0; i <= Number(m[2]); i++) files[`${subst(m[1])}/f_${i}`] = v;
      continue;
    }
    const p = subst(k);
    files[p.startsWith('/') ? p : `${ROOT}/${p}`] = subst(v);
  }
  return { input: subst(c.input), files };
}

function read(c: Case): CoreReadResult {
  const { input, files } = materialize(c);
  return readServerBlocks(input, {
    path: MAIN,
    fs: memoryFileSystem(files),
    env: (k) => c.env?.[k],
    // The Go tests lower both caps to 10 (parse_test.go init).
    maxSnippetExpansions: 10,
    maxFileExpansions: 10,
  });
}

function counts(block: CoreReadResult['blocks'][number] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!block) return out;
  for (const [k, v] of groupByName(block)) out[k] = v.length;
  return out;
}

function evalPath(r: CoreReadResult, p: string): unknown {
  const blocks = r.blocks;
  let m: RegExpExecArray | null;
  if (p === 'len(blocks)') return blocks.length;
  if ((m = /^blocks\[(\d+)\]\.keys$/.exec(p))) return blocks[+m[1]].keys.map((k) => k.text);
  if ((m = /^blocks\[(\d+)\]\.keys\[(\d+)\]$/.exec(p))) return blocks[+m[1]].keys[+m[2]].text;
  if ((m = /^len\(blocks\[(\d+)\]\.tokens\)$/.exec(p))) return groupByName(blocks[+m[1]]).size;
  if ((m = /^blocks\[(\d+)\]\.tokens\.(\w+)\[(\d+)\]\.text$/.exec(p))) return groupByName(blocks[+m[1]]).get(m[2])?.[+m[3]]?.text;
  throw new Error(`unknown check path ${p}`);
}

describe.runIf(haveShared())('coredns/caddy caddyfile test tables', () => {
  const label = (c: Case) => `${c.kind} #${c.index ?? c.name ?? ''} (line ${c.goLine}): ${JSON.stringify(c.input).slice(0, 60)}`;

  for (const c of cases.filter((c) => c.kind === 'lexer')) {
    it(label(c), () => {
      const got = lex(c.input).tokens.map((t) => ({ text: t.text, line: t.line }));
      expect(got).toEqual(c.expect.tokens);
    });
  }

  for (const c of cases.filter((c) => c.kind === 'allTokens')) {
    it(label(c), () => {
      expect(lex(c.input).tokens.map((t) => t.text)).toEqual(c.expect.texts);
    });
  }

  for (const c of cases.filter((c) => c.kind === 'parseOne')) {
    it(label(c), () => {
      const r = read(c);
      // parseOne reads the first block only: an error counts when it strikes there.
      const first = r.blocks[0] ?? r.partial;
      const erred = r.error !== undefined && r.blocks.length === 0;
      expect(erred, r.error?.message).toBe(c.shouldErr ?? false);
      if (c.expect) {
        expect(first?.keys.map((k) => k.text) ?? []).toEqual(c.expect.keys);
        expect(counts(first)).toEqual(c.expect.directiveTokenCounts);
      }
    });
  }

  for (const c of cases.filter((c) => c.kind === 'parseAll')) {
    it(label(c), () => {
      const r = read(c);
      expect(r.error !== undefined, r.error?.message).toBe(c.shouldErr ?? false);
      if (c.expect?.serverBlockKeys && !c.shouldErr) expect(r.blocks.map((b) => b.keys.map((k) => k.text))).toEqual(c.expect.serverBlockKeys);
      for (const chk of c.expect?.checks ?? []) expect(evalPath(r, chk.path), chk.path).toEqual(chk.equals);
    });
  }

  for (const c of cases.filter((c) => c.kind === 'dispenser')) {
    it(label(c), () => {
      const d = new Dispenser(lexFile(c.input, ''), c.filename ?? 'Testfile');
      let targets: string[] = [];
      for (const s of c.steps!) {
        let ret: unknown;
        switch (s.op) {
          case 'Next': ret = d.next(); break;
          case 'NextArg': ret = d.nextArg(); break;
          case 'NextLine': ret = d.nextLine(); break;
          case 'NextBlock': ret = d.nextBlock(); break;
          case 'Val': break;
          case 'SetCursor': d.cursor = s.cursor; break;
          case 'RemainingArgs': expect(d.remainingArgs()).toEqual(s.values ?? []); break;
          case 'Args': {
            const want: number = s.n ?? s.targets ?? 0;
            const old = [...targets];
            targets = Array.from({ length: want }, (_, i) => old[i] ?? '');
            let ok = true;
            for (let i = 0; i < want; i++) {
              if (!d.nextArg()) { ok = false; break; }
              targets[i] = d.val();
            }
            ret = ok;
            if (s.values) expect(targets.slice(0, s.values.length)).toEqual(s.values);
            break;
          }
          case 'ArgErr':
          case 'Err': {
            const msg = s.op === 'Err' ? d.err(s.arg ?? '').message : d.argErr().message;
            for (const want of [s.errContains].flat()) expect(msg).toContain(want);
            break;
          }
          case 'NextBlockLoop': {
            let done = false;
            for (let i = 0; i < s.maxIters; i++) {
              const before = d.cursor;
              if (!d.nextBlock()) { done = true; break; }
              expect(d.cursor).toBeGreaterThan(before);
            }
            expect(done).toBe(true);
            break;
          }
          default: throw new Error(`unknown op ${s.op}`);
        }
        if ('returns' in s) expect(ret, `${s.op} returns`).toBe(s.returns);
        if ('val' in s) expect(d.val(), `${s.op} val`).toBe(s.val);
        if ('cursor' in s && s.op !== 'SetCursor') expect(d.cursor, `${s.op} cursor`).toBe(s.cursor);
        if ('nesting' in s) expect(d.nesting, `${s.op} nesting`).toBe(s.nesting);
      }
    });
  }

  for (const c of cases.filter((c) => c.kind === 'corefileStartNoPanic')) {
    it(label(c), () => {
      const text = c.inputBase64 ? Buffer.from(c.inputBase64, 'base64').toString('utf8') : c.input;
      expect(() => parse(text)).not.toThrow();
      expect(() => read({ ...c, input: text })).not.toThrow();
    });
  }
});
