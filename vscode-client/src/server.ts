import * as vscode from 'vscode';
import { Commands, READINESS_NOTIFICATION, RUNNING_CONTEXT_KEY } from './constants';
import { commandLine, Interpreter, PythonExtensionApi, resolveInterpreter } from './interpreter';
import { Probe } from './probe';
import { readSettings, Settings } from './settings';

/** What the manager needs from a language client (vscode-languageclient's, or a test double). */
export interface LspClient {
  start(): Promise<void>;
  stop(timeoutMs?: number): Promise<void>;
  sendRequest<R>(method: string, params: unknown): Promise<R>;
  onNotification(method: string, handler: (params: unknown) => void): vscode.Disposable;
  /** Commands the server advertised in executeCommandProvider. */
  serverCommands(): readonly string[];
}

export interface ClientSpec {
  command: string;
  args: string[];
  cwd: string | undefined;
  trace: Settings['trace'];
  output: vscode.LogOutputChannel;
  /** Called when the server process ends unexpectedly; the answer decides whether to restart it. */
  onClosed(everInitialized: boolean): 'restart' | 'stop';
}

export type ClientFactory = (spec: ClientSpec) => LspClient;

export type ServerState = 'stopped' | 'starting' | 'running' | 'failed';

export interface ManagerDeps {
  output: vscode.LogOutputChannel;
  createClient: ClientFactory;
  probe(python: readonly string[], cwd: string | undefined): Promise<Probe>;
  pythonApi(): Promise<PythonExtensionApi | undefined>;
  onState(state: ServerState): void;
  onReadiness(params: unknown): void;
  /** Folder the server runs in; undefined for a window with no folder. */
  folder(): vscode.WorkspaceFolder | undefined;
  now?(): number;
}

/** Restarts allowed within CRASH_WINDOW_MS before the server is left stopped. */
export const MAX_RESTARTS = 3;
export const CRASH_WINDOW_MS = 3 * 60_000;

export const INSTALL_ACTION = 'Install speclint';
export const RESTART_ACTION = 'Restart Server';
export const OUTPUT_ACTION = 'Show Output';
export const SETTINGS_ACTION = 'Open Settings';

/** Starts, stops and restarts the speclint language server, one operation at a time. Problems
 * (no interpreter, speclint missing, server crashing) are each reported by one notification, not
 * repeated until the user restarts or the interpreter changes. */
export class ServerManager implements vscode.Disposable {
  private client: LspClient | undefined;
  private subscriptions: vscode.Disposable[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly notified = new Set<string>();
  private crashes: number[] = [];
  private _state: ServerState = 'stopped';
  private _interpreter: Interpreter | undefined;
  private generation = 0;

  constructor(private readonly deps: ManagerDeps) {}

  get state(): ServerState {
    return this._state;
  }

  /** The interpreter of the last start attempt. */
  get interpreter(): Interpreter | undefined {
    return this._interpreter;
  }

  /** The running client, if the server is up. */
  runningClient(): LspClient | undefined {
    return this._state === 'running' ? this.client : undefined;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  /** userInitiated: the restart command; it forgets which problems were already reported. */
  restart(userInitiated: boolean): Promise<void> {
    return this.enqueue(async () => {
      if (userInitiated) {
        this.notified.clear();
        this.crashes = [];
      }
      await this.doStop();
      await this.doStart();
    });
  }

  /** Interpreter and folder to run the CLI with (coverage, workspace lint). */
  async cliTarget(): Promise<{ python: string[]; cwd: string | undefined }> {
    const folder = this.deps.folder();
    const interp = await resolveInterpreter(readSettings(folder?.uri), folder, await this.deps.pythonApi());
    return { python: interp.command, cwd: folder?.uri.fsPath };
  }

  dispose(): void {
    void this.stop();
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setState(state: ServerState): void {
    this._state = state;
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT_KEY, state === 'running');
    this.deps.onState(state);
  }

  private log(line: string): void {
    this.deps.output.appendLine(`[client] ${line}`);
  }

  private async doStart(): Promise<void> {
    if (this.client !== undefined) {
      return;
    }
    const folder = this.deps.folder();
    const settings = readSettings(folder?.uri);
    if (!settings.enable) {
      this.log('speclint.enable is false: server not started');
      this.setState('stopped');
      return;
    }
    this.setState('starting');
    this.log(`settings: ${JSON.stringify(settings)}`);
    const interp = await resolveInterpreter(settings, folder, await this.deps.pythonApi());
    this._interpreter = interp;
    const cwd = folder?.uri.fsPath;
    this.log(`interpreter (${interp.source}): ${commandLine(interp.command)}`);
    const probe = await this.deps.probe(interp.command, cwd);
    if (probe.kind !== 'ok') {
      this.log(probe.detail);
      this.setState('failed');
      this.reportProbe(probe, interp, cwd);
      return;
    }
    this.log(`speclint ${probe.version}`);
    const [command, ...pre] = interp.command;
    const args = [...pre, '-m', 'speclint', 'lsp', ...settings.args];
    this.log(`starting: ${commandLine([command ?? '', ...args])}${cwd ? ` (in ${cwd})` : ''}`);
    const generation = ++this.generation;
    const client = this.deps.createClient({
      command: command ?? '',
      args,
      cwd,
      trace: settings.trace,
      output: this.deps.output,
      onClosed: (everInitialized) => this.onClosed(generation, everInitialized),
    });
    this.client = client;
    this.subscriptions.push(client.onNotification(READINESS_NOTIFICATION, (p) => this.deps.onReadiness(p)));
    try {
      await client.start();
    } catch (err) {
      if (generation !== this.generation) {
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      this.log(`server failed to start: ${message}`);
      await this.disposeClient();
      this.setState('failed');
      this.notifyOnce(`start-failed:${interp.command.join('\0')}`, () =>
        this.showError(
          `speclint: the language server did not start (${commandLine([command ?? '', ...args])}). ` +
            'See the output for its error.',
          [OUTPUT_ACTION, RESTART_ACTION],
        ),
      );
      return;
    }
    if (generation === this.generation && this.client === client) {
      this.setState('running');
    }
  }

  private async doStop(): Promise<void> {
    this.generation++;
    if (this.client === undefined) {
      if (this._state !== 'failed') {
        this.setState('stopped');
      }
      return;
    }
    await this.disposeClient();
    this.setState('stopped');
  }

  private async disposeClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.subscriptions.forEach((d) => d.dispose());
    this.subscriptions = [];
    if (client !== undefined) {
      try {
        await client.stop(2000);
      } catch (err) {
        this.log(`stopping the server: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private onClosed(generation: number, everInitialized: boolean): 'restart' | 'stop' {
    if (generation !== this.generation) {
      return 'stop';
    }
    if (!everInitialized) {
      // start() rejects too, and that path reports it once.
      this.log('the language server exited before it was ready');
      return 'stop';
    }
    const now = (this.deps.now ?? Date.now)();
    this.crashes = this.crashes.filter((t) => now - t < CRASH_WINDOW_MS);
    this.crashes.push(now);
    if (this.crashes.length <= MAX_RESTARTS) {
      this.log(`server exited unexpectedly; restarting (${this.crashes.length}/${MAX_RESTARTS})`);
      return 'restart';
    }
    const why = `the language server stopped ${this.crashes.length} times in ${CRASH_WINDOW_MS / 60_000} minutes`;
    this.log(`${why}; not restarting it`);
    this.setState('failed');
    void this.enqueue(async () => {
      if (generation === this.generation) {
        await this.disposeClient();
      }
    });
    this.notifyOnce(`crash:${this.interpreter?.command.join('\0') ?? ''}`, () =>
      this.showError(`speclint: ${why}. See the output for its error.`, [OUTPUT_ACTION, RESTART_ACTION]),
    );
    return 'stop';
  }

  private notifyOnce(key: string, show: () => void): void {
    if (this.notified.has(key)) {
      return;
    }
    this.notified.add(key);
    show();
  }

  private showError(message: string, actions: string[]): void {
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => this.act(choice));
  }

  private act(choice: string | undefined): void {
    if (choice === OUTPUT_ACTION) {
      this.deps.output.show(true);
    } else if (choice === RESTART_ACTION) {
      void vscode.commands.executeCommand(Commands.restartServer);
    } else if (choice === SETTINGS_ACTION) {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'speclint.interpreter');
    }
  }

  private reportProbe(probe: Probe, interp: Interpreter, cwd: string | undefined): void {
    const key = `${probe.kind}:${interp.command.join('\0')}`;
    const shown = commandLine(interp.command);
    if (probe.kind === 'no-speclint') {
      this.notifyOnce(key, () => {
        void vscode.window
          .showWarningMessage(
            `speclint is not installed for the Python interpreter ${shown}.`,
            INSTALL_ACTION,
            SETTINGS_ACTION,
          )
          .then((choice) => {
            if (choice === INSTALL_ACTION) {
              this.installInTerminal(interp, cwd);
            } else {
              this.act(choice);
            }
          });
      });
    } else if (probe.kind === 'no-interpreter') {
      this.notifyOnce(key, () =>
        this.showError(
          `speclint: cannot run the Python interpreter ${shown} (${probe.detail}). ` +
            'Set speclint.interpreter or select an interpreter in the Python extension.',
          [SETTINGS_ACTION],
        ),
      );
    } else if (probe.kind === 'error') {
      this.notifyOnce(key, () => this.showError(`speclint: ${probe.detail}`, [OUTPUT_ACTION, SETTINGS_ACTION]));
    }
  }

  /** Runs `python -m pip install speclint` in a terminal the user can see, then offers a restart. */
  installInTerminal(interp: Interpreter, cwd: string | undefined): void {
    const terminal = vscode.window.createTerminal({ name: 'speclint: install', cwd });
    terminal.show();
    terminal.sendText(commandLine([...interp.command, '-m', 'pip', 'install', 'speclint']), true);
    void vscode.window
      .showInformationMessage('When pip has finished in the terminal, restart the speclint server.', RESTART_ACTION)
      .then((choice) => this.act(choice));
  }
}
