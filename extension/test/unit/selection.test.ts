import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseFallback, type AvailableModel } from '../../src/fallback';
import type { CatalogResult, RouteParams, RouteResult } from '../../src/protocol';
import { selectChat, unavailableIds, type SelectionDeps } from '../../src/selection';
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
function fakeDeps(
  families: string[],
  answers: (params: RouteParams) => RouteResult | Error,
  kept: CatalogResult | undefined = catalog(),
  fresh: CatalogResult | undefined = kept,
) {
  const calls: RouteParams[] = [];
  let listings = 0;
  let refreshes = 0;
  let current = kept;
  const deps: SelectionDeps<string> = {
    route: async (params) => {
      calls.push(params);
      const answer = answers(params);
      if (answer instanceof Error) {
        throw answer;
      }
      return answer;
    },
    catalog: () => current,
    refreshCatalog: async () => {
      refreshes++;
      current = fresh;
      return fresh;
    },
    allChats: async () => {
      listings++;
      return families.map((f) => {
        const [vendor, family] = f.split('/');
        return { model: available(vendor, family), chat: f };
      });
    },
    fallbackSetting: '',
  };
  return { deps, calls, listings: () => listings, refreshes: () => refreshes };
}

describe('unavailableIds', () => {
  it('lists the catalog models the editor lacks, and ours', () => {
    const ours = catalog({ models: [...catalog().models, { ...catalog().models[0], id: 'self', vendor: 'hydra', family: 'hydra-auto' }] });
    assert.deepEqual(unavailableIds(ours, [available('echo', 'echo-large'), available('hydra', 'hydra-auto')]), ['small', 'vision', 'self']);
    assert.deepEqual(unavailableIds(undefined, []), []);
  });
});

describe('selectChat', () => {
  it('uses the routed model when the editor has it', async () => {
    const { deps, calls } = fakeDeps(['echo/echo-small', 'echo/echo-large', 'echo/echo-vision'], () => routeResult('small'));
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok(!('error' in selection));
    assert.equal(selection.chat, 'echo/echo-small');
    assert.equal(selection.decision.used, 'small');
    assert.equal(selection.decision.usedName, 'Echo small');
    assert.equal(selection.decision.note, undefined);
    assert.deepEqual(calls.map((c) => c.exclude), [[]]);
  });

  it('sends the models the editor lacks as exclude, with one route request and one model listing', async () => {
    const { deps, calls, listings, refreshes } = fakeDeps(['echo/echo-large'], (p) =>
      routeResult(p.exclude?.includes('small') ? 'large' : 'small'),
    );
    const selection = await selectChat({ prompt: 'hi', exclude: ['gone'] }, deps);
    assert.ok(!('error' in selection));
    assert.equal(selection.chat, 'echo/echo-large');
    assert.deepEqual(calls.map((c) => c.exclude), [['gone', 'small', 'vision']]);
    assert.equal(listings(), 1);
    assert.equal(refreshes(), 0);
  });

  it('selects by the vendor and family in the result, not by a kept catalog', async () => {
    // No catalog kept yet (or one from before a reload): the result alone names the chat model.
    const { deps, calls } = fakeDeps(['echo/echo-small'], () => routeResult('small'), undefined);
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok(!('error' in selection));
    assert.equal(selection.chat, 'echo/echo-small');
    assert.equal(selection.decision.usedName, 'Echo small');
    assert.equal(calls.length, 1);
  });

  it('asks once more when the router names a model the kept catalog did not know', async () => {
    const reloaded = catalog({ version: 4, models: [...catalog().models, { ...catalog().models[0], id: 'new', family: 'echo-new' }] });
    const { deps, calls, refreshes } = fakeDeps(
      ['echo/echo-large'],
      (p) => routeResult(p.exclude?.includes('new') ? 'large' : 'new', { catalogVersion: 4 }),
      catalog(),
      reloaded,
    );
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok(!('error' in selection));
    assert.equal(selection.chat, 'echo/echo-large');
    assert.deepEqual(calls.map((c) => c.exclude), [['small', 'vision'], ['small', 'vision', 'new']]);
    assert.equal(refreshes(), 1);
  });

  it('falls back with the reason when the router answers with an excluded model (its fallback)', async () => {
    const { deps, calls } = fakeDeps(['other/x'], () => routeResult('large', { method: 'fallback' }));
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok(!('error' in selection));
    assert.equal(selection.chat, 'other/x');
    assert.equal(calls.length, 1);
    assert.match(selection.decision.note ?? '', /Echo large \(echo\/echo-large\) is not available in this editor; answered by x, the first chat model available/);
  });

  it('falls back when the router is down', async () => {
    const { deps } = fakeDeps(['echo/echo-small', 'echo/echo-large'], () => new Error('the router is not running: no Python'));
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok(!('error' in selection));
    assert.equal(selection.chat, 'echo/echo-large');
    assert.equal(selection.decision.result, undefined);
    assert.equal(selection.decision.note, "the router is not running: no Python; answered by echo-large, the catalog's fallback");
  });

  it('returns an error when the editor has no chat model at all', async () => {
    const { deps } = fakeDeps([], () => new Error('down'));
    const selection = await selectChat({ prompt: 'hi' }, deps);
    assert.ok('error' in selection);
    assert.match(selection.error, /no chat model to answer with \(down\)/);
  });
});
