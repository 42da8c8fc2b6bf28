import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { wantsColor } from '../src/cli/render.js';
import { repoRoot } from './support/shared.js';

const STUDY_NOTE = `# /etc/coredns/Corefile
.:53 {
	errors
	health
	kubernetes cluster.local in-addr.arpa ip6.arpa {
		pods insecure
		upstream
		fallthrough in-addr.arpa ip6.arpa
	}
	prometheus :9153
	proxy . /etc/resolv/conf
	cache 30
	reload
}
`;
const CLEAN = '. {\n    forward . 1.1.1.1\n    cache 30\n}\n';
const WARNING = '. {\n    forward . 1.1.1.1#primary\n}\n';

let dir: string;
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-lint-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('corefile lint (in-process)', () => {
  it('prints stylish diagnostics with code frames and exits 1 on errors', async () => {
    write('note/Corefile', STUDY_NOTE);
    const r = await runCli(['lint', 'note/Corefile'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("note/Corefile:11:2 error no-removed-plugin Plugin 'proxy' was removed in CoreDNS 1.5.0");
    expect(r.stdout).toContain('  11 | \tproxy . /etc/resolv/conf\n     | \t^^^^^\n');
    expect(r.stdout).toContain('3 problems (2 errors, 1 warning)');
    expect(r.stderr).toBe('');
  });

  it('lints ./Corefile by default and exits 0 when clean', async () => {
    write('clean/Corefile', CLEAN);
    const r = await runCli(['lint'], { cwd: path.join(dir, 'clean') });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('expands globs and directories', async () => {
    write('many/a.Corefile', CLEAN);
    write('many/sub/b.Corefile', WARNING);
    const g = await runCli(['lint', 'many/**/*.Corefile'], { cwd: dir });
    expect(g.code).toBe(0);
    expect(g.stdout).toContain('many/sub/b.Corefile:2:15 warning no-mid-word-comment');
    const d = await runCli(['lint', 'many'], { cwd: dir });
    expect(d.stdout).toBe(g.stdout);
    expect((await runCli(['lint', 'many/*.nothing'], { cwd: dir })).code).toBe(2);
  });

  it('fails with --max-warnings when there are too many warnings', async () => {
    write('warn/Corefile', WARNING);
    expect((await runCli(['lint', 'warn/Corefile', '--max-warnings', '1'], { cwd: dir })).code).toBe(0);
    const r = await runCli(['lint', 'warn/Corefile', '--max-warnings', '0'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('too many warnings (1)');
  });

  it('targets an older CoreDNS with --coredns-version', async () => {
    write('old/Corefile', STUDY_NOTE);
    const r = await runCli(['lint', '--coredns-version', '1.2.2', 'old/Corefile'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 problem (0 errors, 1 warning)');
  });

  it('takes the default port of keys from --dns-port, as CoreDNS does from -dns.port', async () => {
    const text = '. {\n    whoami\n}\n.:1053 {\n    whoami\n}\n';
    expect((await runCli(['lint', '-'], { cwd: dir, stdin: text })).code).toBe(0);
    const r = await runCli(['lint', '--dns-port', '1053', '-'], { cwd: dir, stdin: text });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('cannot serve dns://.:1053 - it is already defined');
  });

  it('reads stdin for -', async () => {
    const r = await runCli(['lint', '-'], { cwd: dir, stdin: STUDY_NOTE });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<stdin>:7:3 error no-removed-option');
  });

  it('--stdin-filename names stdin in the report, and its configuration and imports are found from there', async () => {
    write('named/.corefilerc.json', JSON.stringify({ rules: { 'no-removed-option': 'off' } }));
    write('named/extra.conf', 'proxy . 8.8.8.8\n');
    const text = STUDY_NOTE.replace('\tcache 30', '\tcache 30\n\timport extra.conf');
    const r = await runCli(['lint', '--stdin-filename', 'named/Corefile', '-'], { cwd: dir, stdin: text });
    expect(r.stdout).toContain('named/Corefile:11:2 error no-removed-plugin');
    expect(r.stdout).not.toContain('no-removed-option');
    expect(r.stdout).toContain('named/extra.conf:1:1 error no-removed-plugin');
    expect(r.stdout).not.toContain('<stdin>');
  });

  it('--quiet reports errors only, and its warnings do not count against --max-warnings', async () => {
    write('quiet/Corefile', STUDY_NOTE);
    const all = await runCli(['lint', '--format', 'json', 'quiet/Corefile'], { cwd: dir });
    const quiet = await runCli(['lint', '--format', 'json', '--quiet', 'quiet/Corefile'], { cwd: dir });
    const severities = (out: string) => (JSON.parse(out) as Array<{ messages: Array<{ severity: number }> }>)[0]!.messages.map((m) => m.severity);
    expect(severities(all.stdout)).toContain(1);
    expect(severities(quiet.stdout).length).toBeGreaterThan(0);
    expect(severities(quiet.stdout).every((x) => x === 2)).toBe(true);
    write('quiet/warn/Corefile', WARNING);
    expect((await runCli(['lint', '--max-warnings', '0', 'quiet/warn/Corefile'], { cwd: dir })).code).toBe(1);
    expect((await runCli(['lint', '--quiet', '--max-warnings', '0', 'quiet/warn/Corefile'], { cwd: dir })).code).toBe(0);
  });

  it('-o writes the report to a file, with the same exit code, and says so plainly when it cannot', async () => {
    write('out/Corefile', STUDY_NOTE);
    const r = await runCli(['lint', '--format', 'sarif', '-o', 'out/report.sarif', 'out/Corefile'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/report.sarif'), 'utf8')).version).toBe('2.1.0');
    const bad = await runCli(['lint', '-o', 'out/no/such/dir/report.txt', 'out/Corefile'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('out/no/such/dir/report.txt');
  });

  it('colours the stylish report on a terminal (--color / --no-color decide), and nowhere else', async () => {
    write('color/Corefile', STUDY_NOTE);
    const ANSI = /\x1b\[\d+m/g;
    const plain = await runCli(['lint', 'color/Corefile'], { cwd: dir });
    const tty = await runCli(['lint', 'color/Corefile'], { cwd: dir, color: true });
    expect(plain.stdout).not.toMatch(ANSI);
    expect(tty.stdout).toContain('\x1b[31merror\x1b[39m');
    expect(tty.stdout).toContain('\x1b[33mwarning\x1b[39m');
    expect(tty.stdout.replace(ANSI, '')).toBe(plain.stdout);
    expect((await runCli(['lint', '--no-color', 'color/Corefile'], { cwd: dir, color: true })).stdout).toBe(plain.stdout);
    expect((await runCli(['lint', '--color', 'color/Corefile'], { cwd: dir })).stdout).toBe(tty.stdout);
    expect((await runCli(['lint', '--format', 'json', 'color/Corefile'], { cwd: dir, color: true })).stdout).not.toMatch(ANSI);
    await runCli(['lint', '-o', 'color/report.txt', 'color/Corefile'], { cwd: dir, color: true });
    expect(fs.readFileSync(path.join(dir, 'color/report.txt'), 'utf8')).toBe(plain.stdout);
  });

  it('decides on colours as other tools do: FORCE_COLOR (0: none), then NO_COLOR, then a terminal that is not dumb', () => {
    expect(wantsColor({}, true)).toBe(true);
    expect(wantsColor({}, false)).toBe(false);
    expect(wantsColor({}, undefined)).toBe(false);
    expect(wantsColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColor({ NO_COLOR: '' }, true)).toBe(true);
    expect(wantsColor({ TERM: 'dumb' }, true)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, true)).toBe(true);
  });

  it('--fix rewrites the file, keeps comments, and exits 0 when nothing is left', async () => {
    const p = write('fix/Corefile', STUDY_NOTE);
    const r = await runCli(['lint', '--fix', 'fix/Corefile'], { cwd: dir });
    expect(r.code).toBe(0);
    const fixed = fs.readFileSync(p, 'utf8');
    expect(fixed).toContain('# /etc/coredns/Corefile\n');
    expect(fixed).toContain('\tforward . /etc/resolv.conf\n');
    expect(fixed).not.toContain('upstream');
  });

  it('--fix on stdin prints the fixed file and reports on stderr', async () => {
    const r = await runCli(['lint', '--fix', '-'], { cwd: dir, stdin: STUDY_NOTE });
    expect(r.stdout).toContain('\tforward . /etc/resolv.conf\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('finds a configuration file upwards, and --config overrides it', async () => {
    write('cfg/.corefilerc.json', JSON.stringify({ corednsVersion: '1.2.2', rules: { 'no-suspicious-path': 'off' }, externalPlugins: [{ name: 'ads', after: 'cache' }] }));
    write('cfg/deep/er/Corefile', STUDY_NOTE.replace('\tcache 30', '\tcache 30\n\tads'));
    const r = await runCli(['lint', 'cfg/deep/er/Corefile'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    write('other.json', JSON.stringify({ rules: { 'no-removed-plugin': 'warning' } }));
    const o = await runCli(['lint', '--config', 'other.json', 'cfg/deep/er/Corefile'], { cwd: dir });
    expect(o.code).toBe(1);
    expect(o.stdout).toContain('warning no-removed-plugin');
    expect(o.stdout).toContain("error no-unknown-directive Unknown directive 'ads'");
  });

  it('rejects a bad configuration with one line and exit 2', async () => {
    write('badcfg/corefile.config.json', JSON.stringify({ rules: { 'no-such-rule': 'error', 'no-removed-plugin': 'loud' } }));
    write('badcfg/Corefile', CLEAN);
    const r = await runCli(['lint', 'badcfg/Corefile'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown rule 'no-such-rule'");
    expect(r.stderr).toContain('rules.no-removed-plugin must be one of');
  });

  it('suppresses findings with disable-next-line and disable-line comments', async () => {
    const text = '. {\n    # corefile-lint disable-next-line no-mid-word-comment\n    forward . 1.1.1.1#a\n    log stdout # corefile-lint disable-line\n}\n';
    write('sup/Corefile', text);
    expect(await runCli(['lint', 'sup/Corefile'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('answers usage and IO errors with one line and exit 2, never a stack trace', async () => {
    for (const args of [['lint', 'no/such/Corefile'], ['lint', '--format', 'xml', 'x'], ['lint', '--coredns-version', 'one'], ['lint', '--max-warnings', '-3'], ['lint', '--bogus'], ['lint', '--max-warnings=-3']]) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('corefile lint output formats', () => {
  it('json has ESLint’s shape', async () => {
    write('json/Corefile', STUDY_NOTE);
    const r = await runCli(['lint', '--format', 'json', 'json/Corefile'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ filePath: path.join(dir, 'json/Corefile'), errorCount: 2, warningCount: 1, fixableErrorCount: 2, fixableWarningCount: 1 });
    expect(out[0].messages[1]).toEqual({
      ruleId: 'no-removed-plugin',
      severity: 2,
      message: expect.stringContaining("Plugin 'proxy' was removed"),
      line: 11,
      column: 2,
      endLine: 11,
      endColumn: 7,
      fix: { range: [182, 187], text: 'forward' },
    });
    expect(out[0].messages[2]).toMatchObject({ ruleId: 'no-suspicious-path', severity: 1, fix: { text: '/etc/resolv.conf' } });
  });

  it('sarif is valid SARIF 2.1.0 with rules and help text', async () => {
    write('sarif/Corefile', STUDY_NOTE);
    const r = await runCli(['lint', '--format', 'sarif', 'sarif/Corefile'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    // The official schema, as shipped by Microsoft's SARIF SDK, checked with the Ajv it depends on.
    const req = createRequire(import.meta.url);
    const pkg = req.resolve('@microsoft/jest-sarif/package.json');
    const fromPkg = createRequire(pkg);
    const Ajv = fromPkg('ajv');
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
    ajv.addMetaSchema(fromPkg('ajv/lib/refs/json-schema-draft-04.json'));
    const schema = JSON.parse(fs.readFileSync(path.join(path.dirname(pkg), 'lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const valid = ajv.validate(schema, log);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
    expect(valid).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.find((x: { id: string }) => x.id === 'no-removed-plugin').help.text).toContain('proxy');
    expect(run.results).toHaveLength(3);
    expect(run.results[1]).toMatchObject({
      ruleId: 'no-removed-plugin',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'sarif/Corefile' }, region: { startLine: 11, startColumn: 2, endColumn: 7 } } }],
    });
    // The schema must be able to fail: a broken log is rejected.
    expect(ajv.validate(schema, { ...log, version: '2.0.0' })).toBe(false);
  });

  it('github prints workflow annotations', async () => {
    write('gh/Corefile', STUDY_NOTE);
    const r = await runCli(['lint', '--format', 'github', 'gh/Corefile'], { cwd: dir });
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^::error file=gh\/Corefile,line=7,col=3,endLine=7,endColumn=11,title=no-removed-option::Option 'upstream'/);
    expect(lines[2]).toMatch(/^::warning file=gh\/Corefile,line=11,col=10,/);
  });
});

describe('corefile lint (subprocess, built CLI)', () => {
  const bin = path.join(repoRoot, 'bin/corefile.js');
  const built = fs.existsSync(path.join(repoRoot, 'dist/bundle/corefile.js'));
  it.runIf(built)('exits 1 with diagnostics on stdout', () => {
    const p = write('sub/Corefile', STUDY_NOTE);
    const r = spawnSync(process.execPath, [bin, 'lint', p], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('error no-removed-plugin');
  });
  it.runIf(built)('stops quietly, with its exit code, when the reader of its output goes away (`| head`)', async () => {
    // Far more output than a pipe buffers, so the CLI is still writing when the reader leaves.
    const p = write('big/Corefile', STUDY_NOTE.repeat(1000));
    const child = spawn(process.execPath, [bin, 'lint', '--format', 'json', p], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d) => void (stderr += String(d)));
    const first = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d) => {
        child.stdout.destroy();
        resolve(String(d).slice(0, 10));
      }),
    );
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first).toBe('[{"filePat');
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });
  it.runIf(built)('exits 2 on a missing file with one line on stderr', () => {
    const r = spawnSync(process.execPath, [bin, 'lint', 'missing/Corefile'], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
