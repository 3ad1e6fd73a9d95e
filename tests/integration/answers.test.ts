/** Extractive answers on the real corpus: the public evaluation set, citations, refusals, streaming. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { type AnswerContext, type AnswerResponse, answer, streamAnswer } from '@/lib/answer';
import { answerContext } from '@/lib/answer/context';
import { DEFAULT_POLICY } from '@/lib/answer/policy';
import { loadEvalSet } from '@/lib/eval/dataset';
import { evaluateAnswers } from '@/lib/eval/qa';
import { buildIndex } from '@/lib/pipeline/build-index';
import { openRetriever } from '@/lib/retrieval';
import { countWords } from '@/lib/text/sentences';
import { ROOT, tempDir, testConfig, storeEnv } from '../helpers';

let context: AnswerContext;

before(async () => {
  const config = testConfig(await storeEnv(await tempDir()));
  await buildIndex(config);
  context = { retriever: await openRetriever(config), config, logger: { log: () => undefined } };
});

describe('extractive answers', () => {
  it('pass every entry of the public evaluation set', async () => {
    const entries = await loadEvalSet(path.join(ROOT, 'tests', 'fixtures', 'eval-questions.jsonl'));
    const summary = await evaluateAnswers(entries, (request) => answer(request, context));
    const failures = summary.rows.filter((r) => !r.pass).map((r) => `${r.id}: ${r.answer}`);
    assert.deepEqual(failures, []);
    assert.equal(summary.answered, 11);
    assert.equal(summary.refused, 2);
  });

  it('quote the corpus verbatim, cite every sentence and locate it', async () => {
    const result = await answer({ question: 'Why did Germany refuse weapons?' }, context);
    assert.equal(result.answerer, 'extractive');
    assert.equal(result.confidence, 'high');
    assert.match(result.answer, /Christine Lambrecht/);
    const words = countWords(result.answer.replace(/\[\d+\]/g, ''));
    assert.ok(words >= 20 && words <= 90, `${words} words`);
    const markers = [...result.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    assert.deepEqual(
      markers,
      result.citations.map((c) => c.id),
    );
    for (const c of result.citations) {
      const doc = context.retriever.index.document(c.doc);
      assert.equal(doc?.text.slice(c.start, c.end), c.text);
      assert.ok(result.answer.includes(`${c.text.replace(/\s+/g, ' ')} [${c.id}]`), 'the sentence is quoted as it stands');
    }
  });

  it('refuse questions whose names or numbers the corpus lacks, with related passages', async () => {
    // Each names something the articles never mention (Macron, 2015, Norway).
    for (const question of ['What did Macron say about Putin?', 'What happened in Kyiv in 2015?', 'How many tanks does Norway have?']) {
      const result = await answer({ question }, context);
      assert.equal(result.refused, true, question);
      assert.match(result.answer, /don't cover/);
      assert.deepEqual(result.citations, []);
    }
  });

  it('stream the same text the final response carries', async () => {
    let streamed = '';
    let done: AnswerResponse | undefined;
    for await (const event of streamAnswer({ question: 'What kind of weapons will the United Kingdom provide to Ukraine?' }, context)) {
      if (event.type === 'text') streamed += event.delta;
      else done = event.response;
    }
    assert.equal(streamed, done?.answer);
    assert.match(streamed, /anti-tank/);
  });

  it('suggest 3-4 questions about quoted people, chosen at build time, each answered rather than refused', async () => {
    const questions = context.retriever.index.suggestions;
    assert.ok(questions.length >= 3 && questions.length <= 4, JSON.stringify(questions));
    for (const question of questions) {
      assert.match(question, /^What did \p{Lu}\p{Ll}+ \p{Lu}[\p{L}-]+ say\?$/u);
      assert.equal((await answer({ question }, context)).refused, false, question);
    }
  });
});

describe('replies routed past the answerer', () => {
  it('do what each chitchat_meta item of dev.jsonl expects, inventing nothing', async () => {
    const entries = (await loadEvalSet(path.join(ROOT, 'tests', 'fixtures', 'eval', 'dev.jsonl'))).filter(
      (e) => e.kind === 'chitchat_meta',
    );
    const { index } = context.retriever;
    const titles = index.documents.map((d) => d.title);
    const expected: Record<string, string> = {
      hello: 'greeting',
      'what can you do?': 'help',
      'which documents do you have?': 'collection',
      'thanks!': 'greeting',
    };
    assert.deepEqual(
      entries.map((e) => e.question),
      Object.keys(expected),
    );
    for (const e of entries) {
      const reply = await answer({ question: e.question }, context);
      assert.equal(reply.kind, expected[e.question], e.question);
      assert.equal(reply.refused, false, e.question);
      // Nothing invented: any quoted title is a real one, any citation a real sentence where it stands.
      if (reply.kind !== 'collection') {
        for (const [, title] of reply.answer.matchAll(/“([^”]+)”/g))
          assert.ok(titles.includes(title ?? ''), `${e.question}: “${title}” is a title`);
      }
      for (const c of reply.citations) assert.equal(index.document(c.doc)?.text.slice(c.start, c.end), c.text, e.question);
      if (reply.kind !== 'collection') assert.deepEqual(reply.citations, [], `${e.question} cites nothing`);
    }
    const hello = await answer({ question: 'hello' }, context);
    assert.match(
      hello.answer,
      /^Hello! I answer questions about the 5 documents, such as “[^”]+” and “[^”]+”\./,
      'says what the documents are about',
    );
    const list = await answer({ question: 'which documents do you have?' }, context);
    for (const title of titles) assert.ok(list.answer.includes(title), `lists ${title}`);
    assert.match((await answer({ question: 'thanks!' }, context)).answer, /^You're welcome\. Ask me anything else/);
  });

  it('explain what they can do, with the corpus named as configured', async () => {
    const help = await answer({ question: 'What can you do?' }, context);
    assert.equal(help.kind, 'help');
    assert.match(help.answer, /Summarize the documents/);
  });

  it('summarize the whole collection in at most 120 words, from several documents, each sentence cited where it stands', async () => {
    const result = await answer({ question: 'Summarize the documents' }, context);
    assert.equal(result.kind, 'overview');
    assert.ok(countWords(result.answer.replace(/\[\d+\]/g, '')) <= 120);
    assert.ok(new Set(result.citations.map((c) => c.doc)).size >= 3, JSON.stringify(result.citations.map((c) => c.doc)));
    for (const c of result.citations) {
      assert.equal(context.retriever.index.document(c.doc)?.text.slice(c.start, c.end), c.text);
      assert.ok(result.answer.includes(`${c.text.replace(/\s+/g, ' ')} [${c.id}]`));
    }
  });

  it('list the names of one kind the collection mentions most, each cited by a sentence that names it', async () => {
    const result = await answer({ question: 'Which countries are mentioned?' }, context);
    assert.equal(result.kind, 'collection');
    assert.match(result.answer, /^The documents mention these countries most: /);
    assert.ok(result.citations.length >= 5);
    for (const c of result.citations) {
      const name = new RegExp(String.raw`([\p{L} ]+) \[${c.id}\]`, 'u').exec(result.answer)?.[1]?.trim().split(' ').pop() ?? '';
      assert.ok(c.text.includes(name), `[${c.id}] ${name} is named in ${c.text}`);
    }
    assert.match(result.answer, /Germany \[\d+\]/);
  });

  it('summarize what retrieval finds when the request names something', async () => {
    const result = await answer({ question: 'Summarize what happened between Germany and Ukraine' }, context);
    assert.equal(result.kind, 'overview');
    assert.ok(result.passages.length > 0);
    for (const c of result.citations)
      assert.ok(
        result.passages.some((p) => p.doc === c.doc && p.start <= c.start && c.end <= p.end),
        `[${c.id}] comes from a retrieved passage`,
      );
  });
});

describe('extractive answers on documents of another kind (the domain-dev fixtures: man pages, READMEs, HTML guides)', () => {
  let domain: AnswerContext;
  before(async () => {
    const config = testConfig({
      CORPUS_DIR: path.join(ROOT, 'tests', 'fixtures', 'eval', 'domain-dev', 'corpus'),
      ...(await storeEnv(await tempDir())),
      CORPUS_NAME: 'manual pages',
    });
    await buildIndex(config);
    domain = await answerContext(config);
  });
  const ask = (request: Parameters<typeof answer>[0]) => answer(request, { ...domain, logger: { log: () => undefined } });

  it('read on from the sentence that matches the question to the one that answers it', async () => {
    const result = await ask({ question: 'What memory errors is Memcheck unable to find?' });
    assert.equal(result.refused, false);
    assert.match(
      result.answer,
      // Its citation number depends on what else the answer quotes before it in the text.
      /Memcheck cannot detect every memory error your program has\. \[\d\] For example, it can't detect out-of-range reads/,
    );
  });

  it('answer a follow-up by the words of its last message, the earlier turn giving only the subject', async () => {
    const result = await ask({
      messages: [
        { role: 'user', content: 'Where does npm link executables in local mode?' },
        {
          role: 'assistant',
          content:
            'When in local mode, executables are linked into ./node_modules/.bin so that they can be made available to scripts run through npm. [1]',
        },
        { role: 'user', content: 'And in global mode?' },
      ],
    });
    assert.match(result.answer, /^When in global mode, executables are linked into \{prefix\}\/bin/);
  });

  it('stay within 80 words, quote whole sentences in document order and say how sure they are', async () => {
    for (const question of [
      'How do I make xz use less memory?',
      'What does nss-mdns do with names that have more than two labels?',
      'How is the machine ID generated?',
    ]) {
      const result = await ask({ question });
      assert.equal(result.refused, false, question);
      assert.ok(countWords(result.answer.replace(/\[\d+\]/g, '')) <= 80, question);
      assert.ok(['high', 'medium', 'low'].includes(result.confidence), question);
      const byDoc = new Map<string, number>();
      for (const c of result.citations) {
        const text = domain.retriever.index.document(c.doc)?.text ?? '';
        assert.equal(text.slice(c.start, c.end), c.text);
        assert.ok(c.start >= (byDoc.get(c.doc) ?? 0), `${question}: [${c.id}] is after the sentence before it`);
        byDoc.set(c.doc, c.end);
        // What stands before a quoted sentence ends one: the start of a line, or closing punctuation and a space.
        assert.match(
          text.slice(Math.max(0, c.start - 3), c.start),
          /(^|\n|[.!?:…"”’)\]]\s+)$/,
          `${question}: [${c.id}] starts where a sentence does`,
        );
        const endsLine = c.end === text.length || text[c.end] === '\n';
        assert.ok(endsLine || /[.!?:…"”’)\]]$/.test(c.text), `${question}: [${c.id}] ends where a sentence does: ${c.text}`);
      }
    }
  });

  it('list the documents they have, each cited so its chip opens it', async () => {
    const result = await ask({ question: 'Which documents do you have?' });
    assert.equal(result.kind, 'collection');
    assert.match(result.answer, /^I have 10 manual pages: /);
    assert.equal(result.citations.length, 10);
    assert.equal(new Set(result.citations.map((c) => c.doc)).size, 10);
    for (const c of result.citations) assert.ok(result.answer.includes(`${c.title} [${c.id}]`), c.title);
  });

  it('lean an overview of something named toward the request, not only toward what its passages say most', async () => {
    const request = 'Give me an overview of how pip protects against tampered packages';
    const central = { ...DEFAULT_POLICY, overview: { ...DEFAULT_POLICY.overview, query: 0 } };
    const [near, far] = await Promise.all([
      ask({ question: request }),
      answer({ question: request }, { ...domain, policy: central, logger: { log: () => undefined } }),
    ]);
    assert.equal(near.kind, 'overview');
    const { index } = domain.retriever;
    const q = await domain.retriever.embedQuery(request);
    const closeness = async (r: typeof near) => {
      const cited = r.citations.map((c) => {
        const i = index.sentenceAt(c.doc, c.start);
        assert.ok(i !== undefined && index.sentences[i]?.start === c.start, `[${c.id}] is a sentence of ${c.doc}`);
        return i;
      });
      const vectors = await index.sentenceVectors(cited);
      return cited.reduce((sum, i) => sum + vectors.score(q, i), 0) / cited.length;
    };
    const [nearness, farness] = [await closeness(near), await closeness(far)];
    assert.ok(nearness > farness, `${nearness} > ${farness}`);
  });

  it('say otherwise when a quoted sentence denies what the question takes for granted, and only then', async () => {
    const wrong = await ask({ question: 'Why does nss-mdns read /etc/mdns.allow even in minimal mode?' });
    assert.equal(wrong.refused, false);
    assert.match(wrong.answer, /^The manual pages say otherwise: /);
    assert.ok(
      wrong.citations.some((c) => /does not read \/etc\/mdns\.allow/.test(c.text)),
      'the denying sentence is quoted and cited',
    );
    assert.ok(countWords(wrong.answer.replace(/\[\d+\]/g, '')) <= 80);
    for (const question of ['What memory errors is Memcheck unable to find?', 'Does the minimal nss-mdns module read /etc/mdns.allow?']) {
      assert.doesNotMatch((await ask({ question })).answer, /say otherwise/, question);
    }
  });

  it('refuse a question about a code-shaped word no document has, and answer one about a word they have', async () => {
    const missing = await ask({ question: 'Which options does lzma_raw_encoder_v9 take?' });
    assert.equal(missing.refused, true);
    const present = await ask({ question: 'When is /etc/machine-id written?' });
    assert.equal(present.refused, false);
    assert.match(present.answer, /\/etc\/machine-id/);
  });

  it('name the corpus as CORPUS_NAME says when they refuse', async () => {
    const result = await ask({ question: 'How long should sourdough bread rise before baking?' });
    assert.equal(result.refused, true);
    assert.equal(result.confidence, 'none');
    assert.equal(result.answer, "The manual pages don't cover this question, so I can't answer it from them.");
  });
});
