import { reset, state, Uri } from './vscodeMock';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as path from 'node:path';
import { formatSummary, resolveCoverageLink, summariseJson, withCsp } from '../../src/commands';
import { activate, deactivate, SpeclintApi } from '../../src/extension';
import { ClientLog, dispose, ExecLog, fakeContext, flush, projectFolder } from './helpers';

const REPORT = {
  version: 1,
  findings: [
    { path: 'specs/a.md', line: 3, column: 5, end_line: 3, end_column: 11, rule: 'ambiguity/weak-modal', severity: 'warning', message: 'say MUST or drop it', section: 'payment' },
    { path: 'specs/a.md', line: 9, column: 1, end_line: 9, end_column: 4, rule: 'ambiguity/placeholder', severity: 'error', message: 'TBD', section: 'limits' },
    { path: 'specs/b.md', line: 1, column: 1, end_line: 1, end_column: 2, rule: 'links/uncovered-section', severity: 'warning', message: 'no scenario', section: 'b' },
  ],
  summary: {},
};

describe('commands', () => {
  let clients: ClientLog;
  let exec: ExecLog;
  let ctx: ReturnType<typeof fakeContext>;
  let dir: string;
  let api: SpeclintApi;

  beforeEach(async () => {
    reset();
    clients = new ClientLog();
    exec = new ExecLog();
    ctx = fakeContext();
    dir = projectFolder();
    api = await activate(ctx as never, { createClient: clients.factory, exec: exec.exec, pythonApi: async () => undefined, debounceMs: 0 });
    await flush();
  });
  afterEach(async () => {
    await deactivate();
    dispose(ctx);
  });

  const run = (id: string) => state.commands.get(id)!();

  test('ask clarifying questions sends speclint.clarify with [uri, line] for the cursor', async () => {
    const uri = Uri.file(`${dir}/specs/checkout.md`);
    state.activeTextEditor = { document: { uri, languageId: 'markdown' }, selection: { active: { line: 12, character: 3 } } };
    clients.last!.respond = () => ({ message: '2 questions answered' });
    await run('speclint.askClarifyingQuestions');
    assert.deepEqual(clients.last!.requests, [
      { method: 'workspace/executeCommand', params: { command: 'speclint.clarify', arguments: [uri.toString(), 12] } },
    ]);
    assert.ok(state.messages.some((m) => m.text === '2 questions answered'));
  });

  test('ask clarifying questions needs a Markdown editor and a running server', async () => {
    await run('speclint.askClarifyingQuestions');
    assert.match(state.messages[0]!.text, /Open a Markdown spec/);
    await api.manager.stop();
    state.activeTextEditor = { document: { uri: Uri.file('/x.md'), languageId: 'markdown' }, selection: { active: { line: 0, character: 0 } } };
    await run('speclint.askClarifyingQuestions');
    assert.match(state.messages[1]!.text, /not running/);
    assert.deepEqual(state.messages[1]!.items, ['Restart Server']);
  });

  test('a failing clarify request is reported, not thrown', async () => {
    state.activeTextEditor = { document: { uri: Uri.file('/x.md'), languageId: 'markdown' }, selection: { active: { line: 0, character: 0 } } };
    clients.last!.respond = () => {
      throw new Error('no API key');
    };
    await run('speclint.askClarifyingQuestions');
    assert.match(state.messages[0]!.text, /clarifying questions failed: no API key/);
  });

  test('lint workspace runs `python -m speclint . --format json` in the folder and reports counts', async () => {
    exec.cli = () => ({ code: 1, stdout: JSON.stringify(REPORT), stderr: '' });
    const text = await run('speclint.lintWorkspace');
    const call = exec.calls.find((c) => !c.args.includes('-c'))!;
    assert.equal(call.file, 'python3');
    assert.deepEqual(call.args, ['-m', 'speclint', '.', '--format', 'json']);
    assert.equal(call.cwd, dir);
    assert.equal(text, 'speclint: 3 findings in 2 files (1 error, 2 warning)');
    assert.ok(state.messages.some((m) => m.kind === 'info' && m.text === text));
    assert.ok(state.outputLines.includes('specs/a.md:3:5: warning ambiguity/weak-modal say MUST or drop it'));
  });

  test('lint workspace goes through the server when it offers speclint.lintWorkspace', async () => {
    clients.last!.commands = ['speclint.clarify', 'speclint.lintWorkspace'];
    clients.last!.respond = () => REPORT;
    const text = await run('speclint.lintWorkspace');
    assert.equal(clients.last!.requests[0]!.params && (clients.last!.requests[0]!.params as { command: string }).command, 'speclint.lintWorkspace');
    assert.equal(exec.calls.filter((c) => !c.args.includes('-c')).length, 0);
    assert.equal(text, 'speclint: 3 findings in 2 files (1 error, 2 warning)');
  });

  test("lint workspace: the server's {files, findings} counts", async () => {
    clients.last!.commands = ['speclint.lintWorkspace'];
    clients.last!.respond = () => ({ files: 4, findings: 7 });
    assert.equal(await run('speclint.lintWorkspace'), 'speclint: 7 findings in 4 files');
  });

  test('lint workspace: a usage or config error (exit 2) is shown with its stderr', async () => {
    exec.cli = () => ({ code: 2, stdout: '', stderr: 'Traceback...\nconfig error: bad key "x"\n' });
    const text = await run('speclint.lintWorkspace');
    assert.match(String(text), /exit 2.*config error: bad key/s);
    assert.equal(state.messages.at(-1)!.kind, 'error');
  });

  test('open coverage renders the HTML report in a webview with a strict CSP', async () => {
    exec.cli = (args) => {
      const out = args[args.indexOf('-o') + 1]!;
      fs.writeFileSync(out, '<html><head><title>Coverage</title></head><body><table id="matrix"></table></body></html>');
      return { code: 0, stdout: '', stderr: '' };
    };
    await run('speclint.openCoverage');
    const call = exec.calls.find((c) => !c.args.includes('-c'))!;
    assert.deepEqual(call.args.slice(0, 6), ['-m', 'speclint', 'coverage', '--format', 'html', '-o']);
    assert.equal(call.cwd, dir);
    const tmp = call.args[6]!;
    assert.equal(fs.existsSync(tmp), false, 'temp file removed');
    assert.equal(state.webviews.length, 1);
    const html = state.webviews[0]!.webview.html;
    assert.match(html, /<head><meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    assert.match(html, /<table id="matrix">/);
    // Links in the report open the spec at the line (relative to the report's folder).
    assert.match(html, /acquireVsCodeApi/);
    const base = path.dirname(tmp);
    state.webviews[0]!.webview.receive({ type: 'open', href: `${path.relative(base, dir)}/specs/a.md#L3` });
    state.webviews[0]!.webview.receive({ type: 'open', href: 'https://example.org/x' });
    await flush();
    assert.deepEqual(state.shownDocuments, [{ path: path.join(dir, 'specs/a.md'), line: 2 }]);
    assert.deepEqual(state.external, ['https://example.org/x']);
    // Again: the same panel is reused.
    await run('speclint.openCoverage');
    assert.equal(state.webviews.length, 1);
    assert.equal(state.webviews[0]!.revealed, 1);
  });

  test('open coverage: failure is one error message, no panel', async () => {
    exec.cli = () => ({ code: 2, stdout: '', stderr: 'no such command: coverage' });
    await run('speclint.openCoverage');
    assert.equal(state.webviews.length, 0);
    assert.match(state.messages.at(-1)!.text, /coverage failed \(exit 2\): no such command/);
  });

  test('coverage links', () => {
    assert.deepEqual(resolveCoverageLink('../p/specs/a.md#L12', '/tmp/x'), { kind: 'file', path: '/tmp/p/specs/a.md', line: 12 });
    assert.deepEqual(resolveCoverageLink('specs/a%20b.md#payment', '/w'), { kind: 'file', path: '/w/specs/a b.md', line: undefined });
    assert.deepEqual(resolveCoverageLink('file:///w/s.md#L1', '/x'), { kind: 'file', path: '/w/s.md', line: 1 });
    assert.deepEqual(resolveCoverageLink('http://h/x', '/x'), { kind: 'external', uri: 'http://h/x' });
    assert.equal(resolveCoverageLink('javascript:alert(1)', '/x'), undefined);
  });

  test('helpers', () => {
    assert.match(withCsp('<p>x</p>'), /^<!DOCTYPE html><html><head><meta/);
    assert.equal(summariseJson({}), undefined);
    assert.equal(formatSummary({ findings: 0, files: 0, bySeverity: {} }), 'speclint: no findings in the workspace');
    assert.equal(formatSummary({ findings: 1, files: 1, bySeverity: { info: 1 } }), 'speclint: 1 finding in 1 file (1 info)');
  });
});
