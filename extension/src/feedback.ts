/**
 * The opt-in feedback log (`hydra.feedback.log`): one JSON line per answered
 * decision in `<globalStorage>/feedback.jsonl`, and one more with the same id
 * when the user later marks the answer helpful or unhelpful. `hydra-router
 * calibrate --catalog … --data feedback.jsonl` refits the catalog's
 * reliabilities from it, so the line's shape is the outcome logs' (snake_case).
 *
 * No editor API here: the builder is pure and the writer only appends to a file.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Decision } from './decision';
import { isFailure } from './outcome';
import type { FeedbackParams, Method, Outcome, Regime } from './protocol';

export const FEEDBACK_FILE = 'feedback.jsonl';
export const FEEDBACK_SOURCE = 'hydra-feedback';

/** One decision the editor acted on, kept so that a later thumbs up/down can be logged with it. */
export interface LoggedDecision {
  /** A uuid per decision: the `id` of its lines, the `decisionId` of @hydra's result metadata. */
  id: string;
  decision: Decision;
  conversationId: string | undefined;
  /** The routed text; written only with `hydra.logPrompts`. */
  prompt: string;
}

/** A line of feedback.jsonl, exactly as written. */
export interface FeedbackLine {
  id: string;
  time: string;
  source: typeof FEEDBACK_SOURCE;
  scores: { reasoning: number; code_generation: number; debugging: number; tool_use: number };
  outcomes: Record<string, 0 | 1>;
  signal: Outcome;
  model: string;
  method: Method;
  regime: Regime;
  catalog_version: number;
  predicted_pass: number | null;
  conversation: string | null;
  prompt?: string;
}

/**
 * The line for `entry` with `signal`, or undefined when the decision is not
 * the router's: no RouteResult (the router was down), or an answering model
 * outside the catalog (the editor's own fallback), whose outcome fits no
 * catalog model. Outcome 1 for answered/helpful, 0 for a failure.
 */
export function feedbackLine(entry: LoggedDecision, signal: Outcome, time: Date, logPrompts: boolean): FeedbackLine | undefined {
  const r = entry.decision.result;
  const model = entry.decision.used;
  if (!r || !r.candidates.some((c) => c.model === model)) {
    return undefined;
  }
  const line: FeedbackLine = {
    id: entry.id,
    time: time.toISOString(),
    source: FEEDBACK_SOURCE,
    scores: {
      reasoning: r.scores.reasoning,
      code_generation: r.scores.codeGeneration,
      debugging: r.scores.debugging,
      tool_use: r.scores.toolUse,
    },
    outcomes: { [model]: isFailure(signal) ? 0 : 1 },
    signal,
    model,
    method: r.method,
    regime: r.regime,
    catalog_version: r.catalogVersion,
    predicted_pass: model === r.model ? (r.predictedPass ?? null) : (r.candidates.find((c) => c.model === model)?.predictedPass ?? null),
    conversation: entry.conversationId ?? null,
  };
  if (logPrompts) {
    line.prompt = entry.prompt;
  }
  return line;
}

/** What @hydra returns as its result's metadata, so a later thumbs up/down can name the answer. */
export interface AnswerMetadata {
  model: string;
  conversationId: string;
  decisionId: string;
}

/**
 * The `hydra/feedback` for a thumbs up/down on an @hydra answer, and the
 * decision it is about; undefined for results that name no answer (`/why`,
 * `/route`, errors).
 */
export function thumbsFeedback(metadata: unknown, helpful: boolean): { params: FeedbackParams; decisionId: string } | undefined {
  const m = (metadata ?? {}) as Partial<Record<keyof AnswerMetadata, unknown>>;
  if (typeof m.model !== 'string' || typeof m.conversationId !== 'string' || typeof m.decisionId !== 'string') {
    return undefined;
  }
  return {
    params: { conversationId: m.conversationId, model: m.model, outcome: helpful ? 'helpful' : 'unhelpful' },
    decisionId: m.decisionId,
  };
}

export interface FeedbackLogOptions {
  /** The log file; its folder is created on the first write. */
  file: string;
  enabled: () => boolean;
  logPrompts: () => boolean;
  log: { info(message: string): void; error(message: string): void };
  now?: () => Date;
  /** Decisions kept for later thumbs up/down (the oldest go first). */
  keep?: number;
}

/**
 * Appends feedback lines, one write after the other (a queue), so lines from
 * answers that end together never interleave or overwrite each other.
 */
export class FeedbackLog {
  private readonly decisions = new Map<string, LoggedDecision>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: FeedbackLogOptions) {}

  get file(): string {
    return this.options.file;
  }

  /** The decision behind `id`, while it is kept. */
  decision(id: string): LoggedDecision | undefined {
    return this.decisions.get(id);
  }

  /** Log what became of a decision's answer (when logging is on) and keep it for a later signal. */
  record(entry: LoggedDecision, signal: Outcome): Promise<void> {
    this.decisions.delete(entry.id);
    this.decisions.set(entry.id, entry);
    if (this.decisions.size > (this.options.keep ?? 500)) {
      this.decisions.delete(this.decisions.keys().next().value as string);
    }
    return this.append(entry, signal);
  }

  /** Log a later signal (thumbs up/down) for a recorded decision; unknown ids are skipped. */
  signal(id: string, signal: Outcome): Promise<void> {
    const entry = this.decisions.get(id);
    if (!entry) {
      if (this.options.enabled()) {
        this.options.log.info(`feedback log: no decision ${id} in this window (reloaded since?); the ${signal} signal is not logged`);
      }
      return Promise.resolve();
    }
    return this.append(entry, signal);
  }

  /** Resolves once every line queued so far is written. */
  flushed(): Promise<void> {
    return this.queue;
  }

  private append(entry: LoggedDecision, signal: Outcome): Promise<void> {
    if (!this.options.enabled()) {
      return this.queue;
    }
    const line = feedbackLine(entry, signal, (this.options.now ?? (() => new Date()))(), this.options.logPrompts());
    if (!line) {
      return this.queue;
    }
    const text = `${JSON.stringify(line)}\n`;
    const file = this.options.file;
    this.queue = this.queue.then(async () => {
      try {
        await fs.promises.mkdir(path.dirname(file), { recursive: true });
        await fs.promises.appendFile(file, text, 'utf8');
      } catch (error) {
        this.options.log.error(`feedback log: could not append to ${file}: ${(error as Error).message}`);
      }
    });
    return this.queue;
  }
}
