/**
 * ../shared/conformance/query-cases.jsonl: CoreDNS's own query tests
 * (whole-server tests from test/ and the kubernetes handler tables) run
 * through the preview engine, case by case. Cases the engine cannot run
 * are listed in EXCEPTIONS with the reason; everything else must match.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../src/ast/fs.js';
import { newMsg, newQuery, type Msg } from '../src/preview/dns/message.js';
import { rcodeName, rdataText, rr, rrText, T, typeFromName, type RR } from '../src/preview/dns/rr.js';
import { buildEngine, evaluate } from '../src/preview/engine.js';
import { loadCluster } from '../src/preview/kubernetes/cluster.js';
import { exchangeKey } from '../src/preview/plugins/forward.js';
import type { Arrival, UpstreamMode } from '../src/preview/types.js';
import { parseRR } from '../src/preview/zonefile.js';
import { haveShared, readJsonl, sharedPath } from './support/shared.js';

interface QueryCase {
  corefile: string | null;
  corefileFile?: string;
  cluster?: string;
  harness?: string;
  pluginSetup?: { apiSynced?: boolean; upstream?: unknown };
  query: { name: string; type: string };
  queryModifiers?: string[];
  transport?: string;
  expect: Record<string, unknown> & { rcode?: string; answer?: string[]; ns?: string[]; extra?: string[]; upstream?: string; truncated?: boolean };
  expectKind: string;
  fixtures?: Record<string, string | null>;
  source: string;
  requires?: string[];
}

/** 1-based line of query-cases.jsonl → why the preview cannot run it. */
const EXCEPTIONS: Record<number, string> = {
  6: 'needs an etcd server and a public resolver (forward . 8.8.8.8); the preview reports etcd as undeterminable',
  8: 'the CNAME target is resolved by forwarding to 8.8.8.8 over the internet; offline the forward answers SERVFAIL',
  26: 'the client signs the query with TSIG; TSIG verification is not modelled (tsig is reported as undeterminable)',
  27: 'TSIG signature with an unknown key: TSIG verification is not modelled',
  28: 'TSIG signature with a wrong secret: TSIG verification is not modelled',
  29: 'TSIG signature outside the fudge window: TSIG verification is not modelled',
  119: 'the Go table expects SOA TTL 300/minttl 30 for nsnoexist, but the plugin answers TTL 5 and the Go test ignores the result of SortAndCheck (README "Kubernetes fixture")',
};

const cases = haveShared() ? readJsonl<QueryCase>('conformance/query-cases.jsonl') : [];

/** How CoreDNS's test helper compares: sorted presentation strings; a SOA only by owner, TTL, type and mname. */
function canon(list: string[]): string[] {
  return list
    .map((s) => {
      const r = parseRR(s);
      if ('error' in r) return `unparsable: ${s}`;
      return canonRR(r.rr);
    })
    .sort();
}

function canonRR(x: RR): string {
  if (x.data.kind === 'soa') return `${x.name.toLowerCase()}\t${x.ttl}\tSOA\t${x.data.mname.toLowerCase()}`;
  return rrText(x).toLowerCase();
}

function substitute(s: string, fixtures: Record<string, string | null> | undefined): string {
  let out = s.replace(/@@TMPDIR@@/g, '/tmpdir');
  for (const k of Object.keys(fixtures ?? {})) out = out.split(k).join(`/fixtures/${k.replace(/\W/g, '_')}`);
  return out;
}

/** The handler test's canned upstream for the truncated ExternalName case (README "Kubernetes fixture"). */
function upstubFor(c: QueryCase): { extra: string; upstream: UpstreamMode } | undefined {
  if (!c.expect.upstream) return undefined;
  const answers = new Map<string, Msg | 'timeout'>();
  // README: the canned Upstub returns `ext.interwebs.test. 5 IN A 1.2.3.4` with TC set.
  const records = ['ext.interwebs.test.\t5\tIN\tA\t1.2.3.4'].map((s) => {
    const r = parseRR(s);
    if ('error' in r) throw new Error(r.error);
    return r.rr;
  });
  const reply = newMsg();
  reply.qr = true;
  reply.tc = true;
  reply.question = [{ name: records[0].name, type: records[0].type, class: 1 }];
  reply.answer = records;
  // The self-lookup CoreDNS makes (upstream.Lookup: RD, EDNS with the client's size and DO).
  const probe = newQuery(records[0].name, records[0].type, { edns: { udpSize: 65535, do: false } });
  answers.set(exchangeKey('192.0.2.53:53', probe), reply);
  const zone = records[0].name.split('.').slice(-2).join('.');
  return { extra: `\n${zone} {\n    forward . 192.0.2.53\n}\n`, upstream: { mode: 'exchange', answers } };
}

function run(c: QueryCase) {
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.fixtures ?? {})) if (v !== null) files[`/fixtures/${k.replace(/\W/g, '_')}`] = v;
  let text: string;
  const handler = c.harness === 'handler';
  if (handler) text = fs.readFileSync(sharedPath('conformance', c.corefileFile!), 'utf8');
  else text = substitute(c.corefile!, c.fixtures);
  const stub = handler ? upstubFor(c) : undefined;
  if (stub) text += stub.extra;
  const engine = buildEngine(text, {
    fs: memoryFileSystem(files),
    corefilePath: '/Corefile',
    env: () => undefined,
    cluster: c.cluster ? loadCluster(fs.readFileSync(sharedPath('conformance', c.cluster), 'utf8')) : undefined,
    upstream: stub?.upstream ?? { mode: 'offline' },
    hostname: 'localhost',
    serial: 0,
    clusterSynced: c.pluginSetup?.apiSynced !== false,
  });
  const type = typeFromName(c.query.type);
  expect(type, c.query.type).toBeDefined();
  const name = c.query.name.endsWith('.') ? c.query.name : c.query.name + '.';
  // The handler tests call the plugin directly (no size limit); TCP gives the same room.
  const proto = handler || c.queryModifiers?.includes('tcp') || (c.transport && c.transport !== 'dns') ? 'tcp' : 'udp';
  const arrival: Arrival = { transport: c.transport ?? 'dns', proto, clientIP: '127.0.0.1', clientPort: 53535, serverIP: '127.0.0.1' };
  const q = newQuery(name, type!, { edns: c.queryModifiers?.includes('edns0') ? { udpSize: 4096 } : false });
  return { engine, ev: evaluate(engine, q, arrival) };
}

describe.skipIf(!haveShared())('query-cases.jsonl', () => {
  it('has the expected number of cases and every exception names a real line', () => {
    expect(cases.length).toBe(120);
    for (const line of Object.keys(EXCEPTIONS)) expect(Number(line)).toBeLessThanOrEqual(cases.length);
  });

  cases.forEach((c, i) => {
    const line = i + 1;
    const title = `line ${line}: ${c.query.name} ${c.query.type} (${c.source.replace('coredns/coredns:', '')})`;
    if (EXCEPTIONS[line]) {
      // An excepted case must still differ, so the table cannot outlive its reason.
      it(`${title} — excepted, still differs: ${EXCEPTIONS[line]}`, () => {
        expect(() => check(c)).toThrow();
      });
      return;
    }
    it(title, () => check(c));
  });
});

/** Run a case and assert CoreDNS's expectation; throws on any difference. */
function check(c: QueryCase): void {
  const { engine, ev } = run(c);
  expect(engine.issues.filter((x) => x.severity === 'error')).toEqual([]);
  expect(ev.facts.undetermined).toBeUndefined();
  const m = ev.message;
  expect(m, 'a reply').toBeDefined();
  const e = c.expect;
  if (c.expectKind.startsWith('full')) {
    expect({ rcode: rcodeName(m!.rcode), answer: m!.answer.map(canonRR).sort(), ns: m!.ns.map(canonRR).sort(), extra: m!.extra.map(canonRR).sort() }).toEqual({
      rcode: e.rcode,
      answer: canon(e.answer ?? []),
      ns: canon(e.ns ?? []),
      extra: canon(e.extra ?? []),
    });
    if (e.truncated !== undefined) expect(m!.tc).toBe(e.truncated);
    return;
  }
  if (e.rcode !== undefined) expect(rcodeName(m!.rcode)).toBe(e.rcode);
  if (e.answerCount !== undefined) expect(m!.answer.length).toBe(e.answerCount);
  if (e.nsCount !== undefined) expect(m!.ns.length).toBe(e.nsCount);
  // extraCount counts the OPT record too when the reply has one (miekg keeps it in Extra).
  if (e.extraCount !== undefined) expect(m!.extra.length + (m!.opt ? 1 : 0)).toBe(e.extraCount);
  for (const [k, v] of Object.entries((e.answerRdata as Record<string, string>) ?? {})) {
    const [idx, t] = k.split(':');
    const a = m!.answer[Number(idx)];
    expect(a && a.type === typeFromName(t) ? rdataText(a.data) : undefined, k).toBe(v);
  }
  for (const [idx, v] of Object.entries((e.answerString as Record<string, string>) ?? {})) {
    expect(canonRR(m!.answer[Number(idx)])).toBe(canon([v])[0]);
  }
}

// A guard that the comparison itself can fail: a wrong record is not equal.
describe('comparison helper', () => {
  it('tells records apart', () => {
    expect(canon(['a.example. 5 IN A 10.0.0.1'])).not.toEqual([canonRR(rr('a.example.', T.A, 5, { kind: 'ip', ip: '10.0.0.2' }))]);
  });
});
