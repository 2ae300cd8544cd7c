/** Small wire values shared by the unit tests. */

import type { Candidate, CatalogResult, RouteResult } from '../../src/protocol';

/** A candidate; its blended price uses the bundled catalog's input share (0.75). */
export function candidate(model: string, shortfall: number, input: number, output: number, extra: Partial<Candidate> = {}): Candidate {
  return { model, shortfall, price: { input, output }, blendedPrice: 0.75 * input + 0.25 * output, eligible: true, ...extra };
}

export function routeResult(model: string, extra: Partial<RouteResult> = {}): RouteResult {
  return {
    model,
    vendor: 'echo',
    family: `echo-${model}`,
    name: `Echo ${model}`,
    method: 'hydra',
    scores: { reasoning: 0.1, codeGeneration: 0.8, debugging: 0.2, toolUse: 0.05 },
    shortfall: 0.01,
    regime: 'iso',
    tau: 0.06,
    candidates: [
      candidate('small', 0.01, 0.5, 2),
      candidate('large', 0, 3, 15, { reason: 'within τ, but `small` is cheaper ($0.88 vs $6.00 per 1M tokens, blended)' }),
      candidate('vision', 0, 1, 5, { eligible: false, reason: 'no image input' }),
    ],
    catalogVersion: 3,
    latencyMs: 4.2,
    ...extra,
  };
}

export function catalog(extra: Partial<CatalogResult> = {}): CatalogResult {
  const model = (id: string, family: string) => ({
    id,
    name: `Echo ${id}`,
    vendor: 'echo',
    family,
    enabled: true,
    healthy: true,
    price: { input: 1, output: 1 },
  });
  return {
    version: 3,
    source: '/w/profiles.yaml',
    origin: 'workspace',
    regime: 'iso',
    tau: { peak: 0.02, iso: 0.06, aggressive: 0.15 },
    fallback: 'large',
    models: [model('small', 'echo-small'), model('large', 'echo-large'), model('vision', 'echo-vision')],
    errors: [],
    ...extra,
  };
}
