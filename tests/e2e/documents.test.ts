/**
 * Conversation beyond questions and the documents panel, in Debian's Chromium
 * against the production server on a copy of the corpus: a greeting with
 * questions to click, a cited summary whose chips open the right documents,
 * and the documents panel listing, opening and deleting a document, after
 * which answers no longer cite it. Screenshots of all three for the README.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildIndex } from '@/lib/pipeline/build-index';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { corpusCopy, ROOT, tempDir, testConfig } from '../helpers';
import { launchBrowser } from './browser';
import { ChatPage } from './chat-page';

// Committed screenshots are refreshed with UPDATE_SCREENSHOTS=1; ordinary runs write beside the test results.
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs', 'screenshots') : path.join(ROOT, 'test-results', 'screenshots');

let server: RunningServer;
let browser: Browser;

before(async () => {
  const corpus = await corpusCopy();
  const indexDir = await tempDir();
  await buildIndex(testConfig({ CORPUS_DIR: corpus, INDEX_DIR: indexDir }));
  [server, browser] = await Promise.all([startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir }), launchBrowser()]);
  await mkdir(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<{ page: Page; chat: ChatPage }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  const chat = new ChatPage(page);
  await chat.open(server.url);
  return { page, chat };
}

describe('the page itself', () => {
  it('loads and answers without a console error or CSP violation, and names every control, the hidden file input too', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    // A violation the page's code catches (zod probing new Function) is no console error, but the browser reports it.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.sourceFile}`));
    });
    const chat = new ChatPage(page);
    await chat.open(server.url);
    await page.waitForLoadState('networkidle');
    await chat.ask('hello');
    await chat.waitForAnswerDone();
    assert.deepEqual(errors, []);
    const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
    assert.ok(icon, 'the page names an icon');
    assert.equal((await page.request.get(new URL(icon, server.url).href)).status(), 200);
    assert.equal(await page.getByLabel('Add documents', { exact: true }).count(), 1, 'the file input has a label');
    await page.close();
  });
});

describe('a conversation', () => {
  it('greets "hello" with questions to click, and a clicked one is answered', async () => {
    const { page, chat } = await newPage();
    await chat.ask('hello');
    await chat.waitForAnswerDone();
    assert.equal(await chat.lastAnswer().getAttribute('data-kind'), 'greeting');
    const offered = chat.lastAnswer().getByTestId('reply-suggestion');
    assert.ok((await offered.count()) >= 2, 'questions are offered under the greeting');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'greeting.png') });
    const question = await offered.first().innerText();
    await offered.first().click();
    await page.locator('[data-testid="message-assistant"][data-done="true"]').nth(1).waitFor({ timeout: 15_000 });
    assert.equal(await chat.userMessages.last().innerText(), question);
    assert.equal(await chat.lastAnswer().getAttribute('data-refused'), 'false');
    await page.close();
  });

  it('summarizes the articles with citations whose chips open the cited documents at the cited sentence', async () => {
    const { page, chat } = await newPage();
    await chat.ask('Summarize the articles');
    await chat.waitForAnswerDone();
    const answer = chat.lastAnswer();
    assert.equal(await answer.getAttribute('data-kind'), 'overview');
    const sources = answer.getByTestId('sources').locator('li');
    const count = await sources.count();
    assert.ok(count >= 3, `${count} sentences cited`);
    const docs = new Set<string>();
    for (let i = 0; i < count; i++) {
      const chip = chat.citation(i + 1, answer).first();
      await chip.click();
      await chat.sourcePanel.waitFor();
      const doc = await page.getByTestId('source-doc').innerText();
      assert.match(
        await sources.nth(i).innerText(),
        new RegExp(doc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
        `[${i + 1}] opens the document its source names`,
      );
      const highlighted = (await page.getByTestId('source-highlight').innerText()).replace(/\s+/g, ' ').slice(0, 40);
      assert.ok((await sources.nth(i).innerText()).replace(/\s+/g, ' ').includes(highlighted), `[${i + 1}] highlights its sentence`);
      docs.add(doc);
      if (i === 0) await page.screenshot({ path: path.join(SCREENSHOTS, 'summary.png') });
      await page.getByTestId('close-source').click();
    }
    assert.ok(docs.size >= 3, `${docs.size} documents`);
    await page.close();
  });
});

describe('the documents panel', () => {
  it('lists the five articles, opens one, deletes an uploaded document, and the next answer no longer cites it', async () => {
    const { page, chat } = await newPage();
    await chat.openDocuments();
    assert.equal(await chat.documentRows.count(), 5);
    for (const row of await chat.documentRows.all()) assert.match(await row.innerText(), /\d+ KiB · \d+ passages? · indexed /);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'documents.png') });

    const first = chat.documentRows.first();
    const id = (await first.getAttribute('data-doc')) ?? '';
    await first.getByTestId('open-document').click();
    await chat.sourcePanel.waitFor();
    assert.equal(await page.getByTestId('source-doc').innerText(), id);
    assert.ok((await page.getByTestId('source-text').innerText()).length > 500, 'the whole document is shown');
    await page.getByTestId('close-source').click();

    await page.getByTestId('upload-input').setInputFiles([
      {
        name: 'brindle-pact.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('The Brindle Pact on river tolls was signed in Carrow Mill in 1847.\n'),
      },
    ]);
    await page.locator('[data-testid="upload-status"][data-state="done"][data-ok="true"]').waitFor({ timeout: 30_000 });
    await chat.ask('Where was the Brindle Pact signed?');
    await chat.waitForAnswerDone();
    assert.match(await chat.lastAnswer().getByTestId('sources').innerText(), /brindle-pact\.txt/);

    await chat.openDocuments();
    await page.locator('[data-testid="document-row"][data-doc="brindle-pact.txt"]').waitFor();
    assert.equal(await chat.documentRows.count(), 6);
    assert.match(await chat.deleteDocument('brindle-pact.txt'), /^Deleted /);
    await page.locator('[data-testid="document-row"][data-doc="brindle-pact.txt"]').waitFor({ state: 'detached' });
    assert.equal(await chat.documentRows.count(), 5);
    await page.getByTestId('close-documents').click();

    await chat.ask('Where was the Brindle Pact signed?');
    await chat.waitForAnswerDone();
    assert.doesNotMatch(await chat.lastAnswer().innerText(), /brindle-pact\.txt|Carrow Mill/);
    await page.close();
  });
});
