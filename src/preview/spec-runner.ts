/**
 * DNS unit tests for a Corefile (`corefile test SPEC.yaml`): a YAML list of
 * queries with expectations, run against one engine (so per-server state
 * such as erratic's counters behaves as in a running CoreDNS), and the
 * reports (text like a test runner, JSON, JUnit XML). Pure: the CLI reads
 * the files.
 */
import { parseDocument } from 'yaml';
import { rrText } from './dns/rr.js';
import type { Engine } from './engine.js';
import { previewWith, type PreviewOptions, type PreviewQuery, type PreviewResult } from './index.js';
import { parseRR } from './zonefile.js';

/** Where a query comes from and arrives. */
export interface SpecArrival {
  clientIP?: string;
  clientPort?: number;
  serverIP?: string;
  port?: number;
  transport?: string;
  tcp?: boolean;
}

export interface SpecExpect {
  rcode?: string;
  /** Every record, nothing else (order does not matter). */
  answer?: string[];
  authority?: string[];
  additional?: string[];
  /** At least these records. */
  answerContains?: string[];
  authorityContains?: string[];
  additionalContains?: string[];
  /** `aa`, `tc`, … must be set; `!aa` must not be. */
  flags?: string[];
  /** The plugin that wrote (or refused) the reply; `server` for the server's own replies. */
  answeredBy?: string;
  /** answered | forwarded | undetermined | no-reply | no-listener */
  outcome?: string;
}

export interface SpecCase {
  name: string;
  query: PreviewQuery;
  arrival: SpecArrival;
  expect: SpecExpect;
  /** 1-based line of the case in the spec file. */
  line: number;
}

export interface Spec {
  /** Corefile path as written in the spec (relative to the spec file). */
  corefile?: string;
  cluster?: string;
  defaults: SpecArrival;
  cases: SpecCase[];
}

export type SpecParse = { spec: Spec } | { error: string };

const ARRIVAL_KEYS: Record<string, keyof SpecArrival> = {
  client_ip: 'clientIP',
  'client-ip': 'clientIP',
  client_port: 'clientPort',
  server_ip: 'serverIP',
  port: 'port',
  transport: 'transport',
  tcp: 'tcp',
};

const EXPECT_KEYS: Record<string, keyof SpecExpect> = {
  rcode: 'rcode',
  answer: 'answer',
  authority: 'authority',
  additional: 'additional',
  answer_contains: 'answerContains',
  authority_contains: 'authorityContains',
  additional_contains: 'additionalContains',
  flags: 'flags',
  answered_by: 'answeredBy',
  outcome: 'outcome',
};

type Plain = Record<string, unknown>;
const isObj = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(v: unknown, where: string): string[] {
  if (typeof v === 'string') return where.endsWith('flags') ? v.split(/\s+/).filter(Boolean) : [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
  throw new SpecError(`${where}: expected a list of strings`);
}

class SpecError extends Error {}

/** `listener: [transport://][host]:port` (or a bare port), as a shorthand for transport, server_ip and port. */
function listener(v: unknown, where: string): SpecArrival {
  const text = typeof v === 'number' ? String(v) : v;
  if (typeof text !== 'string') throw new SpecError(`${where}.listener: expected "[transport://][address]:port"`);
  const m = /^(?:([a-z0-9]+):\/\/)?(?:\[?([0-9a-fA-F.:]*?)\]?:)?(\d{1,5})$/.exec(text.trim());
  if (!m || Number(m[3]) > 65535) throw new SpecError(`${where}.listener: expected "[transport://][address]:port", got ${JSON.stringify(text)}`);
  const a: SpecArrival = { port: Number(m[3]) };
  if (m[1]) a.transport = m[1];
  if (m[2]) a.serverIP = m[2];
  return a;
}

function arrival(o: Plain, where: string): SpecArrival {
  const a: SpecArrival = o.listener !== undefined ? listener(o.listener, where) : {};
  for (const [k, v] of Object.entries(o)) {
    const key = ARRIVAL_KEYS[k];
    if (!key) continue;
    if (key === 'tcp') {
      if (typeof v !== 'boolean') throw new SpecError(`${where}.${k}: expected true or false`);
      a.tcp = v;
    } else if (key === 'port' || key === 'clientPort') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) throw new SpecError(`${where}.${k}: expected a port number`);
      a[key] = v;
    } else {
      if (typeof v !== 'string') throw new SpecError(`${where}.${k}: expected a string`);
      a[key] = v;
    }
  }
  return a;
}

function query(v: unknown, where: string): PreviewQuery {
  if (typeof v === 'string') {
    const [name, type, cls] = v.trim().split(/\s+/);
    if (!name) throw new SpecError(`${where}: empty query`);
    return { name, type: type ?? 'A', class: cls };
  }
  if (isObj(v)) {
    if (typeof v.name !== 'string') throw new SpecError(`${where}.name: expected a domain name`);
    const q: PreviewQuery = { name: v.name, type: typeof v.type === 'string' || typeof v.type === 'number' ? v.type : 'A' };
    if (typeof v.class === 'string') q.class = v.class;
    if (typeof v.do === 'boolean') q.do = v.do;
    if (typeof v.bufsize === 'number') q.bufsize = v.bufsize;
    return q;
  }
  throw new SpecError(`${where}: expected "NAME [TYPE [CLASS]]" or {name, type}`);
}

/** Read a spec: a YAML list of cases, or a mapping with `corefile`, `cluster`, defaults and `tests`. */
export function parseSpec(text: string): SpecParse {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) return { error: doc.errors[0].message };
  const lineOf = (node: unknown): number => {
    const r = (node as { range?: [number, number, number] } | undefined)?.range;
    return r ? text.slice(0, r[0]).split('\n').length : 0;
  };
  let root: unknown;
  try {
    root = doc.toJS();
  } catch (e) {
    // Alias bombs and the like: a spec error, not a crash.
    return { error: e instanceof Error ? e.message : String(e) };
  }
  try {
    let items: unknown[];
    const spec: Spec = { defaults: {}, cases: [] };
    let itemNodes: unknown[] = [];
    if (Array.isArray(root)) {
      items = root;
      itemNodes = ((doc.contents as { items?: unknown[] } | null)?.items ?? []) as unknown[];
    } else if (isObj(root)) {
      if (root.corefile !== undefined) {
        if (typeof root.corefile !== 'string') throw new SpecError('corefile: expected a path');
        spec.corefile = root.corefile;
      }
      if (root.cluster !== undefined) {
        if (typeof root.cluster !== 'string') throw new SpecError('cluster: expected a path');
        spec.cluster = root.cluster;
      }
      spec.defaults = arrival(root, 'defaults');
      if (!Array.isArray(root.tests)) throw new SpecError('tests: expected a list of test cases');
      items = root.tests;
      const testsNode = (doc.contents as { get?: (k: string, keep: boolean) => unknown } | null)?.get?.('tests', true) as { items?: unknown[] } | undefined;
      itemNodes = testsNode?.items ?? [];
    } else throw new SpecError('expected a list of test cases, or a mapping with `tests:`');
    items.forEach((it, i) => {
      const where = `tests[${i}]`;
      if (!isObj(it)) throw new SpecError(`${where}: expected a mapping`);
      const q = query(it.query, `${where}.query`);
      const e: SpecExpect = {};
      const ex = it.expect;
      if (ex !== undefined) {
        if (!isObj(ex)) throw new SpecError(`${where}.expect: expected a mapping`);
        for (const [k, v] of Object.entries(ex)) {
          const key = EXPECT_KEYS[k];
          if (!key) throw new SpecError(`${where}.expect.${k}: unknown expectation (known: ${Object.keys(EXPECT_KEYS).join(', ')})`);
          if (key === 'rcode' || key === 'answeredBy' || key === 'outcome') {
            if (typeof v !== 'string') throw new SpecError(`${where}.expect.${k}: expected a string`);
            e[key] = v;
          } else e[key] = strings(v, `${where}.expect.${k}`);
        }
      }
      if (Object.keys(e).length === 0) throw new SpecError(`${where}: no expectations (expect: rcode, answer, …)`);
      for (const k of ['answer', 'authority', 'additional', 'answerContains', 'authorityContains', 'additionalContains'] as const) {
        for (const r of e[k] ?? []) {
          const p = expectedRecord(r);
          if ('error' in p) throw new SpecError(`${where}.expect: ${JSON.stringify(r)} is not a record: ${p.error}`);
        }
      }
      spec.cases.push({
        name: typeof it.name === 'string' ? it.name : `${q.name} ${q.type ?? 'A'}`,
        query: q,
        arrival: arrival(it, where),
        expect: e,
        line: lineOf(itemNodes[i]),
      });
    });
    if (spec.cases.length === 0) throw new SpecError('no test cases');
    return { spec };
  } catch (err) {
    if (err instanceof SpecError) return { error: err.message };
    throw err;
  }
}

/** An expected record in canonical form; the TTL may be left out, then it is not compared. */
function expectedRecord(s: string): { text: string; ttl: boolean } | { error: string } {
  const toks = s.trim().split(/\s+/);
  const ttl = toks.length > 1 && /^\d+$/.test(toks[1]) ? true : toks.length > 2 && /^\d+$/.test(toks[2]) && /^(IN|CH|HS|CLASS\d+)$/i.test(toks[1]);
  const p = parseRR(s);
  if ('error' in p) return { error: p.error };
  return { text: rrText(p.rr), ttl };
}

const withoutTTL = (t: string) => {
  const f = t.split('\t');
  return [f[0], ...f.slice(2)].join('\t');
};

function sameRecord(expected: string, actual: string): boolean {
  const e = expectedRecord(expected);
  if ('error' in e) return false;
  if (e.ttl) return e.text === actual;
  return withoutTTL(e.text) === withoutTTL(actual);
}

export interface Failure {
  what: string;
  expected: string;
  actual: string;
}

export interface CaseResult {
  case: SpecCase;
  ok: boolean;
  failures: Failure[];
  result: PreviewResult;
  answeredBy: string;
}

/** The plugin that decided the reply, from the trace. */
export function answeredBy(r: PreviewResult): string {
  if (r.trace.outcome === 'undetermined') return r.trace.undetermined?.plugin ?? 'unknown';
  const top = r.trace.steps.filter((s) => s.depth === 0);
  const write = [...top].reverse().find((s) => s.kind === 'answer' || s.kind === 'forward');
  if (write) return write.plugin;
  const err = [...top].reverse().find((s) => s.kind === 'error' && s.plugin !== 'server');
  if (err) return err.plugin;
  return 'server';
}

function compareSection(name: string, expected: string[] | undefined, contains: string[] | undefined, actual: string[], failures: Failure[]): void {
  const show = (l: string[]) => (l.length ? l.map((x) => x.split('\t').join(' ')).join('\n') : '(empty)');
  if (expected) {
    const left = [...actual];
    let ok = expected.length === actual.length;
    for (const e of expected) {
      const i = left.findIndex((a) => sameRecord(e, a));
      if (i < 0) ok = false;
      else left.splice(i, 1);
    }
    if (!ok) failures.push({ what: name, expected: show(expected), actual: show(actual) });
  }
  if (contains) {
    const missing = contains.filter((e) => !actual.some((a) => sameRecord(e, a)));
    if (missing.length) failures.push({ what: `${name} contains`, expected: show(missing), actual: show(actual) });
  }
}

export function checkCase(c: SpecCase, r: PreviewResult): CaseResult {
  const e = c.expect;
  const failures: Failure[] = [];
  const by = answeredBy(r);
  if (e.outcome !== undefined && e.outcome !== r.trace.outcome) failures.push({ what: 'outcome', expected: e.outcome, actual: r.trace.outcome });
  if (e.rcode !== undefined && e.rcode.toUpperCase() !== r.rcode) failures.push({ what: 'rcode', expected: e.rcode.toUpperCase(), actual: r.rcode });
  compareSection('answer', e.answer, e.answerContains, r.answer, failures);
  compareSection('authority', e.authority, e.authorityContains, r.authority, failures);
  compareSection('additional', e.additional, e.additionalContains, r.additional, failures);
  if (e.flags) {
    const bad = e.flags.filter((f) => (f.startsWith('!') ? r.flags.includes(f.slice(1).toLowerCase()) : !r.flags.includes(f.toLowerCase())));
    if (bad.length) failures.push({ what: 'flags', expected: e.flags.join(' '), actual: r.flags.join(' ') || '(none)' });
  }
  if (e.answeredBy !== undefined && e.answeredBy !== by) failures.push({ what: 'answered by', expected: e.answeredBy, actual: by });
  return { case: c, ok: failures.length === 0, failures, result: r, answeredBy: by };
}

/** Preview options for one case: the spec's defaults, then the case's own arrival. */
function optionsFor(base: PreviewOptions, defaults: SpecArrival, a: SpecArrival): PreviewOptions {
  const m = { ...defaults, ...a };
  return {
    ...base,
    clientIP: m.clientIP ?? base.clientIP,
    clientPort: m.clientPort ?? base.clientPort,
    serverIP: m.serverIP ?? base.serverIP,
    port: m.port ?? base.port,
    transport: m.transport ?? base.transport,
    // tls://, https:// and grpc:// listeners are TCP connections: replies are never truncated, whoami says _tcp.
    proto: m.tcp !== undefined ? (m.tcp ? 'tcp' : 'udp') : m.transport && ['tls', 'https', 'grpc'].includes(m.transport) ? 'tcp' : base.proto,
  };
}

/** Run every case, in order, against one engine. */
export function runSpec(engine: Engine, spec: Spec, base: PreviewOptions = {}): CaseResult[] {
  return spec.cases.map((c) => checkCase(c, previewWith(engine, c.query, optionsFor(base, spec.defaults, c.arrival))));
}

// ---------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------

export interface SpecSummary {
  passed: number;
  failed: number;
}

export function summarize(results: CaseResult[]): SpecSummary {
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed };
}

function describeQuery(c: SpecCase): string {
  const q = c.query;
  const a = c.arrival;
  const extra = [a.clientIP && `client ${a.clientIP}`, a.transport && `${a.transport}://`, a.port !== undefined && `port ${a.port}`, a.tcp && 'tcp', q.do && 'do'].filter(Boolean);
  return `${q.name} ${q.type ?? 'A'}${q.class ? ` ${q.class}` : ''}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

function indent(s: string, pad: string): string {
  return s
    .split('\n')
    .map((l, i) => (i === 0 ? l : pad + l))
    .join('\n');
}

/** One line per case, the failures spelled out, then `N passed, N failed`. */
export function renderSpecText(results: CaseResult[], title: string): string {
  const out: string[] = [title, ''];
  for (const r of results) {
    out.push(`  ${r.ok ? '✓' : '✗'} ${r.case.name}${r.case.name.includes(r.case.query.name) ? '' : `  (${describeQuery(r.case)})`}`);
    if (r.ok) continue;
    out.push(`      query:    ${describeQuery(r.case)}${r.case.line ? `  [line ${r.case.line}]` : ''}`);
    for (const f of r.failures) {
      out.push(`      ${f.what}:`);
      out.push(`        expected: ${indent(f.expected, '                  ')}`);
      out.push(`        actual:   ${indent(f.actual, '                  ')}`);
    }
    const res = r.result;
    out.push(`      actual reply: ${res.rcode} flags [${res.flags.join(' ')}], answered by ${r.answeredBy}${res.trace.undetermined ? ` (cannot preview: ${res.trace.undetermined.reason})` : ''}`);
    for (const [name, list] of [['answer', res.answer], ['authority', res.authority], ['additional', res.additional]] as const) {
      for (const rec of list) out.push(`        ${name.padEnd(10)} ${rec.split('\t').join(' ')}`);
    }
  }
  const s = summarize(results);
  out.push('', `${s.passed} passed, ${s.failed} failed`);
  return out.join('\n') + '\n';
}

export function renderSpecJson(results: CaseResult[], file: string, corefile: string): string {
  const s = summarize(results);
  return (
    JSON.stringify(
      {
        file,
        corefile,
        ...s,
        cases: results.map((r) => ({
          name: r.case.name,
          line: r.case.line,
          query: r.case.query,
          ok: r.ok,
          failures: r.failures,
          answeredBy: r.answeredBy,
          reply: { rcode: r.result.rcode, flags: r.result.flags, answer: r.result.answer, authority: r.result.authority, additional: r.result.additional, outcome: r.result.trace.outcome },
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderSpecJunit(results: CaseResult[], suite: string): string {
  const s = summarize(results);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites tests="${results.length}" failures="${s.failed}">`, `  <testsuite name="${xml(suite)}" tests="${results.length}" failures="${s.failed}" errors="0" skipped="0">`];
  for (const r of results) {
    const head = `    <testcase classname="${xml(suite)}" name="${xml(r.case.name)}"`;
    if (r.ok) {
      lines.push(`${head}/>`);
      continue;
    }
    const msg = r.failures.map((f) => `${f.what}: expected ${f.expected.split('\n').join('; ')}, got ${f.actual.split('\n').join('; ')}`).join(' | ');
    const body = [`query: ${describeQuery(r.case)}`, ...r.failures.flatMap((f) => [`${f.what}:`, `  expected: ${f.expected}`, `  actual:   ${f.actual}`])].join('\n');
    lines.push(`${head}>`, `      <failure message="${xml(msg)}">${xml(body)}</failure>`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n') + '\n';
}
