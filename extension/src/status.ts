/**
 * The status bar item: the model in use and the regime, a tooltip with the
 * whole decision, a click that opens the HyDRA menu. Also keeps the last
 * decision (for @hydra /why) and the running savings estimate.
 */

import * as vscode from 'vscode';
import type { SidecarState } from './client';
import {
  addToSavings,
  downText,
  NO_SAVINGS,
  savingsLine,
  statusText,
  tooltipMarkdown,
  type Decision,
  type SavingsTotals,
} from './decision';
import type { CatalogModel, CatalogResult, Regime } from './protocol';
import { regimeLabel } from './regimes';

const SAVINGS_KEY = 'hydra.savings';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private decision: Decision | undefined;
  private models: readonly CatalogModel[] = [];
  private catalog: CatalogResult | undefined;
  private catalogErrors = 0;
  private state: SidecarState = { kind: 'starting' };
  private savings: SavingsTotals;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly regime: () => Regime,
  ) {
    this.item = vscode.window.createStatusBarItem('hydra.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'HyDRA Router';
    this.item.command = 'hydra.showMenu';
    this.savings = memento.get<SavingsTotals>(SAVINGS_KEY, NO_SAVINGS);
    this.render();
    this.item.show();
  }

  /** The decision shown now, for @hydra /why. */
  get lastDecision(): Decision | undefined {
    return this.decision;
  }

  get catalogModels(): readonly CatalogModel[] {
    return this.models;
  }

  showDecision(decision: Decision): void {
    this.decision = decision;
    this.render();
  }

  /** Count an answered request into the savings estimate. */
  recordAnswer(decision: Decision, inputTokens: number, outputTokens: number): void {
    this.savings = addToSavings(this.savings, decision, inputTokens, outputTokens);
    void this.memento.update(SAVINGS_KEY, this.savings);
    this.render();
  }

  setState(state: SidecarState): void {
    this.state = state;
    this.render();
  }

  setCatalog(catalog: CatalogResult): void {
    this.catalog = catalog;
    this.models = catalog.models;
    this.catalogErrors = catalog.errors.length;
    this.render();
  }

  /** Re-render, e.g. after the regime setting changed. */
  refresh(): void {
    this.render();
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const down = this.state.kind === 'failed' || this.state.kind === 'restarting' || this.state.kind === 'stopped';
    if (down && 'reason' in this.state) {
      this.item.text = downText(this.state.kind === 'restarting' ? 'restarting' : 'stopped');
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      this.item.text = this.state.kind === 'starting' && !this.decision
        ? '$(loading~spin) HyDRA'
        : statusText(this.decision, this.models, this.regime());
      this.item.backgroundColor = this.catalogErrors > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.supportThemeIcons = true;
    if (down && 'reason' in this.state) {
      tooltip.appendMarkdown(`**HyDRA router is down**: ${this.state.reason}. Chat uses the fallback model.\n\n`);
    }
    if (this.catalogErrors > 0) {
      tooltip.appendMarkdown(`$(warning) profiles.yaml has ${this.catalogErrors} error(s); the last good catalog is in use.\n\n`);
    }
    const regime = this.regime();
    const label = regimeLabel(regime, this.catalog);
    if (this.decision) {
      if (label !== regime) {
        // The decision shows the regime it was routed with; say why that is not the setting.
        tooltip.appendMarkdown(`$(warning) Regime ${label}\n\n`);
      }
      tooltip.appendMarkdown(tooltipMarkdown(this.decision, this.models, this.savings));
    } else {
      tooltip.appendMarkdown(`**HyDRA** · regime ${label === regime ? `\`${regime}\`` : label} · no request routed yet\n\n${savingsLine(this.savings, this.models)}`);
    }
    tooltip.appendMarkdown('\n\n---\nClick for regime, pinning, profiles and the log.');
    this.item.tooltip = tooltip;
  }
}
