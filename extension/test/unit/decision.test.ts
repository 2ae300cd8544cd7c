import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addToSavings,
  explain,
  footer,
  NO_SAVINGS,
  requestCost,
  savingsLine,
  candidateNote,
  statusText,
  strongest,
  tooltipMarkdown,
  type Decision,
} from '../../src/decision';
import { candidate, catalog, routeResult } from './fixtures';

const models = catalog().models;

describe('statusText', () => {
  it('shows the model and the regime', () => {
    const decision: Decision = { result: routeResult('small'), used: 'small', usedName: 'Echo small' };
    assert.equal(statusText(decision, models, 'iso'), '$(hubot) Echo small · iso');
  });

  it('marks pins and fallbacks', () => {
    const pinned: Decision = { result: routeResult('large', { method: 'pinned' }), used: 'large', usedName: 'Echo large' };
    assert.match(statusText(pinned, models, 'iso'), /^\$\(pin\) Echo large/);
    const down: Decision = { used: 'echo/echo-large', usedName: 'Echo Large', note: 'the router is starting' };
    assert.equal(statusText(down, models, 'peak'), '$(warning) Echo Large · peak');
  });

  it('shows the regime before any decision', () => {
    assert.equal(statusText(undefined, models, 'aggressive'), '$(hubot) HyDRA · aggressive');
  });
});

describe('tooltipMarkdown', () => {
  it('lists scores, shortfall vs τ, candidates with prices and skip reasons, latency', () => {
    const decision: Decision = { result: routeResult('small'), used: 'small', usedName: 'Echo small' };
    const md = tooltipMarkdown(decision, models, NO_SAVINGS);
    assert.match(md, /\| code generation \| 0\.800 \|/);
    assert.match(md, /Shortfall 0\.010 ≤ τ 0\.060: meets the requirements/);
    assert.match(md, /\| Echo small \| 0\.010 \| – \| 0\.5 · 2 \(0\.88\) \| \*\*chosen\*\* \|/);
    assert.match(md, /\| Echo large \| 0\.000 \| – \| 3 · 15 \(6\.00\) \| within τ, but `small` is cheaper/);
    assert.match(md, /\| Echo vision \| .* \| no image input \|/);
    assert.match(md, /Routing latency 4\.2 ms · catalog v3/);
  });

  it('shows predicted pass and δ when the catalog matches on them', () => {
    const base = routeResult('small');
    const result = routeResult('small', {
      predictedPass: 0.974,
      delta: 0.03,
      candidates: base.candidates.map((c, i) => ({ ...c, predictedPass: [0.974, 0.986, 0.98][i] })),
    });
    const md = tooltipMarkdown({ result, used: 'small', usedName: 'Echo small' }, models, NO_SAVINGS);
    assert.match(md, /Predicted pass 0\.974: the cheapest model within δ 0\.030 of the best/);
    assert.match(md, /\| Echo large \| 0\.000 \| 0\.986 \| 3 · 15/);
  });

  it('says when no model met τ', () => {
    const result = routeResult('large', { shortfall: 0.2, tau: 0.06 });
    const md = tooltipMarkdown({ result, used: 'large', usedName: 'Echo large' }, models, NO_SAVINGS);
    assert.match(md, /Shortfall 0\.200 > τ 0\.060: no model met τ, the lowest shortfall won/);
  });

  it('explains a decision made without the router', () => {
    const md = tooltipMarkdown({ used: 'echo/x', usedName: 'X', note: 'the router is starting' }, models, NO_SAVINGS);
    assert.match(md, /\(fallback\)/);
    assert.match(md, /the router is starting/);
  });
});

describe('candidateNote', () => {
  it('shows the router’s reason and derives none of its own', () => {
    const decision: Decision = { result: routeResult('small', { method: 'sticky' }), used: 'small', usedName: 'Echo small' };
    assert.equal(candidateNote(candidate('a', 0, 1, 1, { reason: 'this conversation stays with `small`' }), decision), 'this conversation stays with `small`');
    assert.equal(candidateNote(candidate('small', 0.01, 0.5, 2), decision), 'chosen');
    const replaced: Decision = { ...decision, used: 'large', usedName: 'Echo large' };
    assert.equal(candidateNote(candidate('small', 0.01, 0.5, 2), replaced), 'routed here, but not available in this editor');
  });

  it('never calls a pinned, sticky or escalated choice the cheapest within τ', () => {
    for (const method of ['pinned', 'sticky', 'escalated'] as const) {
      const result = routeResult('large', { method, shortfall: 0.3, tau: 0.06 });
      const md = tooltipMarkdown({ result, used: 'large', usedName: 'Echo large' }, models, NO_SAVINGS);
      assert.match(md, /Shortfall 0\.300 \(τ 0\.060\)/, method);
      assert.doesNotMatch(md, /lowest shortfall won|a cheaper model also met τ/, method);
    }
  });
});

describe('savings', () => {
  it('costs tokens at USD per million', () => {
    assert.equal(requestCost({ input: 2, output: 10 }, 1_000_000, 100_000), 3);
  });

  it('takes the lowest shortfall as the strongest, ties to the higher price', () => {
    assert.equal(strongest([candidate('a', 0.1, 1, 1), candidate('b', 0, 1, 2), candidate('c', 0, 3, 15)])?.model, 'c');
    // Ties go by the blended price the router orders by, not by input + output.
    assert.equal(strongest([candidate('in', 0, 10, 0), candidate('out', 0, 1, 12)])?.model, 'in');
    assert.equal(strongest([]), undefined);
  });

  it('adds up what routing saved against the strongest model', () => {
    const decision: Decision = { result: routeResult('small'), used: 'small', usedName: 'Echo small' };
    const once = addToSavings(NO_SAVINGS, decision, 1_000_000, 0);
    const twice = addToSavings(once, decision, 1_000_000, 0);
    assert.equal(twice.requests, 2);
    assert.equal(twice.spent, 1);
    assert.equal(twice.strongestCost, 6);
    assert.equal(twice.strongestModel, 'large');
    assert.match(savingsLine(twice, models), /Savings: \$5\.00 \(83%\) vs always the strongest model \(now Echo large\) over 2 requests/);
  });

  it('ignores answers whose model the router did not list', () => {
    const decision: Decision = { used: 'echo/other', usedName: 'Other' };
    assert.equal(addToSavings(NO_SAVINGS, decision, 100, 100), NO_SAVINGS);
    assert.equal(savingsLine(NO_SAVINGS, models), 'Savings: no requests answered yet');
  });
});

describe('explain', () => {
  it('names the rule that chose the model and the skipped ones', () => {
    const text = explain({ result: routeResult('small'), used: 'small', usedName: 'Echo small' }, models);
    assert.match(text, /\*\*Echo small\*\* is the cheapest model whose shortfall \(0\.010\) is within τ = 0\.060 of regime `iso`/);
    assert.match(text, /- Echo vision \(\$1 \/ \$5 per 1M tokens\): no image input/);
  });

  it('says when the routed model was replaced', () => {
    const text = explain({ result: routeResult('small'), used: 'large', usedName: 'Echo large', note: 'not available here: Echo small' }, models);
    assert.match(text, /It was not available here, so \*\*Echo large\*\* answered: not available here: Echo small/);
  });

  it('explains sticky, pinned and fallback decisions', () => {
    for (const [method, phrase] of [['sticky', /keeps answering/], ['pinned', /is pinned/], ['escalated', /takes over/]] as const) {
      assert.match(explain({ result: routeResult('large', { method }), used: 'large', usedName: 'Echo large' }, models), phrase);
    }
    assert.match(
      explain({ result: routeResult('large', { method: 'fallback', fallbackReason: 'all models unhealthy' }), used: 'large', usedName: 'Echo large' }, models),
      /fallback model: all models unhealthy/,
    );
  });
});

describe('retries and escalations', () => {
  const retried: Decision = {
    result: routeResult('large', { method: 'escalated', escalationReason: '`small` failed here (empty)' }),
    used: 'large',
    usedName: 'Echo large',
    retried: ['Echo small gave an empty answer'],
  };

  it('says in the status bar which model answered after which one failed', () => {
    assert.equal(statusText(retried, models, 'iso'), '$(warning) Echo large · retried: Echo small gave an empty answer');
  });

  it('shows the retry and the escalation reason in the tooltip', () => {
    const md = tooltipMarkdown(retried, models, NO_SAVINGS);
    assert.match(md, /\$\(warning\) Retried: Echo small gave an empty answer/);
    assert.match(md, /Escalated: `small` failed here \(empty\)/);
  });

  it('gives the escalation reason and the retry in /why', () => {
    const text = explain(retried, models);
    assert.match(text, /\*\*Echo large\*\* takes over this conversation: `small` failed here \(empty\)\./);
    assert.match(text, /In this request Echo small gave an empty answer, so \*\*Echo large\*\* answered\./);
  });

  it('names the escalation reason and the retry under an @hydra answer', () => {
    const line = footer(retried);
    assert.match(line, /^\n\n---\n\*Answered by \*\*Echo large\*\* · escalated, shortfall 0\.010 vs τ 0\.060 \(iso\)\./);
    assert.match(line, /Escalated: `small` failed here \(empty\)\. Retried: Echo small gave an empty answer\. Ask/);
    assert.doesNotMatch(footer({ result: routeResult('small'), used: 'small', usedName: 'Echo small' }), /Escalated|Retried/);
    const onPass = { predictedPass: 0.9, delta: 0.03 };
    assert.match(footer({ result: routeResult('small', onPass), used: 'small', usedName: 'Echo small' }), /hydra, predicted pass 0\.900 within δ 0\.030 of the best \(iso\)/);
    assert.match(footer({ ...retried, result: { ...retried.result!, ...onPass } }), /escalated, predicted pass 0\.900 \(iso\)\. Escalated:/);
  });

  it('puts a note on a decision that kept the routed model into /why', () => {
    const text = explain({ result: routeResult('small', { regime: 'peak' }), used: 'small', usedName: 'Echo small', note: 'regime guarantee: routed as peak' }, models);
    assert.match(text, /Note: regime guarantee: routed as peak\./);
  });
});
