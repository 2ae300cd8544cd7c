/**
 * Shaping a chat request into `hydra/route` params.
 *
 * Message parts are read by shape, not by class, so this module runs without
 * the editor (unit tests) and accepts every part kind the editor may add later.
 */

import { createHash, randomUUID } from 'node:crypto';
import type { RouteParams } from './protocol';

/** `LanguageModelChatMessageRole.User` in the editor's API. */
export const USER_ROLE = 1;

/** The parts of a chat message this module reads; everything else is ignored. */
export interface MessageLike {
  readonly role: number;
  readonly content: ReadonlyArray<unknown> | string;
}

/** Rough tokens per character for the context size estimate (no tokenizer here). */
const CHARS_PER_TOKEN = 4;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The text a part carries: text parts directly, tool results through their content. */
export function partText(part: unknown): string {
  if (typeof part === 'string') {
    return part;
  }
  if (!isRecord(part)) {
    return '';
  }
  if (typeof part.value === 'string') {
    return part.value;
  }
  if (typeof part.callId === 'string' && Array.isArray(part.content)) {
    return part.content.map(partText).join('');
  }
  return '';
}

/** All text of one message, parts joined in order. */
export function messageText(message: MessageLike): string {
  if (typeof message.content === 'string') {
    return message.content;
  }
  return message.content.map(partText).join('');
}

function isImagePart(part: unknown): boolean {
  return isRecord(part) && typeof part.mimeType === 'string' && part.mimeType.startsWith('image/');
}

/**
 * The user's own words in a message: chat's agent mode wraps them, with
 * context and instructions around, in a `<userRequest>` tag.
 */
export function userRequest(text: string): string {
  const tagged = /<userRequest>\s*([\s\S]*?)\s*<\/userRequest>/.exec(text);
  return (tagged ? tagged[1] : text).trim();
}

/**
 * The prompt to route: the latest user message that has text. In an agent
 * loop the newest user message often holds only tool results; the request
 * the user typed is the one that sets the requirements.
 */
export function promptOf(messages: readonly MessageLike[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.role !== USER_ROLE || typeof message.content === 'string') {
      continue;
    }
    const text = message.content
      .filter((part) => isRecord(part) && typeof part.value === 'string')
      .map(partText)
      .join('');
    if (text.trim()) {
      return userRequest(text);
    }
  }
  for (let i = messages.length - 1; i >= 0; i--) {
    const text = userRequest(messageText(messages[i]));
    if (text) {
      return text;
    }
  }
  return '';
}

/**
 * A key for the chat these messages belong to: the hash of its first user
 * message, which every turn of a chat resends. Two chats that open with the
 * same words share a key, so ConversationIds adds a fresh id per chat.
 */
export function conversationKey(messages: readonly MessageLike[]): string | undefined {
  const first = messages.find((m) => m.role === USER_ROLE && messageText(m).trim() !== '');
  if (!first) {
    return undefined;
  }
  return createHash('sha256').update(messageText(first)).digest('hex').slice(0, 16);
}

/** `LanguageModelChatMessageRole.Assistant` in the editor's API. */
export const ASSISTANT_ROLE = 2;

/**
 * Conversation ids for `hydra/route`. The editor's chat API carries none, so a
 * chat is recognised by its first user message: a request with no assistant
 * turn yet starts a new conversation (a fresh id), later turns find it again.
 */
export class ConversationIds {
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly limit = 500,
    private readonly newId: () => string = randomUUID,
  ) {}

  idFor(messages: readonly MessageLike[]): string | undefined {
    const key = conversationKey(messages);
    if (!key) {
      return undefined;
    }
    const started = messages.some((m) => m.role === ASSISTANT_ROLE);
    let id = started ? this.ids.get(key) : undefined;
    if (!id) {
      id = this.newId();
      this.ids.delete(key);
      this.ids.set(key, id);
      if (this.ids.size > this.limit) {
        // Maps iterate in insertion order: drop the oldest conversation.
        this.ids.delete(this.ids.keys().next().value as string);
      }
    }
    return id;
  }
}

/** Estimated tokens of the whole conversation. */
export function contextTokens(messages: readonly MessageLike[]): number {
  const chars = messages.reduce((sum, m) => sum + messageText(m).length, 0);
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

/** Estimated tokens of a piece of text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export interface RouteInputs {
  messages: readonly MessageLike[];
  toolCount: number;
  regime?: RouteParams['regime'];
  pin?: string;
  exclude?: readonly string[];
  conversationId?: string;
}

/** The `hydra/route` params for one chat request; undefined when there is no text to route. */
export function routeParams(inputs: RouteInputs): RouteParams | undefined {
  const prompt = promptOf(inputs.messages);
  if (!prompt) {
    return undefined;
  }
  const params: RouteParams = {
    prompt,
    hasImages: inputs.messages.some((m) => typeof m.content !== 'string' && m.content.some(isImagePart)),
    needsTools: inputs.toolCount > 0,
    contextTokens: contextTokens(inputs.messages),
    exclude: [...(inputs.exclude ?? [])],
  };
  if (inputs.conversationId) {
    params.conversationId = inputs.conversationId;
  }
  if (inputs.regime) {
    params.regime = inputs.regime;
  }
  if (inputs.pin) {
    params.pin = inputs.pin;
  }
  return params;
}
