/**
 * Words and numbers about one routing decision: status bar text, tooltip,
 * the @hydra explanation and the savings estimate. Pure; status.ts and
 * participant.ts put the results on screen.
 */

import type { Candidate, CatalogModel, Method, Price, RouteResult, Scores } from './protocol';

/** A decision as the editor carried it out (the model may differ from the routed one). */
export interface Decision {
  /** The router's answer; absent when the router could not be asked (it is down). */
  result?: RouteResult;
  /** Catalog id of the model that answers, or `vendor/family` when the catalog lacks it. */
  used: string;
  /** Display name of the model that answers. */
  usedName: string;
  /** Why `used` differs from `result.model`, or why the router was bypassed. */
  note?: string;
  /** Models that failed earlier in this request, in words ("Echo Small gave an empty answer"). */
  retried?: string[];
}

const SCORE_LABELS: [keyof Scores, string][] = [
  ['reasoning', 'reasoning'],
  ['codeGeneration', 'code generation'],
  ['debugging', 'debugging'],
  ['toolUse', 'tool use'],
];

const METHOD_WORDS: Record<Method, string> = {
  hydra: 'routed',
  sticky: 'kept for this conversation',
  escalated: 'escalated',
  pinned: 'pinned',
  fallback: 'fallback',
};

/** Display name of a catalog id, or the id itself. */
export function displayName(id: string, models: readonly CatalogModel[]): string {
  return models.find((m) => m.id === id)?.name ?? id;
}

/** USD for one request at a price (USD per million tokens). */
export function requestCost(price: Price, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}

/**
 * The strongest candidate for this request: the lowest shortfall, ties to the
 * higher blended price (the router's). It is the model a user would pick to be
 * safe without a router.
 */
export function strongest(candidates: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (!best || c.shortfall < best.shortfall || (c.shortfall === best.shortfall && c.blendedPrice > best.blendedPrice)) {
      best = c;
    }
  }
  return best;
}

export interface SavingsTotals {
  requests: number;
  /** Estimated USD spent on the models used. */
  spent: number;
  /** Estimated USD the same requests would have cost on the strongest model. */
  strongestCost: number;
  /** Catalog id of the strongest model for the latest request. */
  strongestModel?: string;
}

export const NO_SAVINGS: SavingsTotals = { requests: 0, spent: 0, strongestCost: 0 };

/** Add one answered request to the running savings estimate. */
export function addToSavings(
  totals: SavingsTotals,
  decision: Decision,
  inputTokens: number,
  outputTokens: number,
): SavingsTotals {
  const candidates = decision.result?.candidates ?? [];
  const used = candidates.find((c) => c.model === decision.used);
  const top = strongest(candidates);
  if (!used || !top) {
    return totals;
  }
  return {
    requests: totals.requests + 1,
    spent: totals.spent + requestCost(used.price, inputTokens, outputTokens),
    strongestCost: totals.strongestCost + requestCost(top.price, inputTokens, outputTokens),
    strongestModel: top.model,
  };
}

function money(usd: number): string {
  return usd < 0.01 && usd > 0 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

function num(x: number): string {
  return x.toFixed(3);
}

/** One line for the savings estimate. */
export function savingsLine(totals: SavingsTotals, models: readonly CatalogModel[]): string {
  if (totals.requests === 0 || !totals.strongestModel) {
    return 'Savings: no requests answered yet';
  }
  const saved = totals.strongestCost - totals.spent;
  const pct = totals.strongestCost > 0 ? ` (${Math.round((100 * saved) / totals.strongestCost)}%)` : '';
  return (
    `Savings: ${money(saved)}${pct} vs always the strongest model (now ${displayName(totals.strongestModel, models)}) ` +
    `over ${totals.requests} request${totals.requests === 1 ? '' : 's'} (estimated from catalog prices)`
  );
}

/** What retries a decision took, in one line: "retried: Echo Small gave an empty answer". */
export function retriedLine(decision: Decision): string | undefined {
  return decision.retried?.length ? `retried: ${decision.retried.join('; ')}` : undefined;
}

/** Status bar text: the model in use and the regime, or what it was retried after. */
export function statusText(decision: Decision | undefined, models: readonly CatalogModel[], regime: string): string {
  if (!decision) {
    return `$(hubot) HyDRA · ${regime}`;
  }
  const name = decision.usedName || displayName(decision.used, models);
  const method = decision.result?.method ?? 'fallback';
  const icon = method === 'pinned' ? '$(pin)' : method === 'fallback' || decision.note || decision.retried?.length ? '$(warning)' : '$(hubot)';
  return `${icon} ${name} · ${retriedLine(decision) ?? decision.result?.regime ?? regime}`;
}

/** Status bar text while the router is not running. */
export function downText(reason: string): string {
  return `$(error) HyDRA: ${reason}`;
}

/**
 * What to say next to a candidate: the router's own reason it was not chosen,
 * or, for the router's choice, that another model answered instead.
 */
export function candidateNote(c: Candidate, decision: Decision): string {
  if (c.model === decision.used) {
    return 'chosen';
  }
  if (c.model === decision.result?.model) {
    return 'routed here, but not available in this editor';
  }
  return c.reason ?? '';
}

function shortfallLine(result: RouteResult): string {
  if (result.method !== 'hydra') {
    // Pinned, sticky, escalated and fallback choices are not "the cheapest within τ".
    return `Shortfall ${num(result.shortfall)} (τ ${num(result.tau)})`;
  }
  const verdict =
    result.shortfall <= result.tau
      ? `≤ τ ${num(result.tau)}: meets the requirements`
      : `> τ ${num(result.tau)}: no model met τ, the lowest shortfall won`;
  return `Shortfall ${num(result.shortfall)} ${verdict}`;
}

/** The tooltip: scores, shortfall vs τ, candidates with prices and skip reasons, latency, savings. */
export function tooltipMarkdown(
  decision: Decision,
  models: readonly CatalogModel[],
  savings: SavingsTotals,
): string {
  const r = decision.result;
  const lines: string[] = [];
  if (!r) {
    lines.push(`**HyDRA** → **${decision.usedName}** (fallback)`, '', `$(warning) ${decision.note ?? 'the router was not asked'}`, '');
    lines.push(savingsLine(savings, models));
    return lines.join('\n');
  }
  lines.push(
    `**HyDRA** → **${decision.usedName}** (${METHOD_WORDS[r.method]}) · regime \`${r.regime}\` · ${typeof r.delta === 'number' ? `δ ${num(r.delta)}` : `τ ${num(r.tau)}`}`,
    '',
  );
  if (decision.note) {
    lines.push(`$(warning) ${decision.note}`, '');
  }
  const retried = retriedLine(decision);
  if (retried) {
    lines.push(`$(warning) ${retried[0].toUpperCase()}${retried.slice(1)}`, '');
  }
  if (r.escalationReason) {
    lines.push(`Escalated: ${r.escalationReason}`, '');
  }
  if (r.fallbackReason) {
    lines.push(`Fallback: ${r.fallbackReason}`, '');
  }
  lines.push('| requirement | score |', '|---|---:|');
  for (const [key, label] of SCORE_LABELS) {
    lines.push(`| ${label} | ${num(r.scores[key])} |`);
  }
  lines.push('', shortfallLine(r), '');
  if (typeof r.predictedPass === 'number' && typeof r.delta === 'number') {
    lines.push(`Predicted pass ${num(r.predictedPass)}: the cheapest model within δ ${num(r.delta)} of the best`, '');
  }
  lines.push('| model | shortfall | pass | $/1M in · out (blended) | |', '|---|---:|---:|---:|---|');
  for (const c of r.candidates) {
    const note = candidateNote(c, decision);
    const mark = c.model === decision.used ? `**${note}**` : note;
    const pass = typeof c.predictedPass === 'number' ? num(c.predictedPass) : '–';
    lines.push(
      `| ${displayName(c.model, models)} | ${num(c.shortfall)} | ${pass} | ${c.price.input} · ${c.price.output} (${c.blendedPrice.toFixed(2)}) | ${mark} |`,
    );
  }
  lines.push('', `Routing latency ${r.latencyMs.toFixed(1)} ms · catalog v${r.catalogVersion}`, '');
  lines.push(savingsLine(savings, models));
  return lines.join('\n');
}

/** The line under an @hydra answer: the model that answered, why, and what it was escalated or retried after. */
export function footer(decision: Decision): string {
  const r = decision.result;
  // "Within δ of the best" is the routing rule's claim; sticky, escalated and pinned choices make none.
  const withinDelta = r?.method === 'hydra' && typeof r.delta === 'number' ? ` within δ ${r.delta.toFixed(3)} of the best` : '';
  const why = r
    ? typeof r.predictedPass === 'number' && typeof r.delta === 'number'
      ? `${r.method}, predicted pass ${r.predictedPass.toFixed(3)}${withinDelta} (${r.regime})`
      : `${r.method}, shortfall ${r.shortfall.toFixed(3)} vs τ ${r.tau.toFixed(3)} (${r.regime})`
    : decision.note ?? 'fallback';
  const escalated = r?.escalationReason ? ` Escalated: ${r.escalationReason}.` : '';
  const retried = decision.retried?.length ? ` Retried: ${decision.retried.join('; ')}.` : '';
  return `\n\n---\n*Answered by **${decision.usedName}** · ${why}.${escalated}${retried} Ask \`@hydra /why\` for the details.*`;
}

/** The @hydra answer to "why this model?". */
export function explain(decision: Decision, models: readonly CatalogModel[]): string {
  const r = decision.result;
  if (!r) {
    return `**${decision.usedName}** answered as the fallback model: ${decision.note ?? 'the router was not asked'}.`;
  }
  const chosen = displayName(r.model, models);
  const parts: string[] = [];
  switch (r.method) {
    case 'pinned':
      parts.push(`**${chosen}** is pinned, so every request goes to it (HyDRA: Unpin Model to route again).`);
      break;
    case 'sticky':
      parts.push(`**${chosen}** keeps answering this conversation: the new request needs no more than it offers.`);
      break;
    case 'escalated':
      parts.push(
        `**${chosen}** takes over this conversation: ${r.escalationReason ?? 'the new request needs more than the previous model offers'}.`,
      );
      break;
    case 'fallback':
      parts.push(`**${chosen}** is the fallback model${r.fallbackReason ? `: ${r.fallbackReason}` : ''}.`);
      break;
    default:
      parts.push(
        typeof r.delta === 'number' && typeof r.predictedPass === 'number'
          ? `**${chosen}** is the cheapest model whose predicted pass (${num(r.predictedPass)}) is within δ = ${num(r.delta)} of the best eligible model's, regime \`${r.regime}\` (shortfall ${num(r.shortfall)}).`
          : r.shortfall <= r.tau
          ? `**${chosen}** is the cheapest model whose shortfall (${num(r.shortfall)}) is within τ = ${num(r.tau)} of regime \`${r.regime}\`.`
          : `No model is within τ = ${num(r.tau)} of regime \`${r.regime}\`, so **${chosen}**, with the lowest shortfall (${num(r.shortfall)}), was chosen.`,
      );
  }
  if (decision.used !== r.model) {
    parts.push(`It was not available here, so **${decision.usedName}** answered${decision.note ? `: ${decision.note}` : ''}.`);
  } else if (decision.note) {
    parts.push(`Note: ${decision.note}.`);
  }
  if (decision.retried?.length) {
    parts.push(`In this request ${decision.retried.join('; ')}, so **${decision.usedName}** answered.`);
  }
  const scores = SCORE_LABELS.map(([key, label]) => `${label} ${num(r.scores[key])}`).join(', ');
  parts.push('', `Predicted requirements: ${scores}.`);
  const skipped = r.candidates.filter((c) => c.model !== decision.used);
  if (skipped.length > 0) {
    parts.push('', 'Other models:');
    for (const c of skipped) {
      parts.push(`- ${displayName(c.model, models)} ($${c.price.input} / $${c.price.output} per 1M tokens): ${candidateNote(c, decision)}`);
    }
  }
  parts.push('', `Decided in ${r.latencyMs.toFixed(1)} ms on this machine; the prompt did not leave it.`);
  return parts.join('\n');
}
