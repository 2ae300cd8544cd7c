import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveRegime, regimeItems, regimeLabel } from '../../src/regimes';
import { catalog } from './fixtures';

const certified = catalog({ guarantee: { epsilon: 0.05, alpha: 0.1, delta: 0.021, reference: 'large', n: 400 } });

describe('regimeItems', () => {
  it('lists every regime with its words and τ, marking the current one', () => {
    const items = regimeItems('iso', catalog());
    assert.deepEqual(items.map((i) => i.label), ['peak', 'iso', 'aggressive', 'guarantee']);
    assert.deepEqual(items[1], { label: 'iso', description: 'balanced · τ 0.06', detail: 'current', selectable: true });
  });

  it('shows the certificate: ε with probability 1 − α vs the reference', () => {
    const g = regimeItems('iso', certified)[3];
    assert.equal(g.selectable, true);
    assert.match(g.description, /ε 0\.05 with probability 1 − α = 0\.9 vs large/);
    assert.match(g.description, /δ 0\.021; 400 calibration requests/);
  });

  it('says when no δ was certified', () => {
    const g = regimeItems('guarantee', catalog({ guarantee: { epsilon: 0.02, alpha: 0.05, delta: null, reference: 'large', n: 80 } }))[3];
    assert.match(g.description, /no δ certified: every request goes to large/);
    assert.equal(g.detail, 'current');
  });

  it('explains how to certify one, without switching, on a catalog that has none', () => {
    for (const cat of [catalog(), catalog({ guarantee: null })]) {
      const g = regimeItems('iso', cat)[3];
      assert.equal(g.selectable, false);
      assert.match(g.description, /not available/);
      assert.match(g.detail ?? '', /hydra-router calibrate --catalog \/w\/profiles\.yaml --data OUTCOMES\.jsonl --guarantee EPS --alpha A --out profiles\.certified\.yaml/);
    }
  });
});

describe('effectiveRegime', () => {
  it('keeps every regime the catalog serves', () => {
    assert.deepEqual(effectiveRegime('iso', catalog()), { regime: 'iso' });
    assert.deepEqual(effectiveRegime('guarantee', certified), { regime: 'guarantee' });
    assert.deepEqual(effectiveRegime('guarantee', undefined), { regime: 'guarantee' }, 'no catalog known: the router decides');
  });

  it('routes an uncertified guarantee as peak, and says so', () => {
    const { regime, note } = effectiveRegime('guarantee', catalog());
    assert.equal(regime, 'peak');
    assert.match(note ?? '', /certifies none, so it was routed as peak/);
  });
});

describe('regimeLabel', () => {
  it('names a regime the catalog serves as it is', () => {
    assert.equal(regimeLabel('iso', catalog()), 'iso');
    assert.equal(regimeLabel('guarantee', certified), 'guarantee');
    assert.equal(regimeLabel('guarantee', undefined), 'guarantee', 'no catalog known yet: nothing to say about it');
  });

  it('says when a guarantee setting is not certified by the catalog and routes as peak', () => {
    for (const cat of [catalog(), catalog({ guarantee: null })]) {
      assert.equal(regimeLabel('guarantee', cat), 'guarantee (not certified by this catalog: routing as peak)');
    }
  });
});
