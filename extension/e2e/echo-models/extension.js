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

/** The answer for a conversation: "[family] <last user message>". */
function echoAnswer(family, messages) {
  const users = messages.filter((m) => m.role === vscode.LanguageModelChatMessageRole.User);
  const last = users.length > 0 ? messageText(users[users.length - 1]) : '';
  // Agent mode wraps the request in tags; keep the user's own words when present.
  const tagged = /<userRequest>\s*([\s\S]*?)\s*<\/userRequest>/.exec(last);
  const prompt = (tagged ? tagged[1] : last).trim();
  return `[${family}] ${prompt}`;
}

const provider = {
  provideLanguageModelChatInformation() {
    return MODELS;
  },
  async provideLanguageModelChatResponse(model, messages, _options, progress, token) {
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

module.exports = { activate, deactivate, echoAnswer };
