import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, ServerCommands } from './constants';
import { commandLine } from './interpreter';
import { ExecFn, execProcess } from './probe';
import { RESTART_ACTION, ServerManager } from './server';

export interface CommandDeps {
  manager: ServerManager;
  output: vscode.LogOutputChannel;
  exec?: ExecFn;
}

const CLI_TIMEOUT_MS = 5 * 60_000;

function tail(text: string, lines = 5): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

async function needServer(manager: ServerManager): Promise<boolean> {
  if (manager.runningClient() !== undefined) {
    return true;
  }
  const choice = await vscode.window.showWarningMessage('The speclint server is not running.', RESTART_ACTION);
  if (choice === RESTART_ACTION) {
    await vscode.commands.executeCommand(Commands.restartServer);
  }
  return false;
}

/** Shows a message the server returned from a command, whatever its shape. */
function messageOf(result: unknown): string | undefined {
  if (typeof result === 'string' && result.trim() !== '') {
    return result;
  }
  if (typeof result === 'object' && result !== null) {
    const m = (result as Record<string, unknown>).message;
    if (typeof m === 'string' && m.trim() !== '') {
      return m;
    }
  }
  return undefined;
}

/** Asks the server for clarifying questions about the section at the cursor. The server drives the
 * dialogue itself (window/showMessageRequest, workspace/applyEdit), so undo works as usual. */
export async function askClarifyingQuestions(deps: CommandDeps): Promise<unknown> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage('Open a Markdown spec and put the cursor in a section first.');
    return undefined;
  }
  if (!(await needServer(deps.manager))) {
    return undefined;
  }
  const client = deps.manager.runningClient();
  if (client === undefined) {
    return undefined;
  }
  // LSP lines are 0-based, like every position the server receives.
  const args = [editor.document.uri.toString(), editor.selection.active.line];
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'speclint: asking clarifying questions…' },
      () => client.sendRequest<unknown>('workspace/executeCommand', { command: ServerCommands.clarify, arguments: args }),
    );
    const message = messageOf(result);
    if (message !== undefined) {
      void vscode.window.showInformationMessage(message);
    }
    return result;
  } catch (err) {
    void vscode.window.showErrorMessage(`speclint: clarifying questions failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Runs `python -m speclint ARGS` in the workspace folder. */
async function runCli(deps: CommandDeps, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; cwd: string | undefined } | undefined> {
  const { python, cwd } = await deps.manager.cliTarget();
  const [file, ...pre] = python;
  const full = [...pre, '-m', 'speclint', ...args];
  deps.output.appendLine(`[client] running: ${commandLine([file ?? '', ...full])}${cwd ? ` (in ${cwd})` : ''}`);
  const res = await (deps.exec ?? execProcess)(file ?? '', full, { cwd, timeoutMs: CLI_TIMEOUT_MS });
  if (res.spawnError !== undefined) {
    void vscode.window.showErrorMessage(`speclint: cannot run ${commandLine(python)}: ${res.spawnError.code ?? res.spawnError.message}`);
    return undefined;
  }
  if (res.stderr.trim() !== '') {
    deps.output.appendLine(res.stderr.trimEnd());
  }
  return { ...res, cwd };
}

/** Exit codes 0 (clean) and 1 (findings) are both a successful run. */
function failed(code: number | null): boolean {
  return code !== 0 && code !== 1;
}

let coveragePanel: vscode.WebviewPanel | undefined;
/** Folder the shown report was written in (links in it are relative to it). */
let coverageBaseDir: string | undefined;

/** Closes the coverage webview (on deactivation). */
export function disposeCoveragePanel(): void {
  coveragePanel?.dispose();
  coveragePanel = undefined;
}

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; font-src data:">`;

/** Sends link clicks to the extension: a webview cannot navigate to the spec files itself. */
const LINK_SCRIPT = `<script>(function(){const vscode=acquireVsCodeApi();document.addEventListener('click',function(e){const a=e.target&&e.target.closest?e.target.closest('a[href]'):null;if(!a)return;const href=a.getAttribute('href');if(!href||href.startsWith('#'))return;e.preventDefault();vscode.postMessage({type:'open',href:href});});})();</script>`;

/** Puts a strict Content-Security-Policy and the link handler into a self-contained HTML page. */
export function withCsp(html: string): string {
  const head = /<head[^>]*>/i.exec(html);
  if (head !== null) {
    const at = head.index + head[0].length;
    return html.slice(0, at) + CSP + LINK_SCRIPT + html.slice(at);
  }
  return `<!DOCTYPE html><html><head>${CSP}${LINK_SCRIPT}</head><body>${html}</body></html>`;
}

export type CoverageLink = { kind: 'file'; path: string; line: number | undefined } | { kind: 'external'; uri: string };

/** Where a link of the coverage report points. Relative links are relative to the report file
 * (written in baseDir); `#L12` is a 1-based line. */
export function resolveCoverageLink(href: string, baseDir: string): CoverageLink | undefined {
  if (/^https?:\/\//i.test(href)) {
    return { kind: 'external', uri: href };
  }
  const [rawPath, fragment] = href.split('#', 2) as [string, string | undefined];
  let file: string;
  if (/^file:\/\//i.test(rawPath)) {
    file = vscode.Uri.parse(rawPath).fsPath;
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(rawPath) || rawPath === '') {
    return undefined;
  } else {
    file = path.resolve(baseDir, decodeURIComponent(rawPath));
  }
  const m = fragment === undefined ? null : /^L(\d+)$/.exec(fragment);
  return { kind: 'file', path: file, line: m === null ? undefined : Number(m[1]) };
}

async function openCoverageLink(href: unknown, baseDir: string): Promise<void> {
  if (typeof href !== 'string') {
    return;
  }
  const link = resolveCoverageLink(href, baseDir);
  if (link === undefined) {
    return;
  }
  if (link.kind === 'external') {
    await vscode.env.openExternal(vscode.Uri.parse(link.uri));
    return;
  }
  const line = link.line === undefined ? 0 : Math.max(0, link.line - 1);
  await vscode.window.showTextDocument(vscode.Uri.file(link.path), {
    viewColumn: vscode.ViewColumn.One,
    selection: new vscode.Range(line, 0, line, 0),
  });
}

/** `speclint coverage --format html` into a temp file, shown in a webview. */
export async function openCoverage(deps: CommandDeps): Promise<vscode.WebviewPanel | undefined> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'speclint-coverage-'));
  const out = path.join(dir, 'coverage.html');
  try {
    const res = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'speclint: coverage' },
      () => runCli(deps, ['coverage', '--format', 'html', '-o', out]),
    );
    if (res === undefined) {
      return undefined;
    }
    let html: string;
    try {
      html = await fs.readFile(out, 'utf8');
    } catch {
      html = '';
    }
    if (failed(res.code) || html === '') {
      void vscode.window.showErrorMessage(`speclint coverage failed (exit ${String(res.code)}): ${tail(res.stderr || res.stdout) || 'no output'}`);
      return undefined;
    }
    if (coveragePanel === undefined) {
      coveragePanel = vscode.window.createWebviewPanel('speclint.coverage', 'speclint: Coverage', vscode.ViewColumn.Beside, {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      coveragePanel.onDidDispose(() => {
        coveragePanel = undefined;
        coverageBaseDir = undefined;
      });
      coveragePanel.webview.onDidReceiveMessage((msg: { type?: unknown; href?: unknown }) => {
        if (msg.type === 'open' && coverageBaseDir !== undefined) {
          void openCoverageLink(msg.href, coverageBaseDir).catch((err: unknown) =>
            vscode.window.showErrorMessage(`speclint: cannot open ${String(msg.href)}: ${err instanceof Error ? err.message : String(err)}`),
          );
        }
      });
    } else {
      coveragePanel.reveal(vscode.ViewColumn.Beside);
    }
    coverageBaseDir = dir;
    coveragePanel.webview.html = withCsp(html);
    return coveragePanel;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export interface LintSummary {
  findings: number;
  files: number;
  bySeverity: Record<string, number>;
}

interface JsonFinding {
  path?: unknown;
  line?: unknown;
  column?: unknown;
  severity?: unknown;
  rule?: unknown;
  message?: unknown;
}

/** Counts the findings of `spec-lint --format json` output. */
export function summariseJson(report: unknown): { summary: LintSummary; lines: string[] } | undefined {
  if (typeof report !== 'object' || report === null || !Array.isArray((report as { findings?: unknown }).findings)) {
    return undefined;
  }
  const findings = (report as { findings: JsonFinding[] }).findings;
  const files = new Set<string>();
  const bySeverity: Record<string, number> = {};
  const lines: string[] = [];
  for (const f of findings) {
    const sev = typeof f.severity === 'string' ? f.severity : 'unknown';
    bySeverity[sev] = (bySeverity[sev] ?? 0) + 1;
    files.add(String(f.path));
    lines.push(`${String(f.path)}:${String(f.line)}:${String(f.column)}: ${sev} ${String(f.rule)} ${String(f.message)}`);
  }
  return { summary: { findings: findings.length, files: files.size, bySeverity }, lines };
}

/** The server's own answer to speclint.lintWorkspace: `{files, findings}` counts. */
function countsOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) {
    return undefined;
  }
  const { files, findings } = result as { files?: unknown; findings?: unknown };
  if (typeof findings !== 'number') {
    return undefined;
  }
  return formatSummary({ findings, files: typeof files === 'number' ? files : 0, bySeverity: {} });
}

export function formatSummary(s: LintSummary): string {
  const order = ['error', 'warning', 'info', 'hint'];
  const keys = Object.keys(s.bySeverity).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  const detail = keys.map((k) => `${s.bySeverity[k]} ${k}`).join(', ');
  const head = `${s.findings} ${s.findings === 1 ? 'finding' : 'findings'} in ${s.files} ${s.files === 1 ? 'file' : 'files'}`;
  return s.findings === 0 ? 'speclint: no findings in the workspace' : `speclint: ${head}${detail ? ` (${detail})` : ''}`;
}

/** Lints the whole workspace: through the server when it offers `speclint.lintWorkspace`, else with
 * the CLI's JSON report. Reports the counts; the findings themselves go to the output channel. */
export async function lintWorkspace(deps: CommandDeps): Promise<string | undefined> {
  const client = deps.manager.runningClient();
  if (client !== undefined && client.serverCommands().includes(ServerCommands.lintWorkspace)) {
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'speclint: linting the workspace' },
        () => client.sendRequest<unknown>('workspace/executeCommand', { command: ServerCommands.lintWorkspace, arguments: [] }),
      );
      const parsed = summariseJson(result);
      const text =
        parsed !== undefined ? formatSummary(parsed.summary) : countsOf(result) ?? messageOf(result) ?? 'speclint: workspace linted';
      void vscode.window.showInformationMessage(text, 'Show Problems').then((c) => {
        if (c !== undefined) {
          void vscode.commands.executeCommand('workbench.actions.view.problems');
        }
      });
      return text;
    } catch (err) {
      deps.output.appendLine(`[client] server lintWorkspace failed, using the CLI: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const res = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'speclint: linting the workspace' },
    () => runCli(deps, ['.', '--format', 'json']),
  );
  if (res === undefined) {
    return undefined;
  }
  let parsed: ReturnType<typeof summariseJson>;
  try {
    parsed = summariseJson(JSON.parse(res.stdout));
  } catch {
    parsed = undefined;
  }
  if (failed(res.code) || parsed === undefined) {
    const text = `speclint lint failed (exit ${String(res.code)}): ${tail(res.stderr || res.stdout) || 'no output'}`;
    void vscode.window.showErrorMessage(text, 'Show Output').then((c) => {
      if (c !== undefined) {
        deps.output.show(true);
      }
    });
    return text;
  }
  const text = formatSummary(parsed.summary);
  deps.output.appendLine(`[client] ${text}${res.cwd ? ` in ${res.cwd}` : ''}`);
  parsed.lines.forEach((l) => deps.output.appendLine(l));
  void vscode.window.showInformationMessage(text, 'Show Output').then((c) => {
    if (c !== undefined) {
      deps.output.show(true);
    }
  });
  return text;
}
