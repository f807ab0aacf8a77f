import { execFile } from 'node:child_process';

/** Result of asking an interpreter whether it can run speclint. */
export type Probe =
  | { kind: 'ok'; version: string }
  | { kind: 'no-interpreter'; detail: string }
  | { kind: 'no-speclint'; detail: string }
  | { kind: 'error'; detail: string };

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: NodeJS.ErrnoException;
}

export type ExecFn = (
  file: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs: number },
) => Promise<ExecResult>;

export const execProcess: ExecFn = (file, args, options) =>
  new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { cwd: options.cwd, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
        if (err !== null && typeof err.code === 'string') {
          resolve({ code: null, stdout: String(stdout), stderr: String(stderr), spawnError: err });
          return;
        }
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });

/** Exit code the probe script uses for "speclint is not importable". */
export const MISSING_EXIT = 3;

export const PROBE_SCRIPT = [
  'import importlib.util, sys',
  'if importlib.util.find_spec("speclint") is None:',
  `    sys.exit(${MISSING_EXIT})`,
  'try:',
  '    from importlib.metadata import version',
  '    print(version("speclint"))',
  'except Exception:',
  '    print("unknown")',
].join('\n');

/** Checks that `python` runs and can import speclint, without starting the server. */
export async function probeSpeclint(
  python: readonly string[],
  cwd: string | undefined,
  exec: ExecFn = execProcess,
): Promise<Probe> {
  const [file, ...pre] = python;
  if (file === undefined || file === '') {
    return { kind: 'no-interpreter', detail: 'no interpreter configured' };
  }
  const res = await exec(file, [...pre, '-c', PROBE_SCRIPT], { cwd, timeoutMs: 30_000 });
  if (res.spawnError !== undefined) {
    return { kind: 'no-interpreter', detail: `${file}: ${res.spawnError.code ?? res.spawnError.message}` };
  }
  if (res.code === 0) {
    return { kind: 'ok', version: res.stdout.trim() || 'unknown' };
  }
  if (res.code === MISSING_EXIT) {
    return { kind: 'no-speclint', detail: `speclint is not installed for ${python.join(' ')}` };
  }
  const tail = (res.stderr || res.stdout).trim().split('\n').slice(-3).join('\n');
  return { kind: 'error', detail: `${python.join(' ')} exited with ${String(res.code)}: ${tail}` };
}
