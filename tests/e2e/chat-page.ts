/** Page object for the chat page: what a person does, in the words of the UI. */
import type { Locator, Page } from 'playwright-core';

export class ChatPage {
  readonly input: Locator;
  readonly send: Locator;
  readonly stop: Locator;
  readonly assistantMessages: Locator;
  readonly userMessages: Locator;
  readonly sourcePanel: Locator;
  readonly suggestions: Locator;
  readonly error: Locator;
  readonly documentsPanel: Locator;
  readonly documentRows: Locator;

  constructor(readonly page: Page) {
    this.input = page.getByTestId('chat-input');
    this.send = page.getByTestId('send');
    this.stop = page.getByTestId('stop');
    this.assistantMessages = page.getByTestId('message-assistant');
    this.userMessages = page.getByTestId('message-user');
    this.sourcePanel = page.getByTestId('source-panel');
    this.suggestions = page.getByTestId('suggestion');
    this.error = page.getByTestId('chat-error');
    this.documentsPanel = page.getByTestId('documents-panel');
    this.documentRows = page.getByTestId('document-row');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('[data-testid="chat"][data-hydrated="true"]').waitFor();
  }

  /**
   * Types a question and presses Enter. Resolves with the milliseconds from the
   * key press to the first answer text on screen, timed inside the page (a
   * capturing keydown listener and a MutationObserver), so test-driver polling
   * does not count.
   */
  async ask(question: string): Promise<number> {
    const before = await this.assistantMessages.count();
    await this.input.fill(question);
    await this.page.evaluate((n) => {
      const w = window as unknown as { firstTextMs?: Promise<number> };
      w.firstTextMs = new Promise((resolve) => {
        let sentAt = 0;
        const input = document.querySelector('[data-testid="chat-input"]');
        input?.addEventListener(
          'keydown',
          (e) => {
            if ((e as KeyboardEvent).key === 'Enter') sentAt = performance.now();
          },
          { capture: true, once: true },
        );
        const observer = new MutationObserver(() => {
          const answers = document.querySelectorAll('[data-testid="message-assistant"] [data-testid="answer-text"]');
          if (sentAt > 0 && answers.length > n && (answers[n]?.textContent ?? '').trim().length > 0) {
            observer.disconnect();
            resolve(performance.now() - sentAt);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    }, before);
    await this.input.press('Enter');
    return this.page.evaluate(() => (window as unknown as { firstTextMs: Promise<number> }).firstTextMs);
  }

  lastAnswer(): Locator {
    return this.assistantMessages.last();
  }

  async waitForAnswerDone(): Promise<void> {
    await this.page
      .locator('[data-testid="message-assistant"][data-done="true"]')
      .nth((await this.assistantMessages.count()) - 1)
      .waitFor({ timeout: 15_000 });
    await this.send.waitFor();
  }

  /** Opens the documents panel and waits for its list. */
  async openDocuments(): Promise<void> {
    await this.page.getByTestId('show-documents').click();
    await this.documentRows.first().waitFor();
  }

  /** Deletes a document from the documents panel (Delete, then the confirming Delete) and waits for the notice. */
  async deleteDocument(id: string): Promise<string> {
    const row = this.page.locator(`[data-testid="document-row"][data-doc="${id}"]`);
    await row.getByTestId('delete-document').click();
    await row.getByTestId('confirm-delete').click();
    const notice = this.page.getByTestId('documents-notice');
    await notice.waitFor({ timeout: 30_000 });
    return notice.innerText();
  }

  citation(n: number, answer: Locator = this.lastAnswer()): Locator {
    return answer.locator(`[data-testid="citation"][data-citation="${n}"]`);
  }
}
