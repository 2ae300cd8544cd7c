/**
 * First-run install of the sidecar's Python libraries, for a Python version the
 * .vsix carries no libraries for: pip installs them once into the extension's
 * global storage, and later starts reuse that folder. No editor API here, so
 * the tests run it with real Pythons; client.ts shows the progress notification.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { PythonProblem, type FoundPython } from './python';
import { runLogged, type ProcessLog } from './process';

/** pip's args for installing `requirements` into `target`. */
export function pipArgs(requirements: string, target: string): string[] {
  return [
    '-m', 'pip', 'install',
    '--disable-pip-version-check', '--no-input', '--only-binary=:all:',
    '--target', target,
    '-r', requirements,
  ];
}

/** The progress notification's title while the libraries install. */
export function installTitle(version: readonly number[]): string {
  return `HyDRA: installing the router's libraries for Python ${version.join('.')} (once)`;
}

/** Whether `target` holds a finished install. */
export function isInstalled(target: string): boolean {
  return fs.existsSync(path.join(target, '.complete'));
}

/**
 * pip-install `requirements` for `python` into `target`: into `target.partial`
 * first, renamed when pip succeeds, so an interrupted install is never used.
 * Rejects with a PythonProblem that says what failed and how to fix it.
 */
export async function installLibs(python: FoundPython, requirements: string, target: string, log: ProcessLog): Promise<void> {
  const version = python.version.join('.');
  if (!fs.existsSync(requirements)) {
    throw new PythonProblem(
      `HyDRA: this extension has no libraries for Python ${version} and no requirements list to install them. ` +
        'Select a Python version it carries (see the HyDRA log) in hydra.server.pythonPath, then run "HyDRA: Restart Router".',
    );
  }
  const partial = `${target}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const failed = (what: string) =>
    new PythonProblem(
      `HyDRA: pip could not install the router's libraries for Python ${version} (${what}; see "HyDRA: Show Log"). ` +
        'Check the network (pip must reach its package index) or select another Python in hydra.server.pythonPath, then run "HyDRA: Restart Router".',
    );
  const { code } = await runLogged(python.command, pipArgs(requirements, partial), { stderrAsWarnings: true }, log).catch(
    (error: Error) => {
      throw failed(error.message);
    },
  );
  if (code !== 0) {
    throw failed(`exit ${code}`);
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(partial, target);
  fs.writeFileSync(path.join(target, '.complete'), new Date().toISOString());
}
