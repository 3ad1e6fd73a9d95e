/**
 * The chat page in Debian's Chromium against the production server: asking,
 * streaming, citations and the source panel, follow-ups, suggestions, the
 * keyboard, the narrow layout, and the error state of a server without an index.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildIndex } from '@/lib/pipeline/build-index';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { CORPUS, ROOT, tempDir, testConfig } from '../helpers';
import { launchBrowser } from './browser';
import { ChatPage } from './chat-page';

// Committed screenshots are refreshed with UPDATE_SCREENSHOTS=1; ordinary runs write beside the test results.
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs', 'screenshots') : path.join(ROOT, 'test-results', 'screenshots');

let server: RunningServer;
let emptyServer: RunningServer;
let browser: Browser;
const firstTextMs: number[] = [];

before(async () => {
  const indexDir = await tempDir();
  await buildIndex(testConfig({ INDEX_DIR: indexDir }));
  [server, emptyServer, browser] = await Promise.all([
    startServer({ INDEX_DIR: indexDir, CORPUS_DIR: CORPUS, ALLOW_UPLOADS: 'false' }),
    startServer({ INDEX_DIR: await tempDir(), CORPUS_DIR: CORPUS, ALLOW_UPLOADS: 'false' }),
    launchBrowser(),
  ]);
  await mkdir(SCREENSHOTS, { recursive: true });
});

after(async () => {
  if (firstTextMs.length) {
    const sorted = [...firstTextMs].sort((a, b) => a - b);
    process.stdout.write(
      `# first streamed text after sending: ${sorted.map((ms) => ms.toFixed(0)).join(', ')} ms (median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms)\n`,
    );
  }
  await browser?.close();
  await Promise.all([server?.stop(), emptyServer?.stop()]);
});

async function newPage(width = 1280, height = 800): Promise<{ page: Page; chat: ChatPage }> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  const chat = new ChatPage(page);
  await chat.open(server.url);
  return { page, chat };
}

describe('chat page', () => {
  it('answers with a cited, streamed answer and opens the source at the cited sentence', async () => {
    const { page, chat } = await newPage();
    assert.match(await page.getByTestId('index-info').innerText(), /5 documents/);
    assert.equal(await chat.send.isDisabled(), true, 'Send is disabled while the input is empty');
    assert.equal(await page.getByTestId('add-documents').count(), 0, 'no upload control when ALLOW_UPLOADS=false');

    firstTextMs.push(await chat.ask('Why did Germany refuse weapons?'));
    await chat.waitForAnswerDone();
    const answer = chat.lastAnswer();
    assert.match(await answer.getByTestId('answer-text').innerText(), /Lambrecht/);
    assert.match(await answer.getByTestId('sources').innerText(), /001_a7bb7fa174f8eb78\.txt/);

    await chat.citation(1).click();
    await chat.sourcePanel.waitFor();
    assert.equal(await page.getByTestId('source-doc').innerText(), '001_a7bb7fa174f8eb78.txt');
    const highlight = page.getByTestId('source-highlight');
    await highlight.waitFor();
    assert.match(await highlight.innerText(), /Christine Lambrecht/);
    assert.ok(await highlight.isVisible(), 'the panel is scrolled to the highlighted sentence');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'desktop.png') });

    await page.keyboard.press('Escape');
    await chat.sourcePanel.waitFor({ state: 'detached' });
    await page.close();
  });

  it('keeps the conversation for a follow-up question', async () => {
    const { page, chat } = await newPage();
    firstTextMs.push(await chat.ask('What did Liz Truss warn about?'));
    await chat.waitForAnswerDone();
    firstTextMs.push(await chat.ask('Which earlier wars did she compare it to?'));
    await chat.waitForAnswerDone();
    assert.equal(await chat.userMessages.count(), 2);
    assert.match(await chat.lastAnswer().getByTestId('answer-text').innerText(), /Afghanistan|Chechnya/);
    await page.close();
  });

  it('asks a suggested question and starts over with New chat', async () => {
    const { page, chat } = await newPage();
    const suggestion = chat.suggestions.first();
    const question = await suggestion.innerText();
    await suggestion.click();
    await chat.assistantMessages.first().waitFor();
    await chat.waitForAnswerDone();
    assert.equal(await chat.userMessages.first().innerText(), question);
    assert.equal(await chat.lastAnswer().getAttribute('data-refused'), 'false', 'suggestions are answerable');
    assert.ok((await chat.citation(1).count()) > 0);
    await page.getByTestId('new-chat').click();
    await page.getByTestId('empty-state').waitFor();
    assert.equal(await chat.userMessages.count(), 0);
    await page.close();
  });

  it('works from the keyboard: Shift+Enter adds a line, Tab reaches a citation, Enter opens it, Esc closes it', async () => {
    const { page, chat } = await newPage();
    await chat.input.focus();
    await page.keyboard.type('Why is Sweden');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('deploying troops on Gotland?');
    assert.equal(await chat.input.inputValue(), 'Why is Sweden\ndeploying troops on Gotland?');
    assert.equal(await chat.userMessages.count(), 0, 'Shift+Enter does not send');
    firstTextMs.push(await chat.ask('Why is Sweden deploying troops on Gotland?'));
    await chat.waitForAnswerDone();
    await chat.citation(1).focus();
    assert.match((await page.getByRole('tooltip').first().innerText()) ?? '', /Sweden|Gotland/);
    await page.keyboard.press('Enter');
    await chat.sourcePanel.waitFor();
    await page.keyboard.press('Escape');
    await chat.sourcePanel.waitFor({ state: 'detached' });
    assert.equal(await chat.citation(1).evaluate((el) => el === document.activeElement), true, 'focus returns to the citation');
    await page.close();
  });

  it('shows refusals as such, with related reading', async () => {
    const { page, chat } = await newPage();
    await chat.ask('What is the population of Canada?');
    await chat.waitForAnswerDone();
    const answer = chat.lastAnswer();
    assert.equal(await answer.getAttribute('data-refused'), 'true');
    assert.match(await answer.innerText(), /The documents don't cover this/);
    assert.ok((await answer.getByTestId('related').count()) === 1);
    await page.close();
  });

  it('says how sure an answer is: a hint under a weak one, none under a clear one', async () => {
    const { page, chat } = await newPage();
    await chat.ask('Is Britain going to put soldiers on the ground?');
    await chat.waitForAnswerDone();
    const weak = chat.lastAnswer().getByTestId('confidence-hint');
    assert.equal(await weak.getAttribute('data-confidence'), 'low');
    assert.match(await weak.innerText(), /Low confidence/);
    await chat.ask('Why did Germany refuse weapons?');
    await chat.waitForAnswerDone();
    assert.equal(await chat.lastAnswer().getByTestId('confidence-hint').count(), 0);
    await page.close();
  });

  it('greets a greeting and lists the documents when asked, each title cited', async () => {
    const { page, chat } = await newPage();
    await chat.ask('hello');
    await chat.waitForAnswerDone();
    assert.equal(await chat.lastAnswer().getAttribute('data-kind'), 'greeting');
    assert.match(await chat.lastAnswer().innerText(), /Hello! I answer questions about the 5 documents/);
    await chat.ask('Which documents do you have?');
    await chat.waitForAnswerDone();
    assert.equal(await chat.lastAnswer().getAttribute('data-kind'), 'collection');
    assert.equal(await chat.lastAnswer().getByTestId('sources').locator('li').count(), 5);
    await page.close();
  });

  it('renders answer text as inert text, never as markup', async () => {
    const { page, chat } = await newPage();
    await chat.ask('<img src=x onerror="window.pwned=1"> Why did Germany refuse weapons?');
    await chat.waitForAnswerDone();
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.equal(await page.locator('[data-testid="message-user"] img').count(), 0);
    await page.close();
  });

  it('is usable at 390 px: the source opens as a bottom sheet', async () => {
    const { page, chat } = await newPage(390, 844);
    firstTextMs.push(await chat.ask('Why did Germany refuse weapons?'));
    await chat.waitForAnswerDone();
    await chat.citation(1).click();
    await page.getByTestId('source-highlight').waitFor();
    const box = await chat.sourcePanel.boundingBox();
    assert.ok(box && box.width <= 390 && box.y > 100, 'a sheet from the bottom, full width');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, 'no horizontal scrolling');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mobile.png') });
    await page.close();
  });

  it('shows a friendly error with Retry when the server has no index, and keeps the question', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const chat = new ChatPage(page);
    await chat.open(emptyServer.url);
    assert.match(await page.getByTestId('index-info').innerText(), /No index found/);
    await chat.input.fill('Why did Germany refuse weapons?');
    await chat.input.press('Enter');
    await chat.error.waitFor();
    assert.match(await chat.error.innerText(), /No index found.*npm run index/);
    assert.equal(await chat.userMessages.first().innerText(), 'Why did Germany refuse weapons?', 'nothing is lost');
    await page.getByTestId('retry').click();
    await chat.error.waitFor();
    assert.equal(await chat.userMessages.count(), 1);
    await page.close();
  });
});
