/**
 * Which chat model answers when the router cannot decide: the sidecar is
 * down, or every routed model is missing from this editor. Pure.
 */

import type { CatalogResult } from './protocol';
import { parseModelRef } from './settings';

/** A chat model the editor offers, as `vscode.lm.selectChatModels` lists it. */
export interface AvailableModel {
  vendor: string;
  family: string;
  id: string;
  name: string;
}

export interface FallbackChoice {
  model: AvailableModel;
  /** Catalog id of the chosen model, when the catalog knows it. */
  catalogId?: string;
  /** Where the choice came from, for the status bar and @hydra. */
  source: string;
}

/** Our own vendor: the router must never route to itself. */
export const OWN_VENDOR = 'hydra';

function find(available: readonly AvailableModel[], vendor: string, family: string): AvailableModel | undefined {
  return available.find((m) => m.vendor === vendor && m.family === family);
}

/**
 * Pick the fallback: the `hydra.fallbackModel` setting, else the catalog's
 * fallback, else the first catalog model the editor has, else any chat model
 * that is not ours. Models in `exclude` (catalog ids) are skipped.
 */
export function chooseFallback(
  setting: string,
  catalog: CatalogResult | undefined,
  available: readonly AvailableModel[],
  exclude: ReadonlySet<string> = new Set(),
): FallbackChoice | undefined {
  const others = available.filter((m) => m.vendor !== OWN_VENDOR);
  const catalogIdOf = (m: AvailableModel): string | undefined =>
    catalog?.models.find((c) => c.vendor === m.vendor && c.family === m.family)?.id;
  const ref = parseModelRef(setting);
  if (ref) {
    const model = find(others, ref.vendor, ref.family);
    if (model) {
      return { model, catalogId: catalogIdOf(model), source: 'the hydra.fallbackModel setting' };
    }
  }
  if (catalog) {
    const entry = catalog.models.find((m) => m.id === catalog.fallback);
    const model = entry && !exclude.has(entry.id) ? find(others, entry.vendor, entry.family) : undefined;
    if (entry && model) {
      return { model, catalogId: entry.id, source: "the catalog's fallback" };
    }
    for (const m of catalog.models) {
      const hit = m.enabled && !exclude.has(m.id) ? find(others, m.vendor, m.family) : undefined;
      if (hit) {
        return { model: hit, catalogId: m.id, source: 'the first catalog model available' };
      }
    }
  }
  const any = others[0];
  return any ? { model: any, catalogId: catalogIdOf(any), source: 'the first chat model available' } : undefined;
}
