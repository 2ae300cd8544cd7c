/**
 * The @hydra chat participant. `@hydra <request>` answers through the model
 * the router picks and says which one and why; `/why` explains the last
 * decision; `/route` routes the prompt and explains it without answering.
 */

import * as vscode from 'vscode';
import { explain, type Decision } from './decision';
import type { MessageLike } from './messages';
import { pickChat, type AutoModelProvider } from './provider';
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

/** A one-line footer naming the model that answered. */
export function footer(decision: Decision): string {
  const r = decision.result;
  const why = r
    ? typeof r.predictedPass === 'number' && typeof r.delta === 'number'
      ? `${r.method}, predicted pass ${r.predictedPass.toFixed(3)} within δ ${r.delta.toFixed(3)} of the best (${r.regime})`
      : `${r.method}, shortfall ${r.shortfall.toFixed(3)} vs τ ${r.tau.toFixed(3)} (${r.regime})`
    : decision.note ?? 'fallback';
  return `\n\n---\n*Answered by **${decision.usedName}** · ${why}. Ask \`@hydra /why\` for the details.*`;
}

export function registerParticipant(
  provider: AutoModelProvider,
  settings: () => Settings,
  status: StatusBar,
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
    const selection = await pickChat(provider.routing, settings(), shaped, 0, token);
    if ('error' in selection) {
      stream.markdown(selection.error);
      return { errorDetails: { message: selection.error } };
    }
    const { chat, decision } = selection;
    status.showDecision(decision);
    provider.logDecision(decision);
    if (request.command === 'route') {
      stream.markdown(explain(decision, status.catalogModels));
      return { metadata: { model: decision.used } };
    }
    const response = await chat.sendRequest(messages, {}, token);
    let chars = 0;
    for await (const text of response.text) {
      chars += text.length;
      stream.markdown(text);
    }
    stream.markdown(footer(decision));
    status.recordAnswer(decision, Math.ceil(request.prompt.length / 4), Math.ceil(chars / 4));
    return { metadata: { model: decision.used } };
  };
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, handler);
  participant.iconPath = new vscode.ThemeIcon('hubot');
  return participant;
}
