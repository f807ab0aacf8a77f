/** Identifiers shared by the extension, its manifest and the speclint server. */

export const EXTENSION_ID = 'speclint.speclint';
export const CONFIG_SECTION = 'speclint';
export const OUTPUT_NAME = 'speclint';
export const PYTHON_EXTENSION_ID = 'ms-python.python';

export const Commands = {
  restartServer: 'speclint.restartServer',
  showOutput: 'speclint.showOutput',
  askClarifyingQuestions: 'speclint.askClarifyingQuestions',
  openCoverage: 'speclint.openCoverage',
  lintWorkspace: 'speclint.lintWorkspace',
} as const;

/** Commands the extension itself contributes. A server command of the same id is not registered
 * again by the language client (VS Code throws on a duplicate id); the extension's command sends it
 * to the server itself when the server advertises it. */
export const CLIENT_COMMAND_IDS: ReadonlySet<string> = new Set(Object.values(Commands));

/** Server side (workspace/executeCommand) commands. */
export const ServerCommands = {
  clarify: 'speclint.clarify',
  lintWorkspace: 'speclint.lintWorkspace',
} as const;

/** Custom notification: params {uri, findings, coverage}. */
export const READINESS_NOTIFICATION = 'speclint/readiness';

/** Context key true while the server runs (menus use it). */
export const RUNNING_CONTEXT_KEY = 'speclint.serverRunning';

/** Files that mark a workspace as a speclint project. */
export const CONFIG_GLOBS = ['**/speclint.toml', '**/pyproject.toml'] as const;
export const EXCLUDE_GLOB = '**/{node_modules,.git,.venv,venv,.tox}/**';
