import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lexFile } from '../src/ast/read.js';
import { validateSetup } from '../src/catalog/index.js';
import { ERR_ONCE } from '../src/catalog/values.js';
import { haveShared, readJsonl, sharedPath } from './support/shared.js';

/** Exact CoreDNS wording for directives whose upstream tests check little or nothing of the message. */
function check(input: string, serverBlockKeys: string[] = []) {
  const tokens = lexFile(input, '');
  const name = tokens[0].text;
  return validateSetup(name, { tokens, serverBlockKeys, filename: 'Corefile' }).map((i) => `${i.severity}: ${i.coreMessage}`);
}

describe('setup validators: exact messages', () => {
  it.each([
    ['root', ["error: plugin/root: Corefile:1 - Error during parsing: Wrong argument count or unexpected line ending after 'root'"]],
    ['root /etc/coredns', []],
    ['debug foo', ["error: plugin/debug: Corefile:1 - Error during parsing: Wrong argument count or unexpected line ending after 'foo'"]],
    ['whoami {\n}', ["error: plugin/whoami: Corefile:1 - Error during parsing: Unexpected token '{', expecting argument"]],
    ['cancel 0s', ['error: plugin/cancel: invalid negative duration: "0s"']],
    ['reload 1s', ['error: plugin/reload: interval value must be greater or equal to 2s']],
    ['reload 10s 500ms', ['error: plugin/reload: jitter value must be 0 or greater or equal to 1s']],
    ['timeouts', ['error: plugin/timeouts: plugin/timeouts: Corefile:1 - Error during parsing: timeouts block with no timeouts specified']],
    ['timeouts {\n  read 25h\n}', ["error: plugin/timeouts: Corefile:2 - Error during parsing: timeout provided '25h0m0s' needs to be between 1 second and 24 hours"]],
    ['bufsize 100', ["error: plugin/bufsize: plugin/bufsize: Corefile:1 - Error during parsing: Wrong argument count or unexpected line ending after '100'"]],
    ['errors {\n  foo\n}', ["error: plugin/errors: Corefile:2 - Syntax error: Unexpected token 'foo', expecting 'Unknown field foo'"]],
    ['errors {\n  consolidate 5m ".*(" \n}', ['error: plugin/errors: Corefile:2 - Error during parsing: error parsing regexp: missing closing ): `.*(`']],
    ['log {\n  class success nope\n}', ['error: plugin/log: invalid Class: nope']],
    ['trace datadog localhost:8126 {\n  datadog_analytics_rate 2\n}', ["error: plugin/trace: datadog analytics rate must be between 0 and 1, '2.000000' is not supported"]],
    ['trace jaeger localhost:1', ["error: plugin/trace: tracing endpoint type 'jaeger' is not supported"]],
    ['health localhost', ['error: plugin/health: address localhost: missing port in address']],
    ['proxyproto {\n  bogus\n}', ["error: Corefile:2 - Error during parsing: unknown option 'bogus'"]],
    ['proxyproto {\n  allow 10.0.0.0/33\n}', ['error: plugin/proxyproto: 10.0.0.0/33: invalid CIDR address: 10.0.0.0/33']],
    ['dns64 {\n  prefix 64:ff9b::/44\n}', ['error: plugin/dns64: Corefile:2 - Error during parsing: invalid prefix length "64:ff9b::/44"']],
    ['on startup', ["error: Corefile:1 - Error during parsing: no command contained in ''"]],
    ['on reboot echo hi', ["error: Corefile:1 - Error during parsing: Wrong event name or event not supported: 'reboot'"]],
    ["on startup echo 'unclosed", ['error: Corefile:1 - Error during parsing: error parsing command: EOF found when expecting closing quote.']],
    ['on startup echo hello', []],
    ['view v {\n  expr nope()\n}', ['error: plugin/view: unknown name nope (1:1)\n | nope()\n | ^']],
    ['sign db.example.org {\n  key directory /keys\n}', ['error: plugin/sign: directory: not implemented']],
    ['nomad {\n  ttl 3601\n}', ['error: plugin/nomad: Corefile:2 - Error during parsing: ttl must be in range [0, 3600]: 3601']],
    ['forward . 127.0.0.1 {\n  max_fails x\n}', ['error: plugin/forward: strconv.ParseUint: parsing "x": invalid syntax']],
    ['forward . quic://127.0.0.1', ["error: plugin/forward: 'quic' is not supported as a destination protocol in forward: quic://127.0.0.1:853"]],
    ['forward . 127.0.0.1 {\n  expire 30s\n  max_age 10s\n}', ['error: plugin/forward: max_age (10s) must not be less than expire (30s)']],
    ['forward . dns.example.net', []],
    [`forward . ${Array.from({ length: 16 }, (_, i) => `10.0.0.${i + 1}`).join(' ')}`, ['error: plugin/forward: more than 15 TOs configured: 16']],
    ['forward 10.0.0.0/15 127.0.0.1', ["warning: [WARNING] plugin/forward: Unsupported CIDR notation: '10.0.0.0/15' expands to multiple zones. Using only '0.10.in-addr.arpa.'."]],
    ['dnstap tcp://[::1 full', ["error: plugin/dnstap: Corefile:1 - Error during parsing: Wrong argument count or unexpected line ending after 'full'"]],
    ['loadbalance weighted w {\n  reload 1x\n}', ["error: plugin/loadbalance: Corefile:2 - Error during parsing: invalid reload duration '1x'"]],
  ])('%s', (input, want) => {
    expect(check(input)).toEqual(want);
  });

  it('shed rejects server blocks that are not plain DNS', () => {
    expect(check('shed', ['tls://example.org.:853'])).toEqual([
      'error: plugin/shed: Corefile:1 - Error during parsing: only plain DNS server blocks are supported; "tls://example.org.:853" uses transport "tls"',
    ]);
    expect(check('shed', ['dns://example.org.:53'])).toEqual([]);
  });
});

describe('setup validators never throw', () => {
  const words = ['{', '}', '.', '1', '-1', '0s', '5m', 'x', 'tls://1.2.3.4', '127.0.0.1', '[::1]:53', 'example.org', '"a b"', 'from', 'expr', 'name()', '%', '10.0.0.0/8', 'file', 'listen'];
  it('on arbitrary token soup, for every registered directive', async () => {
    const fc = await import('fast-check');
    const { SETUP_VALIDATORS } = await import('../src/catalog/setup/index.js');
    const line = fc.array(fc.constantFrom(...words), { maxLength: 6 }).map((w) => w.join(' '));
    for (const name of SETUP_VALIDATORS.keys()) {
      fc.assert(
        fc.property(fc.array(line, { maxLength: 5 }), (lines) => {
          const tokens = lexFile(`${name} ${lines.join('\n')}`, '');
          expect(() => validateSetup(name, { tokens, serverBlockKeys: ['dns://example.org.:53'], filename: 'Corefile' })).not.toThrow();
        }),
        { numRuns: 150 },
      );
    }
  });
});

describe('setup validators point at the token an error is about', () => {
  it.each([
    ['forward . 127.0.0.1 quic://10.0.0.1 8.8.8.8', 'quic://10.0.0.1'],
    ['forward . https://1.1.1.1/dns 8.8.8.8', 'https://1.1.1.1/dns'],
    ['grpc . 127.0.0.1 unix://', 'unix://'],
    ['dnstap /tmp/tap.sock full 0 10', '0'],
    ['trace jaeger localhost:1', 'jaeger'],
    ['reload 1x 5s', '1x'],
    ["view v {\n  expr name() == 'a' && nope\n}", 'nope'],
  ])('%s → %s', (input, text) => {
    const tokens = lexFile(input, '');
    const issues = validateSetup(tokens[0].text, { tokens, serverBlockKeys: [], filename: 'Corefile' });
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.token?.text)).toEqual([text]);
  });
});

describe.runIf(haveShared())('setup validator messages are the ones the plugin catalog records', () => {
  /** Errors that come from Go libraries; the catalog summarises those instead of quoting them. */
  const LIBRARY = [/strconv\.\w+: parsing /, /time: (invalid duration|missing unit|unknown unit)/, /address .*: (missing|too many|unexpected)/,
    /invalid CIDR address: /, /error parsing regexp: /, /^Unexpected token '.*', expecting '.*'$/, /\(\d+:\d+\)\n \| /];
  const MINE = ['root', 'metadata', 'geoip', 'cancel', 'proxyproto', 'quic', 'grpc_server', 'https', 'https3', 'timeouts', 'multisocket',
    'reload', 'nsid', 'bufsize', 'bind', 'debug', 'trace', 'ready', 'health', 'pprof', 'shed', 'prometheus', 'errors', 'log', 'dnstap',
    'local', 'dns64', 'any', 'chaos', 'loadbalance', 'forward', 'grpc', 'loop', 'erratic', 'whoami', 'on', 'sign', 'view', 'nomad'];

  it('for every error the CoreDNS setup cases provoke', () => {
    const json = JSON.parse(fs.readFileSync(sharedPath('reference/coredns-plugins.json'), 'utf8')) as { plugins: Array<{ name: string; errors: string[] }> };
    const generic = ["Wrong argument count or unexpected line ending after '%s'", "Unexpected token '{', expecting argument"];
    const templates = new Map(json.plugins.map((p) => [p.name, [...p.errors, ...generic].map(templateRegex)]));
    const unknown: string[] = [];
    for (const c of readJsonl<{ plugin: string; input: string; context?: { serverBlockKeys?: string[] } }>('conformance/setup-cases.jsonl')) {
      const name = c.plugin === 'metrics' ? 'prometheus' : c.plugin;
      if (!MINE.includes(name)) continue;
      const tokens = lexFile(c.input, '');
      for (const issue of validateSetup(name, { tokens, serverBlockKeys: c.context?.serverBlockKeys ?? [], filename: 'Testfile' })) {
        if (issue.severity !== 'error') continue;
        const text = issue.coreMessage.replace(/^(plugin\/[\w-]+: )+/, '').replace(/^\S+:\d+ - (Error during parsing|Syntax error): /, '');
        const known = text === ERR_ONCE || LIBRARY.some((r) => r.test(text)) || templates.get(name)!.some((r) => r.test(text));
        if (!known) unknown.push(`${name}: ${text}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});

/** A Go format string as a pattern: each verb matches any text. */
function templateRegex(t: string): RegExp {
  const escaped = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/%[-+# 0-9.]*[sqdvwfT]/g, '[\\s\\S]*')}$`);
}
