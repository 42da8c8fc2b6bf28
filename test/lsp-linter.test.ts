import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Linter } from '../server/src/linter.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-linter-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const TEXT = '. {\n  proxy . 8.8.8.8\n}\n';

describe('Linter', () => {
  it('lints in-process when the worker dies, and says so', async () => {
    const dying = path.join(dir, 'dying.mjs');
    // Dies as soon as it gets a request, before answering.
    fs.writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
    const logs: string[] = [];
    const linter = new Linter(pathToFileURL(dying), (m) => logs.push(m));
    const found = await linter.run(TEXT, { path: '/Corefile' }, {});
    expect(found.map((d) => d.code)).toEqual(['no-removed-plugin']);
    expect(found[0].docsUrl).toBe('https://coredns.io/plugins/');
    expect(logs).toEqual(['lint worker exited with code 3; linting in-process until a new one starts']);
    linter.dispose();
  });

  it('lints in-process when there is no worker script', async () => {
    const logs: string[] = [];
    const linter = new Linter(undefined, (m) => logs.push(m));
    expect((await linter.run(TEXT, { path: '/Corefile', rules: { 'no-removed-plugin': 'off' } }, {})).map((d) => d.code)).toEqual([]);
    expect(logs).toEqual(['lint worker script not found: linting on the main thread']);
  });
});
