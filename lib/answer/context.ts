/** The answer context for this process: the live index, its embedder and the configuration. */
import type { Config } from '../config';
import { openRetriever } from '../retrieval';
import type { AnswerContext } from './service';

export async function answerContext(config: Config, signal?: AbortSignal): Promise<AnswerContext> {
  return { retriever: await openRetriever(config), config, ...(signal ? { signal } : {}) };
}
