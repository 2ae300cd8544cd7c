/**
 * From a chat request to a chat model: ask the router, find its choice among
 * the editor's chat models, exclude it and ask again when it is missing, and
 * fall back (with the reason) when nothing routed is available or the router
 * is down. The editor is reached through `SelectionDeps`, so tests drive this
 * with fakes.
 */

import type { Decision } from './decision';
import { chooseFallback, OWN_VENDOR, type AvailableModel } from './fallback';
import type { CatalogResult, RouteParams, RouteResult } from './protocol';

export interface SelectionDeps<T> {
  /** `hydra/route`; rejects when the router is down. */
  route(params: RouteParams): Promise<RouteResult>;
  /** The live catalog, if any was ever fetched. */
  catalog(): CatalogResult | undefined;
  /** The editor's chat models of one vendor/family. */
  chatsFor(vendor: string, family: string): Promise<T[]>;
  /** Every chat model the editor offers. */
  allChats(): Promise<{ model: AvailableModel; chat: T }[]>;
  /** Tell the router a model is unavailable here. */
  markUnavailable(id: string, reason: string): Promise<void>;
  /** The `hydra.fallbackModel` setting. */
  fallbackSetting: string;
}

export type Selection<T> = { chat: T; decision: Decision } | { error: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Route `params` and return the chat model to use with the decision behind it.
 * Each routed model missing from the editor is excluded, and the router is
 * asked again, at most once per catalog model.
 */
export async function selectChat<T>(params: RouteParams, deps: SelectionDeps<T>): Promise<Selection<T>> {
  const exclude = new Set(params.exclude ?? []);
  const missing: string[] = [];
  let last: RouteResult | undefined;
  let reason = '';
  const attempts = (deps.catalog()?.models.length ?? 0) + 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      last = await deps.route({ ...params, exclude: [...exclude] });
    } catch (error) {
      reason = message(error);
      break;
    }
    const entry = deps.catalog()?.models.find((m) => m.id === last?.model);
    if (!entry) {
      reason = `the catalog has no model "${last.model}"`;
      break;
    }
    const chats = entry.vendor === OWN_VENDOR ? [] : await deps.chatsFor(entry.vendor, entry.family);
    if (chats.length > 0) {
      const note = missing.length > 0 ? `not available here: ${missing.join(', ')}` : undefined;
      return { chat: chats[0], decision: { result: last, used: entry.id, usedName: entry.name, note } };
    }
    reason = `${entry.name} (${entry.vendor}/${entry.family}) is not available in this editor`;
    missing.push(entry.name);
    await deps.markUnavailable(entry.id, reason).catch(() => undefined);
    if (exclude.has(entry.id)) {
      // The router returned an excluded model (its own fallback): asking again cannot help.
      break;
    }
    exclude.add(entry.id);
  }
  const all = await deps.allChats();
  const choice = chooseFallback(deps.fallbackSetting, deps.catalog(), all.map((a) => a.model), exclude);
  if (!choice) {
    return { error: `HyDRA found no chat model to answer with (${reason}). Install or enable a chat model provider.` };
  }
  const chat = all.find((a) => a.model === choice.model)?.chat as T;
  return {
    chat,
    decision: {
      result: last,
      used: choice.catalogId ?? `${choice.model.vendor}/${choice.model.family}`,
      usedName: choice.model.name,
      note: `${reason}; answered by ${choice.model.name}, ${choice.source}`,
    },
  };
}
