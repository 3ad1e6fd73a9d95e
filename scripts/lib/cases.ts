/**
 * Every question of some eval suites measured once, for fitting: each suite's
 * corpus indexed into a temporary folder (shared by suites of one corpus), each
 * question retrieved and its evidence collected, routed turns answered whole.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answer } from '@/lib/answer';
import { answerContext } from '@/lib/answer/context';
import { collectEvidence } from '@/lib/answer/evidence';
import type { AnswerPolicy } from '@/lib/answer/policy';
import { analyzeTurn } from '@/lib/answer/turn';
import { getConfig, loadConfig } from '@/lib/config';
import { loadEvalSet, requestOf } from '@/lib/eval/dataset';
import type { FitCase } from '@/lib/eval/fit';
import type { EvalSuite } from '@/lib/eval/suites';
import { silentLogger } from '@/lib/log';
import { buildIndex } from '@/lib/pipeline/build-index';
import { spanResult } from '@/lib/span';

/** Runs `use` on the suites' measured cases, then removes the temporary indexes. */
export async function withCases<T>(
  suites: readonly EvalSuite[],
  policy: AnswerPolicy,
  use: (cases: FitCase[], maxWords: number) => Promise<T>,
): Promise<T> {
  const config = getConfig();
  const work = await mkdtemp(path.join(tmpdir(), 'corpus-chat-fit-'));
  try {
    const cases: FitCase[] = [];
    const indexes = new Map<string, string>();
    for (const suite of suites) {
      let indexDir = indexes.get(suite.corpus);
      if (!indexDir) {
        indexDir = path.join(work, String(indexes.size));
        indexes.set(suite.corpus, indexDir);
      }
      const suiteConfig = loadConfig({
        ...process.env,
        CORPUS_DIR: suite.corpus,
        INDEX_DIR: indexDir,
        EMBEDDER: config.embeddings.embedder,
      });
      await buildIndex(suiteConfig);
      const context = await answerContext(suiteConfig);
      const { retriever } = context;
      for (const entry of await loadEvalSet(suite.questions)) {
        const request = requestOf(entry);
        const turn = analyzeTurn(request, retriever.index, suiteConfig.corpus.name);
        const vector = await retriever.embedQuery(turn.query);
        const retrieved = await retriever.retrieve(turn.query, { k: suiteConfig.answer.passages, vector });
        const routed = turn.intent === 'question' ? undefined : await answer(request, { ...context, logger: silentLogger });
        const collected = await collectEvidence(retriever.index, retrieved, { text: turn.query, vector }, turn, policy.cues);
        // The document a question is about: the one it expects, else (an unanswerable question) the one retrieval found.
        const doc = entry.docs[0] ?? retrieved[0]?.docId ?? entry.id;
        cases.push({
          suite: suite.name,
          document: `${suite.corpus}:${doc}`,
          entry,
          index: retriever.index,
          passages: retrieved.map((p) => spanResult(p)),
          collected,
          corpus: suiteConfig.corpus,
          ...(routed ? { routed } : {}),
        });
      }
    }
    return await use(cases, config.answer.maxWords);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
