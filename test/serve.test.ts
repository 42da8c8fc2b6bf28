/**
 * `corefile serve` end to end: a real UDP/TCP server on loopback answering
 * from the engine, queried with a Node client and with dig (bind9-dnsutils;
 * required in CI, skipped with a notice elsewhere when missing).
 */
import { execFile, spawnSync } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../src/cli/node-fs.js';
import { startServer, type ServerHandle } from '../src/cli/serve.js';
import { buildEngine, engineEnv, loadCluster, type PreviewOptions } from '../src/preview/index.js';
import { repoRoot } from './support/shared.js';

const corefile = path.join(repoRoot, 'fixtures/preview/kubernetes.Corefile');
let server: ServerHandle;
const logs: string[] = [];

beforeAll(async () => {
  const options: PreviewOptions = { path: corefile, fs: nodeFileSystem, cluster: loadCluster(fs.readFileSync(path.join(repoRoot, 'fixtures/cluster.yaml'), 'utf8')) };
  const engine = buildEngine(fs.readFileSync(corefile, 'utf8'), engineEnv(options));
  server = await startServer({ host: '127.0.0.1', port: 0, engine, options, upstream: { mode: 'offline' }, live: false, log: (s) => logs.push(s), quiet: true });
});
afterAll(async () => server?.close());

function query(name: string, type: string, id = 4242): Buffer {
  return dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type: type as 'A', class: 'IN' }] });
}

function udp(packet: Uint8Array, timeoutMs = 1000): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const t = setTimeout(() => {
      s.close();
      resolve(undefined);
    }, timeoutMs);
    s.on('message', (b) => {
      clearTimeout(t);
      s.close();
      resolve(b);
    });
    s.send(packet, server.udpPort, '127.0.0.1');
  });
}

function tcpExchange(chunks: Uint8Array[], expect: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.tcpPort, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const out: Buffer[] = [];
    const t = setTimeout(() => {
      sock.destroy();
      resolve(out);
    }, 2000);
    sock.on('error', reject);
    sock.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    sock.on('connect', async () => {
      for (const c of chunks) {
        sock.write(c);
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        out.push(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
      if (out.length >= expect) {
        clearTimeout(t);
        sock.destroy();
        resolve(out);
      }
    });
  });
}

/** dns-packet's decoder; its typings leave out the rcode and the record fields read here. */
type Decoded = { id?: number; rcode: string; answers?: Array<{ name: string; type: string; ttl: number; data: unknown }> };
const decode = (b: Buffer): Decoded => dnsPacket.decode(b) as unknown as Decoded;

const frame = (b: Uint8Array) => {
  const l = Buffer.alloc(2);
  l.writeUInt16BE(b.length);
  return Buffer.concat([l, b]);
};

describe('corefile serve (Node client)', () => {
  it('answers over UDP from the engine', async () => {
    const r = decode((await udp(query('nginx.default.svc.cluster.local', 'A')))!);
    expect(r.id).toBe(4242);
    expect(r.rcode).toBe('NOERROR');
    expect(r.answers?.map((a) => [a.name, a.type, a.ttl, a.data])).toEqual([['nginx.default.svc.cluster.local', 'A', 30, '10.96.12.34']]);
  });

  it('answers several queries on one TCP connection, split across writes', async () => {
    const both = Buffer.concat([frame(query('db.default.svc.cluster.local', 'A', 1)), frame(query('missing.default.svc.cluster.local', 'A', 2))]);
    const replies = await tcpExchange([both.subarray(0, 7), both.subarray(7, 30), both.subarray(30)], 2);
    expect(replies.map((b) => decode(b)).map((m) => [m.id, m.rcode, m.answers?.length])).toEqual([
      [1, 'NOERROR', 2],
      [2, 'NXDOMAIN', 0],
    ]);
  });

  it('answers FORMERR to malformed queries, drops garbage, and keeps serving', async () => {
    expect(await udp(Buffer.from([1, 2, 3, 4, 5]), 300)).toBeUndefined();
    const twoQuestions = Buffer.from(query('a.example', 'A', 77));
    twoQuestions.writeUInt16BE(2, 4);
    const fe = decode((await udp(twoQuestions))!);
    expect([fe.id, fe.rcode]).toEqual([77, 'FORMERR']);
    const badPointer = Buffer.from([0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1]);
    expect(decode((await udp(badPointer))!).rcode).toBe('FORMERR');
    const notimp = Buffer.from(query('a.example', 'A', 78));
    notimp[2] = (notimp[2] & 0x87) | (2 << 3);
    expect(decode((await udp(notimp))!).rcode).toBe('NOTIMP');
    const response = Buffer.from(query('a.example', 'A', 79));
    response[2] |= 0x80;
    expect(await udp(response, 300)).toBeUndefined();
    expect(logs.some((l) => l.includes('FORMERR'))).toBe(true);
    expect(decode((await udp(query('kubernetes.default.svc.cluster.local', 'A')))!).rcode).toBe('NOERROR');
  });

  it('closes a TCP connection with a bogus frame and keeps serving', async () => {
    const replies = await tcpExchange([Buffer.from([0, 3, 1, 2, 3])], 1);
    expect(replies).toEqual([]);
    const ok = await tcpExchange([frame(query('nginx.default.svc.cluster.local', 'A', 5))], 1);
    expect(decode(ok[0]).id).toBe(5);
  });

  it('survives a flood of UDP queries and still answers', async () => {
    const s = dgram.createSocket('udp4');
    let got = 0;
    s.on('message', () => got++);
    const q = query('nginx.default.svc.cluster.local', 'A', 9);
    for (let i = 0; i < 3000; i++) s.send(q, server.udpPort, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 1500));
    s.close();
    expect(got).toBeGreaterThan(0);
    expect(decode((await udp(query('db.default.svc.cluster.local', 'A')))!).rcode).toBe('NOERROR');
  });
});

const hasDig = spawnSync('dig', ['-v'], { encoding: 'utf8' }).status === 0;
if (!hasDig) {
  if (process.env.CI) throw new Error('dig is required in CI (apt-get install bind9-dnsutils; .ci/run does it)');
  console.warn('notice: dig not found; skipping the dig tests of corefile serve (apt-get install bind9-dnsutils)');
}

describe.skipIf(!hasDig)('corefile serve (dig)', () => {
  // Asynchronous: the server runs in this process, so a blocking spawn would starve it.
  const dig = (...args: string[]) =>
    new Promise<{ stdout: string }>((resolve) => {
      execFile('dig', ['@127.0.0.1', '-p', String(server.udpPort), '+time=2', '+tries=1', ...args], { encoding: 'utf8' }, (_e, stdout) => resolve({ stdout }));
    });

  it('dig +short gets the service address over UDP and TCP', async () => {
    expect((await dig('nginx.default.svc.cluster.local', '+short')).stdout.trim()).toBe('10.96.12.34');
    expect((await dig('+tcp', 'nginx.default.svc.cluster.local', '+short')).stdout.trim()).toBe('10.96.12.34');
  });

  it('dig sees the header, the SRV answer with its additional record, and EDNS echoed', async () => {
    const out = (await dig('_https._tcp.kubernetes.default.svc.cluster.local', 'SRV')).stdout;
    expect(out).toContain('status: NOERROR');
    expect(out).toMatch(/flags: qr aa rd;/);
    expect(out).toMatch(/_https\._tcp\.kubernetes\.default\.svc\.cluster\.local\.\s+30\s+IN\s+SRV\s+0 100 443 kubernetes\.default\.svc\.cluster\.local\./);
    expect(out).toMatch(/kubernetes\.default\.svc\.cluster\.local\.\s+30\s+IN\s+A\s+10\.96\.0\.1/);
    expect(out).toMatch(/EDNS: version: 0, flags:; udp: 1232/);
  });

  it('dig gets NXDOMAIN with the SOA, and the reverse lookup', async () => {
    const nx = (await dig('nope.default.svc.cluster.local')).stdout;
    expect(nx).toContain('status: NXDOMAIN');
    expect(nx).toMatch(/cluster\.local\.\s+30\s+IN\s+SOA\s+ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\./);
    expect((await dig('-x', '10.96.0.1', '+short')).stdout.trim()).toBe('kubernetes.default.svc.cluster.local.');
  });
});
