/**
 * Finding a Python that can run the sidecar, and the environment to run it in.
 *
 * Order: the `hydra.server.pythonPath` setting, else the interpreter selected in
 * the Python extension, else `python3` on PATH. Problems come back as one
 * message that says what to do.
 */

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MIN_VERSION: readonly [number, number] = [3, 10];

export interface PythonCandidate {
  command: string;
  source: string;
}

export interface FoundPython extends PythonCandidate {
  version: [number, number];
}

/** A problem the user has to fix, with the fix in the message. */
export class PythonProblem extends Error {}

/** The candidates to try, in order; empty entries are skipped. */
export function pythonCandidates(setting: string, fromExtension: string | undefined): PythonCandidate[] {
  if (setting) {
    // An explicit setting is the user's decision: do not silently try others.
    return [{ command: setting, source: 'the hydra.server.pythonPath setting' }];
  }
  const list: PythonCandidate[] = [];
  if (fromExtension) {
    list.push({ command: fromExtension, source: "the Python extension's selected interpreter" });
  }
  list.push({ command: process.platform === 'win32' ? 'python' : 'python3', source: 'PATH' });
  return list;
}

/** Parse `3.11` into [3, 11]; undefined for anything else. */
export function parseVersion(text: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)\s*$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export function isRecentEnough(version: readonly [number, number]): boolean {
  return version[0] > MIN_VERSION[0] || (version[0] === MIN_VERSION[0] && version[1] >= MIN_VERSION[1]);
}

const FIX =
  'Install Python 3.10 or newer (https://www.python.org/downloads/) and select it with ' +
  '"Python: Select Interpreter" or the hydra.server.pythonPath setting, then run "HyDRA: Restart Router".';

/** Run `python -c` to read its version; rejects with the reason it could not run. */
export function probeVersion(command: string, timeoutMs = 15_000): Promise<[number, number]> {
  const code = "import sys; print('%d.%d' % sys.version_info[:2])";
  return new Promise((resolve, reject) => {
    execFile(command, ['-c', code], { timeout: timeoutMs }, (error, stdout) => {
      if (error) {
        reject(new Error(error.message.split('\n')[0]));
        return;
      }
      const version = parseVersion(stdout);
      if (version) {
        resolve(version);
      } else {
        reject(new Error(`printed ${JSON.stringify(stdout.trim())} instead of a version`));
      }
    });
  });
}

/**
 * The first candidate that runs and is recent enough. Throws PythonProblem
 * naming every candidate tried and why it was not used.
 */
export async function findPython(
  candidates: readonly PythonCandidate[],
  probe: (command: string) => Promise<[number, number]> = probeVersion,
): Promise<FoundPython> {
  const tried: string[] = [];
  for (const candidate of candidates) {
    try {
      const version = await probe(candidate.command);
      if (isRecentEnough(version)) {
        return { ...candidate, version };
      }
      tried.push(`${candidate.command} (from ${candidate.source}) is Python ${version.join('.')}, too old`);
    } catch (error) {
      tried.push(`${candidate.command} (from ${candidate.source}) did not run: ${(error as Error).message}`);
    }
  }
  throw new PythonProblem(`HyDRA needs Python ${MIN_VERSION.join('.')}+ to run its router. ${tried.join('; ')}. ${FIX}`);
}

/** Folder name of the libraries built for one Python version, e.g. `cp311`. */
export function libsTag(version: readonly [number, number]): string {
  return `cp${version[0]}${version[1]}`;
}

/** The Python versions the .vsix carries libraries for (folders under bundled/libs). */
export function bundledTags(bundledDir: string): string[] {
  try {
    return fs
      .readdirSync(path.join(bundledDir, 'libs'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^cp\d+$/.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/**
 * PYTHONPATH for the sidecar: the libraries for this Python (bundled, or
 * installed on first run into `installedLibs`) and the bundled sidecar code.
 * Undefined entries are left out; the result keeps any PYTHONPATH the user set.
 */
export function sidecarPythonPath(libs: string | undefined, sidecarDir: string | undefined, inherited?: string): string {
  return [libs, sidecarDir, inherited].filter((p): p is string => !!p).join(path.delimiter);
}
