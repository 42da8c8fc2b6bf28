import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../src/cli/node-fs.js';
import { lint, type LintOptions } from '../src/service/index.js';
import { haveShared, sharedPath } from './support/shared.js';

/**
 * Every corpus Corefile lints with no errors, except those with a defect,
 * which must get a diagnostic that names it. Defects come from INDEX.tsv's
 * notes unless said otherwise. Files using out-of-tree plugins declare them
 * as a user would in the configuration, and files built around environment
 * variables get plausible values.
 */
type Expectation = { code: string; includes: string };
interface Entry {
  options?: LintOptions;
  defects?: Expectation[];
  why?: string;
}

const removedProxy: Expectation = { code: 'no-removed-plugin', includes: "Plugin 'proxy' was removed in CoreDNS 1.5.0" };
const k8sUpstream: Expectation = { code: 'no-removed-option', includes: "Option 'upstream' of plugin 'kubernetes' was removed in CoreDNS 1.7.0" };
const ext = (...names: string[]): LintOptions => ({ externalPlugins: names.map((name) => ({ name })) });

const table: Record<string, Entry> = {
  '000-kubernetes-dns-study-note.Corefile': {
    defects: [removedProxy, k8sUpstream, { code: 'no-suspicious-path', includes: "'/etc/resolv/conf' looks like a typo of '/etc/resolv.conf'" }],
  },
  '005-openshift-dnsnameresolver-external-plugin.Corefile': { options: ext('ocp_dnsnameresolver') },
  '011-coredns-deployment-2017-09-cidr-zone-arg.Corefile': {
    defects: [removedProxy, { code: 'no-deprecated-option', includes: "'log stdout' logs only queries for names under 'stdout.'" }],
  },
  '013-coredns-deployment-2018-08-kubedns-translation-proxy-federation.Corefile': {
    defects: [removedProxy, k8sUpstream, { code: 'no-removed-plugin', includes: "Plugin 'federation' was removed in CoreDNS 1.7.0" }],
  },
  '017-corefile-migration-test-proxy-https-google.Corefile': {
    defects: [removedProxy, k8sUpstream, { code: 'no-deprecated-option', includes: 'uses only the first endpoint' }],
  },
  '019-corefile-migration-test-hosts-autopath.Corefile': {
    why: 'not in the notes: `autopath { @kubernetes }` has no argument on its line, and autopath setup rejects that',
    defects: [{ code: 'no-setup-error', includes: 'plugin/autopath: no resolv-conf specified' }],
  },
  '021-corefile-migration-test-route53-errors-consolidate.Corefile': {
    defects: [
      removedProxy,
      { code: 'no-setup-error', includes: "plugin/errors: Wrong argument count or unexpected line ending after 'consolidate'" },
      { code: 'no-setup-error', includes: "plugin/health: Wrong argument count or unexpected line ending after 'lameduck'" },
    ],
  },
  '023-corefile-migration-test-invalid-plugin.Corefile': { defects: [{ code: 'no-unknown-directive', includes: "Unknown directive 'invalid'" }] },
  '025-corefile-migration-test-k8s-transfer-option.Corefile': {
    defects: [{ code: 'no-removed-option', includes: "Option 'transfer' of plugin 'kubernetes' was removed in CoreDNS 1.8.0" }],
  },
  '027-adguarddns-multi-transport-custom-plugins.Corefile': { options: ext('ratelimit', 'refuseany', 'dnsfilter', 'lrucache', 'upstream', 'info', 'dnsdb') },
  '029-azure-privatelink-snippet-envvars.Corefile': {
    options: {
      ...ext('alternate'),
      env: (k) => ({ LOG_CLASS: 'error', CACHE_TTL: '30', NSID: 'coredns', ADDITIONAL_ZONES: '', PUBLIC_RESOLVER: '168.63.129.16' })[k],
    },
    defects: [{ code: 'no-setup-error', includes: 'plugin/ready: address 80: missing port in address' }],
  },
  '031-luzifer-auto-upstream-alias.Corefile': {
    options: ext('alias'),
    defects: [{ code: 'no-deprecated-option', includes: "Option 'upstream' of plugin 'auto' is ignored since CoreDNS 1.5.2" }],
  },
  '033-ahmetb-proxy-grpc-backend.Corefile': { defects: [removedProxy] },
  '039-aledbf-k8s-endpoint-commented-proxy.Corefile': { defects: [k8sUpstream] },
  '055-coredns-io-blog-dynupdate-tsig.Corefile': { defects: [{ code: 'no-unknown-directive', includes: "Unknown directive 'dynupdate'" }] },
  '057-kubeadm-1.9-default-via-coredns-blog.Corefile': { defects: [removedProxy, k8sUpstream] },
  '067-coredns-sign-file-multi-zone-root.Corefile': { defects: [{ code: 'no-setup-error', includes: 'plugin/sign: directory: not implemented' }] },
  '077-aks-docs-rewrite-angle-bracket-placeholder.Corefile': { defects: [{ code: 'no-setup-error', includes: 'plugin/rewrite:' }] },
  '081-aks-docs-server-missing-yaml-pipe-folded.Corefile': { defects: [{ code: 'syntax/parse', includes: "Unexpected '}' because no matching opening brace" }] },
  '083-unbound-plus-forward-3space.Corefile': { options: ext('unbound') },
  '087-omada-envvars-in-plugin-block.Corefile': {
    options: {
      ...ext('omada'),
      env: (k) =>
        ({
          OMADA_URL: 'https://omada.lan',
          OMADA_SITE: 'home',
          OMADA_USERNAME: 'dns',
          OMADA_PASSWORD: 'secret',
          OMADA_IGNORE_STARTUP_ERRORS: 'true',
          FALLTHROUGH_ZONES: '',
          RECURSION_AVAILABLE: 'true',
          UPSTREAM_DNS: '1.1.1.1',
        })[k],
    },
  },
  '101-kops-etcd-stubzones-proxy.Corefile': {
    defects: [removedProxy, { code: 'no-deprecated-option', includes: "Option 'stubzones' of plugin 'etcd' is ignored" }],
  },
  '103-zcash-dnsseed-log-class-block.Corefile': { options: ext('dnsseed') },
  '107-ads-plugin-errors-consolidate.Corefile': { options: ext('ads') },
  '109-coredns-proxy-https-google-except-two-blocks.Corefile': { defects: [removedProxy] },
  '111-coredns-reverse-plugin-arpa-arpa-typo.Corefile': { defects: [{ code: 'no-removed-plugin', includes: "Plugin 'reverse' was removed in CoreDNS 1.1.4" }] },
  '113-coredns-route53-upstream-as-directive-doc-bug.Corefile': { defects: [{ code: 'no-unknown-directive', includes: "Unknown directive 'upstream'" }] },
  '115-k8s-website-kubedns-equivalent-federation-uneven.Corefile': {
    defects: [{ code: 'no-removed-plugin', includes: "Plugin 'federation' was removed in CoreDNS 1.7.0" }],
  },
};

const dir = sharedPath('corpus');
const files = haveShared() ? fs.readdirSync(dir).filter((f) => f.endsWith('.Corefile')).sort() : [];

describe.runIf(haveShared())('corpus lint', () => {
  it('knows every file in its table', () => {
    for (const f of Object.keys(table)) expect(files, f).toContain(f);
  });

  for (const f of files) {
    const entry = table[f] ?? {};
    it(entry.defects ? `${f}: reports its defects` : `${f}: no errors`, () => {
      const file = path.join(dir, f);
      const text = fs.readFileSync(file, 'utf8');
      const ds = lint(text, { env: () => undefined, ...entry.options, path: file, fs: nodeFileSystem });
      if (!entry.defects) {
        expect(ds.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`)).toEqual([]);
        return;
      }
      for (const e of entry.defects) {
        expect(
          ds.some((d) => d.code === e.code && d.message.includes(e.includes)),
          `${f} should report ${e.code} "${e.includes}"; got:\n${ds.map((d) => `${d.code}: ${d.message}`).join('\n')}`,
        ).toBe(true);
      }
    });
  }
});
