/**
 * Every supported Python, not only the one the .vsix carries libraries for:
 * for CPython 3.10, 3.12 and 3.13 the extension installs the libraries at first
 * run (install.ts, with pip from the package index), then starts the sidecar
 * with them exactly as client.ts does, and routes a request. A Python that
 * cannot install them gets a message that says what failed and what to do.
 *
 * The interpreters come from HYDRA_TEST_PYTHONS (paths separated by the path
 * delimiter), else `python3.X` on PATH, else pyenv's versions; a version not
 * found is reported as skipped. The install needs pip to reach its index.
 */

import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installLibs, isInstalled } from '../src/install';
import { CATALOG, ROUTE, type CatalogResult, type RouteResult } from '../src/protocol';
import { libsTag, probeVersion, PythonProblem, sidecarPythonPath, type FoundPython } from '../src/python';
import { buildTinyModel, initializeSidecar, python, repoRoot, startSidecar, withTimeout } from './sidecar';

const VERSIONS: [number, number][] = [
  [3, 10],
  [3, 12],
  [3, 13],
];

function candidates(version: [number, number]): string[] {
  const listed = (process.env.HYDRA_TEST_PYTHONS ?? '').split(path.delimiter).filter(Boolean);
  const pyenv = path.join(os.homedir(), '.pyenv', 'versions');
  const fromPyenv = fs.existsSync(pyenv)
    ? fs
        .readdirSync(pyenv)
        .filter((v) => v.startsWith(`${version.join('.')}.`))
        .sort()
        .reverse()
        .map((v) => path.join(pyenv, v, 'bin', 'python'))
    : [];
  return [...listed, `python${version.join('.')}`, ...fromPyenv];
}

/** An interpreter of exactly `version`, or undefined. */
async function findVersion(version: [number, number]): Promise<FoundPython | undefined> {
  for (const command of candidates(version)) {
    const found = await probeVersion(command).catch(() => undefined);
    if (found && found[0] === version[0] && found[1] === version[1]) {
      return { command, source: 'the test', version: found };
    }
  }
  return undefined;
}

const quiet = { info: () => undefined, warn: () => undefined };

describe('first-run install for other Pythons', { timeout: 900_000 }, () => {
  let tmp: string;
  let requirements: string;
  let model: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hydra-pythons-'));
    // What scripts/bundle-sidecar.sh writes as bundled/requirements.txt: pyproject's dependencies.
    requirements = path.join(tmp, 'requirements.txt');
    const code = 'import sys, tomllib; print("\\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]))';
    fs.writeFileSync(requirements, execFileSync(python(), ['-c', code, path.join(repoRoot(), 'pyproject.toml')], { encoding: 'utf8' }));
    model = path.join(tmp, 'model');
    buildTinyModel(model);
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const version of VERSIONS) {
    it(`installs the libraries for Python ${version.join('.')} and routes with them`, async (t) => {
      const found = await findVersion(version);
      if (!found) {
        t.skip(`no Python ${version.join('.')} found (set HYDRA_TEST_PYTHONS)`);
        return;
      }
      const libs = path.join(tmp, 'libs', libsTag(found.version));
      const lines: string[] = [];
      await installLibs(found, requirements, libs, { info: (m) => lines.push(m), warn: (m) => lines.push(m) });
      assert.ok(isInstalled(libs), `no finished install in ${libs}:\n${lines.join('\n')}`);
      assert.ok(!fs.existsSync(`${libs}.partial`));

      // Started as client.ts starts it: these libraries and the sidecar code on PYTHONPATH, no user site.
      const env = { ...process.env, PYTHONPATH: sidecarPythonPath(libs, path.join(repoRoot(), 'sidecar')), PYTHONNOUSERSITE: '1' };
      const sidecar = startSidecar(['--model', model, '--threads', '1'], { python: found.command, env });
      try {
        await initializeSidecar(sidecar, tmp, path.join(repoRoot(), 'profiles', 'profiles.yaml'));
        const catalog = await withTimeout(sidecar.connection.sendRequest<CatalogResult>(CATALOG, {}), 15_000, CATALOG);
        const result = await withTimeout(sidecar.connection.sendRequest<RouteResult>(ROUTE, { prompt: 'hello please' }), 15_000, ROUTE);
        assert.ok(catalog.models.some((m) => m.id === result.model && m.family === result.family));
        assert.equal(result.candidates.length, catalog.models.length);
        const running = execFileSync(found.command, ['-c', 'import onnxruntime, sys; print(onnxruntime.__file__)'], { env, encoding: 'utf8' });
        assert.ok(running.startsWith(libs), `onnxruntime came from ${running.trim()}, not ${libs}`);
      } catch (error) {
        throw new Error(`${(error as Error).message}\nSidecar stderr:\n${sidecar.stderr()}`);
      } finally {
        await sidecar.stop();
      }
    });
  }

  it('says what failed and what to do when pip cannot install', async (t) => {
    const found = (await findVersion([3, 12])) ?? (await findVersion([3, 13])) ?? (await findVersion([3, 10]));
    if (!found) {
      t.skip('no Python 3.10, 3.12 or 3.13 found');
      return;
    }
    const target = path.join(tmp, 'offline', libsTag(found.version));
    // No index and no local wheels: what a machine without network sees.
    const saved = { ...process.env };
    Object.assign(process.env, { PIP_NO_INDEX: '1', PIP_FIND_LINKS: '', PIP_CONFIG_FILE: os.devNull });
    try {
      await assert.rejects(installLibs(found, requirements, target, quiet), (error: unknown) => {
        assert.ok(error instanceof PythonProblem);
        assert.match(error.message, new RegExp(`pip could not install the router's libraries for Python ${found.version.join('\\.')} \\(exit 1;`));
        assert.match(error.message, /Check the network .* hydra\.server\.pythonPath, then run "HyDRA: Restart Router"/);
        return true;
      });
    } finally {
      process.env = saved;
    }
    assert.ok(!isInstalled(target) && !fs.existsSync(target));
  });

  it('says so when the Python cannot run pip at all', async () => {
    const missing: FoundPython = { command: path.join(tmp, 'no-such-python'), source: 'the test', version: [3, 12] };
    await assert.rejects(installLibs(missing, requirements, path.join(tmp, 'none', 'cp312'), quiet), /pip could not install .* Python 3\.12 \(spawn .*ENOENT/);
  });
});
