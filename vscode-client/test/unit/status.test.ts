import { reset, state, Uri } from './vscodeMock';
import * as assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { countSpeclintDiagnostics, formatReadiness, parseReadiness, ReadinessStatus } from '../../src/status';

describe('readiness', () => {
  beforeEach(reset);

  test('parses the notification leniently', () => {
    assert.deepEqual(parseReadiness({ uri: 'file:///a.md', findings: 3, coverage: 66.7 }), {
      uri: 'file:///a.md',
      readiness: { findings: 3, coverage: 66.7 },
    });
    assert.deepEqual(parseReadiness({ uri: 'u', findings: [1, 2], coverage: null })?.readiness, { findings: 2, coverage: null });
    assert.deepEqual(parseReadiness({ uri: 'u', findings: { error: 1, warning: 2 } })?.readiness, { findings: 3, coverage: null });
    assert.equal(parseReadiness({ findings: 1 }), undefined);
    assert.equal(parseReadiness({ uri: 'u' }), undefined);
    assert.equal(parseReadiness(null), undefined);
  });

  test('formats', () => {
    assert.equal(formatReadiness({ findings: 0, coverage: 100 }).text, '$(check) speclint: 0 findings · 100% covered');
    assert.equal(formatReadiness({ findings: 1, coverage: null }).text, '$(warning) speclint: 1 finding');
    assert.match(formatReadiness({ findings: 2, coverage: null }).tooltip, /n\/a/);
  });

  test('counts only speclint diagnostics', () => {
    const d = (source?: string) => ({ source, message: 'm' }) as never;
    assert.equal(countSpeclintDiagnostics([d('speclint'), d('speclint(ambiguity)'), d('markdownlint'), d()]), 2);
  });

  test('status bar: server value, else diagnostics; hidden for other files or a stopped server', () => {
    const status = new ReadinessStatus();
    const item = state.statusItems[0]!;
    const md = { uri: Uri.file('/p/specs/a.md'), languageId: 'markdown' };
    state.activeTextEditor = { document: md, selection: { active: { line: 0, character: 0 } } };

    status.refresh();
    assert.equal(item.visible, false, 'server stopped');

    status.setServerState('starting');
    assert.equal(item.visible, true);
    assert.match(item.text, /sync~spin/);

    status.setServerState('running');
    assert.equal(item.text, '$(check) speclint: 0 findings');

    state.diagnostics.set(md.uri.toString(), [{ source: 'speclint', message: 'x' }, { source: 'speclint', message: 'y' }]);
    state.onDidChangeDiagnostics.fire({ uris: [md.uri] });
    assert.equal(item.text, '$(warning) speclint: 2 findings', 'fallback: diagnostics of the document');

    status.update(md.uri.toString(), { findings: 5, coverage: 40 });
    assert.equal(item.text, '$(warning) speclint: 5 findings · 40% covered', 'the notification wins');
    assert.equal(status.readinessOf(md as never).from, 'server');

    state.activeTextEditor = { document: { uri: Uri.file('/p/main.py'), languageId: 'python' }, selection: { active: { line: 0, character: 0 } } };
    state.onDidChangeActiveTextEditor.fire(undefined);
    assert.equal(item.visible, false, 'not a spec');

    const feature = { uri: Uri.file('/p/s/x.feature'), languageId: 'plaintext' };
    state.activeTextEditor = { document: feature, selection: { active: { line: 0, character: 0 } } };
    state.onDidChangeActiveTextEditor.fire(undefined);
    assert.equal(item.visible, true, '.feature files count whatever their language id');

    state.activeTextEditor = { document: md, selection: { active: { line: 0, character: 0 } } };
    state.onDidCloseTextDocument.fire(md);
    status.refresh();
    assert.equal(item.text, '$(warning) speclint: 2 findings', 'closing the file forgets the notification');

    status.setServerState('failed');
    assert.match(item.text, /\$\(error\)/);
    assert.equal(item.command, 'speclint.showOutput');
    status.setServerState('stopped');
    assert.equal(item.visible, false);
    status.dispose();
  });
});
