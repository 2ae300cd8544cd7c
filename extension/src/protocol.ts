/**
 * The wire contract with the sidecar, mirroring `sidecar/hydra_router/protocol.py`.
 *
 * Every interface here has the name and the camelCase fields of a msgspec Struct
 * there; `test/contract.test.ts` checks them against `hydra-router schema --wire`.
 * Optional fields (`?`) are exactly those the Python side may leave out.
 */

export type Regime = 'peak' | 'iso' | 'aggressive' | 'guarantee';
export type Method = 'hydra' | 'sticky' | 'escalated' | 'pinned' | 'fallback';
/**
 * What became of an answer: `answered` (streamed to the end) and `helpful` are
 * successes; `unhelpful` (thumbs down), `error`, `empty` and `cutoff` are failures.
 */
export type Outcome = 'answered' | 'helpful' | 'unhelpful' | 'error' | 'empty' | 'cutoff';
export const FAILURES: readonly Outcome[] = ['unhelpful', 'error', 'empty', 'cutoff'];

/** The four requirement dimensions, in the order of the predictor's heads. */
export const DIMENSIONS = ['reasoning', 'codeGeneration', 'debugging', 'toolUse'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const ROUTE = 'hydra/route';
export const CATALOG = 'hydra/catalog';
export const SET_HEALTH = 'hydra/setHealth';
export const CATALOG_CHANGED = 'hydra/catalogChanged';
export const FEEDBACK = 'hydra/feedback';

export const REGIMES: readonly Regime[] = ['peak', 'iso', 'aggressive', 'guarantee'];

/** Params of `hydra/route`. */
export interface RouteParams {
  prompt: string;
  conversationId?: string | null;
  reset?: boolean;
  regime?: Regime | null;
  tau?: number | null;
  delta?: number | null;
  pin?: string | null;
  hasImages?: boolean;
  needsTools?: boolean;
  contextTokens?: number;
  exclude?: string[];
}

/** Raw sigmoid outputs of the predictor's four heads, each in [0, 1]. */
export interface Scores {
  reasoning: number;
  codeGeneration: number;
  debugging: number;
  toolUse: number;
}

/** USD per one million tokens. */
export interface Price {
  input: number;
  output: number;
}

/**
 * One catalog model as the matcher saw it for this request. `blendedPrice` is
 * the USD per 1M tokens routing orders by; `reason` says why the model was not
 * chosen (whatever the method) and is absent for the chosen one.
 */
export interface Candidate {
  model: string;
  shortfall: number;
  price: Price;
  blendedPrice: number;
  eligible: boolean;
  reason?: string | null;
  /** σ(logit(reliability) − slope·shortfall); absent when the catalog has no reliabilities. */
  predictedPass?: number | null;
}

/** Result of `hydra/route`; `vendor`, `family` and `name` are the chosen model's. */
export interface RouteResult {
  model: string;
  vendor: string;
  family: string;
  name: string;
  method: Method;
  scores: Scores;
  shortfall: number;
  regime: Regime;
  tau: number;
  candidates: Candidate[];
  catalogVersion: number;
  latencyMs: number;
  fallbackReason?: string | null;
  /** The chosen model's predicted pass; null when the catalog has no reliabilities. */
  predictedPass?: number | null;
  /** The regime's margin below the best eligible model's predicted pass; null when matching on τ. */
  delta?: number | null;
  /** Why the conversation moved up (method `escalated`): a model failed here, or its requirements rose. */
  escalationReason?: string | null;
}

/** A problem in a profiles file, with where it is and how to fix it. */
export interface CatalogError {
  message: string;
  path: string;
  line?: number | null;
  column?: number | null;
  key?: string | null;
}

export interface CatalogModel {
  id: string;
  name: string;
  vendor: string;
  family: string;
  enabled: boolean;
  healthy: boolean;
  price: Price;
}

/**
 * The catalog's `guarantee` regime: with probability at least 1 − `alpha` (over
 * `n` calibration requests) the mean quality lost against `reference` is at most
 * `epsilon`. `delta` null: none certified, every request goes to `reference`.
 */
export interface GuaranteeInfo {
  epsilon: number;
  alpha: number;
  delta: number | null;
  reference: string;
  n: number;
}

/** Result of `hydra/catalog`: which catalog is live and where it came from. */
export interface CatalogResult {
  version: number;
  source: string;
  origin: 'cli' | 'initializationOptions' | 'workspace' | 'bundled';
  regime: Regime;
  tau: Record<string, number>;
  fallback: string;
  models: CatalogModel[];
  errors: CatalogError[];
  /** The catalog's guarantee regime; null when it has none (the regime is then refused). */
  guarantee?: GuaranteeInfo | null;
}

/** Params of `hydra/setHealth`: the editor found a model (un)available. */
export interface SetHealthParams {
  model: string;
  healthy: boolean;
  reason?: string | null;
}

export interface SetHealthResult {
  model: string;
  healthy: boolean;
}

/**
 * Notification `hydra/feedback`: what became of the answer `model` gave in a
 * conversation. A failure makes the conversation's next request go one step up
 * by predicted pass; `detail` is a short reason, never the prompt.
 */
export interface FeedbackParams {
  conversationId: string;
  model: string;
  outcome: Outcome;
  detail?: string | null;
}

/** Notification `hydra/catalogChanged`, sent after every reload attempt. */
export interface CatalogChanged {
  version: number;
  source: string;
  errors: CatalogError[];
}

/** What the editor may pass in `initialize`'s `initializationOptions`. */
export interface InitializationOptions {
  profilesPath?: string | null;
  regime?: Regime | null;
  logPrompts?: boolean;
}

/** The JSON-RPC error code the sidecar answers bad params with. */
export const INVALID_PARAMS = -32602;
