/**
 * What the extractive answer quotes, on a tiny in-memory store with the scores
 * written out: the best sentence and what follows it, the word budget, another
 * place that says something new (and not one that says the same), and the
 * sentence a pronoun leans on. Then the whole core on the same store: a turn
 * analysed once, its evidence collected, weighed and quoted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Evidence, ScoredSentence } from '@/lib/answer/evidence';
import { collectEvidence, weighEvidence } from '@/lib/answer/evidence';
import { extractiveReply } from '@/lib/answer/extractive';
import { DEFAULT_POLICY, type AnswerPolicy } from '@/lib/answer/policy';
import { analyzeTurn } from '@/lib/answer/turn';
import type { Store } from '@/lib/store';
import { countWords } from '@/lib/text/sentences';
import { FEATURES } from './features';
import { at, retrievedAll, tinyStore } from './tiny-store';

const CORPUS = { name: 'documents', description: '' };

const HARBOUR = {
  'harbour.txt':
    'Harbour news. The council met on Monday. It voted to close the harbour. The vote was close. Fishermen protested at the gate. They blocked the road for hours.',
};

/** Evidence whose sentences score as given (by their text), best first. */
async function evidenceOf(store: Store, scores: Readonly<Record<string, number>>): Promise<Evidence> {
  const sentences: ScoredSentence[] = Object.entries(scores)
    .map(([text, score]) => {
      const index = store.sentences.findIndex((s) => s.text === text);
      const sentence = store.sentences[index];
      if (!sentence) throw new Error(`no sentence "${text}" in the tiny store`);
      return { index, sentence, title: sentence.docId, features: { ...FEATURES, words: countWords(text) }, score };
    })
    .sort((a, b) => b.score - a.score);
  const vectors = await store.sentenceVectors(store.sentences.map((_, i) => i));
  return { type: 'what', premise: [], sentences, confidence: 'high', support: 0.9, vectors };
}

const selection = (over: Partial<AnswerPolicy['selection']>): AnswerPolicy => ({
  ...DEFAULT_POLICY,
  selection: { ...DEFAULT_POLICY.selection, ...over },
});

describe('the extractive answer on a tiny store', () => {
  it('quotes the best sentence and reads on from it while the budget lasts', async () => {
    const store = tinyStore(HARBOUR);
    const evidence = await evidenceOf(store, { 'The council met on Monday.': 0.9, 'Fishermen protested at the gate.': 0.2 });
    // 5 + 6 words fit in 12; "The vote was close." would make 15.
    const reply = await extractiveReply(store, evidence, DEFAULT_POLICY, 12, CORPUS);
    assert.equal(reply.answer, 'The council met on Monday. [1] It voted to close the harbour. [2]');
    assert.deepEqual(
      reply.citations.map((c) => [c.doc, c.start]),
      [
        ['harbour.txt', 14],
        ['harbour.txt', 41],
      ],
    );
    assert.equal(reply.refused, false);
    assert.equal(reply.support, 0.9);
  });

  it('brings the sentence a pronoun leans on when the answer opens with "It"', async () => {
    const store = tinyStore(HARBOUR);
    const evidence = await evidenceOf(store, { 'It voted to close the harbour.': 0.9 });
    // Reading on needs a following sentence as good as the best (continuation 1): only the anchor, then its antecedent.
    const reply = await extractiveReply(store, evidence, selection({ continuation: 1 }), 16, CORPUS);
    assert.equal(reply.answer, 'The council met on Monday. [1] It voted to close the harbour. [2]');
  });

  it('adds another place that says something new, not one that says the same, nor one far below the best', async () => {
    const store = tinyStore(
      {
        'a.txt': 'Germany sent a field hospital.',
        'b.txt': 'A field hospital was sent by Germany.',
        'c.txt': 'Berlin refused to deliver weapons.',
        'd.txt': 'The weather was cold.',
      },
      {
        'Germany sent a field hospital.': at(0),
        'A field hospital was sent by Germany.': at(10),
        'Berlin refused to deliver weapons.': at(90),
      },
    );
    const evidence = await evidenceOf(store, {
      'Germany sent a field hospital.': 0.9,
      'A field hospital was sent by Germany.': 0.85,
      'Berlin refused to deliver weapons.': 0.8,
      'The weather was cold.': 0.3,
    });
    // b is 10° from a (similarity 0.98 ≥ redundant 0.8); c is new; d scores under elsewhere (0.6) × 0.9.
    const reply = await extractiveReply(store, evidence, selection({ anchorWords: 0 }), 80, CORPUS);
    assert.equal(reply.answer, 'Germany sent a field hospital. [1] Berlin refused to deliver weapons. [2]');
    assert.deepEqual(
      reply.citations.map((c) => c.doc),
      ['a.txt', 'c.txt'],
    );
  });

  it("refuses in the corpus's words when the evidence is refused", async () => {
    const store = tinyStore(HARBOUR);
    const evidence = { ...(await evidenceOf(store, {})), refusal: 'no passage was retrieved', support: 0 };
    const reply = await extractiveReply(store, evidence, DEFAULT_POLICY, 80, { name: 'harbour notes', description: '' });
    assert.deepEqual(
      { answer: reply.answer, refused: reply.refused, confidence: reply.confidence, citations: reply.citations },
      {
        answer: "The harbour notes don't cover this question, so I can't answer it from them.",
        refused: true,
        confidence: 'none',
        citations: [],
      },
    );
  });
});

describe('the answer core on a tiny store, from a turn', () => {
  it("analyses the turn once: intent, type, premise, key terms with the corpus's acronyms, follow-up", () => {
    const store = tinyStore({ 'ietf.txt': 'The Internet Engineering Task Force (IETF) publishes standards. Its meetings are open.' });
    const turn = analyzeTurn({ question: 'Why did the IETF close its meetings?' }, store, 'documents');
    assert.equal(turn.intent, 'question');
    assert.equal(turn.type, 'why');
    assert.deepEqual(turn.premise, ['close']);
    assert.deepEqual(
      turn.keys.map((k) => [k.text, k.forms]),
      [['IETF', ['IETF', 'Internet Engineering Task Force']]],
    );
    assert.equal(turn.followUp, false);
    assert.equal(turn.negated, false);
    const followUp = analyzeTurn(
      {
        messages: [
          { role: 'user', content: 'Who publishes standards?' },
          { role: 'assistant', content: 'The Internet Engineering Task Force (IETF) publishes standards. [1]' },
          { role: 'user', content: 'And are its meetings open?' },
        ],
      },
      store,
      'documents',
    );
    assert.equal(followUp.followUp, true);
    assert.equal(followUp.question, 'And are its meetings open?');
    assert.match(followUp.query, /^And are its meetings open\? \(Who publishes standards\?/);
    const thanks = analyzeTurn({ question: 'Thanks a lot!' }, store, 'documents');
    assert.deepEqual([thanks.intent, thanks.smallTalk], ['greeting', 'thanks']);
  });

  it('collects, weighs and quotes the sentence that answers, and refuses a name the corpus lacks', async () => {
    const store = tinyStore(HARBOUR);
    const vector = at(90);
    const ask = async (question: string) => {
      const turn = analyzeTurn({ question }, store, 'documents');
      const collected = await collectEvidence(store, retrievedAll(store), { text: turn.query, vector }, turn, DEFAULT_POLICY.cues);
      return { collected, evidence: weighEvidence(collected, DEFAULT_POLICY) };
    };
    const { collected, evidence } = await ask('When did the council meet?');
    assert.equal(collected.type, 'when');
    assert.equal(evidence.sentences[0]?.sentence.text, 'The council met on Monday.');
    assert.equal(evidence.sentences[0]?.features.cue, true, 'a weekday answers "when"');
    assert.equal(evidence.refusal, undefined);
    const reply = await extractiveReply(store, evidence, DEFAULT_POLICY, 80, CORPUS);
    assert.match(reply.answer, /^The council met on Monday\. \[1\]/);
    const { evidence: refused } = await ask('When did Oslo close the harbour?');
    assert.equal(refused.refusal, 'the corpus never mentions Oslo');
  });
});
