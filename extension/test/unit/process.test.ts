import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outputLines, runLogged } from '../../src/process';

function recorder() {
  const lines: string[] = [];
  return { lines, log: { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`) } };
}

describe('outputLines', () => {
  it('keeps the words of pip-like output, without blank progress redraws', () => {
    assert.deepEqual(outputLines('Collecting x\r\n\r   \rDone  \n\n'), ['Collecting x', 'Done']);
  });
});

describe('runLogged', () => {
  it('logs stdout and stderr line by line and resolves with the exit code and stderr', async () => {
    const { lines, log } = recorder();
    const script = "process.stdout.write('out 1\\nout 2\\n'); process.stderr.write('err\\n'); process.exit(3)";
    const finished = await runLogged(process.execPath, ['-e', script], { stderrAsWarnings: true }, log);
    assert.equal(finished.code, 3);
    assert.equal(finished.stderr, 'err\n');
    assert.deepEqual(lines.sort(), ['info out 1', 'info out 2', 'warn err']);
  });

  it('rejects when the command cannot start', async () => {
    await assert.rejects(runLogged('/no/such/python', [], {}, recorder().log));
  });

  it('kills the process when cancelled', async () => {
    let cancel: () => void = () => undefined;
    const token = {
      onCancellationRequested(listener: () => void) {
        cancel = listener;
        return { dispose: () => undefined };
      },
    };
    const running = runLogged(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { cancel: token }, recorder().log);
    setTimeout(() => cancel(), 100);
    const finished = await running;
    assert.equal(finished.code, null);
    assert.equal(finished.signal, 'SIGTERM');
  });
});
