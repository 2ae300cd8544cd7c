/**
 * Answering a chat request through the routed model, for "Auto (HyDRA)" and
 * @hydra alike. When the model's answer fails (it throws, ends empty, or is
 * cut off) the router hears of it (`hydra/feedback`) and is asked again for
 * the same conversation, which moves it one model up; the request is then
 * answered by that model. outcome.ts decides what counts as a failure and
 * whether to try again; this module carries it out.
 */

import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Router } from './client';
import type { Decision } from './decision';
import type { AvailableModel } from './fallback';
import type { FeedbackLog, LoggedDecision } from './feedback';
import { contextTokens, promptOf, routeParams, type ConversationIds, type MessageLike } from './messages';
import { classifyAttempt, cutoffSeparator, failureDetail, failureWords, isFailure, isNextModel, shouldRetry } from './outcome';
import type { Outcome } from './protocol';
import { effectiveRegime } from './regimes';
import { selectChat, type SelectionDeps, type Selection } from './selection';
import type { Settings } from './settings';
import type { StatusBar } from './status';

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
  feedback: FeedbackLog;
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

function joinNotes(...notes: (string | undefined)[]): string | undefined {
  return notes.filter(Boolean).join('; ') || undefined;
}

/**
 * Route `messages` in conversation `conversationId` as the settings say, and
 * pick the chat model to answer with. A `guarantee` regime the live catalog
 * does not certify routes as `peak`, with a note on the decision.
 */
export async function pickChat(
  routing: Routing,
  settings: Settings,
  messages: readonly MessageLike[],
  toolCount: number,
  conversationId: string | undefined,
  token?: vscode.CancellationToken,
): Promise<Selection<vscode.LanguageModelChat>> {
  const router = routing.router;
  const catalog =
    router.catalog ?? (settings.regime === 'guarantee' ? await router.refreshCatalog().catch(() => undefined) : undefined);
  const { regime, note } = effectiveRegime(settings.regime, catalog);
  const exclude = [...routing.failed];
  const params = routeParams({
    messages,
    toolCount,
    exclude,
    conversationId,
    regime,
    pin: settings.pinnedModel || undefined,
  }) ?? { prompt: '(empty request)', regime, exclude: [...exclude] };
  const selection = await selectChat(params, editorDeps(router, settings, token));
  if (note && 'decision' in selection) {
    selection.decision.note = joinNotes(selection.decision.note, note);
  }
  return selection;
}

/** Whether a model's failure means "not usable now" (gone, or blocked by quota) rather than a bad request. */
function isUnavailable(error: unknown): boolean {
  return (
    error instanceof vscode.LanguageModelError &&
    (error.code === vscode.LanguageModelError.NotFound().code || error.code === vscode.LanguageModelError.Blocked().code)
  );
}

/** Log a decision (the prompt itself is never logged here). */
export function logDecision(log: vscode.LogOutputChannel, decision: Decision, conversationId?: string): void {
  const r = decision.result;
  const conversation = conversationId ? `, conversation ${conversationId}` : '';
  log.info(
    r
      ? `routed to ${r.model} (${r.method}${r.escalationReason ? `: ${r.escalationReason}` : ''}, shortfall ${r.shortfall.toFixed(3)} vs τ ${r.tau}, ${r.latencyMs.toFixed(1)} ms${conversation}); answering with ${decision.used}${decision.note ? `: ${decision.note}` : ''}`
      : `router not asked; answering with ${decision.used}: ${decision.note ?? ''}`,
  );
}

/** Where an answer goes as it streams in. */
export interface AnswerSink {
  text(value: string): void;
  toolCall?(part: vscode.LanguageModelToolCallPart): void;
}

export interface AnswerContext {
  routing: Routing;
  settings: Settings;
  status: StatusBar;
  log: vscode.LogOutputChannel;
}

export interface ChatRequest {
  /** The messages to send, as `LanguageModelChat.sendRequest` takes them. */
  messages: vscode.LanguageModelChatMessage[];
  /** The same messages, as routing reads them. */
  shaped: readonly MessageLike[];
  toolCount: number;
  options: vscode.LanguageModelChatRequestOptions;
}

/** The decision that answered, with the ids the router and the feedback log know it by. */
export interface ChatAnswer {
  decision: Decision;
  decisionId: string;
  conversationId: string | undefined;
  outputChars: number;
}

/** An answer that failed and was not retried: its error is rethrown, an empty answer stands. */
interface Failed {
  model: string;
  name: string;
  outcome: Outcome;
  words: string;
  error: unknown;
  answer: ChatAnswer;
}

/**
 * Tell the router what became of an answer, and log it (opt-in). Only
 * decisions the router made are reported; the prompt never goes out.
 */
function report(ctx: AnswerContext, entry: LoggedDecision, outcome: Outcome, detail: string | undefined): void {
  if (entry.decision.result && entry.conversationId) {
    ctx.routing.router.feedback({
      conversationId: entry.conversationId,
      model: entry.decision.used,
      outcome,
      ...(detail ? { detail } : {}),
    });
  }
  void ctx.routing.feedback.record(entry, outcome);
}

/**
 * Answer `request` with the routed model into `sink`; on a failed answer,
 * with the next model up, at most once per catalog model. Returns the
 * decision that answered, or `{error}` when no chat model can answer; rethrows
 * the last model's error when no retry is left.
 */
export async function answer(
  ctx: AnswerContext,
  request: ChatRequest,
  sink: AnswerSink,
  token: vscode.CancellationToken,
): Promise<ChatAnswer | { error: string }> {
  const { routing, status, log } = ctx;
  // One id for every attempt: a retry must reach the conversation the failure was reported for.
  const conversationId = routing.conversations.idFor(request.shaped);
  const prompt = promptOf(request.shaped);
  const unavailable: string[] = [];
  const failures: Failed[] = [];
  for (;;) {
    const selection = await pickChat(routing, ctx.settings, request.shaped, request.toolCount, conversationId, token);
    const last = failures.at(-1);
    if ('error' in selection || (last && !isNextModel(selection.decision.used, failures.map((f) => f.model)))) {
      if (!last) {
        return selection as { error: string };
      }
      log.warn(`no model above ${last.model} to answer with instead; keeping its ${last.outcome} answer`);
      if (last.outcome === 'empty') {
        return last.answer;
      }
      throw last.error;
    }
    const { chat, decision } = selection;
    if (unavailable.length > 0) {
      decision.note = joinNotes(decision.note, `failed here: ${unavailable.join(', ')}`);
    }
    if (last) {
      decision.retried = failures.map((f) => f.words);
      if (last.outcome === 'cutoff') {
        sink.text(cutoffSeparator(last.name, decision.usedName));
      }
    }
    status.showDecision(decision);
    logDecision(log, decision, conversationId);
    const entry: LoggedDecision = { id: randomUUID(), decision, conversationId, prompt };

    let response: vscode.LanguageModelChatResponse | undefined;
    let error: unknown;
    let streamFailed = false;
    let textChars = 0;
    let toolCalls = 0;
    try {
      response = await chat.sendRequest(request.messages, request.options, token);
    } catch (e) {
      // A routed model that turns out missing or blocked is excluded and the
      // request routed again; other errors are failed answers.
      if (isUnavailable(e) && decision.result && !unavailable.includes(decision.used) && !token.isCancellationRequested) {
        log.warn(`model failed, routing again without it: ${decision.usedName}: ${(e as Error).message}`);
        routing.failed.add(decision.used);
        unavailable.push(decision.used);
        continue;
      }
      error = e;
    }
    if (response) {
      try {
        for await (const part of response.stream) {
          if (part instanceof vscode.LanguageModelTextPart) {
            textChars += part.value.length;
            sink.text(part.value);
          } else if (part instanceof vscode.LanguageModelToolCallPart) {
            toolCalls++;
            sink.toolCall?.(part);
          }
        }
      } catch (e) {
        error = e;
        streamFailed = true;
      }
    }
    const result: ChatAnswer = { decision, decisionId: entry.id, conversationId, outputChars: textChars };
    const outcome = classifyAttempt({
      requestFailed: !response,
      streamFailed,
      textChars,
      toolCalls,
      cancelled: token.isCancellationRequested,
    });
    if (outcome === 'cancelled') {
      if (error !== undefined) {
        throw error;
      }
      return result;
    }
    const detail = isFailure(outcome) ? failureDetail(outcome, error) : undefined;
    report(ctx, entry, outcome, detail);
    if (!isFailure(outcome)) {
      status.recordAnswer(decision, contextTokens(request.shaped), Math.ceil(textChars / 4));
      return result;
    }
    log.warn(`${decision.used}: ${outcome}${detail ? ` (${detail})` : ''}`);
    const retry = shouldRetry({
      outcome,
      retries: failures.length,
      catalogModels: routing.router.catalog?.models.length ?? decision.result?.candidates.length ?? 1,
      routed: decision.result !== undefined,
      conversationId,
      toolCalls,
    });
    if (!retry) {
      if (error !== undefined) {
        throw error;
      }
      return result;
    }
    failures.push({
      model: decision.used,
      name: decision.usedName,
      outcome,
      words: failureWords(decision.usedName, outcome, detail),
      error,
      answer: result,
    });
  }
}
