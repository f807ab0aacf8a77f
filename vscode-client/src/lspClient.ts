import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { CLIENT_COMMAND_IDS } from './constants';
import { ClientSpec, LspClient } from './server';

/** Files the server lints: specs (Markdown), Gherkin scenarios, twin YAML. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'markdown' },
  { scheme: 'untitled', language: 'markdown' },
  { scheme: 'file', pattern: '**/*.feature' },
  { scheme: 'file', language: 'feature' },
  { scheme: 'file', language: 'gherkin' },
  { scheme: 'file', language: 'yaml' },
];

/** The real client: vscode-languageclient over the server's stdio. */
export function createLanguageClient(spec: ClientSpec): LspClient {
  let everInitialized = false;
  // No `transport` here: with TransportKind.stdio the client would append `--stdio` to the
  // arguments, which `speclint lsp` (stdio by default) rejects.
  const serverOptions: ServerOptions = {
    command: spec.command,
    args: spec.args,
    options: { cwd: spec.cwd, env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: spec.output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: { client: 'vscode' },
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{speclint.toml,pyproject.toml,*.md,*.feature,*.yaml,*.yml}',
      ),
    },
    initializationFailedHandler: () => false,
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () =>
        spec.onClosed(everInitialized) === 'restart'
          ? { action: CloseAction.Restart, handled: true }
          : { action: CloseAction.DoNotRestart, handled: true },
    },
  };
  const client = new LanguageClient('speclint', 'speclint', serverOptions, clientOptions);
  // The language client registers a VS Code command for every command the server advertises; one
  // that the extension contributes itself would be a duplicate, which VS Code rejects.
  const feature = client.getFeature('workspace/executeCommand');
  const register = feature.register.bind(feature);
  feature.register = (data) => {
    const commands = (data.registerOptions.commands ?? []).filter((c) => !CLIENT_COMMAND_IDS.has(c));
    register({ ...data, registerOptions: { ...data.registerOptions, commands } });
  };
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      everInitialized = true;
    }
  });
  return {
    async start() {
      await client.start();
      everInitialized = true;
      if (spec.trace !== 'off') {
        spec.output.appendLine(`[client] tracing server messages: ${spec.trace}`);
      }
    },
    stop: async (timeoutMs) => {
      if (client.state === State.Stopped && !client.isRunning()) {
        return;
      }
      await client.stop(timeoutMs);
    },
    sendRequest: <R>(method: string, params: unknown) => client.sendRequest<R>(method, params),
    onNotification: (method, handler) => client.onNotification(method, (params: unknown) => handler(params)),
    serverCommands: () => client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [],
  };
}
