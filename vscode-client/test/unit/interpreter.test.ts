import { reset, state, Uri } from './vscodeMock';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { commandLine, getPythonExtensionApi, PythonExtensionApi, resolveInterpreter } from '../../src/interpreter';
import { MISSING_EXIT, probeSpeclint, PROBE_SCRIPT } from '../../src/probe';
import { expandPath, readSettings, Settings } from '../../src/settings';

const folder = { uri: Uri.file('/work/proj'), name: 'proj', index: 0 } as never;
const base: Settings = { enable: true, interpreter: '', args: [], trace: 'off' };
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');

describe('settings', () => {
  beforeEach(reset);

  test('defaults', () => {
    assert.deepEqual(readSettings(), base);
  });

  test('wrong types in settings.json fall back to defaults', () => {
    state.config['speclint.enable'] = 'no';
    state.config['speclint.interpreter'] = 42;
    state.config['speclint.args'] = ['ok', 3];
    state.config['speclint.trace.server'] = 'loud';
    assert.deepEqual(readSettings(), base);
  });

  test('values are read and the interpreter trimmed', () => {
    state.config['speclint.enable'] = false;
    state.config['speclint.interpreter'] = '  /usr/bin/python3.12 ';
    state.config['speclint.args'] = ['--x'];
    state.config['speclint.trace.server'] = 'messages';
    assert.deepEqual(readSettings(), { enable: false, interpreter: '/usr/bin/python3.12', args: ['--x'], trace: 'messages' });
  });

  test('paths: ${workspaceFolder}, ~, relative with a separator; bare names stay names', () => {
    assert.equal(expandPath('${workspaceFolder}/.venv/bin/python', '/w'), '/w/.venv/bin/python');
    assert.equal(expandPath('~/py/bin/python', '/w'), path.join(os.homedir(), 'py/bin/python'));
    assert.equal(expandPath('.venv/bin/python', '/w'), '/w/.venv/bin/python');
    assert.equal(expandPath('python3.12', '/w'), 'python3.12');
    assert.equal(expandPath('/abs/python', undefined), '/abs/python');
  });
});

describe('interpreter choice', () => {
  beforeEach(reset);

  const pyExt = (p: string | undefined, resolved?: string): PythonExtensionApi => ({
    environments: {
      getActiveEnvironmentPath: () => (p === undefined ? undefined : { path: p }),
      resolveEnvironment: async () => (resolved === undefined ? undefined : { executable: { uri: Uri.file(resolved) as never } }),
    },
  });

  test('the speclint.interpreter setting wins over the Python extension', async () => {
    const r = await resolveInterpreter({ ...base, interpreter: '${workspaceFolder}/.venv/bin/python' }, folder, pyExt('/env/python'));
    assert.deepEqual(r, { command: ['/work/proj/.venv/bin/python'], source: 'setting' });
  });

  test("then the Python extension's selected interpreter, resolved to its executable", async () => {
    assert.deepEqual(await resolveInterpreter(base, folder, pyExt('/env', '/env/bin/python')), {
      command: ['/env/bin/python'],
      source: 'python-extension',
    });
    assert.deepEqual(await resolveInterpreter(base, folder, pyExt('/env/bin/python')), {
      command: ['/env/bin/python'],
      source: 'python-extension',
    });
  });

  test('the older execution-details API of the Python extension', async () => {
    const api: PythonExtensionApi = { settings: { getExecutionDetails: () => ({ execCommand: ['conda', 'run', '-n', 'x', 'python'] }) } };
    assert.deepEqual(await resolveInterpreter(base, folder, api), {
      command: ['conda', 'run', '-n', 'x', 'python'],
      source: 'python-extension',
    });
  });

  test('else python3', async () => {
    assert.deepEqual(await resolveInterpreter(base, folder, undefined), { command: ['python3'], source: 'default' });
    assert.deepEqual(await resolveInterpreter(base, folder, pyExt(undefined)), { command: ['python3'], source: 'default' });
    assert.deepEqual(await resolveInterpreter(base, undefined, {}), { command: ['python3'], source: 'default' });
  });

  test('the Python extension is activated on demand; a failing one is ignored', async () => {
    assert.equal(await getPythonExtensionApi(), undefined);
    const api = pyExt('/p');
    let activated = 0;
    state.extensions.set('ms-python.python', { isActive: false, exports: undefined, activate: async () => (activated++, api) });
    assert.equal(await getPythonExtensionApi(), api);
    assert.equal(activated, 1);
    state.extensions.set('ms-python.python', { isActive: false, exports: undefined, activate: () => Promise.reject(new Error('boom')) });
    assert.equal(await getPythonExtensionApi(), undefined);
  });

  test('terminal command lines are quoted', () => {
    assert.equal(commandLine(['/opt/my python/bin/python', '-m', 'pip', 'install', 'speclint']), "'/opt/my python/bin/python' -m pip install speclint");
    assert.equal(commandLine(['python3', '-c', "print('x')"]), `python3 -c 'print('\\''x'\\'')'`);
  });
});

describe('probe (real processes)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'speclint-probe-'));

  test('an interpreter that does not exist', async () => {
    const r = await probeSpeclint(['/nonexistent/python3'], tmp);
    assert.equal(r.kind, 'no-interpreter');
  });

  test('python3 without speclint (no site-packages)', async () => {
    const r = await probeSpeclint(['python3', '-S'], tmp);
    assert.deepEqual(r, { kind: 'no-speclint', detail: 'speclint is not installed for python3 -S' });
  });

  test('python3 with a speclint package on its path', async () => {
    const old = process.env.PYTHONPATH;
    process.env.PYTHONPATH = path.join(FIXTURES, 'fake-speclint');
    try {
      const r = await probeSpeclint(['python3', '-S'], tmp);
      assert.equal(r.kind, 'ok');
    } finally {
      if (old === undefined) {
        delete process.env.PYTHONPATH;
      } else {
        process.env.PYTHONPATH = old;
      }
    }
  });

  test('a program that is not Python is an error, not "missing"', async () => {
    const r = await probeSpeclint(['false'], tmp);
    assert.equal(r.kind, 'error');
  });

  test('the probe script uses the agreed exit code', () => {
    assert.match(PROBE_SCRIPT, new RegExp(`sys.exit\\(${MISSING_EXIT}\\)`));
  });
});
