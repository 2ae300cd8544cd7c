import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextTokens, conversationKey, ConversationIds, messageText, promptOf, routeParams, type MessageLike } from '../../src/messages';

const USER = 1;
const ASSISTANT = 2;
const text = (value: string) => ({ value });
const toolResult = (callId: string, value: string) => ({ callId, content: [text(value)] });

describe('promptOf', () => {
  it('takes the latest user message with text', () => {
    const messages: MessageLike[] = [
      { role: USER, content: [text('first question')] },
      { role: ASSISTANT, content: [text('answer')] },
      { role: USER, content: [text('second '), text('question')] },
    ];
    assert.equal(promptOf(messages), 'second question');
  });

  it('skips user messages that carry only tool results', () => {
    const messages: MessageLike[] = [
      { role: USER, content: [text('fix the failing test')] },
      { role: ASSISTANT, content: [{ callId: 'c1', name: 'runTests', input: {} }] },
      { role: USER, content: [toolResult('c1', '3 failed')] },
    ];
    assert.equal(promptOf(messages), 'fix the failing test');
  });

  it("keeps only the user's words when agent mode wraps them", () => {
    const wrapped = '<context>\nfiles: a.py\n</context>\n<userRequest>\nrename foo to bar\n</userRequest>\n<reminder>be brief</reminder>';
    assert.equal(promptOf([{ role: USER, content: [text(wrapped)] }]), 'rename foo to bar');
  });

  it('is empty when there is no text at all', () => {
    assert.equal(promptOf([{ role: USER, content: [{ mimeType: 'image/png', data: new Uint8Array() }] }]), '');
  });
});

describe('messageText and contextTokens', () => {
  it('reads text through tool results and ignores unknown parts', () => {
    const message: MessageLike = { role: USER, content: [text('a'), toolResult('c', 'bc'), { unknown: true }, 42] };
    assert.equal(messageText(message), 'abc');
  });

  it('estimates four characters per token, rounding up', () => {
    assert.equal(contextTokens([{ role: USER, content: [text('12345')] }, { role: ASSISTANT, content: 'xyz' }]), 2);
  });
});

describe('conversationKey', () => {
  it('is the same across turns of one chat and differs between chats', () => {
    const turn1: MessageLike[] = [{ role: USER, content: [text('refactor the parser')] }];
    const turn2: MessageLike[] = [...turn1, { role: ASSISTANT, content: [text('done')] }, { role: USER, content: [text('now tests')] }];
    const other: MessageLike[] = [{ role: USER, content: [text('explain monads')] }];
    assert.equal(conversationKey(turn1), conversationKey(turn2));
    assert.notEqual(conversationKey(turn1), conversationKey(other));
    assert.equal(conversationKey([]), undefined);
  });
});

describe('ConversationIds', () => {
  const first: MessageLike = { role: USER, content: [text('refactor the parser')] };
  const later: MessageLike[] = [first, { role: ASSISTANT, content: [text('done')] }, { role: USER, content: [text('now tests')] }];

  it('keeps one id across the turns of a chat', () => {
    let n = 0;
    const ids = new ConversationIds(10, () => `id${++n}`);
    assert.equal(ids.idFor([first]), 'id1');
    assert.equal(ids.idFor(later), 'id1');
    assert.equal(ids.idFor([{ role: USER, content: [text('other chat')] }]), 'id2');
    assert.equal(ids.idFor(later), 'id1');
  });

  it("finds turn 1's id for turn 2 of an @hydra chat (history with the answer and its footer)", () => {
    let n = 0;
    const ids = new ConversationIds(10, () => `id${++n}`);
    const turn1: MessageLike[] = [{ role: USER, content: [text('explain this regex')] }];
    const turn2: MessageLike[] = [
      ...turn1,
      { role: ASSISTANT, content: [text('[echo-small] explain this regex\n\n---\n*Answered by **Echo Small** · hydra.*')] },
      { role: USER, content: [text('and make it faster')] },
    ];
    const first = ids.idFor(turn1);
    assert.equal(ids.idFor(turn2), first);
    assert.equal(ids.idFor([...turn2, { role: ASSISTANT, content: [text('ok')] }, { role: USER, content: [text('thanks')] }]), first);
  });

  it('starts a new conversation when a new chat opens with the same words', () => {
    let n = 0;
    const ids = new ConversationIds(10, () => `id${++n}`);
    assert.equal(ids.idFor([first]), 'id1');
    assert.equal(ids.idFor([first]), 'id2');
    assert.equal(ids.idFor(later), 'id2');
  });

  it('forgets the oldest chats beyond its limit', () => {
    let n = 0;
    const ids = new ConversationIds(2, () => `id${++n}`);
    const chat = (words: string): MessageLike[] => [{ role: USER, content: [text(words)] }];
    const turn = (words: string): MessageLike[] => [...chat(words), { role: ASSISTANT, content: [text('ok')] }];
    ids.idFor(chat('a'));
    ids.idFor(chat('b'));
    ids.idFor(chat('c'));
    assert.equal(ids.idFor(turn('c')), 'id3');
    assert.equal(ids.idFor(turn('a')), 'id4', 'chat a was forgotten and gets a new id');
    assert.equal(ids.idFor([]), undefined);
  });
});

describe('routeParams', () => {
  it('fills the flags from the request', () => {
    const params = routeParams({
      messages: [{ role: USER, content: [text('what is in this screenshot?'), { mimeType: 'image/png', data: new Uint8Array(4) }] }],
      toolCount: 3,
      regime: 'peak',
      pin: 'large',
      exclude: ['small'],
      conversationId: 'c-1',
    });
    assert.ok(params);
    assert.equal(params.prompt, 'what is in this screenshot?');
    assert.equal(params.hasImages, true);
    assert.equal(params.needsTools, true);
    assert.equal(params.regime, 'peak');
    assert.equal(params.pin, 'large');
    assert.deepEqual(params.exclude, ['small']);
    assert.equal(params.contextTokens, 7);
    assert.equal(params.conversationId, 'c-1');
  });

  it('leaves optional fields out and returns undefined without text', () => {
    const params = routeParams({ messages: [{ role: USER, content: [text('hi')] }], toolCount: 0 });
    assert.ok(params);
    assert.equal(params.needsTools, false);
    assert.equal(params.hasImages, false);
    assert.equal('regime' in params, false);
    assert.equal('pin' in params, false);
    assert.equal('conversationId' in params, false);
    assert.equal(routeParams({ messages: [], toolCount: 0 }), undefined);
  });
});
