import * as vscode from 'vscode';
import { askClarifyingQuestions, disposeCoveragePanel, lintWorkspace, openCoverage } from './commands';
import { CONFIG_SECTION, Commands, EXCLUDE_GLOB, OUTPUT_NAME } from './constants';
import { getPythonExtensionApi, PythonExtensionApi } from './interpreter';
import { ExecFn, probeSpeclint } from './probe';
import { ClientFactory, ServerManager } from './server';
import { parseReadiness, ReadinessStatus } from './status';

/** Replaceable parts, for tests; activate() uses the real ones. */
export interface ExtensionDeps {
  createClient?: ClientFactory;
  exec?: ExecFn;
  pythonApi?: () => Promise<PythonExtensionApi | undefined>;
  /** Delay that coalesces a burst of settings changes into one restart. */
  debounceMs?: number;
}

/** What activate() returns (also the extension's exports, handy for tests). */
export interface SpeclintApi {
  manager: ServerManager;
  status: ReadinessStatus;
  output: vscode.LogOutputChannel;
  /** Resolves when the settings-change restart scheduled last has run. */
  settled(): Promise<void>;
  /** The workspace folder holding the speclint config, or undefined if none was found. */
  projectFolder(): vscode.WorkspaceFolder | undefined;
}

const TOOL_SPECLINT = /^\s*\[tool\.speclint(\.[^\]]*)?\]/m;

/** A folder is a speclint project if it holds a speclint.toml, or a pyproject.toml with a
 * [tool.speclint] table. Returns the workspace folder of the first one found. */
export async function findProject(): Promise<vscode.WorkspaceFolder | undefined> {
  const toml = await vscode.workspace.findFiles('**/speclint.toml', EXCLUDE_GLOB, 1);
  const first = toml[0];
  if (first !== undefined) {
    return vscode.workspace.getWorkspaceFolder(first) ?? vscode.workspace.workspaceFolders?.[0];
  }
  const pyprojects = await vscode.workspace.findFiles('**/pyproject.toml', EXCLUDE_GLOB, 50);
  for (const uri of pyprojects) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (TOOL_SPECLINT.test(text)) {
        return vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
      }
    } catch {
      // unreadable: not ours
    }
  }
  return undefined;
}

let current: SpeclintApi | undefined;

export async function activate(context: vscode.ExtensionContext, deps: ExtensionDeps = {}): Promise<SpeclintApi> {
  const output = vscode.window.createOutputChannel(OUTPUT_NAME, { log: true });
  const status = new ReadinessStatus();
  let project: vscode.WorkspaceFolder | undefined;
  let forced = false;
  const pythonApi = deps.pythonApi ?? getPythonExtensionApi;
  const createClient: ClientFactory =
    deps.createClient ??
    ((spec) => {
      // Loaded lazily so that tests of everything else need no language client.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const real = require('./lspClient') as typeof import('./lspClient');
      return real.createLanguageClient(spec);
    });

  const manager = new ServerManager({
    output,
    createClient,
    probe: (python, cwd) => probeSpeclint(python, cwd, deps.exec),
    pythonApi,
    onState: (state) => status.setServerState(state),
    onReadiness: (params) => {
      const parsed = parseReadiness(params);
      if (parsed !== undefined) {
        status.update(parsed.uri, parsed.readiness);
      }
    },
    folder: () => project ?? vscode.workspace.workspaceFolders?.[0],
  });
  const commandDeps = { manager, output, exec: deps.exec };

  context.subscriptions.push(
    output,
    status,
    manager,
    { dispose: disposeCoveragePanel },
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      forced = true;
      await manager.restart(true);
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(Commands.askClarifyingQuestions, () => askClarifyingQuestions(commandDeps)),
    vscode.commands.registerCommand(Commands.openCoverage, () => openCoverage(commandDeps)),
    vscode.commands.registerCommand(Commands.lintWorkspace, () => lintWorkspace(commandDeps)),
  );

  const active = (): boolean => project !== undefined || forced;

  // Settings: any change under speclint.* restarts the server (or stops it when disabled).
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<void> = Promise.resolve();
  let resolvePending: (() => void) | undefined;
  const scheduleRestart = (why: string): void => {
    if (!active()) {
      return;
    }
    if (timer !== undefined) {
      clearTimeout(timer);
    } else {
      pending = new Promise((r) => (resolvePending = r));
    }
    timer = setTimeout(() => {
      timer = undefined;
      const done = resolvePending;
      resolvePending = undefined;
      output.appendLine(`[client] ${why}: restarting the server`);
      void manager.restart(false).finally(() => done?.());
    }, deps.debounceMs ?? 300);
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(CONFIG_SECTION)) {
        scheduleRestart('settings changed');
      }
    }),
    { dispose: () => timer !== undefined && clearTimeout(timer) },
  );

  // The Python extension's interpreter, when that is the one in use.
  void pythonApi().then((api) => {
    const event = api?.environments?.onDidChangeActiveEnvironmentPath;
    if (event !== undefined) {
      context.subscriptions.push(
        event(() => {
          if (manager.interpreter?.source !== 'setting') {
            scheduleRestart('Python interpreter changed');
          }
        }),
      );
    }
  });

  // Start now if this is a speclint project, or once a speclint.toml appears.
  const watcher = vscode.workspace.createFileSystemWatcher('**/speclint.toml', false, true, true);
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(async () => {
      if (!active()) {
        project = await findProject();
        if (project !== undefined) {
          await manager.start();
        }
      }
    }),
  );
  project = await findProject();
  if (project !== undefined) {
    output.appendLine(`[client] speclint project: ${project.uri.fsPath}`);
    void manager.start();
  } else {
    output.appendLine('[client] no speclint.toml or [tool.speclint] found: the server starts when one appears, or on "speclint: Restart Server"');
  }

  current = {
    manager,
    status,
    output,
    settled: () => pending,
    projectFolder: () => project,
  };
  return current;
}

export async function deactivate(): Promise<void> {
  const api = current;
  current = undefined;
  if (api !== undefined) {
    await api.manager.stop();
  }
}
