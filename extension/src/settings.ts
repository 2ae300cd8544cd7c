/**
 * The extension's settings, parsed into one typed object.
 *
 * Parsing is a pure function over a getter so unit tests need no editor;
 * `readSettings` in extension.ts passes `workspace.getConfiguration('hydra').get`.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { REGIMES, type Regime } from './protocol';

export type Trace = 'off' | 'messages' | 'verbose';

export interface Settings {
  regime: Regime;
  profilesPath: string;
  pinnedModel: string;
  fallbackModel: string;
  logPrompts: boolean;
  /** Append each answered decision (and later thumbs up/down) to feedback.jsonl in global storage. */
  feedbackLog: boolean;
  pythonPath: string;
  maxCrashes: number;
  trace: Trace;
}

export const DEFAULT_SETTINGS: Settings = {
  regime: 'iso',
  profilesPath: '',
  pinnedModel: '',
  fallbackModel: '',
  logPrompts: false,
  feedbackLog: false,
  pythonPath: '',
  maxCrashes: 5,
  trace: 'off',
};

const TRACES: readonly Trace[] = ['off', 'messages', 'verbose'];

/** Settings whose change needs a restart of the sidecar (they go into `initialize`). */
export const RESTART_KEYS = ['hydra.profilesPath', 'hydra.logPrompts', 'hydra.server.pythonPath', 'hydra.trace.server'];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Parse raw setting values; anything of the wrong type or outside its union
 * falls back to the default, so a hand-edited settings.json cannot break routing.
 */
export function parseSettings(get: (key: string) => unknown): Settings {
  const maxCrashes = get('server.maxCrashes');
  return {
    regime: oneOf(get('regime'), REGIMES, DEFAULT_SETTINGS.regime),
    profilesPath: text(get('profilesPath')),
    pinnedModel: text(get('pinnedModel')),
    fallbackModel: text(get('fallbackModel')),
    logPrompts: get('logPrompts') === true,
    feedbackLog: get('feedback.log') === true,
    pythonPath: text(get('server.pythonPath')),
    maxCrashes:
      typeof maxCrashes === 'number' && Number.isInteger(maxCrashes) && maxCrashes >= 1
        ? maxCrashes
        : DEFAULT_SETTINGS.maxCrashes,
    trace: oneOf(get('trace.server'), TRACES, DEFAULT_SETTINGS.trace),
  };
}

/** Split a `vendor/family` setting; undefined when it is not of that form. */
export function parseModelRef(value: string): { vendor: string; family: string } | undefined {
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) {
    return undefined;
  }
  return { vendor: value.slice(0, slash).trim(), family: value.slice(slash + 1).trim() };
}

/**
 * The catalog file to hand the sidecar: the setting (relative to the first
 * workspace folder), else the workspace's own profiles.yaml, else none (the
 * sidecar then uses its bundled default).
 */
export function resolveProfilesPath(
  setting: string,
  folders: readonly string[],
  exists: (file: string) => boolean = fs.existsSync,
): string | undefined {
  if (setting) {
    return path.isAbsolute(setting) || folders.length === 0 ? setting : path.join(folders[0], setting);
  }
  for (const folder of folders) {
    const candidate = path.join(folder, 'profiles.yaml');
    if (exists(candidate)) {
      return candidate;
    }
  }
  return undefined;
}
