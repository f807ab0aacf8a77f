import { reset, state, changeSetting } from './vscodeMock';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { activate, deactivate, SpeclintApi } from '../../src/extension';
import { ClientLog, dispose, ExecLog, fakeContext, flush, projectFolder } from './helpers';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  activationEvents: string[];
  main: string;
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, { default: unknown }> } };
};

describe('activation', () => {
  let clients: ClientLog;
  let exec: ExecLog;
  let ctx: ReturnType<typeof fakeContext>;

  beforeEach(() => {
    reset();
    clients = new ClientLog();
    exec = new ExecLog();
    ctx = fakeContext();
  });
  afterEach(async () => {
    await deactivate();
    dispose(ctx);
  });

  const start = (): Promise<SpeclintApi> =>
    activate(ctx as never, { createClient: clients.factory, exec: exec.exec, pythonApi: async () => undefined, debounceMs: 0 });

  test('manifest: activation events, entry point, commands and settings', () => {
    for (const ev of ['workspaceContains:**/speclint.toml', 'workspaceContains:**/pyproject.toml', 'onLanguage:markdown', 'onLanguage:yaml']) {
      assert.ok(manifest.activationEvents.includes(ev), ev);
    }
    assert.ok(manifest.activationEvents.some((e) => /feature|gherkin/.test(e)));
    assert.equal(manifest.main, './dist/extension.js');
    assert.deepEqual(
      manifest.contributes.commands.map((c) => c.command).sort(),
      ['speclint.askClarifyingQuestions', 'speclint.lintWorkspace', 'speclint.openCoverage', 'speclint.restartServer', 'speclint.showOutput'],
    );
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), ['speclint.args', 'speclint.enable', 'speclint.interpreter', 'speclint.trace.server']);
    assert.equal(props['speclint.enable']!.default, true);
    assert.equal(props['speclint.trace.server']!.default, 'off');
  });

  test('registers every contributed command and starts `python3 -m speclint lsp` in a speclint project', async () => {
    const dir = projectFolder('speclint.toml');
    const api = await start();
    await flush();
    for (const c of manifest.contributes.commands) {
      assert.ok(state.commands.has(c.command), c.command);
    }
    assert.equal(clients.clients.length, 1);
    const spec = clients.last!.spec;
    assert.equal(spec.command, 'python3');
    assert.deepEqual(spec.args, ['-m', 'speclint', 'lsp']);
    assert.equal(spec.cwd, dir);
    assert.equal(api.manager.state, 'running');
    assert.equal(state.contexts.get('speclint.serverRunning'), true);
    assert.equal(state.messages.length, 0);
  });

  test('a pyproject.toml with [tool.speclint] is a project too', async () => {
    projectFolder('pyproject');
    await start();
    await flush();
    assert.equal(clients.clients.length, 1);
  });

  test('no speclint config: no server until a speclint.toml appears, or the restart command', async () => {
    const dir = projectFolder('none');
    const api = await start();
    await flush();
    assert.equal(clients.clients.length, 0);
    assert.equal(exec.probes, 0);
    assert.equal(api.manager.state, 'stopped');
    // Settings changes do not start it either.
    changeSetting('args', ['--verbose']);
    await api.settled();
    assert.equal(clients.clients.length, 0);
    // A config appears.
    state.files.set(path.join(dir, 'speclint.toml'), '');
    state.onDidCreateSpeclintToml.fire(state.workspaceFolders[0]!.uri);
    await flush(20);
    assert.equal(clients.clients.length, 1);
  });

  test('the restart command starts the server in any folder', async () => {
    projectFolder('none');
    await start();
    await state.commands.get('speclint.restartServer')!();
    assert.equal(clients.clients.length, 1);
    assert.equal(clients.last!.started, true);
  });

  test('speclint.args are appended and the trace setting is passed on', async () => {
    projectFolder();
    state.config['speclint.args'] = ['--log-level', 'debug'];
    state.config['speclint.trace.server'] = 'verbose';
    await start();
    await flush();
    assert.deepEqual(clients.last!.spec.args, ['-m', 'speclint', 'lsp', '--log-level', 'debug']);
    assert.equal(clients.last!.spec.trace, 'verbose');
  });

  test('speclint.enable = false: no server, no probe', async () => {
    projectFolder();
    state.config['speclint.enable'] = false;
    const api = await start();
    await flush();
    assert.equal(clients.clients.length, 0);
    assert.equal(exec.probes, 0);
    assert.equal(api.manager.state, 'stopped');
  });

  test('deactivate stops the server', async () => {
    projectFolder();
    await start();
    await flush();
    await deactivate();
    assert.equal(clients.last!.stopped, true);
  });

  test('show output command reveals the output channel', async () => {
    projectFolder('none');
    await start();
    await state.commands.get('speclint.showOutput')!();
    assert.ok(state.executed.some((e) => e.command === '<output.show>'));
  });
});
