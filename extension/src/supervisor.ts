/**
 * The sidecar's lifecycle, without the editor: start it through an injected
 * `spawn()`, restart it with backoff when it dies, give up when it keeps
 * dying, and turn every request the sidecar cannot answer (down, or killed
 * while the request was in flight) into a `RouterDown` whose message is the
 * reason the user sees next to the fallback model.
 *
 * `client.ts` plugs vscode-languageclient in here; the protocol tests plug a
 * bare vscode-jsonrpc connection to the real sidecar in, so both run this code.
 *
 * Starts, stops and restarts go through one queue, so a burst of setting
 * changes or restart clicks never runs two sidecars at once. A request made
 * while a sidecar is starting (or a start is queued) waits for it, and fails
 * only if it does not come up.
 */

import { planRestart, type RestartPlan } from './backoff';
import { ROUTE, type RouteParams, type RouteResult } from './protocol';

export type SidecarState =
  | { kind: 'stopped'; reason: string }
  | { kind: 'starting' }
  | { kind: 'running' }
  | { kind: 'restarting'; reason: string; delayMs: number }
  | { kind: 'failed'; reason: string };

/** Thrown by requests while the sidecar is not running; the message is the reason. */
export class RouterDown extends Error {}

/** A start failure that restarting will not fix (no usable Python, say): no backoff, the router stays down. */
export class SetupProblem extends Error {}

/** One running sidecar, as `spawn()` hands it over. `Token` is the caller's cancellation token type. */
export interface SidecarHandle<Token> {
  request<R>(method: string, params: object, token?: Token): Promise<R>;
  /** Send a notification (no answer comes back). */
  notify(method: string, params: object): Promise<void>;
  /** Call `listener` once when the process exits or its connection closes (at once if that already happened). */
  onExit(listener: (reason: string) => void): void;
  /** Stop the process politely if it still runs, and release the connection. */
  stop(): Promise<void>;
}

export interface SupervisorOptions<Token> {
  /** Start a sidecar and resolve once it answers requests; throw SetupProblem when retrying is pointless. */
  spawn(): Promise<SidecarHandle<Token>>;
  /** Read on every crash, so a settings change applies to the next one. */
  maxCrashes(): number;
  /** Backoff plan; the default is backoff.ts's. */
  plan?: (crashTimes: readonly number[], now: number, maxCrashes: number) => RestartPlan;
  now?: () => number;
  /** Run `callback` after `ms`; returns the canceller. The default is setTimeout. */
  after?: (ms: number, callback: () => void) => () => void;
  log?: { warn(message: string): void; error(message: string): void };
  /** How long a request waits for a starting sidecar before it gives up (default 120 s). */
  startWaitMs?: number;
}

/** What `route()` gives back: the sidecar's decision, or why the fallback model answers. */
export type RouteOutcome = { kind: 'routed'; result: RouteResult } | { kind: 'fallback'; reason: string };

/** Why requests cannot be answered in `state`, in words for the user. */
export function describeDown(state: SidecarState): string {
  switch (state.kind) {
    case 'starting':
      return 'the router is starting';
    case 'restarting':
      return `the router crashed and restarts in ${Math.ceil(state.delayMs / 1000)} s (${state.reason})`;
    case 'failed':
    case 'stopped':
      return `the router is not running: ${state.reason}`;
    default:
      return 'the router is not ready';
  }
}

/** The notification shown when the supervisor stops restarting. */
export function giveUpMessage(crashes: number, reason: string): string {
  return `HyDRA: the router crashed ${crashes} times in a few minutes and was stopped (${reason}). Chat uses the fallback model until it runs again.`;
}

interface Live<Token> {
  handle: SidecarHandle<Token>;
  /** Resolves with the exit reason; requests race against it, since a dead connection may never answer. */
  exited: Promise<string>;
  dead: boolean;
  /** Why it exited, once it has. */
  reason?: string;
}

type Listener<T> = (value: T) => void;

function afterTimeout(ms: number, callback: () => void): () => void {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
}

export class Supervisor<Token = never> {
  private live: Live<Token> | undefined;
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private crashTimes: number[] = [];
  private cancelRestart: () => void = () => undefined;
  private disposed = false;
  private current: SidecarState = { kind: 'stopped', reason: 'not started yet' };
  private readonly stateListeners = new Set<Listener<SidecarState>>();
  private readonly gaveUpListeners = new Set<Listener<string>>();
  /** Queued or running jobs that end with a start (start, restart, a planned restart). */
  private pendingStarts = 0;
  /** Requests waiting for a starting sidecar, told of every state change and finished start. */
  private readonly waiters = new Set<() => void>();
  private readonly plan: NonNullable<SupervisorOptions<Token>['plan']>;
  private readonly now: () => number;
  private readonly after: NonNullable<SupervisorOptions<Token>['after']>;

  constructor(private readonly options: SupervisorOptions<Token>) {
    this.plan = options.plan ?? planRestart;
    this.now = options.now ?? Date.now;
    this.after = options.after ?? afterTimeout;
  }

  get state(): SidecarState {
    return this.current;
  }

  /** Whether a sidecar is on its way up: starting now, or a start or restart is queued. */
  get coming(): boolean {
    return !this.disposed && (this.current.kind === 'starting' || this.pendingStarts > 0);
  }

  /** Running, with no restart queued (a request sent now would not go to a sidecar about to stop). */
  private get settled(): boolean {
    return !!this.live && !this.live.dead && this.current.kind === 'running' && this.pendingStarts === 0;
  }

  /**
   * Resolve once the sidecar runs and no restart is queued. While one is coming up this waits (up to
   * `startWaitMs`); rejects with RouterDown, the reason as message, when it is
   * down and not starting, or when the start fails.
   */
  whenRunning(): Promise<void> {
    const waitMs = this.options.startWaitMs ?? 120_000;
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: RouterDown) => {
        this.waiters.delete(check);
        clearTimeout(timer);
        if (error) {
          reject(error);
        } else {
          resolve();
        }
      };
      const check = () => {
        if (this.settled) {
          finish();
        } else if (!this.coming) {
          finish(new RouterDown(describeDown(this.current)));
        }
      };
      const timer = setTimeout(
        () => finish(new RouterDown(`the router did not start within ${Math.round(waitMs / 1000)} s; ${describeDown(this.current)}`)),
        waitMs,
      );
      this.waiters.add(check);
      check();
    });
  }

  /** Listen to every state change; returns the unsubscriber. */
  onState(listener: Listener<SidecarState>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Listen for the give-up, with the message for the user; returns the unsubscriber. */
  onGaveUp(listener: Listener<string>): () => void {
    this.gaveUpListeners.add(listener);
    return () => this.gaveUpListeners.delete(listener);
  }

  /** Start the sidecar (queued); a no-op while one runs. */
  start(): Promise<void> {
    return this.enqueueStart(() => this.doStart());
  }

  /** Stop and start again (queued); forgets earlier crashes, since a person asked. */
  restart(): Promise<void> {
    this.crashTimes = [];
    return this.enqueueStart(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  /** Stop for good: no restarts afterwards. */
  dispose(): Promise<void> {
    this.disposed = true;
    this.cancelRestart();
    return this.enqueue(() => this.doStop());
  }

  /**
   * Send a request to the sidecar, waiting for one that is starting. Rejects
   * with RouterDown (the reason as message) when none runs or comes up, or it
   * dies before answering.
   */
  async request<R>(method: string, params: object, token?: Token): Promise<R> {
    if (!this.settled) {
      await this.whenRunning();
    }
    const live = this.live;
    if (!live || live.dead) {
      throw new RouterDown(describeDown(this.current));
    }
    const stopped = () => new RouterDown(`the router stopped before answering (${live.reason ?? 'stopped'}); ${describeDown(this.current)}`);
    const died = live.exited.then((): never => {
      throw stopped();
    });
    try {
      return await Promise.race([live.handle.request<R>(method, params, token), died]);
    } catch (error) {
      // Stopping a dead sidecar's connection rejects its pending requests, maybe before `exited` settles.
      if (!(error instanceof RouterDown) && live.dead) {
        throw stopped();
      }
      throw error;
    }
  }

  /**
   * Send a notification to the running sidecar; false (nothing sent) when none
   * runs or a restart is queued: a sidecar that starts afresh has no use for
   * news about the conversations of the one before.
   */
  notify(method: string, params: object): boolean {
    const live = this.live;
    if (!this.settled || !live) {
      return false;
    }
    live.handle.notify(method, params).catch((error: unknown) => {
      this.options.log?.warn(`${method} not delivered: ${error instanceof Error ? error.message : String(error)}`);
    });
    return true;
  }

  /** Route `params`: the sidecar's decision, or a fallback with the reason when it cannot decide. */
  async route(params: RouteParams, token?: Token): Promise<RouteOutcome> {
    try {
      return { kind: 'routed', result: await this.request<RouteResult>(ROUTE, params, token) };
    } catch (error) {
      if (error instanceof RouterDown) {
        return { kind: 'fallback', reason: error.message };
      }
      throw error;
    }
  }

  private setState(state: SidecarState): void {
    this.current = state;
    if (!this.disposed) {
      for (const listener of this.stateListeners) {
        listener(state);
      }
    }
    this.tellWaiters();
  }

  private tellWaiters(): void {
    for (const check of [...this.waiters]) {
      check();
    }
  }

  /** Enqueue a job that ends with a start; requests wait for it. */
  private enqueueStart(job: () => Promise<void>): Promise<void> {
    this.pendingStarts++;
    return this.enqueue(async () => {
      try {
        await job();
      } finally {
        this.pendingStarts--;
        this.tellWaiters();
      }
    });
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job).catch((error: unknown) => {
      this.options.log?.error(`router lifecycle: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.queue = next;
    return next;
  }

  private async doStop(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    this.generation++;
    if (live) {
      live.dead = true;
      await live.handle.stop();
    }
    this.setState({ kind: 'stopped', reason: 'stopped' });
  }

  private async doStart(): Promise<void> {
    if (this.disposed || this.live) {
      return;
    }
    this.cancelRestart();
    const generation = ++this.generation;
    this.setState({ kind: 'starting' });
    let handle: SidecarHandle<Token>;
    try {
      handle = await this.options.spawn();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof SetupProblem) {
        this.setState({ kind: 'failed', reason });
      } else {
        this.options.log?.error(`the router did not start: ${reason}`);
        this.onCrash(generation, `did not start: ${reason}`);
      }
      return;
    }
    if (generation !== this.generation || this.disposed) {
      await handle.stop();
      return;
    }
    let exit: (reason: string) => void = () => undefined;
    const live: Live<Token> = { handle, dead: false, exited: new Promise<string>((resolve) => (exit = resolve)) };
    this.live = live;
    this.setState({ kind: 'running' });
    handle.onExit((reason) => {
      live.reason ??= reason;
      if (live.dead) {
        exit(reason);
        return;
      }
      live.dead = true;
      // Crash first, so requests failing on this exit name the restart (or give-up) in their reason.
      this.onCrash(generation, reason);
      exit(reason);
    });
  }

  /** Plan what to do after the sidecar of `generation` died; stale generations are ignored. */
  private onCrash(generation: number, reason: string): void {
    if (generation !== this.generation || this.disposed) {
      return;
    }
    this.generation++;
    const dead = this.live;
    this.live = undefined;
    void dead?.handle.stop().catch(() => undefined);
    const now = this.now();
    const plan = this.plan(this.crashTimes, now, this.options.maxCrashes());
    this.crashTimes = [...this.crashTimes, now];
    if (plan.action === 'giveUp') {
      const message = giveUpMessage(plan.crashes, reason);
      this.setState({ kind: 'failed', reason: `gave up after ${plan.crashes} crashes in a few minutes (${reason})` });
      for (const listener of this.gaveUpListeners) {
        listener(message);
      }
      return;
    }
    this.options.log?.warn(`${reason}; restarting in ${plan.delayMs} ms`);
    this.setState({ kind: 'restarting', reason, delayMs: plan.delayMs });
    this.cancelRestart = this.after(plan.delayMs, () => void this.enqueueStart(() => this.doStart()));
  }
}
