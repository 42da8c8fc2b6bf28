import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { repoRoot } from './support/shared.js';

const dir = path.join(repoRoot, 'fixtures/grammar');
const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith('.Corefile')).sort();

/** `# env: A=1 B=2` in a fixture's first line sets its environment. */
function envOf(text: string): Record<string, string> {
  const m = /^# env: (.*)$/m.exec(text);
  return m ? Object.fromEntries(m[1].split(/\s+/).map((kv) => kv.split('=') as [string, string])) : {};
}

describe('corefile parse --tokens on the grammar fixtures', () => {
  for (const f of fixtures) {
    it(f, async () => {
      const file = path.join(dir, f);
      const text = fs.readFileSync(file, 'utf8');
      const run = await runCli(['parse', '--tokens', `fixtures/grammar/${f}`], { env: envOf(text) });
      const got = JSON.parse(run.stdout.replaceAll(repoRoot, '<root>'));
      expect(run.code).toBe('error' in got ? 1 : 0);
      const expectedFile = file.replace(/\.Corefile$/, '.tokens.json');
      if (!fs.existsSync(expectedFile)) {
        if (process.env.CI) throw new Error(`missing ${expectedFile}`);
        fs.writeFileSync(expectedFile, JSON.stringify(got, null, 1) + '\n');
      }
      expect(got).toEqual(JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
    });
  }
});

describe('corefile parse', () => {
  it('prints the syntax tree as JSON and exits 0', async () => {
    const run = await runCli(['parse', 'fixtures/kubernetes-default.Corefile']);
    expect(run.code).toBe(0);
    const ast = JSON.parse(run.stdout);
    expect(ast.type).toBe('File');
    expect(ast.body[0].type).toBe('ServerBlock');
    expect(ast.body[0].keys[0]).toMatchObject({ type: 'Word', text: '.:53', line: 1, column: 1 });
    expect(ast.body[0].body.map((d: { name: { text: string } }) => d.name.text)).toContain('kubernetes');
    expect(run.stderr).toBe('');
  });

  it('reports syntax errors with file:line:col on stderr and exits 1', async () => {
    const run = await runCli(['parse', 'fixtures/grammar/one-line-block.Corefile']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "fixtures/grammar/one-line-block.Corefile:1:12 error syntax/parse Unexpected '}' because no matching opening brace\n",
    );
  });

  it('prints CoreDNS’s error line for --tokens and exits 1', async () => {
    const run = await runCli(['parse', '--tokens', '-'], { stdin: '. {\n  whoami\n' });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ error: "<stdin>:2 - Syntax error: Unexpected token 'whoami', expecting '}'" });
  });

  it('reads stdin for -', async () => {
    const run = await runCli(['parse', '--tokens', '-'], { stdin: 'example.org {\n  whoami\n}\n' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ blocks: [{ keys: ['example.org'], directives: { whoami: [{ text: 'whoami', line: 2, file: '' }] } }] });
  });

  it('says so in one line and exits 2 for a missing file, a directory, or bad usage', async () => {
    const missing = await runCli(['parse', 'no/such/Corefile']);
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'corefile: open no/such/Corefile: no such file or directory\n' });
    const directory = await runCli(['parse', 'fixtures']);
    expect(directory).toMatchObject({ code: 2, stderr: 'corefile: fixtures: is a directory\n' });
    const usage = await runCli(['parse']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^corefile parse: expected one file/);
    const unknownFlag = await runCli(['parse', '--nope', 'x']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/^corefile parse: .*--nope/);
  });

  it('an unknown command is a usage error', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
