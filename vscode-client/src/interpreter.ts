import * as vscode from 'vscode';
import { PYTHON_EXTENSION_ID } from './constants';
import { expandPath, Settings } from './settings';

/** The part of the Python extension's API that speclint uses (ms-python.python exports more). */
export interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id?: string; path: string } | undefined;
    resolveEnvironment?(
      env: { id?: string; path: string } | string,
    ): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined;
  };
}

export type InterpreterSource = 'setting' | 'python-extension' | 'default';

export interface Interpreter {
  /** Program and leading arguments, e.g. ['/usr/bin/python3'] or ['conda', 'run', '-n', 'x', 'python']. */
  command: string[];
  source: InterpreterSource;
}

export const DEFAULT_PYTHON = process.platform === 'win32' ? 'python' : 'python3';

/** The Python extension's exported API if it is installed, activated on demand; undefined if not. */
export async function getPythonExtensionApi(): Promise<PythonExtensionApi | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (ext === undefined) {
    return undefined;
  }
  try {
    return ext.isActive ? ext.exports : await ext.activate();
  } catch {
    return undefined;
  }
}

async function fromPythonExtension(
  api: PythonExtensionApi,
  resource: vscode.Uri | undefined,
): Promise<string[] | undefined> {
  const envs = api.environments;
  if (envs !== undefined) {
    const active = envs.getActiveEnvironmentPath(resource);
    if (active !== undefined && active.path) {
      if (envs.resolveEnvironment !== undefined) {
        try {
          const resolved = await envs.resolveEnvironment(active);
          const exe = resolved?.executable?.uri?.fsPath;
          if (exe) {
            return [exe];
          }
        } catch {
          // fall through to the raw path
        }
      }
      return [active.path];
    }
  }
  const exec = api.settings?.getExecutionDetails?.(resource)?.execCommand;
  if (exec !== undefined && exec.length > 0 && exec.every((s) => typeof s === 'string' && s)) {
    return [...exec];
  }
  return undefined;
}

/** speclint.interpreter setting, else the Python extension's selected interpreter, else python3. */
export async function resolveInterpreter(
  settings: Settings,
  folder: vscode.WorkspaceFolder | undefined,
  pythonApi: PythonExtensionApi | undefined,
): Promise<Interpreter> {
  if (settings.interpreter !== '') {
    return { command: [expandPath(settings.interpreter, folder?.uri.fsPath)], source: 'setting' };
  }
  if (pythonApi !== undefined) {
    const cmd = await fromPythonExtension(pythonApi, folder?.uri);
    if (cmd !== undefined) {
      return { command: cmd, source: 'python-extension' };
    }
  }
  return { command: [DEFAULT_PYTHON], source: 'default' };
}

/** Quotes a command for a terminal line (POSIX shells and PowerShell both accept '...'). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) {
    return arg;
  }
  if (process.platform === 'win32') {
    return `'${arg.replace(/'/g, "''")}'`;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(parts: readonly string[]): string {
  const [first, ...rest] = parts;
  const head = process.platform === 'win32' && first !== undefined && /[\s']/.test(first)
    ? `& ${shellQuote(first)}`
    : shellQuote(first ?? '');
  return [head, ...rest.map(shellQuote)].join(' ');
}
