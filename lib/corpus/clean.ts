/**
 * Removes the noise scraped web pages and machine-translated news carry while
 * keeping every sentence of content. Always: runs of "?" left by failed
 * transliteration and sentences repeated verbatim. For a scraped page (the web
 * profile, on where configured or detected): captions that repeat the heading
 * above them, photo credits, teaser lines ("Read:", "See also", "► Also
 * listening to", "VIDEO."), counters, site footers and breadcrumbs; a manual
 * keeps its "Copyright" line and its "See also" section. Output: one paragraph
 * per line, blank line between.
 */
import type { CleaningProfile } from '../config';
import { splitSentences } from '../text/sentences';
import { isStopWord } from '../text/tokenize';

/** A line matching any of these is dropped on its own. */
const NOISE_LINES: readonly RegExp[] = [
  /^(?:read(?: also| more)?|see also|also read|related|watch|listen)\s*[:：]/i,
  /^see also\b/i,
  /^►/,
  /^video\s*[.:]/i,
  /^this site uses [\p{L}\p{N} ]{1,30} to reduce spam\b/iu, // the comment-spam notice of blog platforms, whatever the filter
  /^next article/i,
  /^reproduction\b.*(?:copyright|©)/i,
  /^copyright\b.{0,80}$/i,
  /^[\p{L}]{1,12}:\s*\d+$/u, // counter widgets such as "usr: 0"
  /^this is interesting!?$/i,
  /^(?:share|tweet|print|email)(?: this)?(?: article)?$/i,
];

/** Everything from a line matching one of these to the end is site footer. */
const FOOTER_STARTS: readonly RegExp[] = [/^leave a (?:comment|reply)\b/i, /^previous article/i, /^related (?:posts|articles)\s*:?$/i];

// Photo credits inside captions: "© AFP", "© Photo: Jane Doe / dpa", "© John Roe / Pool via AP - … via AP". A credit
// ends at the name of a news photo agency, so the caption text after it is kept; these are the major international wire
// and photo agencies, whatever corpus is indexed. What follows the last agency is part of the credit by its shape,
// whatever its name: a photographer's name, or distributors after slashes ("EPA / Agence").
const NAME = String.raw`\p{Lu}\p{L}+\s+\p{Lu}\p{L}+`;
const AGENCY = '(?:AFP|AP|dpa|DPA|EPA|Reuters|Getty Images|Sipa|Xinhua|TASS)';
/** What may follow the last agency: a photographer's name, or one-word distributors after slashes. */
const AFTER_AGENCY = String.raw`(?:\s*[-–/]\s*${NAME}|(?:\s*/\s*\p{Lu}[\p{L}\p{N}]*)*)`;
const CREDIT_TOKEN = String.raw`(?:\p{Lu}[\p{L}.'’-]*|via|/|-|–)`;
const PHOTO_CREDITS: readonly RegExp[] = [
  new RegExp(
    String.raw`©\s*(?:Photo:\s*)?(?:${CREDIT_TOKEN}\s+){0,14}?${AGENCY}\b(?:\s+(?:${CREDIT_TOKEN}\s+){0,14}?${AGENCY}\b)*${AFTER_AGENCY}`,
    'gu',
  ),
  new RegExp(String.raw`©\s*(?:-\s*|Photo:\s*)${NAME}`, 'gu'),
  // A one-word credit before a capitalised caption: "© Frame Local volunteers".
  /©\s*\p{Lu}\p{L}+(?=\s+\p{Lu})/gu,
  /\((?:Copyright|©)[^)]*\)/gi,
];

const MIN_REPEATED_SENTENCE = 40;
const MIN_BREADCRUMB_TAIL = 15;
const MIN_CAPTION_PREFIX = 8;
const MIN_RESTATED_HEADING = 40;

function trimLine(line: string): string {
  return line
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–—:;,.|]+(?=\S)/u, '')
    .trim();
}

/** A credit's last word when it is a function word ("… / Agence The minister…"): it begins the caption, so it stays. */
function keepCaptionStart(credit: string): string {
  const last = /\s(\p{Lu}\p{L}*)$/u.exec(credit)?.[1];
  return last && isStopWord(last.toLowerCase()) ? ` ${last}` : ' ';
}

function removeCredits(line: string): string {
  return trimLine(PHOTO_CREDITS.reduce((text, re) => text.replace(re, keepCaptionStart), line));
}

function isNoise(line: string): boolean {
  return NOISE_LINES.some((re) => re.test(line)) || !/[\p{L}\p{N}]/u.test(line);
}

/** "Home LATEST NEWS Storm hits coast…" followed by "Storm hits coast…": the first is a breadcrumb. */
function dropBreadcrumbs(lines: string[]): string[] {
  return lines.filter((line, i) => {
    const next = lines[i + 1];
    return !(next && next.length >= MIN_BREADCRUMB_TAIL && line !== next && line.endsWith(next));
  });
}

/**
 * A caption often restates the heading above it before the photo credit and
 * the text: "Heading © AFP The minister…". Strip the restatement when a credit
 * follows it, or when it is a whole long heading; a paragraph that merely
 * begins with a short heading's words ("The Zephyr Accord was signed…") keeps them.
 */
function stripRepeatedHeading(line: string, previous: string | undefined): string {
  if (!previous || /[.!?]["”’]?$/.test(previous)) return line;
  const candidates = [previous, previous.split(/["“”«»]/)[0]?.trim() ?? ''];
  for (const prefix of candidates) {
    if (prefix.length < MIN_CAPTION_PREFIX || line === previous || !line.startsWith(`${prefix} `)) continue;
    const rest = line.slice(prefix.length).trim();
    const wholeLongHeading = prefix === previous && prefix.length >= MIN_RESTATED_HEADING && prefix.split(/\s+/).length >= 6;
    if (rest.startsWith('©') || wholeLongHeading) return trimLine(rest);
  }
  return line;
}

function sentenceKey(sentence: string): string {
  return sentence
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Kinds of scraped-page noise that tell a web page from a manual or a book; one alone may be chance. */
const WEB_SIGNS_NEEDED = 2;

/** How many kinds of scraped-page noise the lines show (teaser lines, a footer, a breadcrumb, a photo credit). */
function webSigns(lines: readonly string[]): number {
  const teaser = lines.some((line) => NOISE_LINES.some((re) => re.test(line)));
  const footer = lines.some((line) => FOOTER_STARTS.some((re) => re.test(line)));
  const breadcrumb = dropBreadcrumbs([...lines]).length < lines.length;
  const credit = lines.some((line) => PHOTO_CREDITS.some((re) => new RegExp(re.source, re.flags.replace('g', '')).test(line)));
  return [teaser, footer, breadcrumb, credit].filter(Boolean).length;
}

/** Whether a document gets the web rules under a profile. */
export function webRulesApply(lines: readonly string[], profile: CleaningProfile): boolean {
  return profile === 'web' || (profile === 'auto' && webSigns(lines) >= WEB_SIGNS_NEEDED);
}

/** Cleans plain text (already extracted from its format) under a cleaning profile. */
export function cleanText(raw: string, profile: CleaningProfile = 'auto'): string {
  const normalized = raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\u00a0/g, ' ');

  let lines = normalized
    .split('\n')
    .map((line) => trimLine(line.replace(/[?？]{3,}/g, ' ')))
    .filter((line) => line !== '');
  const web = webRulesApply(lines, profile);
  if (web) {
    const footer = lines.findIndex((line) => FOOTER_STARTS.some((re) => re.test(line)));
    if (footer >= 0) lines = lines.slice(0, footer);
    lines = dropBreadcrumbs(lines.filter((line) => !isNoise(line)));
  } else lines = lines.filter((line) => /[\p{L}\p{N}]/u.test(line));

  const seen = new Set<string>();
  const kept: string[] = [];
  for (const line of lines) {
    // Headings are compared before credits go: a credit right after the restatement marks it as a caption.
    const stripped = web ? removeCredits(stripRepeatedHeading(line, kept[kept.length - 1])) : line;
    const sentences = splitSentences(stripped)
      .map((span) => stripped.slice(span.start, span.end))
      .filter((sentence) => {
        const key = sentenceKey(sentence);
        if (key.length < MIN_REPEATED_SENTENCE) return true;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    const rebuilt = sentences.join(' ').trim();
    if (rebuilt !== '' && /[\p{L}\p{N}]/u.test(rebuilt)) kept.push(rebuilt);
  }
  return kept.join('\n\n');
}

const BREADCRUMB_PREFIX = /^(?:home|accueil)\s*(?:[»>|/]\s*[^»>|/]+?\s*)*[»>|/]\s*/i;

/** The first meaningful line: at least three words, not a section label, breadcrumb trail removed. */
export function titleFromText(cleaned: string, fallback: string): string {
  for (const line of cleaned.split('\n')) {
    const candidate = line.replace(BREADCRUMB_PREFIX, '').trim();
    if (candidate.split(/\s+/).length >= 3 && candidate.length >= 12) {
      return candidate.length > 200 ? `${candidate.slice(0, 197).trimEnd()}…` : candidate;
    }
  }
  return fallback;
}
