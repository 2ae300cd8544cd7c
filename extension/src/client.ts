/**
 * The sidecar's lifecycle: find Python, start `python -m hydra_router serve`
 * over stdio with vscode-languageclient, restart it with backoff when it
 * crashes, give up (with a notification) when it keeps crashing.
 *
 * Starts, stops and restarts go through one queue, so a burst of setting
 * changes or restart clicks never runs two sidecars at once.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  Trace,
  type CloseHandlerResult,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { planRestart } from './backoff';
import {
  CATALOG,
  CATALOG_CHANGED,
  ROUTE,
  SET_HEALTH,
  type CatalogChanged,
  type CatalogResult,
  type InitializationOptions,
  type RouteParams,
  type RouteResult,
  type SetHealthParams,
  type SetHealthResult,
} from './protocol';
import { bundledTags, findPython, libsTag, pythonCandidates, PythonProblem, sidecarPythonPath, type FoundPython } from './python';
import type { Settings } from './settings';
import { installLibs } from './install';

export type RouterState =
  | { kind: 'stopped'; reason: string }
  | { kind: 'starting' }
  | { kind: 'running' }
  | { kind: 'restarting'; reason: string; delayMs: number }
  | { kind: 'failed'; reason: string };

/** Thrown by requests while the sidecar is not running; the message is the reason. */
export class RouterDown extends Error {}

/** Where the sidecar's files are inside the extension (see scripts/bundle-sidecar.sh). */
function bundledLayout(extensionPath: string): { dir: string; sidecar: string } | undefined {
  const dir = path.join(extensionPath, 'bundled');
  const sidecar = path.join(dir, 'sidecar');
  return fs.existsSync(path.join(sidecar, 'hydra_router')) ? { dir, sidecar } : undefined;
}

/** The interpreter selected in the Python extension, if it is installed. */
async function pythonFromExtension(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension('ms-python.python');
  if (!extension) {
    return undefined;
  }
  try {
    // The Python extension's public API, read by shape: its types are not a dependency of ours.
    const api = (extension.isActive ? extension.exports : await extension.activate()) as {
      environments?: {
        getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
        resolveEnvironment(env: { path: string }): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
      };
    };
    const active = api.environments?.getActiveEnvironmentPath(resource);
    if (!active) {
      return undefined;
    }
    const resolved = await api.environments?.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch {
    return undefined;
  }
}

export class Router implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private crashTimes: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private current: RouterState = { kind: 'stopped', reason: 'not started yet' };
  private lastCatalog: CatalogResult | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<RouterState>();
  private readonly catalogEmitter = new vscode.EventEmitter<CatalogResult>();

  /** Fires on every state change. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Fires when a (re)loaded catalog has been fetched. */
  readonly onDidChangeCatalog = this.catalogEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly settings: () => Settings,
  ) {}

  get state(): RouterState {
    return this.current;
  }

  /** The last catalog the sidecar reported (kept while it is down, for fallbacks). */
  get catalog(): CatalogResult | undefined {
    return this.lastCatalog;
  }

  /** Start the sidecar (queued). */
  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  /** Stop and start again (queued); resets the crash count, since a person asked. */
  restart(reason: string): Promise<void> {
    this.output.info(`restart: ${reason}`);
    this.crashTimes = [];
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  async route(params: RouteParams, token?: vscode.CancellationToken): Promise<RouteResult> {
    return this.request<RouteResult>(ROUTE, params, token);
  }

  async setHealth(params: SetHealthParams): Promise<SetHealthResult> {
    return this.request<SetHealthResult>(SET_HEALTH, params);
  }

  /** Fetch the live catalog and tell listeners. */
  async refreshCatalog(): Promise<CatalogResult> {
    const catalog = await this.request<CatalogResult>(CATALOG, {});
    this.lastCatalog = catalog;
    this.catalogEmitter.fire(catalog);
    return catalog;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.restartTimer);
    void this.enqueue(() => this.doStop());
    this.stateEmitter.dispose();
    this.catalogEmitter.dispose();
  }

  private async request<R>(method: string, params: object, token?: vscode.CancellationToken): Promise<R> {
    const client = this.client;
    if (!client || this.current.kind !== 'running') {
      throw new RouterDown(this.describeDown());
    }
    return token ? client.sendRequest<R>(method, params, token) : client.sendRequest<R>(method, params);
  }

  private describeDown(): string {
    const s = this.current;
    switch (s.kind) {
      case 'starting':
        return 'the router is starting';
      case 'restarting':
        return `the router crashed and restarts in ${Math.ceil(s.delayMs / 1000)} s (${s.reason})`;
      case 'failed':
      case 'stopped':
        return `the router is not running: ${s.reason}`;
      default:
        return 'the router is not ready';
    }
  }

  private setState(state: RouterState): void {
    this.current = state;
    if (!this.disposed) {
      this.stateEmitter.fire(state);
    }
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job).catch((error: unknown) => {
      this.output.error(`router lifecycle: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.queue = next;
    return next;
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.generation++;
    if (client) {
      try {
        if (client.state !== State.Stopped) {
          await client.stop(5000);
        }
      } catch (error) {
        this.output.warn(`stopping the router: ${(error as Error).message}`);
      }
      await client.dispose().catch(() => undefined);
    }
    this.setState({ kind: 'stopped', reason: 'stopped' });
  }

  private async doStart(): Promise<void> {
    if (this.disposed || this.client) {
      return;
    }
    clearTimeout(this.restartTimer);
    const generation = ++this.generation;
    this.setState({ kind: 'starting' });
    let serverOptions: ServerOptions;
    try {
      serverOptions = await this.serverOptions();
    } catch (error) {
      const reason = (error as Error).message;
      this.output.error(reason);
      this.setState({ kind: 'failed', reason });
      if (error instanceof PythonProblem) {
        void this.offerFix(reason);
      }
      return;
    }
    const client = new LanguageClient('hydra', 'HyDRA Router', serverOptions, this.clientOptions(generation));
    this.client = client;
    client.onNotification(CATALOG_CHANGED, (changed: CatalogChanged) => {
      this.output.info(`catalog v${changed.version} from ${changed.source}, ${changed.errors.length} error(s)`);
      this.refreshCatalog().catch((e: unknown) => this.output.warn(`catalog refresh failed: ${String(e)}`));
    });
    try {
      await client.start();
      await client.setTrace(Trace.fromString(this.settings().trace));
    } catch (error) {
      this.output.error(`the router did not start: ${(error as Error).message}`);
      this.onCrash(generation, `did not start: ${(error as Error).message}`);
      return;
    }
    if (generation !== this.generation) {
      return;
    }
    this.setState({ kind: 'running' });
    await this.refreshCatalog().catch((e: unknown) => this.output.warn(`catalog fetch failed: ${String(e)}`));
  }

  private async serverOptions(): Promise<ServerOptions> {
    const settings = this.settings();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const python = await findPython(pythonCandidates(settings.pythonPath, await pythonFromExtension(folder)));
    this.output.info(`Python ${python.version.join('.')} at ${python.command} (from ${python.source})`);
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1', PYTHONNOUSERSITE: '1' };
    const layout = bundledLayout(this.context.extensionPath);
    if (layout) {
      const libs = await this.libsFor(python, layout.dir);
      env.PYTHONPATH = sidecarPythonPath(libs, layout.sidecar);
    } else {
      this.output.info('no bundled sidecar in this extension: using the hydra_router installed in that Python');
    }
    // No `transport`: the client would append `--stdio`, and stdio is serve's default.
    return {
      command: python.command,
      // The client logs the sidecar's stderr at error level whatever it says, so
      // only warnings and errors go there unless the user asked for a trace.
      args: ['-m', 'hydra_router', 'serve', '--log-level', settings.trace === 'off' ? 'warning' : 'info'],
      options: { env, cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
    };
  }

  /** The libraries for this Python: bundled if the .vsix has them, else installed once into global storage. */
  private async libsFor(python: FoundPython, bundledDir: string): Promise<string> {
    const tag = libsTag(python.version);
    const tags = bundledTags(bundledDir);
    if (tags.includes(tag)) {
      return path.join(bundledDir, 'libs', tag);
    }
    const target = path.join(this.context.globalStorageUri.fsPath, 'libs', tag);
    if (fs.existsSync(path.join(target, '.complete'))) {
      return target;
    }
    this.output.info(`this extension carries libraries for ${tags.join(', ') || 'no Python'}; installing them for ${tag}`);
    await installLibs(python, path.join(bundledDir, 'requirements.txt'), target, this.output);
    return target;
  }

  private clientOptions(generation: number): LanguageClientOptions {
    const settings = this.settings();
    // Without a setting the sidecar finds the workspace's profiles.yaml itself (origin "workspace").
    const initializationOptions: InitializationOptions = {
      profilesPath: settings.profilesPath || null,
      regime: settings.regime,
      logPrompts: settings.logPrompts,
    };
    return {
      // The sidecar validates catalogs named profiles*.yaml / profiles*.yml as they are typed.
      documentSelector: [
        { scheme: 'file', pattern: '**/profiles*.yaml' },
        { scheme: 'file', pattern: '**/profiles*.yml' },
      ],
      initializationOptions,
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: {
        error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: true }),
        closed: (): CloseHandlerResult => {
          this.onCrash(generation, 'the router process exited');
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
  }

  /** Plan what to do after the sidecar of `generation` died; stale generations are ignored. */
  private onCrash(generation: number, reason: string): void {
    if (generation !== this.generation || this.disposed) {
      return;
    }
    this.generation++;
    const dead = this.client;
    this.client = undefined;
    void dead?.dispose().catch(() => undefined);
    const now = Date.now();
    const plan = planRestart(this.crashTimes, now, this.settings().maxCrashes);
    this.crashTimes = [...this.crashTimes, now];
    if (plan.action === 'giveUp') {
      const message = `HyDRA: the router crashed ${plan.crashes} times in a few minutes and was stopped (${reason}). Chat uses the fallback model until it runs again.`;
      this.output.error(message);
      this.setState({ kind: 'failed', reason: `crashed ${plan.crashes} times` });
      void this.offerFix(message);
      return;
    }
    this.output.warn(`${reason}; restarting in ${plan.delayMs} ms`);
    this.setState({ kind: 'restarting', reason, delayMs: plan.delayMs });
    this.restartTimer = setTimeout(() => void this.enqueue(() => this.doStart()), plan.delayMs);
  }

  private async offerFix(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Show Log', 'Restart Router', 'Open Settings');
    if (choice === 'Show Log') {
      this.output.show();
    } else if (choice === 'Restart Router') {
      await this.restart('asked by the user');
    } else if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'hydra.server');
    }
  }
}
