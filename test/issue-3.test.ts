import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../src/ast/span.js';
import { lint, lintFix } from '../src/service/index.js';
import { haveShared, sharedPath } from './support/shared.js';

/**
 * Issue 3's acceptance: the CoreDNS-1.2-era Kubernetes Corefile gets exactly
 * the right diagnostics, and --fix turns it into a valid modern Corefile
 * with its comments intact.
 */
describe.runIf(haveShared())('issue 3: 000-kubernetes-dns-study-note.Corefile', () => {
  const text = haveShared() ? fs.readFileSync(sharedPath('corpus/000-kubernetes-dns-study-note.Corefile'), 'utf8') : '';
  const at = (ds: ReturnType<typeof lint>) => {
    const index = new LineIndex(text);
    return ds.map((d) => {
      const p = index.position(d.span.start);
      return `${p.line}:${p.column} ${d.severity} ${d.code} ${d.message}`;
    });
  };

  it('gets exactly the right diagnostics on CoreDNS 1.14.7', () => {
    expect(at(lint(text))).toEqual([
      `7:3 error no-removed-option Option 'upstream' of plugin 'kubernetes' was removed in CoreDNS 1.7.0; the targeted 1.14.7 fails with "unknown property 'upstream'". Delete it; CoreDNS resolves external CNAME targets through itself.`,
      "11:2 error no-removed-plugin Plugin 'proxy' was removed in CoreDNS 1.5.0; the targeted 1.14.7 refuses to start with it. Use `forward` (same positional syntax; for gRPC upstreams use `grpc`).",
      "11:10 warning no-suspicious-path '/etc/resolv/conf' looks like a typo of '/etc/resolv.conf': CoreDNS will not find the file on a typical host. Write '/etc/resolv.conf'.",
    ]);
  });

  it('is fine for the CoreDNS it was written for, except the typo', () => {
    expect(lint(text, { corednsVersion: '1.2.2' }).map((d) => `${d.severity} ${d.code}`)).toEqual(['warning no-suspicious-path']);
  });

  it('warns about proxy and upstream on 1.4.0, before their removal', () => {
    expect(lint(text, { corednsVersion: '1.4.0' }).map((d) => `${d.severity} ${d.code}`)).toEqual([
      'warning no-deprecated-option',
      'warning no-deprecated-plugin',
      'warning no-suspicious-path',
    ]);
  });

  it('--fix gives a valid modern Corefile, comments intact', () => {
    const r = lintFix(text);
    expect(r.text).toBe(
      [
        '# /etc/coredns/Corefile',
        '.:53 {',
        '\terrors',
        '\thealth',
        '\tkubernetes cluster.local in-addr.arpa ip6.arpa {',
        '\t\tpods insecure',
        '\t\tfallthrough in-addr.arpa ip6.arpa',
        '\t}',
        '\tprometheus :9153',
        '\tforward . /etc/resolv.conf',
        '\tcache 30',
        '\treload',
        '}',
        '',
      ].join('\n'),
    );
    expect(r.diagnostics).toEqual([]);
    expect(lint(r.text)).toEqual([]);
  });

  it('keeps comments that share a line with a removed option', () => {
    const withComments = text.replace('\t\tupstream\n', '\t\tupstream # resolve external names\n').replace('\tproxy', '\t# the upstream\n\tproxy');
    const r = lintFix(withComments);
    expect(r.text).toContain('\t\t# resolve external names\n');
    expect(r.text).toContain('\t# the upstream\n\tforward . /etc/resolv.conf\n');
    expect(r.text).not.toMatch(/^\s*upstream/m);
    expect(lint(r.text).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
