/** The configured chat model, through the `ai` SDK providers. */
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { createOllama } from 'ollama-ai-provider-v2';
import type { LlmConfig } from '../../config';

export type EnabledLlm = Exclude<LlmConfig, { provider: 'none' }>;

export function languageModel(llm: EnabledLlm): LanguageModel {
  switch (llm.provider) {
    case 'openai':
      // Chat Completions rather than the Responses API, so an OpenAI-style proxy works too.
      return createOpenAI({ apiKey: llm.apiKey, ...(llm.baseUrl ? { baseURL: llm.baseUrl } : {}) }).chat(llm.model);
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: llm.baseUrl ?? '',
        ...(llm.apiKey ? { apiKey: llm.apiKey } : {}),
      }).chatModel(llm.model);
    case 'ollama':
      return createOllama(llm.baseUrl ? { baseURL: llm.baseUrl } : {})(llm.model);
  }
}
