/** With CORPUS_CHAT_API_KEY set, the page asks for the key once, keeps it for the tab, and everything works. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildIndex } from '@/lib/pipeline/build-index';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { CORPUS, tempDir, testConfig } from '../helpers';
import { launchBrowser } from './browser';
import { ChatPage } from './chat-page';

const KEY = 'page-key-0123456789';
let server: RunningServer;
let browser: Browser;

before(async () => {
  const indexDir = await tempDir();
  await buildIndex(testConfig({ INDEX_DIR: indexDir }));
  [server, browser] = await Promise.all([
    startServer({ INDEX_DIR: indexDir, CORPUS_DIR: CORPUS, ALLOW_UPLOADS: 'false', CORPUS_CHAT_API_KEY: KEY }),
    launchBrowser(),
  ]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('page with an API key', () => {
  it('asks for the key, rejects a wrong one, then answers and opens sources with the right one', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    const chat = new ChatPage(page);
    await chat.open(server.url);
    const form = page.getByTestId('api-key-form');
    await form.waitFor();
    assert.match(await page.getByTestId('index-info').innerText(), /Enter the API key/, 'nothing from the corpus before the key');
    assert.equal(await page.getByTestId('suggestion').count(), 0);

    await page.getByTestId('api-key-input').fill('wrong-key-000000');
    await page.getByTestId('api-key-save').click();
    await chat.input.fill('Why did Germany refuse weapons?');
    await chat.input.press('Enter');
    await form.getByRole('alert').waitFor();
    assert.match(await form.innerText(), /not accepted/);
    // The live conversation loads on the first question; the refused question stays in it.
    await chat.userMessages.first().waitFor();
    assert.equal(await chat.userMessages.count(), 1, 'the question is kept');

    await page.getByTestId('api-key-input').fill(KEY);
    await page.getByTestId('api-key-save').click();
    await page.locator('[data-testid="message-assistant"][data-done="true"]').first().waitFor({ timeout: 15_000 });
    assert.match(await chat.lastAnswer().getByTestId('answer-text').innerText(), /Lambrecht/);
    await chat.citation(1).click();
    await page.getByTestId('source-highlight').waitFor();
    assert.equal(await page.getByTestId('source-doc').innerText(), '001_a7bb7fa174f8eb78.txt');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('corpus-chat-api-key')), KEY);
    await page.keyboard.press('Escape');
    await page.getByTestId('new-chat').click();
    await page.locator('[data-testid="index-info"]', { hasText: /^5 documents/ }).waitFor();
    assert.ok((await page.getByTestId('suggestion').count()) > 0, 'with the key, the empty state shows what the server knows');
    await page.close();
  });
});
