import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { newMsg, newQuery } from '../src/preview/dns/message.js';
import { rr, T } from '../src/preview/dns/rr.js';
import { pack, truncate, uncompressedLength, unpackQuery, WireError } from '../src/preview/dns/wire.js';

type Decoded = { id: number; flags: number; answers: Array<{ name: string; type: string; data: unknown }>; additionals: Array<{ type: string; udpPayloadSize?: number }> };
const decode = (b: Uint8Array) => dnsPacket.decode(Buffer.from(b)) as unknown as Decoded;

function reply(n: number) {
  const m = newMsg();
  m.qr = true;
  m.id = 7;
  m.question = [{ name: 'Www.Example.org.', type: T.A, class: 1 }];
  for (let i = 0; i < n; i++) m.answer.push(rr('www.example.org.', T.A, 60, { kind: 'ip', ip: `192.0.2.${i + 1}` }));
  m.ns = [rr('example.org.', T.NS, 60, { kind: 'name', target: 'ns1.example.org.' })];
  m.extra = [rr('ns1.example.org.', T.A, 60, { kind: 'ip', ip: '192.0.2.53' }), rr('_s.example.org.', T.SRV, 60, { kind: 'srv', priority: 0, weight: 0, port: 53, target: 'ns1.example.org.' })];
  return m;
}

describe('wire format', () => {
  it('compressed messages decode to the same records (pointers are valid)', () => {
    const m = reply(5);
    m.compress = true;
    const b = pack(m);
    const d = decode(b);
    expect(d.answers.map((a) => a.data)).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5']);
    expect(b.length).toBeLessThan(pack({ ...m, compress: false }).length);
  });

  it('compression is case-sensitive and SRV targets are never compressed (miekg)', () => {
    const m = reply(1);
    m.compress = true;
    const b = Buffer.from(pack(m));
    // The owner www.example.org. differs in case from the question Www.Example.org., so only org. is shared.
    expect(b.includes(Buffer.from('\x03www\x07example\xc0', 'latin1'))).toBe(true);
    // SRV target ns1.example.org. written in full at least once more after the NS record's compressed copy.
    const srvAt = b.lastIndexOf(Buffer.from([0, 0x21, 0, 1]));
    expect(b.subarray(srvAt).includes(Buffer.from('\x03ns1\x07example\x03org\x00', 'latin1'))).toBe(true);
  });

  it('the computed length equals the packed length', () => {
    const m = reply(3);
    m.opt = { udpSize: 1232, extRcode: 0, version: 0, do: true, z: 0, options: [{ code: 10, data: new Uint8Array(8) }] };
    expect(uncompressedLength(m)).toBe(pack(m).length);
  });

  it('truncation keeps what fits, in section order, and sets TC', () => {
    const m = reply(60);
    m.opt = { udpSize: 512, extRcode: 0, version: 0, do: false, z: 0, options: [] };
    truncate(m, 512);
    expect(m.tc).toBe(true);
    expect(m.compress).toBe(true);
    expect(m.answer.length).toBeGreaterThan(20);
    expect(m.answer.length).toBeLessThan(60);
    expect(m.ns).toEqual([]);
    expect(pack(m).length).toBeLessThanOrEqual(512);
    const small = reply(2);
    expect(truncate(small, 512)).toBe(pack(small).length);
    expect([small.tc, small.compress]).toEqual([false, false]);
  });

  it('rcodes above 15 put their upper bits in the OPT record', () => {
    const m = newMsg();
    m.qr = true;
    m.rcode = 16;
    m.opt = { udpSize: 0, extRcode: 0, version: 0, do: false, z: 0, options: [] };
    const b = pack(m);
    expect(b[3] & 0xf).toBe(0);
    expect(b[b.length - 6]).toBe(1);
  });

  it('unpacks a query with its OPT record, and rejects malformed ones', () => {
    const q = newQuery('a.Example.', T.AAAA, { id: 99, edns: { udpSize: 1400, do: true } });
    const back = unpackQuery(pack(q));
    expect(back.question).toEqual([{ name: 'a.Example.', type: T.AAAA, class: 1 }]);
    expect(back.opt).toMatchObject({ udpSize: 1400, do: true, version: 0 });
    expect(() => unpackQuery(new Uint8Array([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1]))).toThrow(WireError);
    expect(() => unpackQuery(new Uint8Array([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, 97]))).toThrow(WireError);
    // dns-packet can read what we pack.
    expect(decode(pack(q)).additionals[0]).toMatchObject({ type: 'OPT', udpPayloadSize: 1400 });
  });
});
