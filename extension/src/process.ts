/**
 * Running a command of the router's Python (pip, `hydra_router calibrate`) with
 * its output line by line in the HyDRA log.
 */

import { spawn } from 'node:child_process';

export interface ProcessLog {
  info(message: string): void;
  warn(message: string): void;
}

/** How a process ended, with everything it wrote to stderr. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Log stderr lines as warnings (pip's warnings) rather than as information. */
  stderrAsWarnings?: boolean;
  /** Kill the process when this fires (a cancellation token). */
  cancel?: { onCancellationRequested(listener: () => void): { dispose(): void } };
}

/** The non-blank lines of a chunk of output (pip redraws its progress bars with blank lines). */
export function outputLines(chunk: string): string[] {
  return chunk
    .split(/\r?\n|\r/)
    .map((line) => line.trimEnd())
    .filter(Boolean);
}

/** Run `command args`, logging its output; resolves when it exits, rejects when it cannot start. */
export function runLogged(command: string, args: string[], options: RunOptions, log: ProcessLog): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => outputLines(chunk.toString()).forEach((line) => log.info(line)));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr += text;
      outputLines(text).forEach((line) => (options.stderrAsWarnings ? log.warn(line) : log.info(line)));
    });
    const cancelled = options.cancel?.onCancellationRequested(() => child.kill());
    child.on('error', (error) => {
      cancelled?.dispose();
      reject(error);
    });
    child.on('close', (code, signal) => {
      cancelled?.dispose();
      resolve({ code, signal, stderr });
    });
  });
}
