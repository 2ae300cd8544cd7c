/**
 * The routing regimes as the editor offers them: the items of the regime
 * menu, and the regime a request is routed with when the setting asks for a
 * `guarantee` the live catalog does not certify, and how the menu and the
 * status bar name it. Pure; commands.ts, status.ts and answer.ts put them to use.
 */

import { REGIMES, type CatalogResult, type GuaranteeInfo, type Regime } from './protocol';

export const REGIME_WORDS: Record<Regime, string> = {
  peak: 'quality first',
  iso: 'balanced',
  aggressive: 'cost first',
  guarantee: 'certified quality',
};

/** The regime a `guarantee` setting routes with on a catalog without a certificate. */
export const UNCERTIFIED_REGIME: Regime = 'peak';

/** How to certify a guarantee for the catalog at `source` (on outcomes it was not fitted on). */
export function certifyCommand(source: string | undefined): string {
  return `hydra-router calibrate --catalog ${source ?? 'profiles.yaml'} --data OUTCOMES.jsonl --guarantee EPS --alpha A --out profiles.certified.yaml`;
}

/** "ε 0.05 with probability 1 − α = 0.90 vs gpt-5.4": what the certificate promises. */
export function guaranteeWords(g: GuaranteeInfo): string {
  const promise = `quality loss ≤ ε ${g.epsilon} with probability 1 − α = ${round(1 - g.alpha)} vs ${g.reference}`;
  const how = g.delta === null ? `no δ certified: every request goes to ${g.reference}` : `δ ${g.delta.toFixed(3)}`;
  return `${promise} (${how}; ${g.n} calibration requests)`;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export interface RegimeItem {
  label: Regime;
  description: string;
  detail?: string;
  /** False for an item that only explains (guarantee on a catalog without one): picking it changes nothing. */
  selectable: boolean;
}

/** The regime menu: every regime with its words and threshold; `guarantee` with its certificate or how to get one. */
export function regimeItems(current: Regime, catalog: CatalogResult | undefined): RegimeItem[] {
  const tau = catalog?.tau ?? {};
  return REGIMES.map((regime): RegimeItem => {
    const mark = regime === current ? 'current' : undefined;
    if (regime !== 'guarantee') {
      const threshold = tau[regime] !== undefined ? ` · τ ${tau[regime]}` : '';
      return { label: regime, description: `${REGIME_WORDS[regime]}${threshold}`, detail: mark, selectable: true };
    }
    const g = catalog?.guarantee;
    if (g) {
      return { label: regime, description: `${REGIME_WORDS[regime]} · ${guaranteeWords(g)}`, detail: mark, selectable: true };
    }
    return {
      label: regime,
      description: 'not available: this catalog certifies no guarantee',
      detail: `${mark ? `${mark}, routed as ${UNCERTIFIED_REGIME}. ` : ''}Certify one with: ${certifyCommand(catalog?.source)}`,
      selectable: false,
    };
  });
}

/**
 * The regime to send with a request. `guarantee` on a catalog that certifies
 * none would be refused, so it routes as `peak` with a note that says why;
 * with no catalog known yet the setting goes as it is.
 */
export function effectiveRegime(setting: Regime, catalog: CatalogResult | undefined): { regime: Regime; note?: string } {
  if (setting !== 'guarantee' || !catalog || catalog.guarantee) {
    return { regime: setting };
  }
  return {
    regime: UNCERTIFIED_REGIME,
    note: `regime guarantee: this catalog certifies none, so it was routed as ${UNCERTIFIED_REGIME} (certify one with \`${certifyCommand(catalog.source)}\`)`,
  };
}

/**
 * The regime setting as the menu and the status bar tooltip name it: a
 * `guarantee` the live catalog does not certify says what it routes as, e.g.
 * "guarantee (not certified by this catalog: routing as peak)".
 */
export function regimeLabel(setting: Regime, catalog: CatalogResult | undefined): string {
  const { regime } = effectiveRegime(setting, catalog);
  return regime === setting ? setting : `${setting} (not certified by this catalog: routing as ${regime})`;
}
