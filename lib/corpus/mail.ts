/**
 * An e-mail (.eml) through mailparser: the subject is the title, the sender
 * and date the first line, the plain-text part the body (or the HTML part's
 * text when there is no plain one). Attachments are not read: a document sent
 * by mail is added as a document of its own.
 */
import type { ExtractedText } from './extract';
import { htmlToText } from './html';
import { reflowPlainText } from './reflow';

export async function extractMail(raw: string): Promise<ExtractedText> {
  // Loaded on first use, like every parser of a format a build may not have: the extraction child starts small.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const sender = mail.from?.value[0];
  const from = sender && (sender.name ? `${sender.name}${sender.address ? ` <${sender.address}>` : ''}` : sender.address);
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString().slice(0, 10) : undefined;
  const byline = [from && `From ${from}`, date && `on ${date}`].filter(Boolean).join(' ');
  const body =
    typeof mail.text === 'string' && mail.text.trim() !== ''
      ? reflowPlainText(mail.text)
      : typeof mail.html === 'string'
        ? htmlToText(mail.html).paragraphs.join('\n\n')
        : '';
  const text = [byline && `${byline}.`, body].filter(Boolean).join('\n\n');
  const subject = mail.subject?.trim();
  return subject ? { text, declaredTitle: subject } : { text };
}
