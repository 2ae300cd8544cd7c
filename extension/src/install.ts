/**
 * First-run install of the sidecar's Python libraries, for a Python version the
 * .vsix carries no libraries for. Runs pip once into the extension's global
 * storage, with a progress notification; later starts reuse that folder.
 */

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PythonProblem, type FoundPython } from './python';

/** pip's args for installing `requirements` into `target`. */
export function pipArgs(requirements: string, target: string): string[] {
  return [
    '-m', 'pip', 'install',
    '--disable-pip-version-check', '--no-input', '--only-binary=:all:',
    '--target', target,
    '-r', requirements,
  ];
}

export async function installLibs(
  python: FoundPython,
  requirements: string,
  target: string,
  log: vscode.LogOutputChannel,
): Promise<void> {
  if (!fs.existsSync(requirements)) {
    throw new PythonProblem(
      `HyDRA: this extension has no libraries for Python ${python.version.join('.')} and no requirements list to install them. ` +
        'Select a Python version it carries (see the HyDRA log) in hydra.server.pythonPath, then run "HyDRA: Restart Router".',
    );
  }
  const partial = `${target}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `HyDRA: installing the router's libraries for Python ${python.version.join('.')} (once)`,
    },
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(python.command, pipArgs(requirements, partial), { stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.on('data', (chunk: Buffer) => log.info(chunk.toString().trimEnd()));
        child.stderr.on('data', (chunk: Buffer) => log.warn(chunk.toString().trimEnd()));
        child.on('error', (error) => reject(error));
        child.on('close', (code) => {
          if (code === 0) {
            resolve();
          } else {
            reject(
              new PythonProblem(
                `HyDRA: pip could not install the router's libraries for Python ${python.version.join('.')} (exit ${code}; see "HyDRA: Show Log"). ` +
                  'Check the network or select another Python in hydra.server.pythonPath, then run "HyDRA: Restart Router".',
              ),
            );
          }
        });
      }),
  );
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(partial, target);
  fs.writeFileSync(path.join(target, '.complete'), new Date().toISOString());
}
