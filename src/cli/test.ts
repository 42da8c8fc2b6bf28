import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildEngine, engineEnv } from '../preview/index.js';
import { parseSpec, renderSpecJson, renderSpecJunit, renderSpecText, runSpec, summarize } from '../preview/spec-runner.js';
import { CliError, readInput, type Io } from './io.js';
import { engineOptions } from './preview.js';

export const usage = `Usage: corefile test SPEC.yaml [options]

Run DNS unit tests for a Corefile: each case is a query (name, type,
client, listener) and what the reply must be (rcode, records, flags, the
plugin that answered). Evaluated offline, as 'corefile preview' does;
exit code 1 when any case fails.

Spec (YAML): a list of cases, or a mapping with 'corefile', 'cluster',
default 'client_ip'/'listener'/'port'/'transport'/'tcp', and 'tests':
  corefile: kubernetes-default.Corefile      # relative to the spec
  cluster: cluster.yaml
  tests:
    - name: API service
      query: kubernetes.default.svc.cluster.local A
      client_ip: 10.244.1.7
      listener: dns://:53          # or port/transport/server_ip; tcp: true
      expect:
        rcode: NOERROR
        answer: ["kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1"]
        flags: [aa, "!tc"]
        answered_by: kubernetes
Expectations: rcode, answer/authority/additional (exactly these records, any
order), answer_contains/authority_contains/additional_contains, flags
('!x' = not set), answered_by, outcome (answered, forwarded, undetermined,
no-reply). A record without a TTL matches any TTL.

Options:
  --corefile FILE       the Corefile (overrides the spec's 'corefile')
  --cluster FILE        Kubernetes state (overrides the spec's 'cluster')
  --upstream-zone FILE  answer forwarded queries from this zone file
  --coredns-ip IP       CoreDNS pod address for kubernetes apex NS answers (repeatable)
  --format text|json|junit   report format (default text)`;

const options = {
  corefile: { type: 'string' },
  cluster: { type: 'string' },
  'upstream-zone': { type: 'string' },
  'coredns-ip': { type: 'string', multiple: true },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `corefile test SPEC.yaml`: 0 all passed, 1 a case failed, 2 usage, IO or spec errors. */
export async function testCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
  if (values.help) {
    io.stdout(usage + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new CliError(`corefile test: expected one spec file\n\n${usage}`);
  const format = values.format ?? 'text';
  if (!['text', 'json', 'junit'].includes(format)) throw new CliError(`corefile test: --format must be text, json or junit, got '${format}'`);
  const specFile = await readInput(positionals[0], io);
  const parsed = parseSpec(specFile.text);
  if ('error' in parsed) throw new CliError(`corefile test: ${specFile.name}: ${parsed.error}`);
  const spec = parsed.spec;
  const specDir = path.dirname(specFile.path);
  const shown = (p: string) => {
    const rel = path.relative(io.cwd, path.resolve(specDir, p));
    return rel.startsWith('..') || rel === '' ? path.resolve(specDir, p) : rel;
  };
  // Paths in the spec are relative to the spec; on the command line, to the working directory.
  const corefileName = values.corefile ?? (spec.corefile !== undefined ? shown(spec.corefile) : undefined);
  if (!corefileName) throw new CliError(`corefile test: ${specFile.name} names no corefile; pass --corefile FILE`);
  const corefile = await readInput(corefileName, io);
  const clusterName = values.cluster ?? (spec.cluster !== undefined ? shown(spec.cluster) : undefined);
  const { options: preview } = engineOptions({ cluster: clusterName, 'upstream-zone': values['upstream-zone'], 'coredns-ip': values['coredns-ip'] }, io, corefile.path);
  const engine = buildEngine(corefile.text, engineEnv(preview));
  for (const i of engine.issues.filter((x) => x.severity === 'error')) io.stderr(`corefile test: ${corefile.name}: ${i.message} (CoreDNS would not start)\n`);
  const results = runSpec(engine, spec, preview);
  if (format === 'json') io.stdout(renderSpecJson(results, specFile.name, corefile.name));
  else if (format === 'junit') io.stdout(renderSpecJunit(results, `${specFile.name} (${corefile.name})`));
  else io.stdout(renderSpecText(results, `corefile test ${specFile.name} (Corefile: ${corefile.name}${clusterName ? `, cluster: ${clusterName}` : ''})`));
  return summarize(results).failed > 0 ? 1 : 0;
}
