import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { bundledTags, findPython, isRecentEnough, libsTag, parseVersion, probeVersion, pythonCandidates, PythonProblem, sidecarPythonPath } from '../../src/python';

describe('pythonCandidates', () => {
  it('uses only the setting when it is set', () => {
    assert.deepEqual(pythonCandidates('/opt/py/bin/python', '/env/bin/python').map((c) => c.command), ['/opt/py/bin/python']);
  });

  it('tries the Python extension, then PATH', () => {
    const commands = pythonCandidates('', '/env/bin/python').map((c) => c.command);
    assert.equal(commands[0], '/env/bin/python');
    assert.equal(commands.length, 2);
    assert.equal(pythonCandidates('', undefined).length, 1);
  });
});

describe('versions', () => {
  it('parses and compares', () => {
    assert.deepEqual(parseVersion('3.11\n'), [3, 11]);
    assert.equal(parseVersion('Python 3.11'), undefined);
    assert.equal(isRecentEnough([3, 10]), true);
    assert.equal(isRecentEnough([3, 9]), false);
    assert.equal(isRecentEnough([4, 0]), true);
    assert.equal(libsTag([3, 12]), 'cp312');
  });
});

describe('findPython', () => {
  it('skips Pythons that do not run or are too old, and says so when none fits', async () => {
    const versions: Record<string, [number, number] | Error> = {
      missing: new Error('spawn missing ENOENT'),
      old: [3, 8],
      good: [3, 12],
    };
    const probe = async (command: string) => {
      const v = versions[command];
      if (v instanceof Error) {
        throw v;
      }
      return v;
    };
    const found = await findPython([{ command: 'missing', source: 'a' }, { command: 'old', source: 'b' }, { command: 'good', source: 'c' }], probe);
    assert.deepEqual(found, { command: 'good', source: 'c', version: [3, 12] });
    await assert.rejects(findPython([{ command: 'missing', source: 'the setting' }, { command: 'old', source: 'PATH' }], probe), (error: Error) => {
      assert.ok(error instanceof PythonProblem);
      assert.match(error.message, /missing \(from the setting\) did not run: spawn missing ENOENT/);
      assert.match(error.message, /old \(from PATH\) is Python 3\.8, too old/);
      assert.match(error.message, /hydra\.server\.pythonPath/);
      return true;
    });
  });

  it('probes a real interpreter', async () => {
    const version = await probeVersion(process.env.HYDRA_PYTHON ?? 'python3');
    assert.equal(version[0], 3);
    await assert.rejects(probeVersion('/nonexistent/python3'));
  });
});

describe('bundled libraries', () => {
  it('lists the cpXY folders and builds PYTHONPATH', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hydra-bundled-'));
    fs.mkdirSync(path.join(dir, 'libs', 'cp312'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'libs', 'cp311'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'libs', 'README'), '');
    assert.deepEqual(bundledTags(dir), ['cp311', 'cp312']);
    assert.deepEqual(bundledTags(path.join(dir, 'none')), []);
    assert.equal(sidecarPythonPath('/l', '/s', undefined), ['/l', '/s'].join(path.delimiter));
    assert.equal(sidecarPythonPath(undefined, '/s', '/u'), ['/s', '/u'].join(path.delimiter));
    fs.rmSync(dir, { recursive: true });
  });
});
