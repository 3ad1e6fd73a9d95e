/** The answer context for this process: the live index, its embedder, the configuration, the answer policy and model. */
import type { Config } from '../config';
import { openRetriever } from '../retrieval';
import { loadModel } from './model';
import { loadPolicy } from './policy';
import type { AnswerContext } from './service';

export async function answerContext(config: Config, signal?: AbortSignal): Promise<AnswerContext> {
  return {
    retriever: await openRetriever(config),
    config,
    policy: loadPolicy(config.answer.policyFile),
    model: loadModel(config.answer.modelFile),
    ...(signal ? { signal } : {}),
  };
}
