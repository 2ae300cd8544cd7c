import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CRASH_WINDOW_MS, planRestart } from '../../src/backoff';

describe('planRestart', () => {
  it('backs off exponentially', () => {
    const now = 1_000_000;
    assert.deepEqual(planRestart([], now, 5), { action: 'restart', delayMs: 500 });
    assert.deepEqual(planRestart([now - 10], now, 5), { action: 'restart', delayMs: 1000 });
    assert.deepEqual(planRestart([now - 20, now - 10], now, 5), { action: 'restart', delayMs: 2000 });
  });

  it('caps the delay', () => {
    const now = 1_000_000;
    const crashes = Array.from({ length: 20 }, (_, i) => now - i);
    assert.deepEqual(planRestart(crashes, now, 100), { action: 'restart', delayMs: 30_000 });
  });

  it('gives up after maxCrashes within the window', () => {
    const now = 1_000_000;
    assert.deepEqual(planRestart([now - 3, now - 2, now - 1], now, 4), { action: 'giveUp', crashes: 4 });
  });

  it('forgets crashes older than the window', () => {
    const now = 10 * CRASH_WINDOW_MS;
    const old = [now - CRASH_WINDOW_MS - 1, now - CRASH_WINDOW_MS - 2, now - CRASH_WINDOW_MS - 3];
    assert.deepEqual(planRestart(old, now, 3), { action: 'restart', delayMs: 500 });
  });
});
