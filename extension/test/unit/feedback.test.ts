import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { feedbackLine, FeedbackLog, thumbsFeedback, type LoggedDecision } from '../../src/feedback';
import { routeResult } from './fixtures';

const PROMPT = 'why does my parser drop the last token?';
const TIME = new Date('2026-12-07T10:00:00.000Z');

function entry(extra: Partial<LoggedDecision> = {}): LoggedDecision {
  return {
    id: 'd-1',
    decision: { result: routeResult('small', { predictedPass: 0.91, method: 'hydra' }), used: 'small', usedName: 'Echo small' },
    conversationId: 'c-1',
    prompt: PROMPT,
    ...extra,
  };
}

describe('feedbackLine', () => {
  it('has exactly the documented fields, snake_case, with the raw scores', () => {
    const line = feedbackLine(entry(), 'answered', TIME, false);
    assert.deepEqual(line, {
      id: 'd-1',
      time: '2026-12-07T10:00:00.000Z',
      source: 'hydra-feedback',
      scores: { reasoning: 0.1, code_generation: 0.8, debugging: 0.2, tool_use: 0.05 },
      outcomes: { small: 1 },
      signal: 'answered',
      model: 'small',
      method: 'hydra',
      regime: 'iso',
      catalog_version: 3,
      predicted_pass: 0.91,
      conversation: 'c-1',
    });
  });

  it('writes the prompt only with logPrompts', () => {
    assert.equal(JSON.stringify(feedbackLine(entry(), 'answered', TIME, false)).includes(PROMPT), false);
    assert.equal(feedbackLine(entry(), 'answered', TIME, true)?.prompt, PROMPT);
  });

  it('scores answered and helpful 1, every failure 0', () => {
    for (const [signal, outcome] of [['answered', 1], ['helpful', 1], ['unhelpful', 0], ['error', 0], ['empty', 0], ['cutoff', 0]] as const) {
      assert.deepEqual(feedbackLine(entry(), signal, TIME, false)?.outcomes, { small: outcome }, signal);
      assert.equal(feedbackLine(entry(), signal, TIME, false)?.signal, signal);
    }
  });

  it("takes the answering model's predicted pass and null without reliabilities", () => {
    const result = routeResult('small');
    result.candidates[1].predictedPass = 0.97;
    const other = entry({ decision: { result, used: 'large', usedName: 'Echo large', note: 'small not available here' } });
    assert.equal(feedbackLine(other, 'answered', TIME, false)?.predicted_pass, 0.97);
    const plain = entry({ decision: { result: routeResult('small'), used: 'small', usedName: 'Echo small' } });
    assert.equal(feedbackLine(plain, 'answered', TIME, false)?.predicted_pass, null);
  });

  it("logs only the router's decisions on catalog models", () => {
    assert.equal(feedbackLine(entry({ decision: { used: 'echo/echo-large', usedName: 'Echo Large', note: 'router down' } }), 'answered', TIME, false), undefined);
    const outside = entry({ decision: { result: routeResult('small'), used: 'other/model', usedName: 'Other', note: 'fallback' } });
    assert.equal(feedbackLine(outside, 'answered', TIME, false), undefined);
  });
});

describe('FeedbackLog', () => {
  function tempLog(enabled = true, logPrompts = false) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hydra-feedback-'));
    const file = path.join(dir, 'globalStorage', 'feedback.jsonl');
    const messages: string[] = [];
    const log = new FeedbackLog({
      file,
      enabled: () => enabled,
      logPrompts: () => logPrompts,
      log: { info: (m) => messages.push(m), error: (m) => messages.push(m) },
      now: () => TIME,
    });
    const lines = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
    return { log, file, lines, messages, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }

  it('creates its folder and appends one line per answer, then one per later signal with the same id', async () => {
    const t = tempLog();
    await t.log.record(entry(), 'answered');
    await t.log.signal('d-1', 'unhelpful');
    const lines = t.lines();
    assert.deepEqual(lines.map((l) => [l.id, l.signal, l.outcomes.small]), [['d-1', 'answered', 1], ['d-1', 'unhelpful', 0]]);
    assert.ok(lines.every((l) => !('prompt' in l)));
    t.cleanup();
  });

  it('loses no line when many answers end at once', async () => {
    const t = tempLog();
    const writes = Array.from({ length: 50 }, (_, i) => t.log.record(entry({ id: `d-${i}` }), i % 2 ? 'answered' : 'empty'));
    await Promise.all(writes);
    const ids = t.lines().map((l) => l.id);
    assert.equal(ids.length, 50);
    assert.deepEqual([...ids].sort(), Array.from({ length: 50 }, (_, i) => `d-${i}`).sort());
    t.cleanup();
  });

  it('writes nothing while off, yet keeps decisions for a signal after it is turned on', async () => {
    let on = false;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hydra-feedback-'));
    const file = path.join(dir, 'feedback.jsonl');
    const log = new FeedbackLog({ file, enabled: () => on, logPrompts: () => true, log: { info: () => undefined, error: () => undefined } });
    await log.record(entry(), 'answered');
    assert.equal(fs.existsSync(file), false);
    on = true;
    await log.signal('d-1', 'helpful');
    const [line] = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(line.signal, 'helpful');
    assert.equal(line.prompt, PROMPT, 'with hydra.logPrompts on');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('skips a signal for a decision it does not know, and says so', async () => {
    const t = tempLog();
    await t.log.signal('unknown', 'unhelpful');
    assert.deepEqual(t.lines(), []);
    assert.match(t.messages.join('\n'), /no decision unknown/);
    t.cleanup();
  });
});

describe('thumbsFeedback', () => {
  it('turns @hydra metadata and a thumb into hydra/feedback', () => {
    const metadata = { model: 'small', conversationId: 'c-1', decisionId: 'd-1' };
    assert.deepEqual(thumbsFeedback(metadata, false), {
      params: { conversationId: 'c-1', model: 'small', outcome: 'unhelpful' },
      decisionId: 'd-1',
    });
    assert.equal(thumbsFeedback(metadata, true)?.params.outcome, 'helpful');
  });

  it('ignores results that name no answer (/why, /route)', () => {
    assert.equal(thumbsFeedback(undefined, false), undefined);
    assert.equal(thumbsFeedback({ model: 'small' }, false), undefined);
  });
});
