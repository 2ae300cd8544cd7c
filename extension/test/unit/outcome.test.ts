import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classifyAttempt,
  cutoffSeparator,
  failureDetail,
  failureWords,
  isNextModel,
  shouldRetry,
  type Attempt,
  type RetryQuestion,
} from '../../src/outcome';

const clean: Attempt = { requestFailed: false, streamFailed: false, textChars: 0, toolCalls: 0, cancelled: false };

describe('classifyAttempt', () => {
  it('calls an answer with text or a tool call answered', () => {
    assert.equal(classifyAttempt({ ...clean, textChars: 12 }), 'answered');
    assert.equal(classifyAttempt({ ...clean, toolCalls: 1 }), 'answered');
  });

  it('calls an answer that ends with neither text nor tool call empty', () => {
    assert.equal(classifyAttempt(clean), 'empty');
  });

  it('tells an error before any output from a cut-off answer', () => {
    assert.equal(classifyAttempt({ ...clean, requestFailed: true }), 'error');
    assert.equal(classifyAttempt({ ...clean, streamFailed: true }), 'error', 'the stream failed before any part');
    assert.equal(classifyAttempt({ ...clean, streamFailed: true, textChars: 40 }), 'cutoff');
    assert.equal(classifyAttempt({ ...clean, streamFailed: true, toolCalls: 1 }), 'cutoff');
  });

  it('puts cancellation before everything else', () => {
    assert.equal(classifyAttempt({ ...clean, cancelled: true }), 'cancelled');
    assert.equal(classifyAttempt({ ...clean, requestFailed: true, cancelled: true }), 'cancelled');
    assert.equal(classifyAttempt({ ...clean, streamFailed: true, textChars: 3, cancelled: true }), 'cancelled');
  });
});

describe('shouldRetry', () => {
  const failed: RetryQuestion = { outcome: 'empty', retries: 0, catalogModels: 3, routed: true, conversationId: 'c1', toolCalls: 0 };

  it('retries a failed answer the router chose', () => {
    for (const outcome of ['empty', 'error', 'cutoff'] as const) {
      assert.equal(shouldRetry({ ...failed, outcome }), true, outcome);
    }
  });

  it('never retries an answer, a cancelled request or a thumbs-up', () => {
    for (const outcome of ['answered', 'helpful', 'cancelled'] as const) {
      assert.equal(shouldRetry({ ...failed, outcome }), false, outcome);
    }
  });

  it('retries at most (catalog models − 1) times', () => {
    assert.equal(shouldRetry({ ...failed, retries: 1 }), true);
    assert.equal(shouldRetry({ ...failed, retries: 2 }), false);
    assert.equal(shouldRetry({ ...failed, catalogModels: 1 }), false);
  });

  it('does not retry what the router cannot escalate, or after tool calls went out', () => {
    assert.equal(shouldRetry({ ...failed, routed: false }), false, 'a fallback the router did not choose');
    assert.equal(shouldRetry({ ...failed, conversationId: undefined }), false, 'no conversation to escalate');
    assert.equal(shouldRetry({ ...failed, outcome: 'cutoff', toolCalls: 1 }), false, 'the editor runs the tool call already sent');
  });
});

describe('isNextModel', () => {
  it('accepts only a model not tried in this request', () => {
    assert.equal(isNextModel('large', ['small']), true);
    assert.equal(isNextModel('small', ['small']), false);
  });
});

describe('failureDetail', () => {
  it('says what failed in one short line', () => {
    assert.equal(failureDetail('empty'), 'the answer was empty');
    assert.equal(failureDetail('error', new Error('429 rate limited\nretry-after: 30')), '429 rate limited');
    const named = new Error('quota exceeded');
    named.name = 'LanguageModelError';
    assert.equal(failureDetail('error', named), 'LanguageModelError: quota exceeded');
    const long = failureDetail('cutoff', new Error('x'.repeat(500)));
    assert.ok(long && long.length === 160 && long.endsWith('…'));
    assert.equal(failureDetail('error'), undefined);
  });
});

describe('failure words', () => {
  it('reads as the status bar says it', () => {
    assert.equal(failureWords('Echo Small', 'empty', 'the answer was empty'), 'Echo Small gave an empty answer');
    assert.equal(failureWords('Echo Small', 'error', 'boom'), 'Echo Small failed (boom)');
    assert.equal(failureWords('Echo Small', 'cutoff'), "Echo Small's answer was cut off");
  });

  it('separates a cut-off answer from its continuation in one visible line', () => {
    const line = cutoffSeparator('Echo Small', 'Echo Large');
    assert.match(line, /^\n\n---\n\*Echo Small's answer was cut off here; it continues from Echo Large\.\*\n\n$/);
  });
});
