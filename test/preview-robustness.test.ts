import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../src/ast/fs.js';
import { answerPacket } from '../src/cli/serve.js';
import { buildEngine, engineEnv, loadCluster, preview, previewWith } from '../src/preview/index.js';
import { readZone } from '../src/preview/zonefile.js';
import { repoRoot } from './support/shared.js';

const fixtures = path.join(repoRoot, 'fixtures/preview');
const TYPES = ['A', 'AAAA', 'SRV', 'PTR', 'TXT', 'MX', 'NS', 'SOA', 'CNAME', 'ANY', 'DS', 'HINFO', 'AXFR', 'TYPE65'];
const label = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const qname = fc.array(label, { minLength: 1, maxLength: 6 }).chain((ls) =>
  fc.constantFrom('cluster.local', 'svc.cluster.local', 'default.svc.cluster.local', 'in-addr.arpa', 'example.org', 'lan', 'com').map((z) => `${ls.join('.')}.${z}`),
);

describe('the preview never throws', () => {
  const cluster = loadCluster(fs.readFileSync(path.join(repoRoot, 'fixtures/cluster.yaml'), 'utf8'));
  for (const f of ['kubernetes.Corefile', 'zone.Corefile', 'edge.Corefile']) {
    it(`random queries against ${f}`, () => {
      const file = path.join(fixtures, f);
      const opts = { path: file, fs: memoryFileSystem({ [path.join(fixtures, 'db.example.org')]: fs.readFileSync(path.join(fixtures, 'db.example.org'), 'utf8') }), cluster };
      const engine = buildEngine(fs.readFileSync(file, 'utf8'), engineEnv(opts));
      fc.assert(
        fc.property(qname, fc.constantFrom(...TYPES), fc.boolean(), fc.constantFrom(0, 512, 4096), (name, type, dobit, size) => {
          const r = previewWith(engine, { name, type, do: dobit, bufsize: size }, opts);
          expect(r.trace.outcome).not.toBe('undetermined');
          expect(typeof r.rcode).toBe('string');
        }),
        { numRuns: 300 },
      );
    });
  }

  it('random Corefile text, zone text and cluster YAML', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (text, other) => {
        const r = preview(text, { name: 'a.example' }, { cluster: other, fs: memoryFileSystem({ '/db': other }) });
        expect(r.trace).toBeDefined();
        expect(readZone(other, { origin: 'example.', file: '/db' })).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('random packets get FORMERR, NOTIMP, a reply or nothing', async () => {
    const engine = buildEngine('. {\n  whoami\n}\n', engineEnv({}));
    const o = { host: '127.0.0.1', port: 0, engine, options: {}, upstream: { mode: 'offline' as const }, live: false, log: () => {}, quiet: true };
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 80 }), async (bytes) => {
        const out = await answerPacket(bytes, 'udp', { address: '127.0.0.1', port: 5353 }, o, () => {});
        if (out) expect(out.length).toBeGreaterThanOrEqual(12);
      }),
      { numRuns: 500 },
    );
  });
});
