import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../src/ast/fs.js';
import {
  checkZoneSyntax,
  groupConfigsByListenAddr,
  hostNormalizeExact,
  hostPort,
  hostPortOrFile,
  inspectServerBlocks,
  nameMatches,
  normalizeName,
  originsFromArgsOrServerBlock,
  splitProtocolHostPort,
  splitTransport,
  startUpZones,
  ZoneOverlap,
  zonesMatches,
  type ZoneAddr,
} from '../src/catalog/zones.js';
import { haveShared, readJsonl } from './support/shared.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Case = { kind: string; name?: string; input: any; expect?: any; shouldErr?: boolean; defaultPort?: string; fixtures?: Record<string, string>; goLine: number };

const cases = readJsonl<Case>('conformance/zone-cases.jsonl');

/** Nested strings of invalid UTF-8 come as `{text, base64}`; a JS string can only hold `text`. */
const str = (v: unknown): string => (typeof v === 'string' ? v : (v as { text: string }).text);

// Every case runs; there are no exceptions. The invalid-UTF-8 cases run on
// their U+FFFD text form, which is what a UTF-8 reader such as ours hands the checker.

const check: Record<string, (c: Case) => void> = {
  inspectServerBlocks(c) {
    const r = inspectServerBlocks(c.input.serverBlockKeys);
    expect(r.ok).toBe(!c.shouldErr);
    if (!r.ok) return;
    expect(r.blocks.map((b) => b.keys)).toEqual(c.expect.serverBlockKeys);
    const all = r.blocks.flatMap((b) => b.addrs);
    expect(all.length).toBe(c.expect.configsLen);
    for (const a of all) expect({ zone: a.zone, port: a.port, transport: a.transport }).toEqual(c.expect.zoneAddrs[`${a.transport}://${a.zone}:${a.port}`]);
  },
  groupConfigsByListenAddr(c) {
    const r = groupConfigsByListenAddr(c.input.configs);
    expect(r.ok).toBe(!c.shouldErr);
    if (r.ok) expect([...r.groups.keys()].sort()).toEqual([...c.expect.groups].sort());
  },
  splitProtocolHostPort(c) {
    const r = splitProtocolHostPort(c.input);
    expect(r.ok).toBe(!c.shouldErr);
    if (r.ok) expect({ protocol: r.protocol, ip: r.ip, port: r.port }).toEqual(c.expect);
  },
  overlapCheck(c) {
    const checker = new ZoneOverlap();
    for (const step of c.input.sequence) {
      const z: ZoneAddr = step.zoneAddr;
      const r = checker.registerAndCheck(z);
      expect(!!r.existing).toBe(step.same);
      if (!step.same) {
        expect(!!r.overlap).toBe(step.overlap);
        if (step.overlap) {
          const o = r.overlap!;
          expect(`${o.transport}://${o.zone}:${o.port}${o.address ? ' on ' + o.address : ''}`).toBe(step.overlapKey);
        }
      }
    }
  },
  checkZoneSyntax(c) {
    expect(checkZoneSyntax(c.input)).toBe(c.expect.valid);
  },
  startUpZones(c) {
    expect(startUpZones(c.input.protocol, c.input.addr, c.input.zones)).toBe(c.expect.output);
  },
  hostNormalizeExact(c) {
    if (c.expect.zones === null) return; // nothing is asserted upstream (see the case's note)
    const got = hostNormalizeExact(c.input);
    const want = [...c.expect.zones].sort();
    // Upstream compares the first len(expected) results after sorting the expectation.
    expect(got.slice(0, want.length)).toEqual(want);
  },
  originsFromArgsOrServerBlock(c) {
    const args = (c.input.args ?? []).map(str);
    const keys = (c.input.serverBlockKeys ?? []).map(str);
    expect(originsFromArgsOrServerBlock(args, keys)).toEqual(c.expect.origins.map(str));
  },
  nameMatches(c) {
    expect(nameMatches(c.input.parent, c.input.child)).toBe(c.expect.matches);
  },
  nameNormalize(c) {
    expect(normalizeName(c.input)).toBe(c.expect.name);
  },
  zonesNormalize(c) {
    expect(c.input.map(normalizeName)).toEqual(c.expect.zones);
  },
  zonesMatches(c) {
    expect(zonesMatches(c.input.zones, c.input.qname)).toBe(c.expect.match);
  },
  hostPortOrFile(c) {
    const files: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.fixtures ?? {})) files[`/work/${k}`] = v;
    const r = hostPortOrFile([c.input], memoryFileSystem(files), (p) => (p.startsWith('/') ? p : `/work/${p}`));
    expect(r.ok).toBe(!c.shouldErr);
    if (r.ok) expect(r.servers[0]).toBe(c.expect.first);
  },
  hostPort(c) {
    const r = hostPort(c.input, c.defaultPort ?? '53');
    expect(r.ok).toBe(!c.shouldErr);
    if (r.ok) expect(r.hostPort).toBe(c.expect.hostPort);
  },
  transport(c) {
    expect(splitTransport(c.input).transport).toBe(c.expect.transport);
  },
};

describe.runIf(haveShared())('zone-cases.jsonl agree with CoreDNS', () => {
  it('has the cases', () => expect(cases.length).toBeGreaterThanOrEqual(117));
  for (const c of cases) {
    const title = `${c.kind} ${c.name ?? JSON.stringify(c.input).slice(0, 60)} (line ${c.goLine})`;
    const fn = check[c.kind];
    it(title, () => {
      expect(fn, `no checker for kind ${c.kind}`).toBeDefined();
      fn!(c);
    });
  }
});

describe('zones: CoreDNS behaviour from the reference (§3)', () => {
  const one = (k: string) => {
    const r = inspectServerBlocks([[k]]);
    return r.ok ? r.blocks[0]!.keys : r.error;
  };
  it.each([
    ['.', ['dns://.:53']],
    ['Example.ORG.', ['dns://example.org.:53']],
    ['tls://.:53', ['tls://.:53']],
    ['https3://.', ['https3://.:443']],
    ['unix://foo', ['unix://foo.:']],
    ['udp://example.org', ['dns://udp://example.org.:53']],
    ['example.org:abc', ['dns://example.org:abc.:53']],
    ['example.org:0053', ['dns://example.org.:53']],
    ['::1', ['dns://:.:1']],
    ['127.0.0.1:53:53', ['dns://127.0.0.1:53.:53']],
    ['10.0.0.0/33', ['dns://10.0.0.0/33.:53']],
    ['0.0.0.0/0', ['dns://in-addr.arpa.:53']],
    // net.ParseCIDR's dtoi takes any number of leading zeros.
    ['10.0.0.0/00024', ['dns://0.0.10.in-addr.arpa.:53']],
    // strconv.Itoa prints an int64 port back digit for digit.
    ['example.org:9007199254740993', ['dns://example.org.:9007199254740993']],
    // strings.ToLower: U+0130 lowers to a plain i, a final sigma to σ.
    ['İSTANBUL.', ['dns://istanbul.:53']],
    ['ΟΔΟΣ.', ['dns://οδοσ.:53']],
    ['192.168.0.0/23:1053', ['dns://0.168.192.in-addr.arpa.:1053', 'dns://1.168.192.in-addr.arpa.:1053']],
    ['example.org:', 'expecting data after last colon: "example.org:"'],
    ['example..org', 'zone is not a valid domain name: example..org'],
    ['.example.org', 'zone is not a valid domain name: .example.org'],
    ['::/0', 'invalid CIDR ::/0'],
  ])('%s', (k, want) => expect(one(k)).toEqual(want));

  it('expands /27 into 32 zones', () => {
    const r = inspectServerBlocks([['10.0.0.0/27']]);
    expect(r.ok && r.blocks[0]!.keys.length).toBe(32);
  });
});
