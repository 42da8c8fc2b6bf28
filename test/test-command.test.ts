/**
 * `corefile test SPEC.yaml`, in-process: the shipped Kubernetes spec runs
 * green (CI runs it through this test), a failing expectation shows the
 * query, the expected and the actual answer, exit codes, and the JSON and
 * JUnit reports.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { repoRoot } from './support/shared.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
}

const corefile = write(
  'Corefile',
  `example.org {
    template IN A {
      match "^www[.]"
      answer "{{ .Name }} 60 IN A 192.0.2.10"
      fallthrough
    }
    hosts {
      192.0.2.20 api.example.org
      fallthrough
    }
  }
`,
);

describe('corefile test', () => {
  it('runs the Kubernetes default spec (at least 20 queries) and passes', async () => {
    const spec = fs.readFileSync(path.join(repoRoot, 'fixtures/kubernetes-default.test.yaml'), 'utf8');
    expect((spec.match(/^\s+- name:/gm) ?? []).length).toBeGreaterThanOrEqual(20);
    const r = await runCli(['test', 'fixtures/kubernetes-default.test.yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^corefile test fixtures\/kubernetes-default\.test\.yaml \(Corefile: fixtures\/kubernetes-default\.Corefile, cluster: fixtures\/cluster\.yaml\)/);
    expect(r.stdout).toMatch(/\n25 passed, 0 failed\n$/);
    expect(r.stdout).not.toContain('✗');
    expect(r.code).toBe(0);
  });

  it('a failing case prints the query, what was expected and what came back, and exits 1', async () => {
    const spec = write(
      'fail.yaml',
      `corefile: Corefile
tests:
  - name: www from the template
    query: www.example.org A
    expect:
      answer: ["www.example.org. 60 IN A 192.0.2.10"]
      answered_by: template
  - name: api from hosts
    query: api.example.org A
    client_ip: 10.1.2.3
    expect:
      rcode: NOERROR
      answer: ["api.example.org. IN A 192.0.2.99"]
      answered_by: template
`,
    );
    const r = await runCli(['test', spec]);
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain('  ✓ www from the template');
    expect(out).toContain('  ✗ api from hosts');
    expect(out).toContain('      query:    api.example.org A (client 10.1.2.3)  [line 8]');
    expect(out).toContain('      answer:\n        expected: api.example.org. IN A 192.0.2.99\n        actual:   api.example.org. 3600 IN A 192.0.2.20');
    expect(out).toContain('      answered by:\n        expected: template\n        actual:   hosts');
    expect(out).toContain('      actual reply: NOERROR flags [qr aa rd], answered by hosts');
    expect(out).toMatch(/\n1 passed, 1 failed\n$/);
  });

  it('a list-form spec takes the Corefile from --corefile; TTL-less records match any TTL', async () => {
    const spec = write('list.yaml', `- query: api.example.org A\n  expect:\n    answer: ["api.example.org. A 192.0.2.20"]\n    flags: "aa !tc"\n`);
    const r = await runCli(['test', spec, '--corefile', corefile]);
    expect(r.stdout).toMatch(/1 passed, 0 failed\n$/);
    expect(r.code).toBe(0);
    const noCorefile = await runCli(['test', spec]);
    expect(noCorefile.code).toBe(2);
    expect(noCorefile.stderr).toContain('names no corefile; pass --corefile FILE');
  });

  it('a listener picks the server the query arrives on', async () => {
    const two = write('Corefile.two', '.:53 {\n    whoami\n}\ntls://.:853 {\n    tls cert.pem key.pem\n    whoami\n}\n');
    const spec = write(
      'listener.yaml',
      `corefile: Corefile.two\ntests:\n  - query: a.example A\n    listener: tls://:853\n    expect: {additional_contains: ["_tcp.a.example. 0 IN SRV 0 0 40000 ."]}\n  - query: a.example A\n    listener: 5353\n    expect: {outcome: no-listener}\n`,
    );
    expect(fs.existsSync(two)).toBe(true);
    const r = await runCli(['test', spec]);
    expect(r.stdout).toMatch(/2 passed, 0 failed\n$/);
    const bad = write('badlistener.yaml', 'corefile: Corefile.two\ntests:\n  - query: a.example A\n    listener: nowhere\n    expect: {rcode: NOERROR}\n');
    expect((await runCli(['test', bad])).stderr).toContain('tests[0].listener: expected');
  });

  it('outcome, rcode and flags mismatches are failures', async () => {
    const spec = write(
      'flags.yaml',
      `corefile: Corefile\ntests:\n  - query: nothere.example.org A\n    expect:\n      rcode: NXDOMAIN\n      flags: ["!aa"]\n      outcome: answered\n`,
    );
    const r = await runCli(['test', spec]);
    expect(r.code).toBe(1);
    // hosts with fallthrough passes on, nothing follows: SERVFAIL from the server.
    expect(r.stdout).toContain('      rcode:\n        expected: NXDOMAIN\n        actual:   SERVFAIL');
    expect(r.stdout).not.toContain('      flags:');
  });

  it('--upstream-zone answers forwarded queries from a zone file', async () => {
    write('Corefile.fwd', '. {\n    forward . 192.0.2.53\n}\n');
    write('upstream.zone', '$ORIGIN example.net.\n@ 300 IN SOA ns hostmaster 1 7200 1800 86400 300\nwww 300 IN A 198.51.100.7\n');
    const spec = write('fwd.yaml', 'corefile: Corefile.fwd\ntests:\n  - query: www.example.net A\n    expect:\n      answer: ["www.example.net. 300 IN A 198.51.100.7"]\n      answered_by: forward\n      outcome: forwarded\n');
    const offline = await runCli(['test', spec]);
    expect(offline.code).toBe(1);
    const stub = await runCli(['test', spec, '--upstream-zone', path.join(tmp, 'upstream.zone')]);
    expect(stub.stdout).toMatch(/1 passed, 0 failed\n$/);
    expect(stub.code).toBe(0);
  });

  it('--format json and --format junit', async () => {
    const spec = write('two.yaml', `corefile: Corefile\ntests:\n  - query: www.example.org A\n    expect: {rcode: NOERROR}\n  - query: www.example.org A\n    expect: {rcode: REFUSED}\n`);
    const j = await runCli(['test', spec, '--format', 'json']);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout);
    expect(doc).toMatchObject({ passed: 1, failed: 1 });
    expect(doc.cases[1]).toMatchObject({ ok: false, failures: [{ what: 'rcode', expected: 'REFUSED', actual: 'NOERROR' }], answeredBy: 'template' });
    const x = await runCli(['test', spec, '--format', 'junit']);
    expect(x.code).toBe(1);
    expect(x.stdout).toContain('<testsuite name=');
    expect(x.stdout).toContain('tests="2" failures="1"');
    expect(x.stdout).toContain('<failure message="rcode: expected REFUSED, got NOERROR">');
  });

  it('spec and usage errors exit 2 with one message', async () => {
    const bad = write('bad.yaml', `corefile: Corefile\ntests:\n  - query: www.example.org A\n    expect: {answr: []}\n`);
    const r = await runCli(['test', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tests[0].expect.answr: unknown expectation');
    const notRR = write('notrr.yaml', `corefile: Corefile\ntests:\n  - query: www.example.org A\n    expect: {answer: ["www.example.org. 60 IN A not-an-ip"]}\n`);
    expect((await runCli(['test', notRR])).stderr).toContain('is not a record');
    expect((await runCli(['test'])).code).toBe(2);
    expect((await runCli(['test', bad, '--format', 'xml'])).stderr).toContain('--format must be text, json or junit');
    expect((await runCli(['test', path.join(tmp, 'missing.yaml')])).code).toBe(2);
  });
});
