/**
 * From a chat request to a chat model: list the editor's chat models once,
 * exclude the catalog models it lacks, ask the router, and select the model by
 * the vendor and family the result names. Fall back (with the reason) when the
 * router is down or routes to a model this editor lacks. The editor is reached
 * through `SelectionDeps`, so tests drive this with fakes.
 */

import type { Decision } from './decision';
import { chooseFallback, OWN_VENDOR, type AvailableModel } from './fallback';
import type { CatalogResult, RouteParams, RouteResult } from './protocol';

export interface SelectionDeps<T> {
  /** `hydra/route`; rejects when the router is down. */
  route(params: RouteParams): Promise<RouteResult>;
  /** The catalog last fetched, if any: which models to exclude, and the fallback. */
  catalog(): CatalogResult | undefined;
  /** Fetch the catalog again (the router's is newer than the one kept). */
  refreshCatalog(): Promise<CatalogResult | undefined>;
  /** Every chat model the editor offers (one `vscode.lm.selectChatModels()`). */
  allChats(): Promise<{ model: AvailableModel; chat: T }[]>;
  /** The `hydra.fallbackModel` setting. */
  fallbackSetting: string;
}

export type Selection<T> = { chat: T; decision: Decision } | { error: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Catalog ids of the models this editor cannot answer with (ours included: never route to ourselves). */
export function unavailableIds(catalog: CatalogResult | undefined, available: readonly AvailableModel[]): string[] {
  const has = (vendor: string, family: string) => available.some((m) => m.vendor === vendor && m.family === family);
  return (catalog?.models ?? []).filter((m) => m.vendor === OWN_VENDOR || !has(m.vendor, m.family)).map((m) => m.id);
}

/**
 * Route `params` and return the chat model to use with the decision behind it.
 * The models the editor lacks go out as `exclude` with the one request; a second
 * request is made only when the router names a model the kept catalog did not
 * know (it was reloaded meanwhile).
 */
export async function selectChat<T>(params: RouteParams, deps: SelectionDeps<T>): Promise<Selection<T>> {
  const all = (await deps.allChats()).filter((a) => a.model.vendor !== OWN_VENDOR);
  const available = all.map((a) => a.model);
  const exclude = new Set([...(params.exclude ?? []), ...unavailableIds(deps.catalog(), available)]);
  let last: RouteResult | undefined;
  let reason = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      last = await deps.route({ ...params, exclude: [...exclude] });
    } catch (error) {
      reason = message(error);
      break;
    }
    const routed = last;
    const hit = all.find((a) => a.model.vendor === routed.vendor && a.model.family === routed.family);
    if (hit) {
      return { chat: hit.chat, decision: { result: routed, used: routed.model, usedName: routed.name } };
    }
    reason = `${routed.name} (${routed.vendor}/${routed.family}) is not available in this editor`;
    if (exclude.has(routed.model)) {
      // The router returned an excluded model (its own fallback): asking again cannot help.
      break;
    }
    exclude.add(routed.model);
    const fresh = await deps.refreshCatalog().catch(() => undefined);
    for (const id of unavailableIds(fresh, available)) {
      exclude.add(id);
    }
  }
  const choice = chooseFallback(deps.fallbackSetting, deps.catalog(), available, exclude);
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
