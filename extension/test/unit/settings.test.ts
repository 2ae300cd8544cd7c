import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, parseModelRef, parseSettings, resolveProfilesPath } from '../../src/settings';

describe('parseSettings', () => {
  it('reads valid values', () => {
    const raw: Record<string, unknown> = {
      regime: 'peak',
      profilesPath: ' cfg/profiles.yaml ',
      pinnedModel: 'large',
      fallbackModel: 'echo/echo-large',
      logPrompts: true,
      'feedback.log': true,
      'server.pythonPath': '/usr/bin/python3.12',
      'server.maxCrashes': 3,
      'trace.server': 'verbose',
    };
    assert.deepEqual(parseSettings((k) => raw[k]), {
      regime: 'peak',
      profilesPath: 'cfg/profiles.yaml',
      pinnedModel: 'large',
      fallbackModel: 'echo/echo-large',
      logPrompts: true,
      feedbackLog: true,
      pythonPath: '/usr/bin/python3.12',
      maxCrashes: 3,
      trace: 'verbose',
    });
  });

  it('falls back to defaults for values outside their union or of the wrong type', () => {
    const raw: Record<string, unknown> = {
      regime: 'fast',
      logPrompts: 'yes',
      'feedback.log': 1,
      'server.maxCrashes': 0.5,
      'trace.server': 'all',
      pinnedModel: 7,
    };
    assert.deepEqual(parseSettings((k) => raw[k]), DEFAULT_SETTINGS);
  });

  it('matches the settings contributed in package.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
    const props = manifest.contributes.configuration.properties as Record<string, { default: unknown; enum?: string[] }>;
    const keyOf: Record<string, string> = {
      regime: 'hydra.regime',
      profilesPath: 'hydra.profilesPath',
      pinnedModel: 'hydra.pinnedModel',
      fallbackModel: 'hydra.fallbackModel',
      logPrompts: 'hydra.logPrompts',
      feedbackLog: 'hydra.feedback.log',
      pythonPath: 'hydra.server.pythonPath',
      maxCrashes: 'hydra.server.maxCrashes',
      trace: 'hydra.trace.server',
    };
    assert.deepEqual(Object.keys(keyOf).sort(), Object.keys(DEFAULT_SETTINGS).sort());
    assert.deepEqual(Object.values(keyOf).sort(), Object.keys(props).sort());
    for (const [field, key] of Object.entries(keyOf)) {
      assert.equal(props[key].default, DEFAULT_SETTINGS[field as keyof typeof DEFAULT_SETTINGS], key);
    }
    assert.deepEqual(props['hydra.regime'].enum, ['peak', 'iso', 'aggressive', 'guarantee']);
    assert.deepEqual(props['hydra.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(props['hydra.logPrompts'].default, false);
    assert.equal(props['hydra.feedback.log'].default, false);
  });
});

describe('parseModelRef', () => {
  it('splits vendor/family and rejects other forms', () => {
    assert.deepEqual(parseModelRef('copilot/gpt-5.4'), { vendor: 'copilot', family: 'gpt-5.4' });
    assert.deepEqual(parseModelRef('v/fam/ily'), { vendor: 'v', family: 'fam/ily' });
    for (const bad of ['', 'gpt', '/gpt', 'copilot/']) {
      assert.equal(parseModelRef(bad), undefined, bad);
    }
  });
});

describe('resolveProfilesPath', () => {
  const ws = path.resolve('/ws');
  it('resolves the setting against the first folder', () => {
    assert.equal(resolveProfilesPath('conf/p.yaml', [ws]), path.join(ws, 'conf/p.yaml'));
    assert.equal(resolveProfilesPath('/abs/p.yaml', [ws]), '/abs/p.yaml');
  });

  it("uses the workspace's profiles.yaml, else none", () => {
    const file = path.join(ws, 'profiles.yaml');
    assert.equal(resolveProfilesPath('', [ws], (f) => f === file), file);
    assert.equal(resolveProfilesPath('', [ws], () => false), undefined);
  });
});
