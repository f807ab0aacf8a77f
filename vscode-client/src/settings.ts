import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_SECTION } from './constants';

export type Trace = 'off' | 'messages' | 'verbose';

export interface Settings {
  enable: boolean;
  interpreter: string;
  args: string[];
  trace: Trace;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Reads the speclint settings, tolerating wrong types in a hand-edited settings.json. */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const cfg = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const enable = cfg.get<unknown>('enable', true);
  const interpreter = cfg.get<unknown>('interpreter', '');
  const args = cfg.get<unknown>('args', []);
  const trace = cfg.get<unknown>('trace.server', 'off');
  return {
    enable: enable !== false,
    interpreter: typeof interpreter === 'string' ? interpreter.trim() : '',
    args: isStringArray(args) ? args : [],
    trace: trace === 'messages' || trace === 'verbose' ? trace : 'off',
  };
}

/** Expands `${workspaceFolder}`, `${userHome}` and a leading `~`, and resolves a relative path
 * containing a separator against the workspace folder (a bare name like `python3` stays a name to
 * look up on PATH). */
export function expandPath(value: string, workspaceFolder: string | undefined): string {
  let out = value;
  const home = os.homedir();
  if (workspaceFolder !== undefined) {
    out = out.split('${workspaceFolder}').join(workspaceFolder);
  }
  out = out.split('${userHome}').join(home);
  if (out === '~') {
    out = home;
  } else if (out.startsWith('~/') || out.startsWith('~\\')) {
    out = path.join(home, out.slice(2));
  }
  if (workspaceFolder !== undefined && !path.isAbsolute(out) && /[\\/]/.test(out)) {
    out = path.resolve(workspaceFolder, out);
  }
  return out;
}
