/**
 * The real sidecar, driven over stdio with vscode-jsonrpc as the extension's
 * language client drives it: initialize, route, catalog, setHealth, errors,
 * diagnostics for profiles.yaml, and a hot reload of the catalog.
 *
 * The predictor is the tiny fixture model (tests/fixtures/tiny_model.py):
 * "prove theorem why reason" needs reasoning, "hello please" needs nothing.
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc/node';
import {
  CATALOG,
  CATALOG_CHANGED,
  FEEDBACK,
  INVALID_PARAMS,
  ROUTE,
  SET_HEALTH,
  type CatalogChanged,
  type CatalogResult,
  type FeedbackParams,
  type RouteParams,
  type RouteResult,
} from '../src/protocol';
import { buildTinyModel, initializeSidecar, startSidecar, withTimeout, type Sidecar } from './sidecar';

const EASY = 'hello please';
const HARD = 'prove theorem why reason';

function profiles(small: number): string {
  const model = (id: string, family: string, capability: number, input: number, output: number) => `
  - id: ${id}
    name: Echo ${id}
    vendor: echo
    family: ${family}
    capabilities: { reasoning: ${capability}, code_generation: ${capability}, debugging: ${capability}, tool_use: ${capability} }
    price: { input: ${input}, output: ${output} }
    context_window: 100000
`;
  return `format: 1
defaults:
  regime: iso
  tau: { peak: 0.02, iso: 0.06, aggressive: 0.15 }
fallback: echo-large
models:${model('echo-small', 'echo-small', small, 0.5, 2)}${model('echo-large', 'echo-large', 1.0, 3, 15)}`;
}

/** Replace a file the way editors save: write aside, then rename over it. */
function saveAtomically(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

function expectCode(code: number, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ResponseError, `expected a JSON-RPC error, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('sidecar over stdio', { timeout: 120_000 }, () => {
  let tmp: string;
  let workspace: string;
  let profilesFile: string;
  let sidecar: Sidecar;
  const changes: CatalogChanged[] = [];
  type Published = { uri: string; diagnostics: { message: string; range: { start: { line: number } } }[] };
  const diagnostics: Published[] = [];

  const route = (params: RouteParams) => withTimeout(sidecar.connection.sendRequest<RouteResult>(ROUTE, params), 15_000, ROUTE);
  const catalog = () => withTimeout(sidecar.connection.sendRequest<CatalogResult>(CATALOG, {}), 15_000, CATALOG);

  async function waitFor<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = probe();
      if (value !== undefined) {
        return value;
      }
      if (Date.now() > deadline) {
        throw new Error(`${what}: not seen within ${ms} ms. Sidecar stderr:\n${sidecar.stderr()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hydra-protocol-'));
    workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(workspace);
    profilesFile = path.join(workspace, 'profiles.yaml');
    fs.writeFileSync(profilesFile, profiles(0.2));
    buildTinyModel(path.join(tmp, 'model'));
    sidecar = startSidecar(['--model', path.join(tmp, 'model'), '--threads', '1']);
    sidecar.connection.onNotification(CATALOG_CHANGED, (changed: unknown) => {
      changes.push(changed as CatalogChanged);
    });
    sidecar.connection.onNotification('textDocument/publishDiagnostics', (params: unknown) => {
      diagnostics.push(params as Published);
    });
    await initializeSidecar(sidecar, workspace, profilesFile);
  });

  after(async () => {
    await sidecar?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves the catalog named in initializationOptions', async () => {
    const result = await catalog();
    assert.equal(result.origin, 'initializationOptions');
    assert.equal(result.source, profilesFile);
    assert.equal(result.regime, 'iso');
    assert.equal(result.fallback, 'echo-large');
    assert.deepEqual(result.tau, { peak: 0.02, iso: 0.06, aggressive: 0.15 });
    assert.deepEqual(result.models.map((m) => [m.id, m.vendor, m.family, m.healthy]), [
      ['echo-small', 'echo', 'echo-small', true],
      ['echo-large', 'echo', 'echo-large', true],
    ]);
    assert.deepEqual(result.errors, []);
  });

  it('routes an easy prompt to the cheap model and a hard one to the strong model', async () => {
    const easy = await route({ prompt: EASY });
    assert.equal(easy.model, 'echo-small');
    assert.equal(easy.method, 'hydra');
    assert.ok(easy.shortfall <= easy.tau);
    assert.equal(easy.regime, 'iso');
    assert.deepEqual(easy.candidates.map((c) => c.model).sort(), ['echo-large', 'echo-small']);
    assert.ok(easy.latencyMs >= 0);

    const hard = await route({ prompt: HARD });
    assert.equal(hard.model, 'echo-large');
    assert.ok(hard.scores.reasoning > easy.scores.reasoning);
    const small = hard.candidates.find((c) => c.model === 'echo-small');
    assert.ok(small && small.shortfall > hard.tau, 'the cheap model falls short on the hard prompt');
  });

  it('names the chosen chat model and says why every other model was not chosen', async () => {
    const easy = await route({ prompt: EASY });
    assert.deepEqual([easy.model, easy.vendor, easy.family, easy.name], ['echo-small', 'echo', 'echo-small', 'Echo echo-small']);
    const [small, large] = ['echo-small', 'echo-large'].map((id) => easy.candidates.find((c) => c.model === id));
    assert.equal(small?.reason, undefined);
    assert.match(large?.reason ?? '', /within τ, but `echo-small` is cheaper/);
    // The catalog's input share (0.75 by default) blends the two prices.
    assert.deepEqual([small?.blendedPrice, large?.blendedPrice], [0.875, 6]);

    const pinned = await route({ prompt: EASY, pin: 'echo-large' });
    assert.deepEqual([pinned.method, pinned.family], ['pinned', 'echo-large']);
    assert.equal(pinned.candidates.find((c) => c.model === 'echo-small')?.reason, '`echo-large` is pinned');
  });

  it('honours exclude, pin and setHealth', async () => {
    assert.notEqual((await route({ prompt: HARD, exclude: ['echo-large'] })).model, 'echo-large');
    const pinned = await route({ prompt: HARD, pin: 'echo-small' });
    assert.deepEqual([pinned.model, pinned.method], ['echo-small', 'pinned']);

    await sidecar.connection.sendRequest(SET_HEALTH, { model: 'echo-large', healthy: false, reason: 'not in this editor' });
    assert.equal((await catalog()).models.find((m) => m.id === 'echo-large')?.healthy, false);
    assert.notEqual((await route({ prompt: HARD })).model, 'echo-large');
    await sidecar.connection.sendRequest(SET_HEALTH, { model: 'echo-large', healthy: true });
    assert.equal((await route({ prompt: HARD })).model, 'echo-large');
  });

  it('answers bad requests with JSON-RPC errors and keeps serving', async () => {
    await assert.rejects(route({ prompt: '' }), expectCode(INVALID_PARAMS, /prompt/));
    await assert.rejects(route({ prompt: EASY, tau: -1 }), expectCode(INVALID_PARAMS, /tau/));
    await assert.rejects(
      sidecar.connection.sendRequest(ROUTE, { prompt: EASY, regime: 'fastest' }),
      expectCode(INVALID_PARAMS, /regime/),
    );
    await assert.rejects(
      sidecar.connection.sendRequest(SET_HEALTH, { model: 'nope', healthy: false }),
      expectCode(INVALID_PARAMS, /nope/),
    );
    await assert.rejects(sidecar.connection.sendRequest('hydra/unknown', {}), expectCode(-32601, /.+/));
    assert.equal((await route({ prompt: EASY })).model, 'echo-small');
  });

  it('takes hydra/feedback notifications and keeps routing', async () => {
    const first = await route({ prompt: EASY, conversationId: 'feedback-answered' });
    const feedback: FeedbackParams = { conversationId: 'feedback-answered', model: first.model, outcome: 'answered' };
    await sidecar.connection.sendNotification(FEEDBACK, feedback);
    await sidecar.connection.sendNotification(FEEDBACK, { ...feedback, conversationId: 'never-routed', outcome: 'helpful' });
    const next = await route({ prompt: EASY, conversationId: 'feedback-answered' });
    assert.deepEqual([next.model, next.method], ['echo-small', 'sticky'], 'an answer that worked keeps the conversation where it is');
    assert.equal(sidecar.child.exitCode, null);
  });

  it('refuses regime guarantee on a catalog that certifies none (the editor then routes as peak)', async () => {
    assert.equal((await catalog()).guarantee ?? null, null);
    await assert.rejects(route({ prompt: EASY, regime: 'guarantee' }), expectCode(INVALID_PARAMS, /guarantee/));
    assert.equal((await route({ prompt: EASY, regime: 'peak' })).regime, 'peak');
  });

  it('publishes diagnostics for an open profiles.yaml with errors', async () => {
    const uri = pathToFileURL(path.join(workspace, 'draft', 'profiles.yaml')).href;
    const text = profiles(0.2).replace('input: 0.5', 'input: -1');
    await sidecar.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const published = await waitFor('diagnostics', () => diagnostics.find((d) => d.uri === uri && d.diagnostics.length > 0));
    const badLine = text.split('\n').findIndex((line) => line.includes('input: -1'));
    assert.ok(
      published.diagnostics.some((d) => d.range.start.line === badLine && /0 or more/.test(d.message)),
      `no diagnostic on line ${badLine}: ${JSON.stringify(published.diagnostics)}`,
    );
    await sidecar.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: profiles(0.2) }],
    });
    await waitFor('cleared diagnostics', () => (diagnostics.at(-1)?.uri === uri && diagnostics.at(-1)?.diagnostics.length === 0 ? true : undefined));
  });

  it('reloads the catalog when the file changes, and keeps the last good one on errors', async () => {
    const before = (await catalog()).version;
    saveAtomically(profilesFile, profiles(1.0));
    const changed = await waitFor('catalogChanged', () => changes.find((c) => c.version > before && c.errors.length === 0));
    assert.equal(changed.source, profilesFile);
    assert.equal((await catalog()).version, changed.version);
    assert.equal((await route({ prompt: HARD })).model, 'echo-small', 'the cheap model now covers the hard prompt');

    saveAtomically(profilesFile, 'format: 1\nmodels: [');
    const failed = await waitFor('catalogChanged with errors', () => changes.find((c) => c.errors.length > 0));
    assert.equal(failed.errors[0].path, profilesFile);
    assert.equal((await route({ prompt: HARD })).model, 'echo-small', 'the last good catalog stays active');
  });
});
