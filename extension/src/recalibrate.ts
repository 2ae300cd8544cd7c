/**
 * "HyDRA: Open Feedback Log" and "HyDRA: Recalibrate from My Feedback": the
 * router's Python refits the live catalog's reliabilities from the feedback
 * log, the user sees the change as a diff and decides whether to keep it.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { calibrateArgs, lastLines, noFeedbackMessage, PROPOSED_FILE, writeQuestion, writeTarget } from './calibration';
import type { Router } from './client';
import type { FeedbackLog } from './feedback';
import { runLogged } from './process';
import type { Settings } from './settings';

export interface RecalibrateContext {
  router: Router;
  feedback: FeedbackLog;
  settings: () => Settings;
  log: vscode.LogOutputChannel;
}

const TURN_ON = 'Turn On Feedback Log';

/** Whether there are feedback lines to read; says how to get some when not. */
async function haveFeedback(ctx: RecalibrateContext): Promise<boolean> {
  await ctx.feedback.flushed();
  const file = ctx.feedback.file;
  if (fs.existsSync(file) && fs.statSync(file).size > 0) {
    return true;
  }
  const logging = ctx.settings().feedbackLog;
  const choice = await vscode.window.showInformationMessage(noFeedbackMessage(logging), ...(logging ? [] : [TURN_ON]));
  if (choice === TURN_ON) {
    await vscode.workspace.getConfiguration('hydra').update('feedback.log', true, vscode.ConfigurationTarget.Global);
  }
  return false;
}

export async function openFeedbackLog(ctx: RecalibrateContext): Promise<void> {
  if (await haveFeedback(ctx)) {
    await vscode.window.showTextDocument(vscode.Uri.file(ctx.feedback.file));
  }
}

/** Run calibrate with the router's Python; rejects with the last lines of its stderr when it fails. */
async function runCalibrate(
  python: { command: string; env: NodeJS.ProcessEnv; cwd: string | undefined },
  args: string[],
  log: vscode.LogOutputChannel,
  token: vscode.CancellationToken,
): Promise<void> {
  const calibrateLog = { info: (line: string) => log.info(`calibrate: ${line}`), warn: (line: string) => log.warn(`calibrate: ${line}`) };
  const { code, signal, stderr } = await runLogged(python.command, args, { env: python.env, cwd: python.cwd, cancel: token }, calibrateLog).catch(
    (error: Error) => {
      throw new Error(`could not run ${python.command}: ${error.message}`);
    },
  );
  if (code === 0) {
    return;
  }
  if (token.isCancellationRequested) {
    throw new vscode.CancellationError();
  }
  throw new Error(`calibrate failed (${signal ?? `exit ${code}`}):\n${lastLines(stderr) || 'no output'}`);
}

export async function recalibrate(ctx: RecalibrateContext): Promise<void> {
  if (!(await haveFeedback(ctx))) {
    return;
  }
  const catalog = ctx.router.catalog ?? (await ctx.router.refreshCatalog());
  const storage = path.dirname(ctx.feedback.file);
  const proposed = path.join(storage, PROPOSED_FILE);
  fs.rmSync(proposed, { force: true });
  const python = await ctx.router.pythonProcess();
  const args = calibrateArgs(catalog.source, ctx.feedback.file, proposed);
  ctx.log.info(`recalibrate: ${python.command} ${args.join(' ')}`);
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'HyDRA: refitting reliabilities from your feedback…', cancellable: true },
      (_progress, token) => runCalibrate(python, args, ctx.log, token),
    );
  } catch (error) {
    if (error instanceof vscode.CancellationError) {
      return;
    }
    const choice = await vscode.window.showErrorMessage(`HyDRA: ${(error as Error).message}`, 'Show Log');
    if (choice) {
      ctx.log.show();
    }
    return;
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const target = writeTarget(catalog, folders);
  await vscode.commands.executeCommand(
    'vscode.diff',
    vscode.Uri.file(catalog.source),
    vscode.Uri.file(proposed),
    `${path.basename(catalog.source)} ↔ reliabilities refitted from your feedback`,
  );
  if (!target) {
    void vscode.window.showInformationMessage(
      `HyDRA: the live catalog is the bundled one; open a folder to keep the refitted catalog as its profiles.yaml (proposed: ${proposed}).`,
    );
    return;
  }
  const question = writeQuestion(target);
  const write = 'Write';
  const choice = await vscode.window.showInformationMessage(question.message, { modal: true, detail: question.detail }, write);
  if (choice !== write) {
    return;
  }
  fs.writeFileSync(target.file, fs.readFileSync(proposed, 'utf8'));
  ctx.log.info(`recalibrate: wrote ${target.file}`);
  if (target.replacesBundled) {
    // The router was started with the bundled catalog; restarted, it finds the workspace's.
    await ctx.router.restart(`catalog is now ${target.file}`);
  }
  void vscode.window.showInformationMessage(`HyDRA: wrote the refitted reliabilities to ${target.file}.`);
}
