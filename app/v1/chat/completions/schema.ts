/** POST /v1/chat/completions takes the OpenAI Chat Completions request (see lib/openai/schema). */
export { chatCompletionRequestSchema, parseChatCompletion } from '@/lib/openai/schema';
