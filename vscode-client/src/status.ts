import * as vscode from 'vscode';
import { Commands } from './constants';

/** What the server says about one file: `speclint/readiness` params. */
export interface Readiness {
  findings: number;
  /** Percentage of requirement sections covered by scenarios, 0-100, or null when not applicable. */
  coverage: number | null;
}

/** Accepts the notification params leniently: findings as a count, a list, or counts by severity. */
export function parseReadiness(params: unknown): { uri: string; readiness: Readiness } | undefined {
  if (typeof params !== 'object' || params === null) {
    return undefined;
  }
  const p = params as Record<string, unknown>;
  if (typeof p.uri !== 'string') {
    return undefined;
  }
  let findings: number | undefined;
  if (typeof p.findings === 'number' && Number.isFinite(p.findings)) {
    findings = p.findings;
  } else if (Array.isArray(p.findings)) {
    findings = p.findings.length;
  } else if (typeof p.findings === 'object' && p.findings !== null) {
    findings = Object.values(p.findings as Record<string, unknown>)
      .filter((v): v is number => typeof v === 'number')
      .reduce((a, b) => a + b, 0);
  }
  if (findings === undefined) {
    return undefined;
  }
  const coverage = typeof p.coverage === 'number' && Number.isFinite(p.coverage) ? p.coverage : null;
  return { uri: p.uri, readiness: { findings: Math.max(0, Math.round(findings)), coverage } };
}

export function formatReadiness(r: Readiness): { text: string; tooltip: string } {
  const icon = r.findings === 0 ? '$(check)' : '$(warning)';
  const parts = [r.findings === 1 ? '1 finding' : `${r.findings} findings`];
  if (r.coverage !== null) {
    parts.push(`${Math.round(r.coverage)}% covered`);
  }
  const tooltip = [
    'speclint readiness of this file',
    `Findings: ${r.findings}`,
    `Coverage by scenarios: ${r.coverage === null ? 'n/a' : `${r.coverage.toFixed(0)}%`}`,
  ].join('\n');
  return { text: `${icon} speclint: ${parts.join(' · ')}`, tooltip };
}

/** Diagnostics of a document that came from speclint (source 'speclint' or 'speclint(...)'). */
export function countSpeclintDiagnostics(diags: readonly vscode.Diagnostic[]): number {
  return diags.filter((d) => d.source !== undefined && d.source.toLowerCase().startsWith('speclint')).length;
}

const SPEC_LANGUAGES = new Set(['markdown', 'feature', 'gherkin', 'cucumber', 'yaml']);

export function isSpecDocument(doc: vscode.TextDocument): boolean {
  return SPEC_LANGUAGES.has(doc.languageId) || doc.uri.path.endsWith('.feature');
}

/** Status bar item showing the readiness of the active file. Uses the server's `speclint/readiness`
 * notification when one came for that file, else counts speclint diagnostics of the document. */
export class ReadinessStatus implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly byUri = new Map<string, Readiness>();
  private readonly disposables: vscode.Disposable[] = [];
  private state: 'stopped' | 'starting' | 'running' | 'failed' = 'stopped';

  constructor() {
    this.item = vscode.window.createStatusBarItem('speclint.readiness', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'speclint readiness';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active !== undefined && e.uris.some((u) => u.toString() === active)) {
          this.refresh();
        }
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.byUri.delete(doc.uri.toString())),
    );
  }

  setServerState(state: 'stopped' | 'starting' | 'running' | 'failed'): void {
    this.state = state;
    if (state !== 'running') {
      this.byUri.clear();
    }
    this.refresh();
  }

  update(uri: string, readiness: Readiness): void {
    this.byUri.set(normaliseUri(uri), readiness);
    this.refresh();
  }

  /** The readiness shown for a document, and where it came from. */
  readinessOf(doc: vscode.TextDocument): { readiness: Readiness; from: 'server' | 'diagnostics' } {
    const fromServer = this.byUri.get(normaliseUri(doc.uri.toString()));
    if (fromServer !== undefined) {
      return { readiness: fromServer, from: 'server' };
    }
    const count = countSpeclintDiagnostics(vscode.languages.getDiagnostics(doc.uri));
    return { readiness: { findings: count, coverage: null }, from: 'diagnostics' };
  }

  refresh(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc === undefined || !isSpecDocument(doc) || this.state === 'stopped') {
      this.item.hide();
      return;
    }
    if (this.state === 'starting') {
      this.item.text = '$(sync~spin) speclint';
      this.item.tooltip = 'speclint server is starting';
      this.item.command = Commands.showOutput;
      this.item.show();
      return;
    }
    if (this.state === 'failed') {
      this.item.text = '$(error) speclint';
      this.item.tooltip = 'speclint server is not running: click for its output';
      this.item.command = Commands.showOutput;
      this.item.show();
      return;
    }
    const { readiness } = this.readinessOf(doc);
    const { text, tooltip } = formatReadiness(readiness);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = 'workbench.actions.view.problems';
    this.item.show();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

/** file:///C%3A/x and file:///c:/x name the same file; compare URIs in one spelling. */
export function normaliseUri(uri: string): string {
  try {
    return vscode.Uri.parse(uri).toString();
  } catch {
    return uri;
  }
}
