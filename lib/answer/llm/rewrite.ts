/**
 * With a model configured, a follow-up is rewritten by the model into a
 * standalone question; without one, or when the model fails, the deterministic
 * rewrite is used.
 */
import { generateText } from 'ai';
import type { LlmConfig } from '../../config';
import { errorFields, type Logger } from '../../log';
import type { ChatMessage } from '../../request';
import { isFollowUp, standaloneQuery } from '../../retrieval';
import { languageModel } from './provider';

const REWRITE_PROMPT =
  'Rewrite the last user question of this conversation as one standalone question that names everything it refers to. ' +
  'Reply with the question only.';

export async function rewriteFollowUp(messages: readonly ChatMessage[], llm: LlmConfig, logger: Logger): Promise<string> {
  const deterministic = standaloneQuery(messages);
  const turns = messages.filter((m) => m.role !== 'system');
  const last = turns[turns.length - 1]?.content.trim() ?? '';
  if (llm.provider === 'none' || turns.length < 2 || !isFollowUp(last)) return deterministic;
  try {
    const { text } = await generateText({
      model: languageModel(llm),
      system: REWRITE_PROMPT,
      prompt: turns.map((m) => `${m.role}: ${m.content}`).join('\n'),
      maxOutputTokens: 120,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(llm.timeoutMs),
    });
    const rewritten = text.trim().split('\n')[0]?.trim() ?? '';
    return rewritten.length > 3 && rewritten.length <= 2000 ? rewritten : deterministic;
  } catch (error) {
    logger.log('warn', 'llm.rewrite_failed', { ...errorFields(error), fallback: 'deterministic' });
    return deterministic;
  }
}
