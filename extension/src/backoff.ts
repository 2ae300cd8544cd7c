/**
 * When to restart a crashed sidecar, and when to stop trying. Pure.
 */

/** Crashes older than this no longer count against the sidecar. */
export const CRASH_WINDOW_MS = 3 * 60_000;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

export type RestartPlan = { action: 'restart'; delayMs: number } | { action: 'giveUp'; crashes: number };

/**
 * Plan after a crash at `now`, given earlier crash times: exponential backoff
 * (0.5 s, 1 s, 2 s, … capped at 30 s), and give up once `maxCrashes` crashes
 * fall within the window, since a sidecar that keeps dying will not heal itself.
 */
export function planRestart(crashTimes: readonly number[], now: number, maxCrashes: number): RestartPlan {
  const recent = crashTimes.filter((t) => now - t < CRASH_WINDOW_MS && t <= now).length + 1;
  if (recent >= maxCrashes) {
    return { action: 'giveUp', crashes: recent };
  }
  return { action: 'restart', delayMs: Math.min(FIRST_DELAY_MS * 2 ** (recent - 1), MAX_DELAY_MS) };
}
