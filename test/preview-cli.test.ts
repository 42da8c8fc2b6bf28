import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMsg } from '../src/preview/dns/message.js';
import { rr, T } from '../src/preview/dns/rr.js';
import { pack, unpackQuery } from '../src/preview/dns/wire.js';
import { preview } from '../src/service/index.js';
import { runCli } from './support/cli.js';

const K8S = ['preview', 'fixtures/preview/kubernetes.Corefile'];
const CLUSTER = ['--cluster', 'fixtures/cluster.yaml'];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-preview-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('corefile preview', () => {
  it('answers like dig and shows the trace', async () => {
    const r = await runCli([...K8S, 'kubernetes.default.svc.cluster.local', 'A', ...CLUSTER]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR');
    expect(r.stdout).toMatch(/^kubernetes\.default\.svc\.cluster\.local\.\s+30\s+IN\s+A\s+10\.96\.0\.1$/m);
    expect(r.stdout).toContain('kubernetes  answer');
    expect(r.stdout.indexOf('errors')).toBeLessThan(r.stdout.indexOf('kubernetes  answer'));
  });

  it('--format json has the documented shape with presentation strings', async () => {
    const r = await runCli([...K8S, 'kubernetes.default.svc.cluster.local', ...CLUSTER, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['rcode', 'flags', 'question', 'answer', 'authority', 'additional', 'trace']);
    expect(j.rcode).toBe('NOERROR');
    expect(j.flags).toEqual(['qr', 'aa', 'rd']);
    expect(j.answer).toEqual(['kubernetes.default.svc.cluster.local.\t30\tIN\tA\t10.96.0.1']);
    expect(j.trace.block.keys).toEqual(['dns://.:53']);
    expect(j.trace.steps.map((s: { plugin: string }) => s.plugin)).toContain('kubernetes');
  });

  it('shows the forward decision for a name outside the cluster', async () => {
    const r = await runCli([...K8S, 'example.com', ...CLUSTER, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.rcode).toBe('SERVFAIL');
    expect(j.trace.outcome).toBe('forwarded');
    expect(j.trace.forwarded).toMatchObject({ plugin: 'forward', from: '.', policy: 'random', answered: false, source: 'offline' });
  });

  it('--queries runs many queries; --do and --bufsize set EDNS', async () => {
    const qf = path.join(dir, 'queries.txt');
    fs.writeFileSync(qf, '# name type\nnginx.default.svc.cluster.local A\n_http._tcp.nginx.default.svc.cluster.local SRV\n\nnope.default.svc.cluster.local\n');
    const r = await runCli([...K8S, '--queries', qf, ...CLUSTER, '--format', 'json', '--do', '--bufsize', '1400']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.map((x: { rcode: string }) => x.rcode)).toEqual(['NOERROR', 'NOERROR', 'NXDOMAIN']);
    expect(j[0].trace.edns).toEqual({ version: 0, udp: 1400, do: true, options: [] });
  });

  it('usage errors exit 2', async () => {
    expect((await runCli([...K8S])).code).toBe(2);
    expect((await runCli([...K8S, 'a.example', 'NOTATYPE'])).code).toBe(2);
    expect((await runCli([...K8S, 'a.example', '--format', 'yaml'])).code).toBe(2);
    expect((await runCli(['preview', 'no/such/Corefile', 'a.example'])).code).toBe(2);
    expect((await runCli([...K8S, 'a.example', '--upstream', 'somewhere'])).code).toBe(2);
  });

  it('a Corefile CoreDNS would reject exits 1 and says so', async () => {
    const bad = path.join(dir, 'bad.Corefile');
    fs.writeFileSync(bad, '. {\n  forward\n}\n');
    const r = await runCli(['preview', bad, 'example.org']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(';; CONFIG ERROR:');
  });

  it('--upstream-zone answers forwarded queries from a zone file', async () => {
    const z = path.join(dir, 'upstream.zone');
    fs.writeFileSync(z, '$TTL 300\nexample.com. IN A 93.184.215.14\nwww.example.com. IN CNAME example.com.\n');
    const j = JSON.parse((await runCli([...K8S, 'www.example.com', ...CLUSTER, '--upstream-zone', z, '--format', 'json'])).stdout);
    // cache 30 caps the TTLs of the first reply.
    expect(j.answer).toEqual(['www.example.com.\t30\tIN\tCNAME\texample.com.', 'example.com.\t30\tIN\tA\t93.184.215.14']);
    expect(j.trace.forwarded.answered).toBe(true);
  });

  it('--upstream ADDR sends the forwarded query to a local server', async () => {
    const sock = dgram.createSocket('udp4');
    sock.on('message', (b, rinfo) => {
      const q = unpackQuery(b);
      const m = newMsg();
      Object.assign(m, { id: q.id, qr: true, rd: q.rd, ra: true, question: q.question });
      m.answer = [rr(q.question[0].name, T.A, 42, { kind: 'ip', ip: '198.51.100.7' })];
      sock.send(pack(m), rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    try {
      const port = sock.address().port;
      const r = await runCli([...K8S, 'svc.example.net', ...CLUSTER, '--upstream', `127.0.0.1:${port}`, '--format', 'json']);
      const j = JSON.parse(r.stdout);
      expect(j.rcode).toBe('NOERROR');
      expect(j.flags).toContain('ra');
      expect(j.answer).toEqual(['svc.example.net.\t30\tIN\tA\t198.51.100.7']);
    } finally {
      sock.close();
    }
  });

  it('serve refuses to guess between several listeners, and rejects a bad --listen', async () => {
    const two = path.join(dir, 'two.Corefile');
    fs.writeFileSync(two, 'a.example:1053 {\n  whoami\n}\nb.example:2053 {\n  whoami\n}\n');
    const r = await runCli(['serve', two, '--listen', '127.0.0.1:0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('choose the listener with --port');
    expect((await runCli(['serve', two, '--listen', 'localhost'])).code).toBe(2);
  });
});

describe('service preview(text, query, options)', () => {
  it('evaluates a Corefile text with in-memory inputs and returns the JSON shape', () => {
    const r = preview('example.org {\n  hosts {\n    10.1.2.3 www.example.org\n  }\n}\n', { name: 'WWW.example.org', type: 'A' });
    expect(r.rcode).toBe('NOERROR');
    expect(r.question).toEqual(['WWW.example.org.\tIN\tA']);
    expect(r.answer).toEqual(['www.example.org.\t3600\tIN\tA\t10.1.2.3']);
    expect(r.trace.block?.zone).toBe('example.org.');
  });
  it('reports bad input instead of throwing', () => {
    expect(preview('. {\n  whoami\n}\n', { name: 'x.example', type: 'BOGUS' }).trace.issues[0].message).toContain('unknown query type');
    expect(preview('. {\n  whoami\n', { name: 'x.example' }).trace.issues[0].severity).toBe('error');
    expect(preview('. {\n  whoami\n}\n', { name: 'x.example' }, { transport: 'tls' }).trace.outcome).toBe('no-listener');
    const tls = preview('tls://.:853 {\n  whoami\n}\n', { name: 'x.example' }, { transport: 'tls' });
    expect(tls.additional[1]).toMatch(/^_tcp\.x\.example\./);
  });
});

