/**
 * Supervisor paths the real-process test (test/crash.test.ts) does not reach:
 * setup problems, stops that are not crashes, and restarts asked by a person.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SetupProblem, Supervisor, type SidecarHandle } from '../../src/supervisor';

/** A sidecar that answers every request with its method name, and dies when told. */
class FakeSidecar implements SidecarHandle<never> {
  stopped = false;
  asked = 0;
  notified: { method: string; params: object }[] = [];
  private listener: ((reason: string) => void) | undefined;

  request<R>(method: string): Promise<R> {
    this.asked++;
    return Promise.resolve(method as R);
  }

  async notify(method: string, params: object): Promise<void> {
    this.notified.push({ method, params });
  }

  onExit(listener: (reason: string) => void): void {
    this.listener = listener;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listener?.('stopped on purpose');
  }

  die(reason: string): void {
    this.listener?.(reason);
  }
}

const noDelay = (crashTimes: readonly number[], _now: number, maxCrashes: number) =>
  crashTimes.length + 1 >= maxCrashes ? { action: 'giveUp' as const, crashes: crashTimes.length + 1 } : { action: 'restart' as const, delayMs: 0 };

function supervised(spawn: () => Promise<SidecarHandle<never>>, maxCrashes = 2) {
  const gaveUp: string[] = [];
  const supervisor = new Supervisor({ spawn, maxCrashes: () => maxCrashes, plan: noDelay });
  supervisor.onGaveUp((m) => gaveUp.push(m));
  return { supervisor, gaveUp };
}

describe('Supervisor', () => {
  it('does not retry a setup problem, and says what it is', async () => {
    let spawns = 0;
    const { supervisor, gaveUp } = supervised(async () => {
      spawns++;
      throw new SetupProblem('no Python 3.10 or newer found');
    });
    await supervisor.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(spawns, 1);
    assert.deepEqual(supervisor.state, { kind: 'failed', reason: 'no Python 3.10 or newer found' });
    assert.deepEqual(await supervisor.route({ prompt: 'x' }), { kind: 'fallback', reason: 'the router is not running: no Python 3.10 or newer found' });
    assert.deepEqual(gaveUp, []);
  });

  it('counts a failed start as a crash and restarts', async () => {
    let spawns = 0;
    const { supervisor } = supervised(async () => {
      spawns++;
      if (spawns === 1) {
        throw new Error('initialize timed out');
      }
      return new FakeSidecar();
    }, 3);
    await supervisor.start();
    while (supervisor.state.kind !== 'running') {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(spawns, 2);
    assert.deepEqual(await supervisor.route({ prompt: 'x' }), { kind: 'routed', result: 'hydra/route' });
    await supervisor.dispose();
  });

  it('does not count a stop as a crash, and restart() forgets earlier crashes', async () => {
    const sidecars: FakeSidecar[] = [];
    const { supervisor, gaveUp } = supervised(async () => {
      sidecars.push(new FakeSidecar());
      return sidecars.at(-1)!;
    });
    // Read through a function: TypeScript would narrow a getter across awaits.
    const kind = () => supervisor.state.kind;
    await supervisor.start();
    await supervisor.restart();
    assert.equal(sidecars.length, 2);
    assert.ok(sidecars[0].stopped);
    assert.equal(kind(), 'running');

    sidecars[1].die('killed');
    assert.equal(kind(), 'restarting');
    while (kind() !== 'running') {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // One crash so far; a person's restart starts the count again, so the next crash is not the second.
    await supervisor.restart();
    sidecars.at(-1)!.die('killed again');
    assert.equal(kind(), 'restarting');
    assert.deepEqual(gaveUp, []);
    await supervisor.dispose();
    assert.equal(kind(), 'stopped');
    assert.ok(sidecars.every((s) => s.stopped));
  });

  it('sends notifications to the running sidecar only, and says when one is dropped', async () => {
    const sidecars: FakeSidecar[] = [];
    const { supervisor } = supervised(async () => {
      sidecars.push(new FakeSidecar());
      return sidecars.at(-1)!;
    });
    assert.equal(supervisor.notify('hydra/feedback', { outcome: 'empty' }), false, 'nothing runs yet');
    await supervisor.start();
    assert.equal(supervisor.notify('hydra/feedback', { outcome: 'empty' }), true);
    assert.deepEqual(sidecars[0].notified, [{ method: 'hydra/feedback', params: { outcome: 'empty' } }]);
    const restarted = supervisor.restart();
    assert.equal(supervisor.notify('hydra/feedback', { outcome: 'error' }), false, 'a restart is queued');
    await restarted;
    assert.equal(sidecars[0].notified.length, 1);
    assert.equal(sidecars[1].notified.length, 0);
    await supervisor.dispose();
    assert.equal(supervisor.notify('hydra/feedback', { outcome: 'error' }), false, 'stopped');
  });

  it('makes a request sent while the sidecar starts wait for it, then answers it', async () => {
    let ready: (sidecar: SidecarHandle<never>) => void = () => undefined;
    const { supervisor } = supervised(() => new Promise((resolve) => (ready = resolve)));
    const started = supervisor.start();
    assert.ok(supervisor.coming);
    const answer = supervisor.request<string>('hydra/route', {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    ready(new FakeSidecar());
    assert.equal(await answer, 'hydra/route');
    await started;
    await supervisor.dispose();
  });

  it('makes a request sent during a restart wait for the new sidecar', async () => {
    const sidecars: FakeSidecar[] = [];
    const { supervisor } = supervised(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      sidecars.push(new FakeSidecar());
      return sidecars.at(-1)!;
    });
    await supervisor.start();
    const restarted = supervisor.restart();
    // Sent in the same tick as the restart: the old sidecar is stopping, the new one not started.
    const outcome = await supervisor.route({ prompt: 'x' });
    assert.deepEqual(outcome, { kind: 'routed', result: 'hydra/route' });
    assert.equal(sidecars.length, 2);
    assert.ok(sidecars[0].stopped && !sidecars[1].stopped);
    assert.deepEqual(sidecars.map((s) => s.asked), [0, 1], 'the new sidecar answers, not the one being stopped');
    await restarted;
    await supervisor.dispose();
  });

  it('fails a waiting request with the reason when the start fails', async () => {
    const { supervisor } = supervised(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new SetupProblem('no Python 3.10 or newer found');
    });
    void supervisor.start();
    assert.deepEqual(await supervisor.route({ prompt: 'x' }), {
      kind: 'fallback',
      reason: 'the router is not running: no Python 3.10 or newer found',
    });
  });

  it('stops waiting for a start that hangs, and fails at once when nothing is starting', async () => {
    const supervisor = new Supervisor<never>({ spawn: () => new Promise(() => undefined), maxCrashes: () => 2, startWaitMs: 30 });
    assert.deepEqual(await supervisor.route({ prompt: 'x' }), { kind: 'fallback', reason: 'the router is not running: not started yet' });
    void supervisor.start();
    const outcome = await supervisor.route({ prompt: 'x' });
    assert.equal(outcome.kind, 'fallback');
    assert.match(outcome.kind === 'fallback' ? outcome.reason : '', /^the router did not start within 0 s; the router is starting$/);
  });
});
