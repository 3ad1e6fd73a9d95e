/**
 * The LLM answerer. Text streams through the citation filter; nothing is shown
 * until the first valid citation arrives, so an answer that never cites
 * becomes a refusal instead of an unsupported claim. A model that fails or
 * times out before that point is replaced by the extractive answer.
 */
import { type Span, spanResult } from '../../span';
import { streamText } from 'ai';
import type { LlmConfig } from '../../config';
import type { Store } from '../../store';
import { errorFields, type Logger } from '../../log';
import type { RetrievedPassage } from '../../retrieval';
import { splitSentences } from '../../text/sentences';
import { tokenize } from '../../text/tokenize';
import type { ExtractiveAnswer } from '../extractive';
import type { AnswerEvent, AnswerResponse, Citation } from '../types';
import { refusalText, type CorpusWording } from '../wording';
import { CitationFilter } from './markers';
import { systemPrompt, userPrompt } from './prompt';
import { languageModel } from './provider';

export type LlmAnswerResult = Pick<AnswerResponse, 'answer' | 'citations' | 'refused' | 'answerer'>;

export interface LlmAnswerInput {
  readonly question: string;
  readonly query: string;
  readonly passages: readonly RetrievedPassage[];
  readonly index: Store;
  readonly llm: LlmConfig;
  readonly corpus: CorpusWording;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  readonly fallback: () => Promise<ExtractiveAnswer>;
}

/** For each cited passage, the sentence in it that shares most words with the claims citing it. */
function locateCitations(answer: string, cited: readonly number[], passages: readonly RetrievedPassage[], index: Store): Citation[] {
  const claims = splitSentences(answer).map((s) => answer.slice(s.start, s.end));
  return cited.flatMap((passageNumber, i) => {
    const passage = passages[passageNumber - 1];
    if (!passage) return [];
    const id = i + 1;
    const claimTerms = new Set(tokenize(claims.filter((c) => c.includes(`[${id}]`)).join(' ')));
    // The first of the passage's sentences that shares most words with the claims (the whole passage if it has none).
    let best: Span = { ...passage, score: 0 };
    let most = -1;
    for (const s of index.sentencesIn(passage)) {
      const sentence = index.sentences[s];
      if (!sentence) continue;
      const terms = new Set(tokenize(sentence.text));
      const overlap = [...claimTerms].filter((t) => terms.has(t)).length / Math.max(1, claimTerms.size);
      if (overlap > most) {
        most = overlap;
        best = { ...sentence, title: passage.title, score: overlap };
      }
    }
    return [{ id, ...spanResult(best, 4) }];
  });
}

export async function* llmAnswer(input: LlmAnswerInput): AsyncGenerator<AnswerEvent, LlmAnswerResult> {
  const { llm, logger } = input;
  if (llm.provider === 'none') throw new Error('llmAnswer called without a configured model');
  const filter = new CitationFilter(input.passages.length);
  let held = '';
  let shown = '';
  const timeout = AbortSignal.timeout(llm.timeoutMs);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
  try {
    const result = streamText({
      model: languageModel(llm),
      system: systemPrompt(input.corpus),
      prompt: userPrompt(input.question, input.query, input.passages),
      maxOutputTokens: llm.maxOutputTokens,
      maxRetries: 0,
      abortSignal: signal,
      // Errors arrive as stream parts and are handled below; the SDK's default would print them.
      onError: () => undefined,
    });
    for await (const part of result.stream) {
      if (part.type === 'error') throw part.error;
      if (part.type === 'abort') throw new Error(timeout.aborted ? `no answer within ${llm.timeoutMs} ms` : 'aborted');
      if (part.type !== 'text-delta') continue;
      const text = filter.push(part.text);
      if (filter.cited.length === 0) {
        held += text;
        continue;
      }
      const delta = held + text;
      held = '';
      if (delta) {
        shown += delta;
        yield { type: 'text', delta };
      }
    }
  } catch (error) {
    if (shown === '') {
      logger.log('warn', 'llm.failed', { ...errorFields(error), fallback: 'extractive' });
      const extractive = await input.fallback();
      for (const piece of extractive.pieces) yield { type: 'text', delta: piece };
      return { answer: extractive.answer, citations: extractive.citations, refused: false, answerer: 'extractive' };
    }
    logger.log('warn', 'llm.interrupted', { ...errorFields(error), kept: shown.length });
  }
  const tail = filter.end();
  if (filter.cited.length === 0) {
    logger.log('info', 'llm.uncited', { text: (held + tail).slice(0, 200) });
    const refusal = refusalText(input.corpus);
    yield { type: 'text', delta: refusal };
    return { answer: refusal, citations: [], refused: true, answerer: 'llm' };
  }
  if (tail) {
    shown += tail;
    yield { type: 'text', delta: tail };
  }
  const answer = shown.trim();
  return { answer, citations: locateCitations(answer, filter.cited, input.passages, input.index), refused: false, answerer: 'llm' };
}
