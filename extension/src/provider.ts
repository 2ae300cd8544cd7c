/**
 * "Auto (HyDRA)": a chat model that answers each request through the model
 * the router picks. Messages and options are forwarded as they are and the
 * answer streams back part by part, tool calls included; an answer that fails
 * is answered again by the next model up (answer.ts).
 */

import * as vscode from 'vscode';
import { answer, type AnswerContext, type Routing } from './answer';
import type { Router } from './client';
import type { FeedbackLog } from './feedback';
import { contextTokens, ConversationIds, estimateTokens } from './messages';
import type { Settings } from './settings';
import type { StatusBar } from './status';

export const AUTO_MODEL_ID = 'auto';

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
    feedback: FeedbackLog,
  ) {
    this.routing = { router, failed: new Set(), conversations: new ConversationIds(), feedback };
  }

  /** What answering a request needs, with the settings as they are now. */
  answerContext(): AnswerContext {
    return { routing: this.routing, settings: this.settings(), status: this.status, log: this.log };
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
    const answered = await answer(
      this.answerContext(),
      {
        messages: forwardable(messages),
        shaped: messages,
        toolCount: options.tools?.length ?? 0,
        options: { tools: options.tools ? [...options.tools] : undefined, toolMode: options.toolMode, modelOptions: options.modelOptions },
      },
      {
        text: (value) => progress.report(new vscode.LanguageModelTextPart(value)),
        toolCall: (part) => progress.report(part),
      },
      token,
    );
    if ('error' in answered) {
      throw new Error(answered.error);
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
}
