/**
 * With a model configured, a follow-up is rewritten by the model into a
 * standalone question; without one, or when the model fails, the deterministic
 * rewrite is used.
 */
import { generateText } from 'ai';
import type { LlmConfig } from '../../config';
import { errorFields, type Logger } from '../../log';
import type { ChatMessage } from '../../request';
import { LIMITS } from '../policy';
import { languageModel } from './provider';

const REWRITE_PROMPT =
  'Rewrite the last user question of this conversation as one standalone question that names everything it refers to. ' +
  'Reply with the question only.';

/** `turn` is the turn's analysis: its deterministic query, and whether it is a follow-up at all. */
export async function rewriteFollowUp(
  turn: { readonly query: string; readonly followUp: boolean },
  messages: readonly ChatMessage[],
  llm: LlmConfig,
  logger: Logger,
): Promise<string> {
  const deterministic = turn.query;
  const turns = messages.filter((m) => m.role !== 'system');
  if (llm.provider === 'none' || !turn.followUp) return deterministic;
  try {
    const { text } = await generateText({
      model: languageModel(llm),
      system: REWRITE_PROMPT,
      prompt: turns.map((m) => `${m.role}: ${m.content}`).join('\n'),
      maxOutputTokens: LIMITS.llm.rewriteTokens,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(llm.timeoutMs),
    });
    const rewritten = text.trim().split('\n')[0]?.trim() ?? '';
    return rewritten.length > 3 && rewritten.length <= LIMITS.llm.rewriteChars ? rewritten : deterministic;
  } catch (error) {
    logger.log('warn', 'llm.rewrite_failed', { ...errorFields(error), fallback: 'deterministic' });
    return deterministic;
  }
}
