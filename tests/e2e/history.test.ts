/**
 * Chat history, feedback and removed sources in Debian's Chromium against the production server: three
 * questions survive a reload with their citations; a second conversation joins the sidebar; rename, delete
 * with undo, export as Markdown; the 390 px drawer; thumbs and a comment that reach the feedback log and
 * stay after a reload; a conversation whose cited document was deleted since.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildIndex } from '@/lib/pipeline/build-index';
import { feedbackLog } from '@/lib/store/feedback';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { corpusCopy, ROOT, tempDir, testConfig } from '../helpers';
import { launchBrowser } from './browser';
import { ChatPage } from './chat-page';

const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs', 'screenshots') : path.join(ROOT, 'test-results', 'screenshots');

let server: RunningServer;
let browser: Browser;
let env: Record<string, string>;

before(async () => {
  const corpus = await corpusCopy();
  const indexDir = await tempDir();
  env = { CORPUS_DIR: corpus, INDEX_DIR: indexDir, FEEDBACK_DIR: await tempDir() };
  await buildIndex(testConfig(env));
  [server, browser] = await Promise.all([startServer(env), launchBrowser()]);
  await mkdir(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(width = 1280, height = 800): Promise<{ page: Page; chat: ChatPage }> {
  const page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
  page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
  const chat = new ChatPage(page);
  await chat.open(server.url);
  return { page, chat };
}

async function askAndWait(chat: ChatPage, question: string): Promise<void> {
  await chat.ask(question);
  await chat.waitForAnswerDone();
}

/** The sidebar's conversation titles, top to bottom. */
const titles = (page: Page) => page.getByTestId('conversation-title').allInnerTexts();

async function reload(page: Page, chat: ChatPage): Promise<void> {
  await page.reload();
  await page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();
  await chat.assistantMessages.first().waitFor();
}

describe('chat history', () => {
  it('brings a conversation of three questions back after a reload, citations and all; a second one joins the sidebar', async () => {
    const { page, chat } = await newPage();
    await askAndWait(chat, 'Why did Germany refuse weapons?');
    await askAndWait(chat, 'What did Liz Truss warn about?');
    await askAndWait(chat, 'Why is Sweden deploying troops on Gotland?');
    assert.deepEqual(await titles(page), ['Why did Germany refuse weapons?']);

    await reload(page, chat);
    assert.equal(await chat.userMessages.count(), 3);
    assert.equal(await chat.assistantMessages.count(), 3);
    assert.equal(await page.locator('[data-testid="conversation"][data-current="true"]').count(), 1);
    const first = chat.assistantMessages.first();
    assert.match(await first.getByTestId('answer-text').innerText(), /Lambrecht/);
    await chat.citation(1, first).click();
    const highlight = page.getByTestId('source-highlight');
    await highlight.waitFor();
    assert.match(await highlight.innerText(), /Christine Lambrecht/);
    assert.ok(await highlight.isVisible(), 'the panel is scrolled to the highlighted sentence');
    await page.keyboard.press('Escape');

    await page.getByTestId('new-chat').click();
    await page.getByTestId('empty-state').waitFor();
    await askAndWait(chat, 'Who is the Minister of Defense of Germany?');
    assert.deepEqual(await titles(page), ['Who is the Minister of Defense of Germany?', 'Why did Germany refuse weapons?']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'history.png') });

    // Opening the older one shows its three answers; the newer stays in the list.
    await page.getByTestId('open-conversation').nth(1).click();
    await chat.userMessages.nth(2).waitFor();
    assert.equal(await chat.userMessages.count(), 3);
    await page.close();
  });

  it('renames, deletes with undo, exports as Markdown with numbered sources, and clears after a confirmation', async () => {
    const { page, chat } = await newPage();
    await askAndWait(chat, 'Why did Germany refuse weapons?');
    await askAndWait(chat, 'What did Liz Truss warn about?');

    await page.getByTestId('rename-conversation').click();
    await page.getByTestId('rename-input').fill('Germany and Britain');
    await page.getByTestId('rename-input').press('Enter');
    await page.getByText('Germany and Britain').waitFor();
    await askAndWait(chat, 'Which earlier wars did she compare it to?');
    await reload(page, chat);
    assert.deepEqual(await titles(page), ['Germany and Britain'], 'a name given stays, through more questions and a reload');

    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-conversation').click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), 'germany-and-britain.md');
    const markdown = await readFile((await download.path()) ?? '', 'utf8');
    assert.match(markdown, /^# Germany and Britain\n/);
    assert.match(
      markdown,
      /\*\*You:\*\* Why did Germany refuse weapons\?\n\n\*\*Answer:\*\* Germany, on the other hand, refused .*Lambrecht.*\[1\]/,
    );
    assert.match(
      markdown,
      /Sources:\n\n1\. Russians and Brits to discuss Ukraine in Moscow: 001_a7bb7fa174f8eb78\.txt, characters \d+–\d+ {2}\n {3}> .*Christine Lambrecht/,
    );
    assert.equal(markdown.match(/\*\*You:\*\*/g)?.length, 3);

    await page.getByTestId('delete-conversation').click();
    await page.getByTestId('undo-delete').waitFor();
    assert.equal(await page.getByTestId('conversation').count(), 0);
    await page.getByTestId('empty-state').waitFor();
    await page.getByTestId('undo').click();
    await page.getByTestId('conversation').waitFor();
    assert.equal(await chat.userMessages.count(), 3, 'undo reopens what was open');
    await reload(page, chat);
    assert.deepEqual(await titles(page), ['Germany and Britain']);

    await page.getByTestId('clear-history').click();
    await page.getByTestId('confirm-clear-history').click();
    await page.getByTestId('empty-state').waitFor();
    assert.equal(await page.getByTestId('conversation').count(), 0);
    await page.reload();
    await page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();
    await page.getByTestId('empty-state').waitFor();
    await page.close();
  });

  it('puts the history in a drawer at 390 px', async () => {
    const { page, chat } = await newPage(390, 844);
    assert.equal(await page.getByTestId('history').isVisible(), false, 'no sidebar on a narrow screen');
    await askAndWait(chat, 'Why did Germany refuse weapons?');
    await page.getByTestId('new-chat').click();
    await page.getByTestId('empty-state').waitFor();

    await page.getByTestId('show-history').click();
    const drawer = page.getByTestId('history');
    await drawer.waitFor();
    const box = await drawer.boundingBox();
    assert.ok(box && box.x === 0 && box.width <= 300 && box.height >= 800, `a drawer from the left: ${JSON.stringify(box)}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'history-mobile.png') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await page.getByTestId('show-history').click();
    await page.getByTestId('open-conversation').click();
    await drawer.waitFor({ state: 'hidden' });
    assert.match(await chat.lastAnswer().getByTestId('answer-text').innerText(), /Lambrecht/);
    await page.close();
  });
});

describe('feedback and removed sources', () => {
  it('sends thumbs and a comment to the feedback log, and keeps the verdict through a reload', async () => {
    const { page, chat } = await newPage();
    await askAndWait(chat, 'Why did Germany refuse weapons?');
    const answer = chat.lastAnswer();
    await answer.getByTestId('thumbs-down').click();
    await answer.getByTestId('feedback-comment').fill('It should name the weapons.');
    await answer.getByTestId('send-comment').click();
    await answer.getByText('Thanks for the comment.').waitFor();

    const entries = await feedbackLog(testConfig(env)).entries();
    const mine = entries.filter((e) => e.question === 'Why did Germany refuse weapons?');
    assert.equal(mine.length, 1, 'the comment replaced the verdict it was added to');
    assert.equal(mine[0]?.verdict, 'down');
    assert.equal(mine[0]?.comment, 'It should name the weapons.');
    assert.equal(mine[0]?.citations[0]?.doc, '001_a7bb7fa174f8eb78.txt');

    await reload(page, chat);
    assert.equal(await chat.lastAnswer().getByTestId('thumbs-down').getAttribute('aria-pressed'), 'true');
    await page.close();
  });

  it('shows a conversation whose cited document was deleted since, with the source marked as removed', async () => {
    const { page, chat } = await newPage();
    await askAndWait(chat, 'Why did Germany refuse weapons?');
    // Deleted by another client (a script, another tab): this page learns of it on its next load.
    const deleted = await fetch(`${server.url}/api/documents/001_a7bb7fa174f8eb78.txt`, { method: 'DELETE' });
    assert.equal(deleted.status, 200);

    await reload(page, chat);
    const answer = chat.lastAnswer();
    assert.match(await answer.getByTestId('answer-text').innerText(), /Lambrecht/);
    await answer.getByTestId('source-removed').first().waitFor();
    await chat.citation(1, answer).click();
    assert.match(await page.getByTestId('source-doc').innerText(), /001_a7bb7fa174f8eb78\.txt \(removed\)/);
    assert.match(await page.getByTestId('source-highlight').innerText(), /Christine Lambrecht/);
    await page.close();
  });
});
