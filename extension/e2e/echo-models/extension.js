// Test-only chat models for the HyDRA end-to-end test. Each model answers with
// the last user message, prefixed by its own family, so the test can read from
// the chat transcript which model the router forwarded the request to.
'use strict';

const vscode = require('vscode');

const VENDOR = 'hydra-echo';

/** The two models this extension offers, in the shape VS Code expects. */
const MODELS = [
  { id: 'echo-small', family: 'echo-small', name: 'Echo Small' },
  { id: 'echo-large', family: 'echo-large', name: 'Echo Large' },
].map((m) => ({
  ...m,
  version: '1.0.0',
  detail: 'e2e test model',
  tooltip: `${m.name}: answers with the prompt it was given`,
  maxInputTokens: 128000,
  maxOutputTokens: 4096,
  // The chat model picker lists only models that can call tools.
  capabilities: { toolCalling: true, imageInput: false },
}));

/** Text of one request message: its text parts joined. */
function messageText(message) {
  if (typeof message === 'string') {
    return message;
  }
  return message.content
    .map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
    .join('');
}

/** The last user message, without the tags agent mode wraps the user's own words in. */
function lastPrompt(messages) {
  const users = messages.filter((m) => m.role === vscode.LanguageModelChatMessageRole.User);
  const last = users.length > 0 ? messageText(users[users.length - 1]) : '';
  const tagged = /<userRequest>\s*([\s\S]*?)\s*<\/userRequest>/.exec(last);
  return (tagged ? tagged[1] : last).trim();
}

/** The answer for a conversation: "[family] <last user message>". */
function echoAnswer(family, messages) {
  return `[${family}] ${lastPrompt(messages)}`;
}

/**
 * How Echo Small fails when the prompt asks it to: `[fail-empty]` (the answer
 * ends with no text), `[fail-error]` (the request throws before answering) or
 * `[fail-cutoff]` (the stream throws after the first part). Echo Large never fails.
 */
function failure(family, prompt) {
  if (family !== 'echo-small') {
    return undefined;
  }
  const marker = /\[fail-(empty|error|cutoff)\]/.exec(prompt);
  return marker ? marker[1] : undefined;
}

const provider = {
  provideLanguageModelChatInformation() {
    return MODELS;
  },
  async provideLanguageModelChatResponse(model, messages, _options, progress, token) {
    const fails = failure(model.family, lastPrompt(messages));
    if (fails === 'empty') {
      return;
    }
    if (fails === 'error') {
      throw new Error(`${model.name} failed on purpose (e2e)`);
    }
    const answer = echoAnswer(model.family, messages);
    // Stream in two parts, as a real model would stream tokens.
    const cut = Math.min(answer.length, model.family.length + 3);
    for (const chunk of [answer.slice(0, cut), answer.slice(cut)]) {
      if (token.isCancellationRequested) {
        return;
      }
      if (chunk) {
        progress.report(new vscode.LanguageModelTextPart(chunk));
      }
      if (fails === 'cutoff') {
        // As a connection that drops mid-answer: the first part has long reached the reader.
        await new Promise((resolve) => setTimeout(resolve, 500));
        throw new Error(`${model.name} was cut off on purpose (e2e)`);
      }
    }
  },
  async provideTokenCount(_model, text) {
    return Math.ceil(messageText(text).length / 4);
  },
};

/** Registers the echo provider. */
function activate(context) {
  context.subscriptions.push(vscode.lm.registerLanguageModelChatProvider(VENDOR, provider));
}

function deactivate() {}

module.exports = { activate, deactivate, echoAnswer, failure };
