import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { calibrateArgs, lastLines, noFeedbackMessage, writeQuestion, writeTarget } from '../../src/calibration';
import { catalog } from './fixtures';

describe('recalibration', () => {
  it("runs the router's calibrate on the live catalog and the feedback log", () => {
    assert.deepEqual(calibrateArgs('/w/profiles.yaml', '/g/feedback.jsonl', '/g/profiles.proposed.yaml'), [
      '-m', 'hydra_router', 'calibrate', '--catalog', '/w/profiles.yaml', '--data', '/g/feedback.jsonl', '--out', '/g/profiles.proposed.yaml',
    ]);
  });

  it("writes to the user's live catalog, or to the workspace instead of the bundled one", () => {
    assert.deepEqual(writeTarget(catalog(), ['/w']), { file: '/w/profiles.yaml', replacesBundled: false });
    assert.deepEqual(writeTarget(catalog({ origin: 'initializationOptions', source: '/cfg/p.yaml' }), ['/w']), { file: '/cfg/p.yaml', replacesBundled: false });
    const bundled = catalog({ origin: 'bundled', source: '/ext/bundled/profiles/profiles.yaml' });
    assert.deepEqual(writeTarget(bundled, ['/w', '/v']), { file: path.join('/w', 'profiles.yaml'), replacesBundled: true });
    assert.equal(writeTarget(bundled, []), undefined);
  });

  it('says in the question where the catalog goes', () => {
    assert.equal(writeQuestion({ file: '/w/profiles.yaml', replacesBundled: false }).message, 'Write these reliabilities to profiles.yaml?');
    assert.match(writeQuestion({ file: '/w/profiles.yaml', replacesBundled: true }).detail, /bundled one.*written to \/w\/profiles\.yaml in this workspace/);
  });

  it("shows the last lines of calibrate's stderr", () => {
    assert.equal(lastLines('a\n\nb\nc\nd\n', 2), 'c\nd');
  });

  it('says how to turn the log on when it is off', () => {
    assert.match(noFeedbackMessage(false), /hydra\.feedback\.log/);
    assert.match(noFeedbackMessage(true), /no feedback logged yet/);
  });
});
