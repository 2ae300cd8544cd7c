/**
 * The HyDRA commands. Each one catches its own errors and reports them as a
 * notification: a command that throws opens a modal dialog in the editor.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Router } from './client';
import { explain } from './decision';
import type { FeedbackLog } from './feedback';
import { openFeedbackLog, recalibrate } from './recalibrate';
import { effectiveRegime, regimeItems, regimeLabel } from './regimes';
import { resolveProfilesPath, type Settings } from './settings';
import type { StatusBar } from './status';

export interface CommandContext {
  router: Router;
  status: StatusBar;
  settings: () => Settings;
  log: vscode.LogOutputChannel;
  extensionPath: string;
  feedback: FeedbackLog;
}

function configTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

async function routeSelection(ctx: CommandContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('HyDRA: open a file and select the text to route.');
    return;
  }
  const text = editor.document.getText(editor.selection.isEmpty ? undefined : editor.selection).trim();
  if (!text) {
    void vscode.window.showWarningMessage('HyDRA: the selection is empty; select the text to route.');
    return;
  }
  const settings = ctx.settings();
  const { regime, note } = effectiveRegime(settings.regime, ctx.router.catalog);
  const result = await ctx.router.route({ prompt: text, regime, pin: settings.pinnedModel || undefined });
  const name = result.name;
  const decision = { result, used: result.model, usedName: name, note };
  ctx.status.showDecision(decision);
  const choice = await vscode.window.showInformationMessage(
    `HyDRA: ${name} (${result.method}, shortfall ${result.shortfall.toFixed(3)} vs τ ${result.tau.toFixed(3)})`,
    'Explain',
  );
  if (choice === 'Explain') {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: explain(decision, ctx.status.catalogModels) });
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}

async function setRegime(ctx: CommandContext): Promise<void> {
  const picked = await vscode.window.showQuickPick(regimeItems(ctx.settings().regime, ctx.router.catalog), {
    title: 'HyDRA: routing regime',
  });
  if (!picked) {
    return;
  }
  if (!picked.selectable) {
    // The guarantee item of a catalog without one explains how to get one and switches nothing.
    void vscode.window.showInformationMessage(`HyDRA: ${picked.description}. ${picked.detail ?? ''}`);
    return;
  }
  await vscode.workspace.getConfiguration('hydra').update('regime', picked.label, configTarget());
}

async function pinModel(ctx: CommandContext): Promise<void> {
  if (!ctx.router.catalog) {
    // A router that is starting brings the catalog; wait for it.
    await ctx.router.ready();
    await ctx.router.refreshCatalog().catch(() => undefined);
  }
  const models = ctx.router.catalog?.models ?? [];
  if (models.length === 0) {
    void vscode.window.showWarningMessage('HyDRA: no catalog is loaded yet; start the router first (HyDRA: Restart Router).');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    models.map((m) => ({
      label: m.name,
      description: `${m.vendor}/${m.family} · $${m.price.input} / $${m.price.output} per 1M`,
      detail: m.enabled && m.healthy ? undefined : 'unavailable',
      id: m.id,
    })),
    { title: 'HyDRA: pin a model for every request' },
  );
  if (picked) {
    await vscode.workspace.getConfiguration('hydra').update('pinnedModel', picked.id, configTarget());
  }
}

async function unpinModel(): Promise<void> {
  await vscode.workspace.getConfiguration('hydra').update('pinnedModel', undefined, configTarget());
}

/** The bundled catalog to copy when the workspace has none. */
function templateProfiles(ctx: CommandContext): string | undefined {
  const catalog = ctx.router.catalog;
  if (catalog?.origin === 'bundled' && fs.existsSync(catalog.source)) {
    return catalog.source;
  }
  const dir = path.join(ctx.extensionPath, 'bundled', 'profiles');
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort() : [];
  const preferred = names.find((n) => n === 'profiles.yaml' || n === 'default.yaml') ?? names[0];
  return preferred ? path.join(dir, preferred) : undefined;
}

async function openProfiles(ctx: CommandContext): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const configured = resolveProfilesPath(ctx.settings().profilesPath, folders);
  const target = configured ?? (folders[0] ? path.join(folders[0], 'profiles.yaml') : undefined);
  if (!target) {
    const template = templateProfiles(ctx);
    if (!template) {
      void vscode.window.showWarningMessage('HyDRA: open a folder first; profiles.yaml lives in the workspace.');
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(template));
    void vscode.window.showInformationMessage('HyDRA: this is the bundled catalog (read only). Open a folder to get an editable profiles.yaml.');
    return;
  }
  let created = false;
  if (!fs.existsSync(target)) {
    const template = templateProfiles(ctx);
    if (!template) {
      throw new Error('this extension has no bundled profiles to start from; reinstall it');
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(template, target);
    created = true;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(target));
  const live = ctx.router.catalog?.source;
  if (created || (live && path.resolve(live) !== path.resolve(target))) {
    // The router reads the catalog it was started with; point it at this one.
    await ctx.router.restart(`catalog is now ${target}`);
  }
}

async function showMenu(ctx: CommandContext): Promise<void> {
  const settings = ctx.settings();
  const items: (vscode.QuickPickItem & { command: string })[] = [
    { label: '$(settings) Set Regime', description: `now ${regimeLabel(settings.regime, ctx.router.catalog)}`, command: 'hydra.setRegime' },
    { label: '$(pin) Pin Model', description: settings.pinnedModel ? `pinned: ${settings.pinnedModel}` : 'routing automatically', command: 'hydra.pinModel' },
  ];
  if (settings.pinnedModel) {
    items.push({ label: '$(pinned) Unpin Model', command: 'hydra.unpinModel' });
  }
  items.push(
    { label: '$(file) Open Profiles', description: ctx.router.catalog?.source, command: 'hydra.openProfiles' },
    { label: '$(selection) Route Selection', command: 'hydra.routeSelection' },
    { label: '$(debug-restart) Restart Router', description: ctx.router.state.kind, command: 'hydra.restart' },
    { label: '$(output) Show Log', command: 'hydra.showLog' },
    { label: '$(feedback) Open Feedback Log', description: settings.feedbackLog ? undefined : 'off', command: 'hydra.openFeedbackLog' },
    { label: '$(beaker) Recalibrate from My Feedback', command: 'hydra.recalibrate' },
  );
  const picked = await vscode.window.showQuickPick(items, { title: 'HyDRA Router' });
  if (picked) {
    await vscode.commands.executeCommand(picked.command);
  }
}

/** Register every command, each wrapped so that errors become notifications. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const table: Record<string, () => Promise<void> | void> = {
    'hydra.routeSelection': () => routeSelection(ctx),
    'hydra.setRegime': () => setRegime(ctx),
    'hydra.pinModel': () => pinModel(ctx),
    'hydra.unpinModel': () => unpinModel(),
    'hydra.openProfiles': () => openProfiles(ctx),
    'hydra.restart': () => ctx.router.restart('asked by the user'),
    'hydra.showLog': () => ctx.log.show(),
    'hydra.openFeedbackLog': () => openFeedbackLog(ctx),
    'hydra.recalibrate': () => recalibrate(ctx),
    'hydra.showMenu': () => showMenu(ctx),
  };
  return Object.entries(table).map(([id, run]) =>
    vscode.commands.registerCommand(id, async () => {
      try {
        await run();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        ctx.log.error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(`HyDRA: ${message}`, 'Show Log').then((choice) => {
          if (choice) {
            ctx.log.show();
          }
        });
      }
    }),
  );
}
