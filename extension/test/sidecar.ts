/**
 * Finding and driving the real sidecar from the tests: the repo's Python
 * (HYDRA_PYTHON, else the repo's .venv, else python3) and a JSON-RPC
 * connection over the child's stdio, as the extension's language client has.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { InitializationOptions } from '../src/protocol';

/** The repository root: the nearest folder above this file with a pyproject.toml. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'pyproject.toml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error('no pyproject.toml above the tests: run them inside the hydra-router repository');
    }
    dir = parent;
  }
  return dir;
}

export function python(): string {
  if (process.env.HYDRA_PYTHON) {
    return process.env.HYDRA_PYTHON;
  }
  const venv = path.join(repoRoot(), '.venv', 'bin', 'python');
  return fs.existsSync(venv) ? venv : 'python3';
}

/** Environment in which `python -m hydra_router` imports the repo's sidecar. */
export function sidecarEnv(): NodeJS.ProcessEnv {
  const sidecar = path.join(repoRoot(), 'sidecar');
  const inherited = process.env.PYTHONPATH;
  return { ...process.env, PYTHONPATH: inherited ? `${sidecar}${path.delimiter}${inherited}` : sidecar, PYTHONUNBUFFERED: '1' };
}

/** Run `python -m hydra_router ARGS` and return its stdout. */
export function hydraRouter(args: string[]): string {
  return execFileSync(python(), ['-m', 'hydra_router', ...args], { env: sidecarEnv(), encoding: 'utf8', cwd: repoRoot() });
}

/** Build the tiny test predictor (tests/fixtures/tiny_model.py) into `dir`. */
export function buildTinyModel(dir: string): void {
  const code = 'import sys; from pathlib import Path; from tests.fixtures.tiny_model import build_tiny_model; build_tiny_model(Path(sys.argv[1]))';
  execFileSync(python(), ['-c', code, dir], { env: sidecarEnv(), cwd: repoRoot(), stdio: ['ignore', 'ignore', 'inherit'] });
}

export interface Sidecar {
  connection: MessageConnection;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

/**
 * Spawn `python -m hydra_router serve ARGS` and connect to it over stdio; by
 * default the repo's Python and sidecar, else the given interpreter and environment.
 */
export function startSidecar(args: string[], runWith: { python: string; env: NodeJS.ProcessEnv } = { python: python(), env: sidecarEnv() }): Sidecar {
  const child = spawn(runWith.python, ['-m', 'hydra_router', 'serve', ...args], {
    env: runWith.env,
    cwd: repoRoot(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errText = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errText += chunk.toString();
  });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  return {
    connection,
    child,
    stderr: () => errText,
    async stop() {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
        } else {
          child.once('exit', () => resolve());
        }
      });
      try {
        await withTimeout(connection.sendRequest('shutdown'), 5000, 'shutdown');
        await connection.sendNotification('exit');
      } catch {
        child.kill();
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
  };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The language client's handshake: `initialize` with `workspace` as the only
 * folder and `profilesFile` in initializationOptions, then `initialized`.
 * A failure carries the sidecar's stderr.
 */
export async function initializeSidecar(sidecar: Sidecar, workspace: string, profilesFile: string): Promise<void> {
  const initializationOptions: InitializationOptions = { profilesPath: profilesFile, regime: 'iso', logPrompts: false };
  try {
    await withTimeout(
      sidecar.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(workspace).href,
        workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
        capabilities: {},
        initializationOptions,
      }),
      60_000,
      'initialize',
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nSidecar stderr:\n${sidecar.stderr()}`);
  }
  await sidecar.connection.sendNotification('initialized', {});
}
