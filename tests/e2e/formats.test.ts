/**
 * A citation of every office, e-book, e-mail and table format opens in the source panel at the cited sentence,
 * in Chromium: the corpus holds one file of each format (./../corpus/office-files), each naming its own harbour
 * master, and each is asked about from the chat page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildIndex } from '@/lib/pipeline/build-index';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { INDEXED, makeOfficeFiles, type OfficeFormat } from '../corpus/office-files';
import { corpusCopy, tempDir, testConfig } from '../helpers';
import { launchBrowser } from './browser';
import { ChatPage } from './chat-page';

let server: RunningServer;
let browser: Browser;

before(async () => {
  const corpus = await corpusCopy();
  await makeOfficeFiles(corpus, (format) => INDEXED[format]);
  const indexDir = await tempDir();
  await buildIndex(testConfig({ CORPUS_DIR: corpus, INDEX_DIR: indexDir }));
  [server, browser] = await Promise.all([startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('citations of every format', () => {
  it('open the cited file at the highlighted sentence', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const chat = new ChatPage(page);
    await chat.open(server.url);
    for (const format of Object.keys(INDEXED) as OfficeFormat[]) {
      const { town, master } = INDEXED[format];
      await chat.ask(`Who is the harbour master of ${town}?`);
      await chat.waitForAnswerDone();
      assert.match(await chat.lastAnswer().getByTestId('answer-text').innerText(), new RegExp(master), format);
      await chat.citation(1).click();
      await chat.sourcePanel.waitFor();
      assert.equal(await page.getByTestId('source-doc').innerText(), `harbour.${format}`);
      const highlight = page.getByTestId('source-highlight');
      await highlight.waitFor();
      assert.match(await highlight.innerText(), new RegExp(master), format);
      assert.ok(await highlight.isVisible(), `${format}: the panel is scrolled to the highlighted sentence`);
      await page.keyboard.press('Escape');
      await chat.sourcePanel.waitFor({ state: 'detached' });
    }
    await page.close();
  });
});
