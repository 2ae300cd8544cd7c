/**
 * The sidecar's lifecycle: find Python, start `python -m hydra_router serve`
 * over stdio with vscode-languageclient, restart it with backoff when it
 * crashes, give up (with a notification) when it keeps crashing.
 *
 * The lifecycle itself (queue, backoff, give-up, requests racing the exit)
 * is supervisor.ts; this file plugs vscode-languageclient into it.
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
import {
  CATALOG,
  CATALOG_CHANGED,
  FEEDBACK,
  ROUTE,
  type CatalogChanged,
  type CatalogResult,
  type FeedbackParams,
  type InitializationOptions,
  type RouteParams,
  type RouteResult,
} from './protocol';
import { bundledTags, findPython, libsTag, pythonCandidates, PythonProblem, sidecarPythonPath, type FoundPython } from './python';
import type { Settings } from './settings';
import { installLibs, installTitle, isInstalled } from './install';
import { RouterDown, SetupProblem, Supervisor, type SidecarState, type SidecarHandle } from './supervisor';

export { RouterDown, type SidecarState };

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
  private readonly supervisor: Supervisor<vscode.CancellationToken>;
  private disposed = false;
  private lastCatalog: CatalogResult | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<SidecarState>();
  private readonly catalogEmitter = new vscode.EventEmitter<CatalogResult>();

  /** Fires on every state change. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Fires when a (re)loaded catalog has been fetched. */
  readonly onDidChangeCatalog = this.catalogEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly settings: () => Settings,
  ) {
    this.supervisor = new Supervisor<vscode.CancellationToken>({
      spawn: () => this.spawn(),
      maxCrashes: () => this.settings().maxCrashes,
      log: output,
    });
    this.supervisor.onState((state) => {
      if (!this.disposed) {
        this.stateEmitter.fire(state);
      }
      if (state.kind === 'running') {
        this.refreshCatalog().catch((e: unknown) => this.output.warn(`catalog fetch failed: ${String(e)}`));
      }
    });
    this.supervisor.onGaveUp((message) => {
      this.output.error(message);
      void this.offerFix(message);
    });
  }

  get state(): SidecarState {
    return this.supervisor.state;
  }

  /** The last catalog the sidecar reported (kept while it is down, for fallbacks). */
  get catalog(): CatalogResult | undefined {
    return this.lastCatalog;
  }

  /** Start the sidecar (queued). */
  start(): Promise<void> {
    return this.supervisor.start();
  }

  /** Stop and start again (queued); resets the crash count, since a person asked. */
  restart(reason: string): Promise<void> {
    this.output.info(`restart: ${reason}`);
    return this.supervisor.restart();
  }

  async route(params: RouteParams, token?: vscode.CancellationToken): Promise<RouteResult> {
    await this.ready(token);
    return this.supervisor.request<RouteResult>(ROUTE, params, token);
  }

  /**
   * Tell the router what became of an answer (`hydra/feedback`). Dropped, with
   * a log line, when the router is down: a router that starts afresh knows
   * nothing of the conversation anyway.
   */
  feedback(params: FeedbackParams): void {
    const what = `${params.outcome} for ${params.model}${params.detail ? ` (${params.detail})` : ''}`;
    if (this.supervisor.notify(FEEDBACK, params)) {
      this.output.info(`feedback: ${what}, conversation ${params.conversationId}`);
    } else {
      this.output.info(`feedback dropped, the router is down (${this.supervisor.state.kind}): ${what}`);
    }
  }

  /**
   * The interpreter and environment the router runs with: found as for the
   * router itself, with the bundled libraries (installed once when missing).
   */
  async pythonProcess(): Promise<{ command: string; env: NodeJS.ProcessEnv; cwd: string | undefined }> {
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
    return { command: python.command, env, cwd: folder?.fsPath };
  }

  /**
   * Wait for a router that is starting (or about to restart), with a progress
   * notification. Rejects with RouterDown when it does not come up, or when
   * the user or `token` cancels the wait; returns at once when it runs.
   */
  async ready(token?: vscode.CancellationToken): Promise<void> {
    if (this.supervisor.state.kind === 'running' || !this.supervisor.coming) {
      return;
    }
    const running = this.supervisor.whenRunning();
    running.catch(() => undefined); // handled below; this keeps an early rejection from going unhandled
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'HyDRA: waiting for the router to start…', cancellable: true },
      (_progress, cancel) =>
        new Promise<void>((resolve, reject) => {
          const cancelled = () => reject(new RouterDown('cancelled while the router was starting'));
          const subscriptions = [cancel.onCancellationRequested(cancelled), token?.onCancellationRequested(cancelled)];
          running.then(resolve, reject).finally(() => subscriptions.forEach((s) => s?.dispose()));
        }),
    );
  }

  /** Fetch the live catalog and tell listeners. */
  async refreshCatalog(): Promise<CatalogResult> {
    const catalog = await this.supervisor.request<CatalogResult>(CATALOG, {});
    this.lastCatalog = catalog;
    this.catalogEmitter.fire(catalog);
    return catalog;
  }

  dispose(): void {
    this.disposed = true;
    void this.supervisor.dispose();
    this.stateEmitter.dispose();
    this.catalogEmitter.dispose();
  }

  /** Start one sidecar and connect to it; the supervisor restarts it when it dies. */
  private async spawn(): Promise<SidecarHandle<vscode.CancellationToken>> {
    let serverOptions: ServerOptions;
    try {
      serverOptions = await this.serverOptions();
    } catch (error) {
      const reason = (error as Error).message;
      this.output.error(reason);
      if (error instanceof PythonProblem) {
        void this.offerFix(reason);
      }
      throw new SetupProblem(reason);
    }
    // The client may report the close before the supervisor listens: keep it until then.
    let exitReason: string | undefined;
    let onExit: ((reason: string) => void) | undefined;
    const exited = (reason: string) => {
      exitReason ??= reason;
      onExit?.(exitReason);
    };
    const client = new LanguageClient('hydra', 'HyDRA Router', serverOptions, this.clientOptions(() => exited('the router process exited')));
    client.onNotification(CATALOG_CHANGED, (changed: CatalogChanged) => {
      this.output.info(`catalog v${changed.version} from ${changed.source}, ${changed.errors.length} error(s)`);
      this.refreshCatalog().catch((e: unknown) => this.output.warn(`catalog refresh failed: ${String(e)}`));
    });
    try {
      await client.start();
      await client.setTrace(Trace.fromString(this.settings().trace));
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw error;
    }
    return {
      request: <R>(method: string, params: object, token?: vscode.CancellationToken) =>
        token ? client.sendRequest<R>(method, params, token) : client.sendRequest<R>(method, params),
      notify: (method, params) => client.sendNotification(method, params),
      onExit: (listener) => {
        onExit = listener;
        if (exitReason !== undefined) {
          listener(exitReason);
        }
      },
      stop: async () => {
        try {
          if (client.state !== State.Stopped) {
            await client.stop(5000);
          }
        } catch (error) {
          this.output.warn(`stopping the router: ${(error as Error).message}`);
        }
        await client.dispose().catch(() => undefined);
      },
    };
  }

  private async serverOptions(): Promise<ServerOptions> {
    const { command, env, cwd } = await this.pythonProcess();
    // No `transport`: the client would append `--stdio`, and stdio is serve's default.
    return {
      command,
      // The client logs the sidecar's stderr at error level whatever it says, so
      // only warnings and errors go there unless the user asked for a trace.
      args: ['-m', 'hydra_router', 'serve', '--log-level', this.settings().trace === 'off' ? 'warning' : 'info'],
      options: { env, cwd },
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
    if (isInstalled(target)) {
      return target;
    }
    this.output.info(`this extension carries libraries for ${tags.join(', ') || 'no Python'}; installing them for ${tag}`);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: installTitle(python.version) }, () =>
      installLibs(python, path.join(bundledDir, 'requirements.txt'), target, this.output),
    );
    return target;
  }

  private clientOptions(closed: () => void): LanguageClientOptions {
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
          closed();
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
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
