/**
 * The pieces of "HyDRA: Recalibrate from My Feedback" that need no editor:
 * the router command line that refits the catalog, which file the result may
 * be written to, and what to tell the user. recalibrate.ts runs them.
 */

import * as path from 'node:path';
import type { CatalogResult } from './protocol';

export const PROPOSED_FILE = 'profiles.proposed.yaml';

/** `python ARGS`: refit the reliabilities of `catalog` from the feedback log `data` into `out`. */
export function calibrateArgs(catalog: string, data: string, out: string): string[] {
  return ['-m', 'hydra_router', 'calibrate', '--catalog', catalog, '--data', data, '--out', out];
}

/**
 * Where accepted reliabilities go: the live catalog file itself when it is the
 * user's (the router reloads it on save), or — for the bundled catalog, which
 * is part of the extension — a new `profiles.yaml` in the first workspace
 * folder. Undefined when there is neither.
 */
export function writeTarget(catalog: CatalogResult, folders: readonly string[]): { file: string; replacesBundled: boolean } | undefined {
  if (catalog.origin !== 'bundled') {
    return { file: catalog.source, replacesBundled: false };
  }
  return folders.length > 0 ? { file: path.join(folders[0], 'profiles.yaml'), replacesBundled: true } : undefined;
}

/** The modal question before writing, and its detail line. */
export function writeQuestion(target: { file: string; replacesBundled: boolean }): { message: string; detail: string } {
  return {
    message: 'Write these reliabilities to profiles.yaml?',
    detail: target.replacesBundled
      ? `The live catalog is the bundled one, which is part of the extension: the refitted catalog will be written to ${target.file} in this workspace, and the router restarted to use it.`
      : `${target.file} will be overwritten with the refitted catalog; the router reloads it at once.`,
  };
}

/** The last `count` non-empty lines of a process's stderr, for an error message. */
export function lastLines(text: string, count = 6): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter(Boolean)
    .slice(-count)
    .join('\n');
}

/** What to say when there is no feedback to recalibrate from. */
export function noFeedbackMessage(logging: boolean): string {
  return logging
    ? 'HyDRA: no feedback logged yet. Chat with Auto (HyDRA) or @hydra (thumbs up/down on @hydra answers count too), then recalibrate.'
    : 'HyDRA: the feedback log is off. Turn on the setting hydra.feedback.log ("HyDRA Router: Feedback Log"), chat for a while, then recalibrate.';
}
