/** The answer context for this process: the live index, its embedder, the configuration and the answer policy. */
import type { Config } from '../config';
import { openRetriever } from '../retrieval';
import { loadPolicy } from './policy';
import type { AnswerContext } from './service';

export async function answerContext(config: Config, signal?: AbortSignal): Promise<AnswerContext> {
  return { retriever: await openRetriever(config), config, policy: loadPolicy(config.answer.policyFile), ...(signal ? { signal } : {}) };
}
