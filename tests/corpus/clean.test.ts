import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cleanText, titleFromText } from '@/lib/corpus';
import { CORPUS } from '../helpers';

const article = async (id: string) => cleanText(await readFile(path.join(CORPUS, id), 'utf8'));
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('cleanText on the real articles', () => {
  it('000: removes ? runs, teasers, credits and repeated captions, keeps the reporting', async () => {
    const text = await article('000_30d27c5237f5a4d0.txt');
    assert.doesNotMatch(text, /\?{3,}/);
    assert.doesNotMatch(text, /Also listening to/);
    assert.doesNotMatch(text, /^Video:/m);
    assert.doesNotMatch(text, /^See also/m);
    assert.doesNotMatch(text, /© AFP|© Photo|Maxppp/);
    assert.equal(count(text, 'Despite a week of negotiations between Russia and the United States, the peace always threatened'), 1);
    assert.equal(count(text, 'Tensions Russia - Westerners: strong diplomatic activity (and military)'), 1);
    // content that must survive
    assert.match(text, /The last bilateral meeting at this level dates back to 2013\./);
    assert.match(text, /Polonium Assassination of the former Russian agent Alexandre Litvinenko in 2006/);
    assert.match(text, /The United Kingdom will provide "light and anti-tank defensive weapons systems" to Ukraine/);
    assert.match(text, /^The Russian Minister of Foreign Foreign Affairs Sergei Lavrov is now waiting/m);
    assert.match(text, /The American Embassy in Kiev called on Wednesday, January 26/);
  });

  it('001: removes the breadcrumb, "Read:" teasers and the previous/next footer', async () => {
    const text = await article('001_a7bb7fa174f8eb78.txt');
    assert.doesNotMatch(text, /Home LATEST NEWS/);
    assert.doesNotMatch(text, /^Read:/m);
    assert.doesNotMatch(text, /Previous article|Next article|frozen sidewalks/);
    assert.match(text, /^Russians and Brits to discuss Ukraine in Moscow$/m);
    assert.match(
      text,
      /Germany, on the other hand, refused to follow suit, as this would not contribute not currently to defuse the crisis, said its Minister of Defense, Christine Lambrecht, on Saturday\./,
    );
    assert.match(text, /It confined itself to announcing the delivery in February of a field hospital\./);
    assert.match(text, /We are rigorously developing plans in case the security situation deteriorates\.$/);
  });

  it('002: removes widgets, keeps both deployment paragraphs and the quotes', async () => {
    const text = await article('002_bceca436d5cb6915.txt');
    assert.doesNotMatch(text, /usr: 0|This is interesting!/);
    assert.doesNotMatch(text, /^Video:/m);
    assert.doesNotMatch(text, /\(Copyright 2022/);
    assert.equal(count(text, 'Sweden deploys troops on Gotland Island, a consequence of the tensions between Moscow and NATO'), 1);
    assert.match(text, /^Sweden deploys military and armored on the Gotland Island/m);
    assert.match(text, /more than 100,000 Russian soldiers, equipment and tanks have been deployed near Ukraine/);
    assert.match(text, /an unusual initiative in response to a rise in Russian activity in the region/);
    assert.match(text, /The German Chancellor Olaf Scholz at a press conference in Berlin/);
  });

  it('003: removes the VIDEO teaser and the comment-form footer', async () => {
    const text = await article('003_34d693b449392de2.txt');
    assert.doesNotMatch(text, /VIDEO\.|Leave a Comment|Akismet/);
    assert.match(text, /“We are deeply concerned about Russia’s plans for a new aggression against Ukraine,”/);
    assert.match(
      text,
      /the meeting did not lead to an agreement, even if the two men agreed to continue the dialogue, according to an American official\.$/,
    );
  });

  it('004: removes "See also" and the reproduction notice', async () => {
    const text = await article('004_074836f2c1ba7ac7.txt');
    assert.doesNotMatch(text, /See also|Reproduction|ANSA/);
    assert.match(text, /to return to the 1997 situation in those countries at that time/);
  });
});

describe('cleanText rules', () => {
  it('drops a sentence repeated verbatim later in a document but keeps short repeats', () => {
    const sentence = 'The minister announced the delivery of a field hospital in February.';
    const text = cleanText(`${sentence}\n\nOther news here.\n\nOK. ${sentence} OK.`);
    assert.equal(count(text, sentence), 1);
    assert.equal(count(text, 'OK.'), 2);
  });

  it('keeps a paragraph that begins with the words of a short heading above it', () => {
    const text = cleanText('# ignored\n\nThe Zephyr Accord\n\nThe Zephyr Accord was signed in Reykjavik.');
    assert.match(text, /^The Zephyr Accord was signed in Reykjavik\.$/m);
  });

  it('drops credits and notices by their shape, not by the names in them', () => {
    const text = cleanText(
      [
        'Talks resume © Jane Doe / Reuters / Fotoagentur The ministers met on Friday.',
        'This site uses Spamfilter Pro to reduce spam. Learn how your comment data is processed.',
        'The site uses a filter to reduce spam in comments, the editor said.',
      ].join('\n\n'),
    );
    assert.doesNotMatch(text, /Jane Doe|Fotoagentur|Spamfilter/);
    assert.match(text, /Talks resume The ministers met on Friday\./);
    assert.match(text, /The site uses a filter to reduce spam in comments, the editor said\./);
  });

  it('strips a heading restated in its caption before a photo credit', () => {
    const text = cleanText('Talks resume in Geneva\n\nTalks resume in Geneva © AFP The ministers met on Friday.', 'web');
    assert.match(text, /^The ministers met on Friday\.$/m);
  });

  it('keeps a line that merely starts like a teaser word', () => {
    assert.match(cleanText('Reading the report, officials said nothing.'), /Reading the report/);
    assert.match(cleanText('Videos of the convoy circulated widely.'), /Videos of the convoy/);
  });

  it('applies the web rules where configured, or where a document shows two kinds of scraped-page noise', () => {
    const manual =
      'RANDOM(7)\n\nThe kernel random-number generator relies on entropy.\n\nSEE ALSO\n\ngetrandom(2)\n\nCopyright 2008 Michael Kerrisk';
    // A manual has a "SEE ALSO" section and a copyright line: one kind of noise each at most, so both stay.
    assert.equal(cleanText(manual), cleanText(manual, 'plain'));
    assert.match(cleanText(manual), /SEE ALSO[\s\S]*Copyright 2008 Michael Kerrisk/);
    assert.doesNotMatch(cleanText(manual, 'web'), /SEE ALSO|Copyright 2008/);
    // A news page with a teaser line and a photo credit gets the web rules by itself.
    const page = 'Storm hits coast\n\nRead also: Floods in the north\n\nThe storm © AFP Waves broke the sea wall on Monday.';
    assert.equal(cleanText(page), cleanText(page, 'web'));
    assert.equal(cleanText(page), 'Storm hits coast\n\nThe storm Waves broke the sea wall on Monday.');
    assert.match(cleanText(page, 'plain'), /Read also: Floods in the north[\s\S]*© AFP/);
  });

  it('returns an empty string when only noise is left', () => {
    assert.equal(cleanText('?????????\n\nSee also\n\nLeave a Comment\nanything after the footer'), '');
  });
});

describe('titleFromText', () => {
  it('skips short section labels and breadcrumb trails', () => {
    assert.equal(titleFromText('TOP News\n\nUS News: Ukraine: Confirmed meeting', 'x'), 'US News: Ukraine: Confirmed meeting');
    assert.equal(titleFromText('Home » world » Moscow hopes for contact\n\nBody', 'x'), 'Moscow hopes for contact');
    assert.equal(titleFromText('Hi', 'fallback'), 'fallback');
  });
});
