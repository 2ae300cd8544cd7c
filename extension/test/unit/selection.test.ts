import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseFallback, type AvailableModel } from '../../src/fallback';
import type { RouteParams, RouteResult } from '../../src/protocol';
import { selectChat, type SelectionDeps } from '../../src/selection';
import { catalog, routeResult } from './fixtures';

const available = (vendor: string, family: string): AvailableModel => ({ vendor, family, id: `${vendor}-${family}`, name: family });

describe('chooseFallback', () => {
  const editor = [available('hydra', 'hydra-auto'), available('echo', 'echo-small'), available('echo', 'echo-large')];

  it('prefers the setting, then the catalog fallback, then any catalog model, then any model', () => {
    assert.equal(chooseFallback('echo/echo-small', catalog(), editor)?.model.family, 'echo-small');
    assert.equal(chooseFallback('', catalog(), editor)?.catalogId, 'large');
    assert.equal(chooseFallback('', catalog(), editor, new Set(['large']))?.catalogId, 'small');
    const other = [available('other', 'x')];
    assert.deepEqual(chooseFallback('', catalog(), other), { model: other[0], catalogId: undefined, source: 'the first chat model available' });
    assert.equal(chooseFallback('', undefined, editor)?.model.family, 'echo-small');
  });

  it('never falls back to its own model', () => {
    assert.equal(chooseFallback('hydra/hydra-auto', undefined, [available('hydra', 'hydra-auto')]), undefined);
  });

  it('ignores a setting naming a model the editor lacks', () => {
    assert.equal(chooseFallback('echo/echo-huge', catalog(), editor)?.source, "the catalog's fallback");
  });
});

/** A fake editor: chat models are their `vendor/family` strings. */
function fakeDeps(families: string[], answers: (params: RouteParams) => RouteResult | Error) {
  const calls: RouteParams[] = [];
  const unhealthy: string[] = [];
  const deps: SelectionDeps<string> = {
    route: async (params) => {
      calls.push(params);
      const answer = answers(params);
      if (answer instanceof Error) {
        throw answer;
      }
      return answer;
    },
    catalog: () => catalog(),
    chatsFor: async (vendor, family) => families.filter((f) => f === `${vendor}/${family}`),
    allChats: async () =>
      families.map((f) => {
        const [vendor, family] = f.split('/');
        return { model: available(vendor, family), chat: f };
      }),
    markUnavailable: async (id) => {
      unhealthy.push(id);
    },
    fallbackSetting: '',
  };
  return { deps, calls, unhealthy };
}

describe('selectChat', () => {
  it('uses the routed model when the editor has it', async () => {
    const { deps, calls } = fakeDeps(['echo/echo-small', 'echo/echo-large'], () => routeResult('small'));
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok(!('error' in selection));
    assert.equal(selection.chat, 'echo/echo-small');
    assert.equal(selection.decision.used, 'small');
    assert.equal(selection.decision.note, undefined);
    assert.equal(calls.length, 1);
  });

  it('excludes a missing model, reports it, and routes again', async () => {
    const { deps, calls, unhealthy } = fakeDeps(['echo/echo-large'], (p) =>
      routeResult(p.exclude?.includes('small') ? 'large' : 'small'),
    );
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok(!('error' in selection));
    assert.equal(selection.chat, 'echo/echo-large');
    assert.deepEqual(calls.map((c) => c.exclude), [[], ['small']]);
    assert.deepEqual(unhealthy, ['small']);
    assert.equal(selection.decision.note, 'not available here: Echo small');
  });

  it('falls back with the reason when the router keeps choosing missing models', async () => {
    const { deps, calls } = fakeDeps(['other/x'], () => routeResult('large', { method: 'fallback' }));
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok(!('error' in selection));
    assert.equal(selection.chat, 'other/x');
    assert.equal(calls.length, 2);
    assert.match(selection.decision.note ?? '', /Echo large \(echo\/echo-large\) is not available in this editor; answered by x, the first chat model available/);
  });

  it('falls back when the router is down', async () => {
    const { deps } = fakeDeps(['echo/echo-small', 'echo/echo-large'], () => new Error('the router is starting'));
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok(!('error' in selection));
    assert.equal(selection.chat, 'echo/echo-large');
    assert.equal(selection.decision.result, undefined);
    assert.equal(selection.decision.note, "the router is starting; answered by echo-large, the catalog's fallback");
  });

  it('returns an error when the editor has no chat model at all', async () => {
    const { deps } = fakeDeps([], () => new Error('down'));
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok('error' in selection);
    assert.match(selection.error, /no chat model to answer with \(down\)/);
  });
});
