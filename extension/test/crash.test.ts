/**
 * The real sidecar killed with SIGKILL, under the extension's real lifecycle
 * (src/supervisor.ts, which client.ts runs): a request in flight falls back
 * with a reason, the sidecar comes back after the backoff delay and routes
 * normally again, and one that keeps dying is given up on with a message.
 *
 * The backoff is backoff.ts's plan with its delays divided by ten, so the
 * test waits tens of milliseconds, not seconds; the give-up count is real.
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { planRestart, type RestartPlan } from '../src/backoff';
import { Supervisor, type SidecarState, type SidecarHandle } from '../src/supervisor';
import { buildTinyModel, initializeSidecar, startSidecar, withTimeout, type Sidecar } from './sidecar';

const EASY = 'hello please';
const HARD = 'prove theorem why reason';
const MAX_CRASHES = 3;
const SPEEDUP = 10;

const PROFILES = `format: 1
defaults:
  regime: iso
  tau: { peak: 0.02, iso: 0.06, aggressive: 0.15 }
fallback: echo-large
models:
  - id: echo-small
    name: Echo small
    vendor: echo
    family: echo-small
    capabilities: { reasoning: 0.2, code_generation: 0.2, debugging: 0.2, tool_use: 0.2 }
    price: { input: 0.5, output: 2 }
    context_window: 100000
  - id: echo-large
    name: Echo large
    vendor: echo
    family: echo-large
    capabilities: { reasoning: 1, code_generation: 1, debugging: 1, tool_use: 1 }
    price: { input: 3, output: 15 }
    context_window: 100000
`;

/** backoff.ts's plan, faster. */
function fastPlan(crashTimes: readonly number[], now: number, maxCrashes: number): RestartPlan {
  const plan = planRestart(crashTimes, now, maxCrashes);
  return plan.action === 'restart' ? { action: 'restart', delayMs: plan.delayMs / SPEEDUP } : plan;
}

describe('sidecar killed with SIGKILL', { timeout: 180_000 }, () => {
  let tmp: string;
  let workspace: string;
  let profilesFile: string;
  let supervisor: Supervisor;
  const sidecars: Sidecar[] = [];
  const spawnTimes: number[] = [];
  const exitTimes: number[] = [];
  /** The supervisor's timers: the delay it asked for, when it asked, and when the timer fired. */
  const timers: { ms: number; setAt: number; firedAt?: number }[] = [];
  const states: SidecarState[] = [];
  const gaveUp: string[] = [];

  /** spawn() for the supervisor: the real sidecar over stdio, initialized as the language client does. */
  async function spawnSidecar(): Promise<SidecarHandle<never>> {
    spawnTimes.push(Date.now());
    const sidecar = startSidecar(['--model', path.join(tmp, 'model'), '--threads', '1']);
    sidecars.push(sidecar);
    const { child, connection } = sidecar;
    // Writing to a killed sidecar fails with EPIPE; the exit below is what counts.
    child.stdin?.on('error', () => undefined);
    let exitReason: string | undefined;
    let onExit: ((reason: string) => void) | undefined;
    child.once('exit', (code, signal) => {
      exitTimes.push(Date.now());
      exitReason = `the router process exited (${signal ?? `code ${code}`})`;
      onExit?.(exitReason);
    });
    try {
      await initializeSidecar(sidecar, workspace, profilesFile);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return {
      request: <R>(method: string, params: object) => connection.sendRequest<R>(method, params),
      notify: (method: string, params: object) => connection.sendNotification(method, params),
      onExit: (listener) => {
        onExit = listener;
        if (exitReason !== undefined) {
          listener(exitReason);
        }
      },
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          await sidecar.stop();
        } else {
          connection.dispose();
        }
      },
    };
  }

  async function waitFor(what: string, probe: () => boolean, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!probe()) {
      if (Date.now() > deadline) {
        const stderr = sidecars.at(-1)?.stderr() ?? '';
        throw new Error(`${what}: not seen within ${ms} ms; states ${JSON.stringify(states)}\nLast sidecar stderr:\n${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Wait until the sidecar is back (a new process, running). */
  async function waitRunning(spawns: number): Promise<void> {
    await waitFor(`sidecar #${spawns} running`, () => spawnTimes.length === spawns && supervisor.state.kind === 'running');
  }

  /** The supervisor's timer, recorded; the restart must come from it. */
  function recordedAfter(ms: number, callback: () => void): () => void {
    const timer: (typeof timers)[number] = { ms, setAt: Date.now() };
    timers.push(timer);
    const handle = setTimeout(() => {
      timer.firedAt = Date.now();
      callback();
    }, ms);
    return () => clearTimeout(handle);
  }

  /** Sidecar #`spawns` was started by a restart timer of `delayMs`, set after the crash before it. */
  function assertRestartedByBackoff(spawns: number, delayMs: number): void {
    const timer = timers.at(-1);
    assert.equal(timers.length, spawns - 1, `restart timers: ${JSON.stringify(timers)}`);
    assert.ok(timer?.firedAt !== undefined, 'the restart timer has not fired');
    assert.equal(timer.ms, delayMs);
    assert.ok(timer.setAt >= exitTimes[spawns - 2], 'the timer was set before the crash');
    assert.ok(spawnTimes[spawns - 1] >= timer.firedAt, `sidecar #${spawns} started before the ${delayMs} ms backoff ended`);
  }

  function lastRestartDelay(): number {
    const restarting = [...states].reverse().find((s) => s.kind === 'restarting');
    assert.ok(restarting?.kind === 'restarting', `no restart planned: ${JSON.stringify(states)}`);
    return restarting.delayMs;
  }

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hydra-crash-'));
    workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(workspace);
    profilesFile = path.join(workspace, 'profiles.yaml');
    fs.writeFileSync(profilesFile, PROFILES);
    buildTinyModel(path.join(tmp, 'model'));
    supervisor = new Supervisor({ spawn: spawnSidecar, maxCrashes: () => MAX_CRASHES, plan: fastPlan, after: recordedAfter });
    supervisor.onState((state) => states.push(state));
    supervisor.onGaveUp((message) => gaveUp.push(message));
  });

  after(async () => {
    await supervisor?.dispose();
    for (const sidecar of sidecars) {
      if (sidecar.child.exitCode === null && sidecar.child.signalCode === null) {
        sidecar.child.kill('SIGKILL');
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('routes normally once started', async () => {
    await withTimeout(supervisor.start(), 90_000, 'start');
    assert.equal(supervisor.state.kind, 'running', JSON.stringify(states));
    const outcome = await withTimeout(supervisor.route({ prompt: EASY }), 15_000, 'route');
    assert.equal(outcome.kind, 'routed');
    assert.equal(outcome.kind === 'routed' && outcome.result.model, 'echo-small');
  });

  it('falls back with a reason when the sidecar is killed mid-request, then restarts after the backoff', async () => {
    // Killed in the same tick as the request is sent: the sidecar cannot have answered it.
    const pending = supervisor.route({ prompt: `${HARD} `.repeat(200) });
    sidecars[0].child.kill('SIGKILL');
    const outcome = await withTimeout(pending, 15_000, 'route to a killed sidecar');
    assert.equal(outcome.kind, 'fallback');
    assert.match(outcome.kind === 'fallback' ? outcome.reason : '', /stopped before answering \(the router process exited \(SIGKILL\)\).*restarts in/);

    const delayMs = lastRestartDelay();
    assert.equal(delayMs, 500 / SPEEDUP, 'the first delay is backoff.ts\'s first, sped up');
    // Until it is back, requests fall back at once and say why.
    const down = await supervisor.route({ prompt: EASY });
    assert.equal(down.kind, 'fallback');
    assert.match(down.kind === 'fallback' ? down.reason : '', /restarts in|starting/);

    await waitRunning(2);
    assertRestartedByBackoff(2, delayMs);
  });

  it('routes the next request normally through the new sidecar', async () => {
    const outcome = await withTimeout(supervisor.route({ prompt: HARD }), 15_000, 'route');
    assert.equal(outcome.kind, 'routed', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'routed');
    assert.notEqual(outcome.result.method, 'fallback');
    assert.equal(outcome.result.model, 'echo-large');
    assert.ok(sidecars[0].child.signalCode === 'SIGKILL' && sidecars[1].child.exitCode === null);
  });

  it(`gives up after ${MAX_CRASHES} crashes, with a clear message, and keeps falling back`, async () => {
    sidecars[1].child.kill('SIGKILL');
    await waitFor('second restart planned', () => exitTimes.length === 2 && supervisor.state.kind !== 'running');
    const delayMs = lastRestartDelay();
    assert.equal(delayMs, 1000 / SPEEDUP, 'the second delay doubles');
    await waitRunning(3);
    assertRestartedByBackoff(3, delayMs);
    assert.deepEqual(gaveUp, []);

    sidecars[2].child.kill('SIGKILL');
    await waitFor('give-up', () => gaveUp.length > 0, 15_000);
    assert.equal(gaveUp.length, 1);
    assert.match(gaveUp[0], /crashed 3 times/);
    assert.match(gaveUp[0], /SIGKILL/);
    assert.match(gaveUp[0], /fallback model/);
    assert.equal(supervisor.state.kind, 'failed');

    const outcome = await supervisor.route({ prompt: EASY });
    assert.equal(outcome.kind, 'fallback');
    assert.match(outcome.kind === 'fallback' ? outcome.reason : '', /not running: gave up after 3 crashes/);

    // Longer than any backoff so far: no sidecar is started again.
    await new Promise((resolve) => setTimeout(resolve, (4 * 1000) / SPEEDUP));
    assert.equal(spawnTimes.length, 3);
    assert.equal(timers.length, 2, 'a restart was planned after the give-up');
    assert.equal(supervisor.state.kind, 'failed');
    assert.ok(sidecars.every((s) => s.child.exitCode !== null || s.child.signalCode !== null), 'a sidecar is still running');
  });
});
