import { changeSetting, reset, state, EventEmitter } from './vscodeMock';
import * as assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { activate, deactivate, SpeclintApi } from '../../src/extension';
import { PythonExtensionApi } from '../../src/interpreter';
import { MISSING_EXIT } from '../../src/probe';
import { CRASH_WINDOW_MS, MAX_RESTARTS, ServerManager } from '../../src/server';
import { ClientLog, dispose, enoent, ExecLog, fakeContext, flush, projectFolder } from './helpers';

describe('server lifecycle', () => {
  let clients: ClientLog;
  let exec: ExecLog;
  let ctx: ReturnType<typeof fakeContext>;
  let pythonApi: PythonExtensionApi | undefined;

  beforeEach(() => {
    reset();
    clients = new ClientLog();
    exec = new ExecLog();
    ctx = fakeContext();
    pythonApi = undefined;
    projectFolder();
  });
  afterEach(async () => {
    await deactivate();
    dispose(ctx);
  });

  const start = async (): Promise<SpeclintApi> => {
    const api = await activate(ctx as never, {
      createClient: clients.factory,
      exec: exec.exec,
      pythonApi: async () => pythonApi,
      debounceMs: 0,
    });
    await flush();
    return api;
  };

  describe('speclint missing for the interpreter', () => {
    beforeEach(() => {
      exec.probe = () => ({ code: MISSING_EXIT, stdout: '', stderr: '' });
    });

    test('one warning with an install button; no client, no crash loop', async () => {
      const api = await start();
      assert.equal(clients.clients.length, 0);
      assert.equal(api.manager.state, 'failed');
      assert.equal(state.messages.length, 1);
      const [m] = state.messages;
      assert.equal(m!.kind, 'warning');
      assert.match(m!.text, /speclint is not installed for the Python interpreter python3/);
      assert.deepEqual(m!.items, ['Install speclint', 'Open Settings']);
      assert.equal(state.statusItems[0]!.text.includes('speclint'), false); // no file open: hidden
    });

    test('the button runs pip install for that interpreter in a terminal and offers a restart', async () => {
      state.config['speclint.interpreter'] = '/opt/py/bin/python';
      state.answers.push({ match: 'speclint is not installed', choose: 'Install speclint' });
      await start();
      await flush();
      assert.equal(state.terminals.length, 1);
      const t = state.terminals[0]!;
      assert.deepEqual(t.sent, ['/opt/py/bin/python -m pip install speclint']);
      assert.equal(t.shown, true);
      assert.equal(t.cwd, state.workspaceFolders[0]!.uri.fsPath);
      assert.ok(state.messages.some((m) => m.kind === 'info' && m.items.includes('Restart Server')));
    });

    test('a settings change retries quietly; restart command or a new interpreter reports again', async () => {
      const api = await start();
      assert.equal(state.messages.length, 1);
      changeSetting('trace.server', 'messages');
      await api.settled();
      assert.equal(exec.probes, 2);
      assert.equal(state.messages.length, 1, 'same problem, same interpreter: not reported twice');

      changeSetting('interpreter', '/other/python');
      await api.settled();
      assert.equal(state.messages.length, 2);
      assert.match(state.messages[1]!.text, /\/other\/python/);

      await state.commands.get('speclint.restartServer')!();
      assert.equal(state.messages.length, 3, 'the user asked: tell again');
    });

    test('once installed, restart starts the server', async () => {
      const api = await start();
      exec.probe = () => ({ code: 0, stdout: '0.1.0\n', stderr: '' });
      await state.commands.get('speclint.restartServer')!();
      assert.equal(clients.clients.length, 1);
      assert.equal(api.manager.state, 'running');
    });
  });

  test('interpreter that does not exist: one error pointing at the setting', async () => {
    exec.probe = enoent;
    state.config['speclint.interpreter'] = '/nope/python';
    state.answers.push({ match: 'speclint: cannot run', choose: 'Open Settings' });
    const api = await start();
    await flush();
    assert.equal(api.manager.state, 'failed');
    assert.equal(state.messages.length, 1);
    assert.equal(state.messages[0]!.kind, 'error');
    assert.match(state.messages[0]!.text, /\/nope\/python/);
    assert.ok(state.executed.some((e) => e.command === 'workbench.action.openSettings' && e.args[0] === 'speclint.interpreter'));
  });

  test('server that fails to start (e.g. no `lsp` subcommand): one error, no restart', async () => {
    clients.setup = (c) => {
      c.startError = new Error('Connection closed');
    };
    const api = await start();
    assert.equal(api.manager.state, 'failed');
    assert.equal(clients.clients.length, 1);
    assert.equal(clients.last!.stopped, true);
    assert.equal(state.messages.length, 1);
    assert.match(state.messages[0]!.text, /did not start/);
    assert.deepEqual(state.messages[0]!.items, ['Show Output', 'Restart Server']);
    // The process exiting before it was ready is not restarted either.
    assert.equal(clients.last!.spec.onClosed(false), 'stop');
    changeSetting('args', ['-v']);
    await api.settled();
    assert.equal(clients.clients.length, 2);
    assert.equal(state.messages.length, 1, 'same failure after a settings change: not reported twice');
  });

  test('crash loop: restarts a few times, then stops with one notification', async () => {
    const api = await activate(ctx as never, {
      createClient: clients.factory,
      exec: exec.exec,
      pythonApi: async () => undefined,
      debounceMs: 0,
    });
    await flush();
    const spec = clients.last!.spec;
    const answers: string[] = [];
    for (let i = 0; i < MAX_RESTARTS + 2; i++) {
      answers.push(spec.onClosed(true));
    }
    assert.deepEqual(answers, [...Array(MAX_RESTARTS).fill('restart'), 'stop', 'stop']);
    await flush();
    assert.equal(api.manager.state, 'failed');
    const errors = state.messages.filter((m) => m.kind === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.text, /stopped 4 times/);
    assert.equal(clients.last!.stopped, true);
    assert.ok(CRASH_WINDOW_MS >= 60_000);
  });

  test('crashes far apart are each restarted', async () => {
    const output = { appendLine: () => undefined, show: () => undefined } as never;
    let t = 0;
    const m = new ServerManager({
      output,
      createClient: clients.factory,
      probe: async () => ({ kind: 'ok', version: '1' }),
      pythonApi: async () => undefined,
      onState: () => undefined,
      onReadiness: () => undefined,
      folder: () => state.workspaceFolders[0] as never,
      now: () => t,
    });
    await m.start();
    const spec = clients.last!.spec;
    const answers: string[] = [];
    for (let i = 0; i < 10; i++) {
      answers.push(spec.onClosed(true));
      t += CRASH_WINDOW_MS;
    }
    assert.ok(answers.every((a) => a === 'restart'), answers.join());
    await m.stop();
  });

  test('a settings change restarts the server once per burst; unrelated settings do not', async () => {
    const api = await start();
    assert.equal(clients.clients.length, 1);
    const first = clients.last!;
    state.onDidChangeConfiguration.fire({ affectsConfiguration: (s: string) => s === 'editor' });
    await api.settled();
    assert.equal(clients.clients.length, 1);

    changeSetting('args', ['--a']);
    changeSetting('args', ['--a', '--b']);
    changeSetting('trace.server', 'verbose');
    await api.settled();
    await flush();
    assert.equal(clients.clients.length, 2, 'one restart for the burst');
    assert.equal(first.stopped, true);
    assert.deepEqual(clients.last!.spec.args, ['-m', 'speclint', 'lsp', '--a', '--b']);
    assert.equal(api.manager.state, 'running');
  });

  test('speclint.enable false stops the server; true starts it again', async () => {
    const api = await start();
    changeSetting('enable', false);
    await api.settled();
    assert.equal(clients.last!.stopped, true);
    assert.equal(api.manager.state, 'stopped');
    assert.equal(clients.clients.length, 1);
    changeSetting('enable', true);
    await api.settled();
    assert.equal(clients.clients.length, 2);
    assert.equal(api.manager.state, 'running');
  });

  test('the Python extension changing interpreter restarts the server with the new one', async () => {
    let current = '/venv/a/bin/python';
    const changed = new EventEmitter<unknown>();
    pythonApi = {
      environments: {
        getActiveEnvironmentPath: () => ({ path: current }),
        onDidChangeActiveEnvironmentPath: changed.event,
      },
    };
    const api = await start();
    assert.equal(clients.last!.spec.command, '/venv/a/bin/python');
    current = '/venv/b/bin/python';
    changed.fire({});
    await api.settled();
    await flush();
    assert.equal(clients.clients.length, 2);
    assert.equal(clients.last!.spec.command, '/venv/b/bin/python');
  });

  test('readiness notifications reach the status bar', async () => {
    const api = await start();
    const doc = { uri: state.workspaceFolders[0]!.uri, languageId: 'markdown' };
    state.activeTextEditor = { document: doc, selection: { active: { line: 0, character: 0 } } };
    clients.last!.handlers.get('speclint/readiness')!({ uri: doc.uri.toString(), findings: 4, coverage: 75 });
    assert.equal(api.status.item.text, '$(warning) speclint: 4 findings · 75% covered');
    assert.equal(state.statusItems[0]!.visible, true);
  });
});
