/**
 * The @hydra chat participant. `@hydra <request>` answers through the model
 * the router picks and says which one and why; `/why` explains the last
 * decision; `/route` routes the prompt and explains it without answering.
 * A thumbs down on an answer tells the router, so the chat's next turn goes
 * one model up.
 */

import * as vscode from 'vscode';
import { answer, logDecision, pickChat } from './answer';
import { explain, footer } from './decision';
import { thumbsFeedback, type AnswerMetadata } from './feedback';
import type { MessageLike } from './messages';
import type { AutoModelProvider } from './provider';
import type { Settings } from './settings';
import type { StatusBar } from './status';

export const PARTICIPANT_ID = 'hydra.router';

/** The conversation so far plus this request, as chat messages. */
function conversation(request: vscode.ChatRequest, context: vscode.ChatContext): vscode.LanguageModelChatMessage[] {
  const messages: vscode.LanguageModelChatMessage[] = [];
  for (const turn of context.history) {
    if (turn instanceof vscode.ChatRequestTurn && !turn.command) {
      messages.push(vscode.LanguageModelChatMessage.User(turn.prompt));
    } else if (turn instanceof vscode.ChatResponseTurn && !turn.command) {
      const text = turn.response
        .map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : ''))
        .join('');
      if (text) {
        messages.push(vscode.LanguageModelChatMessage.Assistant(text));
      }
    }
  }
  messages.push(vscode.LanguageModelChatMessage.User(request.prompt));
  return messages;
}

export function registerParticipant(
  provider: AutoModelProvider,
  settings: () => Settings,
  status: StatusBar,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const handler: vscode.ChatRequestHandler = async (request, context, stream, token) => {
    if (request.command === 'why') {
      const last = status.lastDecision;
      stream.markdown(last ? explain(last, status.catalogModels) : 'No request has been routed yet in this window.');
      return {};
    }
    const messages = conversation(request, context);
    // LanguageModelChatMessageRole's numbers are the ones MessageLike reads.
    const shaped: readonly MessageLike[] = messages;
    stream.progress('Routing…');
    if (request.command === 'route') {
      const conversationId = provider.routing.conversations.idFor(shaped);
      const selection = await pickChat(provider.routing, settings(), shaped, 0, conversationId, token);
      if ('error' in selection) {
        stream.markdown(selection.error);
        return { errorDetails: { message: selection.error } };
      }
      status.showDecision(selection.decision);
      logDecision(log, selection.decision, conversationId);
      stream.markdown(explain(selection.decision, status.catalogModels));
      return { metadata: { model: selection.decision.used } };
    }
    const answered = await answer(
      provider.answerContext(),
      { messages, shaped, toolCount: 0, options: {} },
      { text: (value) => stream.markdown(value) },
      token,
    );
    if ('error' in answered) {
      stream.markdown(answered.error);
      return { errorDetails: { message: answered.error } };
    }
    stream.markdown(footer(answered.decision));
    if (!answered.conversationId) {
      return { metadata: { model: answered.decision.used } };
    }
    const metadata: AnswerMetadata = {
      model: answered.decision.used,
      conversationId: answered.conversationId,
      decisionId: answered.decisionId,
    };
    return { metadata };
  };
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, handler);
  participant.iconPath = new vscode.ThemeIcon('hubot');
  const thumbs = participant.onDidReceiveFeedback((feedback) => {
    const helpful = feedback.kind === vscode.ChatResultFeedbackKind.Helpful;
    const found = thumbsFeedback(feedback.result.metadata, helpful);
    if (!found) {
      return;
    }
    provider.routing.router.feedback(found.params);
    void provider.routing.feedback.signal(found.decisionId, found.params.outcome);
  });
  return vscode.Disposable.from(thumbs, participant);
}
