/**
 * A small stand-in for the `vscode` module, enough for the extension's unit tests. Importing this
 * file first makes every later `require('vscode')` return it.
 */
import Module = require('node:module');
import * as path from 'node:path';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  };
  fire(e: T): void {
    [...this.listeners].forEach((l) => l(e));
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Disposable {
  constructor(private readonly fn: () => unknown = () => undefined) {}
  dispose(): void {
    this.fn();
  }
  static from(...ds: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath(): string {
    return this.path;
  }
  static file(p: string): Uri {
    return new Uri('file', path.resolve(p));
  }
  static parse(s: string): Uri {
    const m = /^([a-z][a-z0-9+.-]*):(?:\/\/)?(.*)$/i.exec(s);
    if (m === null) {
      throw new Error(`bad uri ${s}`);
    }
    return new Uri(m[1]!.toLowerCase(), decodeURIComponent(m[2]!));
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export interface Message {
  kind: 'info' | 'warning' | 'error';
  text: string;
  items: string[];
}

export interface FakeTerminal {
  name: string;
  cwd: unknown;
  sent: string[];
  shown: boolean;
}

export interface FakeStatusItem {
  id: string;
  text: string;
  tooltip: unknown;
  command: unknown;
  name: string;
  visible: boolean;
}

export interface FakeDocument {
  uri: Uri;
  languageId: string;
}

/** Everything the mock records or is told to answer; reset() before each test. */
export const state = {
  config: {} as Record<string, unknown>,
  messages: [] as Message[],
  /** Answer the next show*Message with this item (by text prefix of the message), else undefined. */
  answers: [] as { match: string; choose: string }[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as { command: string; args: unknown[] }[],
  terminals: [] as FakeTerminal[],
  statusItems: [] as FakeStatusItem[],
  workspaceFolders: [] as { uri: Uri; name: string; index: number }[],
  files: new Map<string, string>(),
  diagnostics: new Map<string, { source?: string; message: string }[]>(),
  extensions: new Map<string, { isActive: boolean; exports: unknown; activate(): Promise<unknown> }>(),
  activeTextEditor: undefined as undefined | { document: FakeDocument; selection: { active: { line: number; character: number } } },
  webviews: [] as { viewType: string; title: string; options: unknown; webview: { html: string; receive(m: unknown): void }; revealed: number }[],
  shownDocuments: [] as { path: string; line: number | undefined }[],
  external: [] as string[],
  outputLines: [] as string[],
  contexts: new Map<string, unknown>(),
  onDidChangeConfiguration: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
  onDidChangeActiveTextEditor: new EventEmitter<unknown>(),
  onDidChangeDiagnostics: new EventEmitter<{ uris: Uri[] }>(),
  onDidCloseTextDocument: new EventEmitter<FakeDocument>(),
  onDidCreateSpeclintToml: new EventEmitter<Uri>(),
};

export function reset(): void {
  state.config = {};
  state.messages = [];
  state.answers = [];
  state.commands.clear();
  state.executed = [];
  state.terminals = [];
  state.statusItems = [];
  state.workspaceFolders = [];
  state.files.clear();
  state.diagnostics.clear();
  state.extensions.clear();
  state.activeTextEditor = undefined;
  state.webviews = [];
  state.shownDocuments = [];
  state.external = [];
  state.outputLines = [];
  state.contexts.clear();
  state.onDidChangeConfiguration = new EventEmitter();
  state.onDidChangeActiveTextEditor = new EventEmitter();
  state.onDidChangeDiagnostics = new EventEmitter();
  state.onDidCloseTextDocument = new EventEmitter();
  state.onDidCreateSpeclintToml = new EventEmitter();
}

/** Sets a speclint setting (key without the `speclint.` prefix) and fires the change event. */
export function changeSetting(key: string, value: unknown): void {
  state.config[`speclint.${key}`] = value;
  state.onDidChangeConfiguration.fire({ affectsConfiguration: (s: string) => `speclint.${key}`.startsWith(s) });
}

export function addFolder(dir: string): void {
  state.workspaceFolders.push({ uri: Uri.file(dir), name: path.basename(dir), index: state.workspaceFolders.length });
}

function message(kind: Message['kind']) {
  return (text: string, ...rest: unknown[]): Promise<string | undefined> => {
    const items = rest.filter((r): r is string => typeof r === 'string');
    state.messages.push({ kind, text, items });
    const i = state.answers.findIndex((a) => text.startsWith(a.match));
    if (i >= 0) {
      const [a] = state.answers.splice(i, 1);
      return Promise.resolve(a!.choose);
    }
    return Promise.resolve(undefined);
  };
}

function globToRegExp(glob: string): RegExp {
  const re = glob
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '(?:.*/)?')
    .replace(/\*/g, '[^/]*')
    .replace(/\{([^}]*)\}/g, (_m, alts: string) => `(?:${alts.split(',').join('|')})`);
  return new RegExp(`(^|/)${re}$`);
}

const vscodeMock = {
  EventEmitter,
  Disposable,
  Uri,
  Range,
  StatusBarAlignment,
  ViewColumn,
  ProgressLocation,
  DiagnosticSeverity,
  workspace: {
    get workspaceFolders() {
      return state.workspaceFolders.length > 0 ? state.workspaceFolders : undefined;
    },
    getConfiguration(section: string) {
      return {
        get<T>(key: string, def?: T): T | undefined {
          const full = `${section}.${key}`;
          return full in state.config ? (state.config[full] as T) : def;
        },
        inspect: () => undefined,
      };
    },
    onDidChangeConfiguration: (l: Listener<{ affectsConfiguration(s: string): boolean }>) =>
      state.onDidChangeConfiguration.event(l),
    onDidCloseTextDocument: (l: Listener<FakeDocument>) => state.onDidCloseTextDocument.event(l),
    async findFiles(include: string, _exclude?: string, max?: number): Promise<Uri[]> {
      const re = globToRegExp(include);
      const hits = [...state.files.keys()].filter((f) => re.test(f)).map((f) => Uri.file(f));
      return hits.slice(0, max ?? hits.length);
    },
    getWorkspaceFolder(uri: Uri) {
      return state.workspaceFolders.find((f) => uri.fsPath.startsWith(f.uri.fsPath + path.sep));
    },
    fs: {
      async readFile(uri: Uri): Promise<Uint8Array> {
        const text = state.files.get(uri.fsPath);
        if (text === undefined) {
          throw new Error(`ENOENT ${uri.fsPath}`);
        }
        return new TextEncoder().encode(text);
      },
    },
    createFileSystemWatcher(_glob: string) {
      return {
        onDidCreate: (l: Listener<Uri>) => state.onDidCreateSpeclintToml.event(l),
        onDidChange: () => new Disposable(),
        onDidDelete: () => new Disposable(),
        dispose: () => undefined,
      };
    },
  },
  window: {
    get activeTextEditor() {
      return state.activeTextEditor;
    },
    onDidChangeActiveTextEditor: (l: Listener<unknown>) => state.onDidChangeActiveTextEditor.event(l),
    showInformationMessage: message('info'),
    showWarningMessage: message('warning'),
    showErrorMessage: message('error'),
    createOutputChannel(_name: string, _opts?: unknown) {
      return {
        appendLine: (l: string) => state.outputLines.push(l),
        append: (l: string) => state.outputLines.push(l),
        show: () => state.executed.push({ command: '<output.show>', args: [] }),
        dispose: () => undefined,
        info: (l: string) => state.outputLines.push(l),
        warn: (l: string) => state.outputLines.push(l),
        error: (l: string) => state.outputLines.push(String(l)),
      };
    },
    createStatusBarItem(id: string) {
      const item: FakeStatusItem & { show(): void; hide(): void; dispose(): void } = {
        id,
        text: '',
        tooltip: undefined,
        command: undefined,
        name: '',
        visible: false,
        show() {
          item.visible = true;
        },
        hide() {
          item.visible = false;
        },
        dispose() {
          item.visible = false;
        },
      };
      state.statusItems.push(item);
      return item;
    },
    createTerminal(opts: { name: string; cwd?: unknown }) {
      const t: FakeTerminal & { show(): void; sendText(s: string): void } = {
        name: opts.name,
        cwd: opts.cwd,
        sent: [],
        shown: false,
        show() {
          t.shown = true;
        },
        sendText(s: string) {
          t.sent.push(s);
        },
      };
      state.terminals.push(t);
      return t;
    },
    async showTextDocument(uri: Uri, opts?: { selection?: Range }) {
      state.shownDocuments.push({ path: uri.fsPath, line: opts?.selection?.startLine });
      return undefined;
    },
    withProgress<R>(_opts: unknown, task: () => Promise<R>): Promise<R> {
      return task();
    },
    createWebviewPanel(viewType: string, title: string, _column: unknown, options: unknown) {
      const disposed = new EventEmitter<void>();
      const received = new EventEmitter<unknown>();
      const panel = {
        viewType,
        title,
        options,
        webview: { html: '', onDidReceiveMessage: received.event, receive: (m: unknown) => received.fire(m) },
        revealed: 0,
        reveal() {
          panel.revealed++;
        },
        onDidDispose: disposed.event,
        dispose: () => disposed.fire(),
      };
      state.webviews.push(panel);
      return panel;
    },
  },
  env: {
    async openExternal(uri: Uri) {
      state.external.push(uri.toString());
      return true;
    },
  },
  languages: {
    getDiagnostics(uri: Uri) {
      return state.diagnostics.get(uri.toString()) ?? [];
    },
    onDidChangeDiagnostics: (l: Listener<{ uris: Uri[] }>) => state.onDidChangeDiagnostics.event(l),
  },
  commands: {
    registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
      if (state.commands.has(id)) {
        throw new Error(`command '${id}' already exists`);
      }
      state.commands.set(id, fn);
      return new Disposable(() => state.commands.delete(id));
    },
    async executeCommand(command: string, ...args: unknown[]) {
      state.executed.push({ command, args });
      if (command === 'setContext') {
        state.contexts.set(String(args[0]), args[1]);
        return undefined;
      }
      const fn = state.commands.get(command);
      return fn === undefined ? undefined : fn(...args);
    },
  },
  extensions: {
    getExtension(id: string) {
      return state.extensions.get(id);
    },
  },
};

export const vscode = vscodeMock;

type LoadFn = (request: string, parent: unknown, isMain: boolean) => unknown;
const mod = Module as unknown as { _load: LoadFn };
const originalLoad = mod._load;
mod._load = function load(request: string, parent: unknown, isMain: boolean) {
  if (request === 'vscode') {
    return vscodeMock;
  }
  return originalLoad.call(this, request, parent, isMain);
};
