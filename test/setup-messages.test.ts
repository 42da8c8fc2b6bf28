import { describe, expect, it } from 'vitest';
import { lexFile } from '../src/ast/read.js';
import { validateSetup } from '../src/catalog/index.js';

/** One directive's issues as `severity: message as CoreDNS prints it`. */
function check(input: string, serverBlockKeys: string[] = ['dns://example.org.:53']) {
  const tokens = lexFile(input, '');
  return validateSetup(tokens[0].text, { tokens, serverBlockKeys, filename: 'Corefile' }).map((i) => `${i.severity}: ${i.coreMessage}`);
}

/*
 * Exact wording for cases the upstream tables do not check (or check only
 * in part), worked out from each plugin's setup.go: which errors carry the
 * Dispenser's FILE:LINE, which are wrapped twice, where the cursor is.
 */
describe('setup validators: exact messages (tsig … etcd)', () => {
  it.each([
    ['cache 0', ['error: plugin/cache: cache TTL can not be zero or negative: 0']],
    ['cache {\n  prefetch 10 1m 5%\n}', ['error: plugin/cache: percentage should fall in range [10, 90]: 5']],
    ['cache {\n  prefetch 10 1m 50\n}', ["error: plugin/cache: last character of percentage should be `%`, but is: '0'"]],
    ['cache {\n  servfail 6m\n}', ['error: plugin/cache: caching SERVFAIL responses over 5 minutes is not permitted']],
    ['cache {\n  serve_stale_policy prefer_positive\n}', ['error: plugin/cache: serve_stale_policy requires serve_stale']],
    ['cache\ncache', ['error: plugin/cache: this plugin can only be used once per Server Block']],
    [
      'acl {\n  block type A net 10.0.0.0/33\n}',
      ['error: plugin/acl: Corefile:2 - Error during parsing: illegal CIDR notation "10.0.0.0/33"'],
    ],
    [
      'tsig {\n  require BOGUS\n}',
      ["error: plugin/tsig: Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after 'BOGUS'"],
    ],
    [
      'transfer {\n  to 1.2.3.4\n  source x\n}',
      ['error: plugin/transfer: plugin/transfer: Corefile:3 - Error during parsing: invalid source address "x"'],
    ],
    ['transfer {\n}', ["error: plugin/transfer: plugin/transfer: Corefile:2 - Error during parsing: 'to' is required"]],
    ['transfer {\n  to example.org\n}', ["error: plugin/transfer: must specify an IP address: `example.org'"]],
    ['hosts {\n  ttl 0\n}', ['error: plugin/hosts: Corefile:2 - Error during parsing: ttl provided is invalid']],
    [
      'route53 example.org:Z1 {\n  credentials\n}',
      ["error: Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after 'credentials'"],
    ],
    [
      'route53 example.org:Z1 {\n  aws_access_key A B\n}',
      [
        'warning: [WARNING] plugin/route53: Save aws_access_key in Corefile has been deprecated, please use other authentication methods instead',
      ],
    ],
    [
      'tls a.pem',
      ["error: plugin/tls: plugin/tls: Corefile:1 - Error during parsing: Wrong argument count or unexpected line ending after 'a.pem'"],
    ],
    ['tls {\n  acme *.*.example\n}', ['error: plugin/tls: invalid ACME domain "*.*.example"']],
    [
      'tls {\n  acme dns.example\n  resolver 1.1.1.1\n}',
      ['error: plugin/tls: invalid ACME resolver "1.1.1.1": address 1.1.1.1: missing port in address'],
    ],
    ['tls {\n  acme _x.example\n}', ['error: plugin/tls: invalid ACME domain "_x.example": idna: disallowed rune U+005F']],
    ['tls {\n  acme bücher.example ab--c.example\n}', ['error: plugin/tls: invalid ACME domain "ab--c.example": idna: invalid label "ab--c"']],
    ['tls {\n  acme Dns.Example.\n  ca https://ca.example:8443/dir\n  resolver [::1]:53\n}', []],
    [
      'kubernetes cluster.local {\n  ttl 3601\n}',
      ['error: plugin/kubernetes: Corefile:2 - Error during parsing: ttl must be in range [0, 3600]: 3601'],
    ],
    ['kubernetes 10.0.0.0/8', ['error: plugin/kubernetes: non-reverse zone name must be used']],
    [
      'kubernetes cluster.local {\n  multicluster other.local\n}',
      [
        'error: plugin/kubernetes: Corefile:3 - Error during parsing: is not authoritative for the multicluster zone other.local. (authoritative zones: [cluster.local.])',
      ],
    ],
    [
      'kubernetes cluster.local {\n  endpoint https://a https://b\n}',
      [
        "warning: [WARNING] plugin/kubernetes: Multiple endpoints have been deprecated, only the first specified endpoint 'https://a' is used",
      ],
    ],
    ['auto {\n  reload -1s\n}', ['error: plugin/auto: plugin/file: invalid duration']],
    ['file db.example {\n  reload x\n}', ['error: plugin/file: plugin/file: time: invalid duration "x"']],
    [
      'secondary {\n  fallthrough\n}',
      ['error: plugin/secondary: Corefile:3 - Error during parsing: secondary zones require a transfer from property'],
    ],
    [
      'etcd {\n  min-lease-ttl -5s\n}',
      ['error: plugin/etcd: Corefile:2 - Error during parsing: invalid min-lease-ttl value: TTL must be non-negative'],
    ],
    ['header {\n  query set zz\n}', ['error: plugin/header: setting up rule: unknown/unsupported flag=zz']],
    [
      'minimal foo',
      ["error: plugin/minimal: Corefile:1 - Error during parsing: Wrong argument count or unexpected line ending after 'foo'"],
    ],
    ['template IN A {\n  rcode NOPE\n}', ['error: plugin/template: Corefile:2 - Error during parsing: unknown rcode NOPE']],
    [
      'azure rg:zone {\n  environment mars\n}',
      [
        'error: plugin/azure: Corefile:2 - Error during parsing: cannot set azure environment: "autorest/azure: There is no cloud environment matching the name \\"MARS\\""',
      ],
    ],
    ['clouddns a:b', ['error: plugin/clouddns: Corefile:1 - Error during parsing: invalid zone "a:b"']],
    ['k8s_external {\n  ttl x\n}', ['error: plugin/k8s_external: strconv.Atoi: parsing "x": invalid syntax']],
    ['rewrite edns0 local set 0xffee 0xzz', ["error: plugin/rewrite: encoding/hex: invalid byte: U+007A 'z'"]],
    ['dnssec {\n  cache_capacity x\n}', ['error: plugin/dnssec: strconv.Atoi: parsing "x": invalid syntax']],
    ['autopath', ['error: plugin/autopath: no resolv-conf specified']],
  ])('%s', (input, want) => {
    expect(check(input)).toEqual(want);
  });
});
