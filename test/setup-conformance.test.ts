import { afterAll, describe, expect, it } from 'vitest';
import { lexFile, type CoreToken } from '../src/ast/read.js';
import { validateSetup } from '../src/catalog/index.js';
import { SETUP_VALIDATORS } from '../src/catalog/setup/index.js';
import type { SetupIssue } from '../src/catalog/types.js';
import { runSetup, transferIn } from '../src/catalog/values.js';
import { haveShared, readJsonl } from './support/shared.js';

/**
 * Every setup/parse table case of CoreDNS's own tests
 * (../shared/conformance/setup-cases.jsonl) run through our validators:
 * error or no error must match, and the expected error text must be part
 * of our message.
 */

interface SetupCase {
  plugin: string;
  directive: string;
  input: string;
  shouldErr: boolean;
  expectedErrContains?: string;
  call: string;
  context?: { serverBlockKeys?: string[] };
  index?: number;
  name?: string;
  source: string;
  goLine: number;
  note?: string;
}

/**
 * Cases where our verdict differs from the Go test's, keyed like `caseKey`.
 * `runtime`: setup.go's verdict depends on something a static validator
 * must not look at (files, certificates, network); these are not judged.
 * `deviation`: judged, and counted against the agreement figure.
 * The test fails if an excepted case starts to agree, so the table stays true.
 */
const EXCEPTIONS: Record<string, { kind: 'runtime' | 'deviation'; reason: string }> = {
  'coredns/coredns:plugin/autopath/setup_test.go#TestSetupAutoPath#4@34:autoPathParse': { kind: 'runtime', reason: 'a plain argument is a resolv.conf file read at setup' },
  'coredns/coredns:plugin/bind/setup_test.go#TestSetup#2@25:setup': { kind: 'runtime', reason: 'a non-IP argument may name a host network interface' },
  'coredns/coredns:plugin/bind/setup_test.go#TestSetup#5@28:setup': { kind: 'runtime', reason: 'a non-IP argument may name a host network interface' },
  'coredns/coredns:plugin/clouddns/setup_test.go#TestSetupCloudDNS#13@67:setup': { kind: 'runtime', reason: 'the credentials file is read and its type checked at setup' },
  'coredns/coredns:plugin/clouddns/setup_test.go#TestSetupCloudDNS#14@70:setup': { kind: 'runtime', reason: 'the credentials file is read and its type checked at setup' },
  'coredns/coredns:plugin/clouddns/setup_test.go#TestSetupCloudDNS#15@73:setup': { kind: 'runtime', reason: 'the credentials file is read and parsed as JSON at setup' },
  'coredns/coredns:plugin/dnssec/setup_test.go#TestSetupDnssec#6@57:dnssecParse': { kind: 'runtime', reason: 'the owner name of the key comes from the key file' },
  'coredns/coredns:plugin/forward/setup_test.go#TestSetup#17@53:parseForward': { kind: 'runtime', reason: 'a host name upstream is resolved at start-up' },
  'coredns/coredns:plugin/forward/setup_test.go#TestSetupResolvconf#1@317:parseForward': { kind: 'runtime', reason: 'the resolv.conf file must name servers' },
  'coredns/coredns:plugin/geoip/setup_test.go#TestGeoIPParse#10@67:geoipParse': { kind: 'runtime', reason: 'the database file must exist' },
  'coredns/coredns:plugin/geoip/setup_test.go#TestGeoIPParse#11@68:geoipParse': { kind: 'runtime', reason: 'the database type is read from the file' },
  'coredns/coredns:plugin/grpc/setup_test.go#TestSetup#8@31:parseGRPC': { kind: 'runtime', reason: 'a non-IP upstream must be a readable resolv.conf file' },
  'coredns/coredns:plugin/sign/setup_test.go#TestParse#2@41:parse': { kind: 'runtime', reason: 'the key files must exist' },
  'coredns/coredns:plugin/tls/acme_test.go#TestParseACMETLSErrors#7@98:setup': { kind: 'runtime', reason: 'the ca_root file must exist and hold certificates' },
  'coredns/coredns:plugin/tls/tls_test.go#TestTLSKeyLog#-@112:setup': { kind: 'runtime', reason: 'the key log file is opened at setup' },
};

/** Directive whose validator a plugin directory's cases exercise, where the two names differ. */
const DIRECTIVE_OF_DIR: Record<string, string> = { metrics: 'prometheus' };

function caseKey(c: SetupCase): string {
  return `${c.source}#${c.index ?? '-'}@${c.goLine}:${c.call}`;
}

/** Stand-ins for the temp files the Go tests create; validators never open them. */
function substituteFixtures(input: string): string {
  return input.replace(/@@TMPFILE\(([^)]*)\)@@/g, '/tmp/coredns-test/$1').replace(/@@TMPDIR@@/g, '/tmp/coredns-test');
}

/**
 * The tokens per directive name, as caddy's parser collects them for one
 * server block: a directive starts on a new line outside any braces.
 */
function groupDirectives(tokens: CoreToken[]): Map<string, CoreToken[]> {
  const groups = new Map<string, CoreToken[]>();
  let current: CoreToken[] | undefined;
  let nesting = 0;
  let prevEndLine = -1;
  for (const t of tokens) {
    const newLine = t.line > prevEndLine;
    if (nesting === 0 && (newLine || !current) && t.text !== '}') {
      current = groups.get(t.text);
      if (!current) groups.set(t.text, (current = []));
    }
    current!.push(t);
    if (t.text === '{') nesting++;
    else if (t.text === '}' && nesting > 0) nesting--;
    prevEndLine = t.line + (t.text.match(/\n/g)?.length ?? 0);
  }
  return groups;
}

function run(c: SetupCase): SetupIssue[] {
  const tokens = lexFile(substituteFixtures(c.input), '');
  const serverBlockKeys = c.context?.serverBlockKeys ?? [];
  if (c.plugin === 'pkg/parse') {
    // parse.TransferIn on a controller over the whole input.
    return runSetup('transfer', { tokens, serverBlockKeys, filename: 'Testfile' }, ({ d }) => void transferIn(d));
  }
  const name = DIRECTIVE_OF_DIR[c.plugin] ?? c.plugin;
  const issues: SetupIssue[] = [];
  for (const group of groupDirectives(tokens).values()) {
    issues.push(...validateSetup(name, { tokens: group, serverBlockKeys, filename: 'Testfile' }));
  }
  return issues;
}

function verdict(c: SetupCase): { agrees: boolean; detail: string } {
  const err = run(c).find((i) => i.severity === 'error');
  if (!c.shouldErr) return { agrees: !err, detail: err ? `unexpected error: ${err.coreMessage}` : 'accepted' };
  if (!err) return { agrees: false, detail: 'accepted, but CoreDNS rejects it' };
  if (c.expectedErrContains !== undefined && !err.coreMessage.includes(c.expectedErrContains)) {
    return { agrees: false, detail: `error ${JSON.stringify(err.coreMessage)} lacks ${JSON.stringify(c.expectedErrContains)}` };
  }
  return { agrees: true, detail: err.coreMessage };
}

describe.runIf(haveShared())('setup validators against CoreDNS setup tests', () => {
  const cases = readJsonl<SetupCase>('conformance/setup-cases.jsonl');
  const validated = (c: SetupCase) => c.plugin === 'pkg/parse' || SETUP_VALIDATORS.has(DIRECTIVE_OF_DIR[c.plugin] ?? c.plugin);
  const tally = { judged: 0, agreeing: 0, runtime: 0 };

  it('case keys are unique and every exception names a case', () => {
    const keys = cases.map(caseKey);
    expect(new Set(keys).size).toBe(keys.length);
    const known = new Set(keys);
    expect(Object.keys(EXCEPTIONS).filter((k) => !known.has(k))).toEqual([]);
  });

  const byPlugin = new Map<string, SetupCase[]>();
  for (const c of cases) byPlugin.set(c.plugin, [...(byPlugin.get(c.plugin) ?? []), c]);

  for (const [plugin, list] of byPlugin) {
    if (!list.some(validated)) {
      // Every plugin directory of CoreDNS has a validator; a new one must get one too.
      it(`${plugin}: has a setup validator`, () => expect(list.some(validated), `${list.length} cases of ${plugin} are not validated`).toBe(true));
      continue;
    }
    describe(plugin, () => {
      for (const c of list) {
        const key = caseKey(c);
        const exception = EXCEPTIONS[key];
        it(`${c.index ?? c.name ?? c.goLine}: ${JSON.stringify(c.input).slice(0, 70)}`, () => {
          const v = verdict(c);
          if (exception) {
            // The exception must still be needed, or the table has gone stale.
            expect(v.agrees, `${key} now agrees; remove it from EXCEPTIONS`).toBe(false);
            if (exception.kind === 'runtime') tally.runtime++;
            else tally.judged++;
            return;
          }
          tally.judged++;
          if (v.agrees) tally.agreeing++;
          expect(v.agrees, `${key} (shouldErr=${c.shouldErr}): ${v.detail}`).toBe(true);
        });
      }
    });
  }

  it('agrees on at least 99% of the judged cases', () => {
    expect(tally.agreeing).toBeGreaterThanOrEqual(0.99 * tally.judged);
  });

  afterAll(() => {
    const pct = tally.judged === 0 ? 0 : (100 * tally.agreeing) / tally.judged;
    console.log(
      `setup conformance: ${tally.agreeing}/${tally.judged} judged cases agree (${pct.toFixed(2)}%); ` +
        `${tally.runtime} need run-time state (excepted)`,
    );
  });
});
