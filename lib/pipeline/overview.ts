/** What the page shows before the first question: the index at a glance and questions it can answer. */
import { answerContext } from '../answer/context';
import type { Config } from '../config';
import { userMessage } from '../errors';

export type IndexInfo =
  | { readonly ok: true; readonly documents: number; readonly passages: number; readonly embedder: string; readonly builtAt: string }
  | { readonly ok: false; readonly message: string };

export interface Overview {
  readonly info: IndexInfo;
  readonly suggestions: string[];
}

export async function overview(config: Config): Promise<Overview> {
  try {
    const context = await answerContext(config);
    const { manifest } = context.retriever.index;
    return {
      info: {
        ok: true,
        documents: manifest.counts.documents,
        passages: manifest.counts.passages,
        embedder: manifest.embedder.id,
        builtAt: manifest.createdAt,
      },
      suggestions: [...context.retriever.index.suggestions],
    };
  } catch (error) {
    return { info: { ok: false, message: userMessage(error) }, suggestions: [] };
  }
}
