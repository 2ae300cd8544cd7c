/**
 * What became of one attempt to answer with a routed model, and whether to
 * try the next model up within the same request. Pure: answer.ts runs the
 * attempts, these functions decide.
 */

import { FAILURES, type Outcome } from './protocol';

/** What an attempt left behind, as the answer loop saw it. */
export interface Attempt {
  /** `sendRequest` itself threw (the model never started answering). */
  requestFailed: boolean;
  /** The response stream threw, after `textChars` characters and `toolCalls` tool calls. */
  streamFailed: boolean;
  textChars: number;
  toolCalls: number;
  /** The request's cancellation token fired. */
  cancelled: boolean;
}

/**
 * The attempt's outcome: `cancelled` (nothing to report), `error` (failed
 * before any output), `cutoff` (failed after part of the answer), `empty`
 * (ended without text or tool call) or `answered`.
 */
export function classifyAttempt(attempt: Attempt): Outcome | 'cancelled' {
  if (attempt.cancelled) {
    return 'cancelled';
  }
  const output = attempt.textChars > 0 || attempt.toolCalls > 0;
  if (attempt.requestFailed || attempt.streamFailed) {
    return attempt.streamFailed && output ? 'cutoff' : 'error';
  }
  return output ? 'answered' : 'empty';
}

export function isFailure(outcome: Outcome): boolean {
  return FAILURES.includes(outcome);
}

export interface RetryQuestion {
  outcome: Outcome | 'cancelled';
  /** Retries already made in this request. */
  retries: number;
  /** Models in the live catalog: a request tries each at most once. */
  catalogModels: number;
  /** The router chose the failed model (a fallback chosen without it has no "next model up"). */
  routed: boolean;
  /** The conversation id the router knows the failed attempt by (none: it cannot escalate). */
  conversationId: string | undefined;
  /** Tool calls already went to the editor: it runs them, so a second answer would repeat or contradict them. */
  toolCalls: number;
}

/** Whether to route again and answer with the next model up. */
export function shouldRetry(q: RetryQuestion): boolean {
  return (
    q.outcome !== 'cancelled' &&
    isFailure(q.outcome) &&
    q.routed &&
    q.conversationId !== undefined &&
    q.toolCalls === 0 &&
    q.retries < q.catalogModels - 1
  );
}

/** Whether the model the router chose for the retry is one not tried yet in this request. */
export function isNextModel(model: string, tried: readonly string[]): boolean {
  return !tried.includes(model);
}

/** Longest `detail` sent with `hydra/feedback`. */
const DETAIL_CHARS = 160;

/**
 * A short reason for `hydra/feedback`: the error's first line, shortened.
 * Errors of chat models say what went wrong (quota, network, a status code);
 * the prompt is never passed here.
 */
export function failureDetail(outcome: Outcome, error?: unknown): string | undefined {
  if (outcome === 'empty') {
    return 'the answer was empty';
  }
  if (error === undefined) {
    return undefined;
  }
  const text = (error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error))
    .split('\n')[0]
    .trim();
  return text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS - 1)}…` : text || undefined;
}

/** What a failed model did, in words for the status bar: "Echo Small gave an empty answer". */
export function failureWords(name: string, outcome: Outcome, detail?: string): string {
  switch (outcome) {
    case 'empty':
      return `${name} gave an empty answer`;
    case 'cutoff':
      return `${name}'s answer was cut off${detail ? ` (${detail})` : ''}`;
    case 'error':
      return `${name} failed${detail ? ` (${detail})` : ''}`;
    default:
      return `${name}: ${outcome}`;
  }
}

/** The line put between a cut-off answer and its continuation from the next model. */
export function cutoffSeparator(failedName: string, nextName: string): string {
  return `\n\n---\n*${failedName}'s answer was cut off here; it continues from ${nextName}.*\n\n`;
}
