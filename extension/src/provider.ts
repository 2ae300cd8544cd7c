/**
 * "Auto (HyDRA)": a chat model that answers each request through the model
 * the router picks. Messages and options are forwarded as they are and the
 * answer streams back part by part, tool calls included.
 */

import * as vscode from 'vscode';
import type { Router } from './client';
import type { Decision } from './decision';
import type { AvailableModel } from './fallback';
import { contextTokens, ConversationIds, estimateTokens, routeParams, type MessageLike } from './messages';
import { selectChat, type SelectionDeps, type Selection } from './selection';
import type { Settings } from './settings';
import type { StatusBar } from './status';

export const AUTO_MODEL_ID = 'auto';

/** What routing a chat request needs, shared by the provider and @hydra. */
export interface Routing {
  router: Router;
  /**
   * Catalog ids whose chat model failed here as missing or blocked: sent as
   * `exclude` with every request until the editor's models change. The router
   * keeps no copy, so a router restart loses nothing.
   */
  failed: Set<string>;
  conversations: ConversationIds;
}

/** How the router and the editor's chat models are reached, for selectChat. */
export function editorDeps(
  router: Router,
  settings: Settings,
  token?: vscode.CancellationToken,
): SelectionDeps<vscode.LanguageModelChat> {
  return {
    route: (params) => router.route(params, token),
    catalog: () => router.catalog,
    refreshCatalog: () => router.refreshCatalog(),
    allChats: async () =>
      (await vscode.lm.selectChatModels()).map((chat) => ({
        chat,
        model: { vendor: chat.vendor, family: chat.family, id: chat.id, name: chat.name } satisfies AvailableModel,
      })),
    fallbackSetting: settings.fallbackModel,
  };
}

/** Route `messages` as the settings say, and pick the chat model to answer with. */
export async function pickChat(
  routing: Routing,
  settings: Settings,
  messages: readonly MessageLike[],
  toolCount: number,
  token?: vscode.CancellationToken,
): Promise<Selection<vscode.LanguageModelChat>> {
  const exclude = [...routing.failed];
  const params = routeParams({
    messages,
    toolCount,
    exclude,
    conversationId: routing.conversations.idFor(messages),
    regime: settings.regime,
    pin: settings.pinnedModel || undefined,
  }) ?? { prompt: '(empty request)', regime: settings.regime, exclude: [...exclude] };
  return selectChat(params, editorDeps(routing.router, settings, token));
}

/** Whether a model's failure means "not usable now" (gone, or blocked by quota) rather than a bad request. */
function isUnavailable(error: unknown): boolean {
  return (
    error instanceof vscode.LanguageModelError &&
    (error.code === vscode.LanguageModelError.NotFound().code || error.code === vscode.LanguageModelError.Blocked().code)
  );
}

/** The request's messages in the form `LanguageModelChat.sendRequest` takes; parts pass through unchanged. */
function forwardable(messages: readonly vscode.LanguageModelChatRequestMessage[]): vscode.LanguageModelChatMessage[] {
  return messages.map(
    (m) =>
      new vscode.LanguageModelChatMessage(
        m.role,
        m.content as (vscode.LanguageModelTextPart | vscode.LanguageModelToolResultPart | vscode.LanguageModelToolCallPart)[],
        m.name,
      ),
  );
}

export class AutoModelProvider implements vscode.LanguageModelChatProvider {
  readonly routing: Routing;

  constructor(
    router: Router,
    private readonly settings: () => Settings,
    private readonly status: StatusBar,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.routing = { router, failed: new Set(), conversations: new ConversationIds() };
  }

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    return [
      {
        id: AUTO_MODEL_ID,
        name: 'Auto (HyDRA)',
        family: 'hydra-auto',
        version: '1',
        tooltip: 'Routes each request to the cheapest model that can do it',
        detail: 'routed',
        maxInputTokens: 128_000,
        maxOutputTokens: 16_000,
        capabilities: { toolCalling: true, imageInput: true },
      },
    ];
  }

  async provideLanguageModelChatResponse(
    _model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const settings = this.settings();
    const failed: string[] = [];
    for (;;) {
      const selection = await pickChat(this.routing, settings, messages, options.tools?.length ?? 0, token);
      if ('error' in selection) {
        throw new Error(selection.error);
      }
      const { chat, decision } = selection;
      if (failed.length > 0) {
        decision.note = [decision.note, `failed here: ${failed.join(', ')}`].filter(Boolean).join('; ');
      }
      this.status.showDecision(decision);
      this.logDecision(decision);
      let response: vscode.LanguageModelChatResponse;
      try {
        response = await chat.sendRequest(
          forwardable(messages),
          { tools: options.tools ? [...options.tools] : undefined, toolMode: options.toolMode, modelOptions: options.modelOptions },
          token,
        );
      } catch (error) {
        // A routed model that turns out missing or blocked is excluded and the
        // request routed again; other errors (and fallbacks) go to the user.
        const retry = isUnavailable(error) && decision.result && !failed.includes(decision.used) && !token.isCancellationRequested;
        if (!retry) {
          throw error;
        }
        const reason = `${decision.usedName}: ${(error as Error).message}`;
        this.log.warn(`model failed, routing again without it: ${reason}`);
        this.routing.failed.add(decision.used);
        failed.push(decision.used);
        continue;
      }
      let outputChars = 0;
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) {
          outputChars += part.value.length;
          progress.report(part);
        } else if (part instanceof vscode.LanguageModelToolCallPart) {
          progress.report(part);
        }
      }
      this.status.recordAnswer(decision, contextTokens(messages), Math.ceil(outputChars / 4));
      return;
    }
  }

  async provideTokenCount(
    _model: vscode.LanguageModelChatInformation,
    text: string | vscode.LanguageModelChatRequestMessage,
  ): Promise<number> {
    return typeof text === 'string' ? estimateTokens(text) : contextTokens([text]);
  }

  /** The editor's chat models changed: a model that failed here may work again. */
  forgetFailures(): void {
    this.routing.failed.clear();
  }

  /** Log a decision (the prompt itself is never logged here). */
  logDecision(decision: Decision): void {
    const r = decision.result;
    this.log.info(
      r
        ? `routed to ${r.model} (${r.method}, shortfall ${r.shortfall.toFixed(3)} vs τ ${r.tau}, ${r.latencyMs.toFixed(1)} ms); answering with ${decision.used}${decision.note ? `: ${decision.note}` : ''}`
        : `router not asked; answering with ${decision.used}: ${decision.note ?? ''}`,
    );
  }
}
