import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addFolder, state } from './vscodeMock';
import type { ClientSpec, LspClient } from '../../src/server';
import type { ExecFn, ExecResult } from '../../src/probe';

/** A language client double: records what the manager asked of it. */
export class FakeClient implements LspClient {
  started = false;
  stopped = false;
  requests: { method: string; params: unknown }[] = [];
  handlers = new Map<string, (params: unknown) => void>();
  commands: string[] = [];
  startError: Error | undefined;
  respond: (method: string, params: unknown) => unknown = () => null;

  constructor(readonly spec: ClientSpec) {}

  async start(): Promise<void> {
    if (this.startError !== undefined) {
      throw this.startError;
    }
    this.started = true;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  async sendRequest<R>(method: string, params: unknown): Promise<R> {
    this.requests.push({ method, params });
    return this.respond(method, params) as R;
  }
  onNotification(method: string, handler: (params: unknown) => void) {
    this.handlers.set(method, handler);
    return { dispose: () => this.handlers.delete(method) };
  }
  serverCommands(): readonly string[] {
    return this.commands;
  }
}

export class ClientLog {
  clients: FakeClient[] = [];
  /** Applied to each new client before the manager starts it. */
  setup: (c: FakeClient) => void = () => undefined;
  readonly factory = (spec: ClientSpec): FakeClient => {
    const c = new FakeClient(spec);
    this.setup(c);
    this.clients.push(c);
    return c;
  };
  get last(): FakeClient | undefined {
    return this.clients[this.clients.length - 1];
  }
}

/** An exec double: `probe` decides the answer to the speclint import probe; other runs go to `cli`. */
export class ExecLog {
  calls: { file: string; args: readonly string[]; cwd: string | undefined }[] = [];
  probe: (file: string) => ExecResult = () => ({ code: 0, stdout: '1.2.3\n', stderr: '' });
  cli: (args: readonly string[]) => ExecResult | Promise<ExecResult> = () => ({ code: 0, stdout: '', stderr: '' });
  readonly exec: ExecFn = async (file, args, options) => {
    this.calls.push({ file, args, cwd: options.cwd });
    if (args.includes('-c')) {
      return this.probe(file);
    }
    return this.cli(args);
  };
  get probes(): number {
    return this.calls.filter((c) => c.args.includes('-c')).length;
  }
}

export const enoent = (): ExecResult => {
  const err = new Error('spawn nope ENOENT') as NodeJS.ErrnoException;
  err.code = 'ENOENT';
  return { code: null, stdout: '', stderr: '', spawnError: err };
};

/** A workspace folder that is a speclint project (speclint.toml), known to the mock. */
export function projectFolder(kind: 'speclint.toml' | 'pyproject' | 'none' = 'speclint.toml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'speclint-unit-'));
  addFolder(dir);
  if (kind === 'speclint.toml') {
    state.files.set(path.join(dir, 'speclint.toml'), 'specs = ["specs/**/*.md"]\n');
  } else if (kind === 'pyproject') {
    state.files.set(path.join(dir, 'pyproject.toml'), '[project]\nname = "x"\n\n[tool.speclint]\nfail_on = "error"\n');
  } else {
    state.files.set(path.join(dir, 'pyproject.toml'), '[project]\nname = "x"\n');
  }
  return dir;
}

export function fakeContext(): { subscriptions: { dispose(): unknown }[] } {
  return { subscriptions: [] };
}

export function dispose(ctx: { subscriptions: { dispose(): unknown }[] }): void {
  ctx.subscriptions.forEach((d) => d.dispose());
}

/** Lets pending promise callbacks and zero-delay timers run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) {
    await new Promise((r) => setTimeout(r, 0));
  }
}
