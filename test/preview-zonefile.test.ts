import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../src/ast/fs.js';
import { rrText } from '../src/preview/dns/rr.js';
import { parseRR, parseTTL, readZone } from '../src/preview/zonefile.js';

const read = (text: string, files: Record<string, string> = {}, origin = 'example.org.') => readZone(text, { origin, file: '/zones/db.example', fs: memoryFileSystem(files) });
const lines = (text: string, files?: Record<string, string>) => {
  const r = read(text, files);
  expect(r.error).toBeUndefined();
  return r.records.map(rrText);
};

describe('zone-file reader (miekg/dns ZoneParser semantics)', () => {
  it('TTL units and plain numbers', () => {
    expect([parseTTL('30M'), parseTTL('1h30m'), parseTTL('1W'), parseTTL('2d'), parseTTL('300'), parseTTL('5x')]).toEqual([1800, 5400, 604800, 172800, 300, undefined]);
  });

  it('owners: @, relative, absolute, blank (previous owner of any type), $ORIGIN changes', () => {
    expect(
      lines(`$TTL 1h
@ IN SOA ns hostmaster 1 2h 30m 2w 5m
  IN NS ns
www IN A 192.0.2.1
    IN AAAA 2001:db8::1
abs.example.net. IN A 192.0.2.2
$ORIGIN sub.example.org.
host IN A 192.0.2.3
`),
    ).toEqual([
      'example.org.\t3600\tIN\tSOA\tns.example.org. hostmaster.example.org. 1 7200 1800 1209600 300',
      'example.org.\t3600\tIN\tNS\tns.example.org.',
      'www.example.org.\t3600\tIN\tA\t192.0.2.1',
      'www.example.org.\t3600\tIN\tAAAA\t2001:db8::1',
      'abs.example.net.\t3600\tIN\tA\t192.0.2.2',
      'host.sub.example.org.\t3600\tIN\tA\t192.0.2.3',
    ]);
  });

  it('TTL and class in either order, lower-case keywords; without $TTL an explicit TTL becomes the default', () => {
    expect(lines('a 300 in a 192.0.2.1\nb IN 60 A 192.0.2.2\nc A 192.0.2.3\n')).toEqual(['a.example.org.\t300\tIN\tA\t192.0.2.1', 'b.example.org.\t60\tIN\tA\t192.0.2.2', 'c.example.org.\t60\tIN\tA\t192.0.2.3']);
    // With $TTL, a record's own TTL does not replace the default.
    expect(lines('$TTL 100\na 300 A 192.0.2.1\nb A 192.0.2.2\n')).toEqual(['a.example.org.\t300\tIN\tA\t192.0.2.1', 'b.example.org.\t100\tIN\tA\t192.0.2.2']);
  });

  it('a record without any TTL is an error', () => {
    const r = read('a A 192.0.2.1\n');
    expect(r.error).toMatchObject({ line: 1, message: 'dns: missing TTL with no previous value' });
  });

  it('parentheses join lines; comments and quotes; escapes in names and strings', () => {
    expect(
      lines(`$TTL 60
t TXT ( "first; not a comment"   ; a comment
        "second \\"quoted\\"" \\065BC )
a\\.b IN A 192.0.2.9
`),
    ).toEqual(['t.example.org.\t60\tIN\tTXT\t"first; not a comment" "second \\"quoted\\"" "ABC"', 'a\\.b.example.org.\t60\tIN\tA\t192.0.2.9']);
  });

  it('$INCLUDE relative to the including file, with its own origin; the origin comes back after it', () => {
    const files = { '/zones/inc/hosts.inc': 'h1 IN A 192.0.2.11\n' };
    expect(lines('$TTL 60\n$INCLUDE inc/hosts.inc lab.example.org.\nafter IN A 192.0.2.12\n', files)).toEqual(['h1.lab.example.org.\t60\tIN\tA\t192.0.2.11', 'after.example.org.\t60\tIN\tA\t192.0.2.12']);
    expect(read('$INCLUDE missing.inc\n').error?.message).toContain('failed to open');
  });

  it('$GENERATE with modifiers', () => {
    expect(lines('$TTL 60\n$GENERATE 1-3/2 host-${10,3,d} A 10.0.0.$\n')).toEqual(['host-011.example.org.\t60\tIN\tA\t10.0.0.1', 'host-013.example.org.\t60\tIN\tA\t10.0.0.3']);
  });

  it('typed data: MX, SRV, CAA, NAPTR, DS, TYPEnnn with \\# generic data', () => {
    expect(
      lines(`$TTL 60
@ MX 10 mail
_sip._tcp SRV 10 60 5060 sip
@ CAA 0 issue "letsencrypt.org"
@ NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp
@ DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118
x TYPE999 \\# 3 abcdef
y A \\# 4 c0000201
`),
    ).toEqual([
      'example.org.\t60\tIN\tMX\t10 mail.example.org.',
      '_sip._tcp.example.org.\t60\tIN\tSRV\t10 60 5060 sip.example.org.',
      'example.org.\t60\tIN\tCAA\t0 issue "letsencrypt.org"',
      'example.org.\t60\tIN\tNAPTR\t100 10 "S" "SIP+D2U" "" _sip._udp.example.org.',
      'example.org.\t60\tIN\tDS\t60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118',
      'x.example.org.\t60\tIN\tTYPE999\t\\# 3 abcdef',
      'y.example.org.\t60\tIN\tA\t192.0.2.1',
    ]);
  });

  it('bad data is an error with the line; unsupported types are skipped with a warning', () => {
    expect(read('$TTL 60\na A 300.1.1.1\n').error?.line).toBe(2);
    expect(read('$TTL 60\n( a A 192.0.2.1\n').error?.message).toContain('unbalanced');
    const r = read('$TTL 60\na RRSIG A 8 3 300 20260101000000 20250101000000 12345 example.org. abc=\nb A 192.0.2.1\n');
    expect(r.error).toBeUndefined();
    expect(r.warnings[0].message).toContain('RRSIG');
    expect(r.records.map(rrText)).toEqual(['b.example.org.\t60\tIN\tA\t192.0.2.1']);
  });

  it('parseRR is dns.NewRR: origin ".", TTL 3600 by default', () => {
    const r = parseRR('dns-version.cluster.local IN TXT 1.1.0');
    expect('rr' in r && rrText(r.rr)).toBe('dns-version.cluster.local.\t3600\tIN\tTXT\t"1.1.0"');
    expect('error' in parseRR('not a record')).toBe(true);
  });
});
