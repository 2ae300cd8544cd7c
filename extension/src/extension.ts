/**
 * Entry point: wires the router (sidecar), the "Auto (HyDRA)" chat model, the
 * @hydra participant, the status bar and the commands together.
 */

import * as path from 'node:path';
import * as vscode from 'vscode';
import { Router } from './client';
import { registerCommands } from './commands';
import { FEEDBACK_FILE, FeedbackLog } from './feedback';
import { registerParticipant } from './participant';
import { AutoModelProvider } from './provider';
import { parseSettings, RESTART_KEYS, type Settings } from './settings';
import { StatusBar } from './status';

/** The `hydra.*` settings as they are now. */
function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('hydra');
  return parseSettings((key) => config.get(key));
}

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('HyDRA', { log: true });
  const status = new StatusBar(context.globalState, () => readSettings().regime);
  const router = new Router(context, log, readSettings);
  const feedback = new FeedbackLog({
    file: path.join(context.globalStorageUri.fsPath, FEEDBACK_FILE),
    enabled: () => readSettings().feedbackLog,
    logPrompts: () => readSettings().logPrompts,
    log,
  });
  const provider = new AutoModelProvider(router, readSettings, status, log, feedback);

  context.subscriptions.push(
    log,
    status,
    router,
    router.onDidChangeState((state) => status.setState(state)),
    router.onDidChangeCatalog((catalog) => status.setCatalog(catalog)),
    vscode.lm.registerLanguageModelChatProvider('hydra', provider),
    registerParticipant(provider, readSettings, status, log),
    ...registerCommands({ router, status, settings: readSettings, log, extensionPath: context.extensionPath, feedback }),
    vscode.lm.onDidChangeChatModels(() => provider.forgetFailures()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_KEYS.some((key) => event.affectsConfiguration(key))) {
        void router.restart('settings changed');
      } else if (event.affectsConfiguration('hydra')) {
        status.refresh();
      }
    }),
  );

  void router.start();
  // Asking every provider for its models once makes "Auto (HyDRA)" appear in
  // the chat model picker of a fresh profile.
  vscode.lm.selectChatModels().then(
    (models) => log.info(`chat models in this editor: ${models.map((m) => `${m.vendor}/${m.family}`).join(', ') || 'none'}`),
    (e: unknown) => log.warn(`listing chat models: ${String(e)}`),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
