/**
 * Real documents of every format, made by the tools a user's own files come
 * from: pandoc writes Word, OpenDocument text, EPUB, PowerPoint and RTF from
 * a Markdown source; LibreOffice turns a CSV into Excel and OpenDocument
 * spreadsheets and a PowerPoint file into an OpenDocument presentation.
 * CSV, TSV and e-mail are written as text. `.ci/run` installs pandoc and
 * LibreOffice.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DocumentFormat } from '@/lib/corpus/formats';

const run = promisify(execFile);

/** Who keeps a harbour: every document names one, so a question can find the document that names it. */
export interface Harbour {
  readonly town: string;
  readonly master: string;
}

export const PORTWEN: Harbour = { town: 'Portwen', master: 'Ada Lovelace' };

export type OfficeFormat = Exclude<DocumentFormat, 'txt' | 'md' | 'html' | 'pdf'>;

/** A harbour of its own for each format: made-up towns and people no article of the corpus mentions. */
export const INDEXED: Record<OfficeFormat, Harbour> = {
  docx: { town: 'Kellmouth', master: 'Orla Vantreece' },
  pptx: { town: 'Dunmarrow', master: 'Ivo Castellane' },
  xlsx: { town: 'Brackwater', master: 'Selma Quorvin' },
  odt: { town: 'Fennick', master: 'Tobias Wrenholt' },
  odp: { town: 'Saltreach', master: 'Mira Ostrander' },
  ods: { town: 'Glimmerby', master: 'Hugo Farrowdale' },
  epub: { town: 'Tarrowick', master: 'Lena Brightwater' },
  rtf: { town: 'Carnhollow', master: 'Piet Ambervane' },
  eml: { town: 'Westerhythe', master: 'Nadia Cortlane' },
  csv: { town: 'Oakmere', master: 'Felix Dunmore' },
  tsv: { town: 'Ravensholm', master: 'Greta Illford' },
};

/** What each document says: the same report, of one harbour. */
export function harbourReport({ town, master }: Harbour) {
  return {
    title: 'Harbour Report',
    markdown: `---
title: Harbour Report
author: Jane Doe
---

# Opening hours

The harbour office opens at seven in the morning. It closes at noon on Saturdays.

## Fees

- Small boats pay four euros a night.
- Large boats pay twelve euros a night.

| Boat | Fee |
|------|-----|
| Small | 4 |
| Large | 12 |

The harbour master of ${town} is ${master}, who was appointed in 2019.
`,
    csv: `Boat,Fee,Harbour master of ${town}\nSmall,4,${master}\nLarge,12,${master}\n`,
    mail: [
      'From: Jane Doe <jane@example.org>',
      'To: crew@example.org',
      'Subject: Harbour Report',
      'Date: Tue, 1 Dec 2026 09:30:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The harbour office opens at seven in the morning. It closes at noon on Saturdays.',
      '',
      `The harbour master of ${town} is ${master}, who was appointed in 2019.`,
      '',
    ].join('\r\n'),
  };
}

/** Formats whose sample comes from the Markdown source (pandoc) or the CSV (LibreOffice). */
const FROM_MARKDOWN = ['docx', 'odt', 'epub', 'pptx', 'rtf'] as const;
const FROM_CSV = ['xlsx', 'ods'] as const;

/**
 * Writes one file of each new format into `dir`, named harbour.<ext> (or `<name>.<ext>`), each the report of the
 * harbour `harbourOf` gives its format; returns their paths by format.
 */
export async function makeOfficeFiles(
  dir: string,
  harbourOf: (format: OfficeFormat) => Harbour = () => PORTWEN,
  name = 'harbour',
): Promise<Record<OfficeFormat, string>> {
  await mkdir(dir, { recursive: true });
  const work = path.join(dir, '.work');
  await mkdir(work, { recursive: true });
  const out = (ext: string) => path.join(dir, `${name}.${ext}`);
  const source = (format: OfficeFormat, ext: string, text: string) => {
    const file = path.join(work, format, `${name}.${ext}`);
    return mkdir(path.dirname(file), { recursive: true }).then(() => writeFile(file, text).then(() => file));
  };
  for (const format of FROM_MARKDOWN)
    await run('pandoc', [await source(format, 'md', harbourReport(harbourOf(format)).markdown), '-s', '-o', out(format)]);
  // LibreOffice wants a profile folder of its own, or it waits on another instance's lock.
  const profile = `-env:UserInstallation=file://${path.join(work, 'profile')}`;
  const office = (target: string, file: string) =>
    run('soffice', [profile, '--headless', '--convert-to', target, '--outdir', dir, file], { timeout: 120_000 });
  for (const format of FROM_CSV) await office(format, await source(format, 'csv', harbourReport(harbourOf(format)).csv));
  // An OpenDocument presentation is the PowerPoint file pandoc writes, saved again by LibreOffice.
  const slides = path.join(work, 'odp', `${name}.pptx`);
  await run('pandoc', [await source('odp', 'md', harbourReport(harbourOf('odp')).markdown), '-s', '-o', slides]);
  await office('odp', slides);
  await writeFile(out('csv'), harbourReport(harbourOf('csv')).csv);
  await writeFile(out('tsv'), harbourReport(harbourOf('tsv')).csv.replaceAll(',', '\t'));
  await writeFile(out('eml'), harbourReport(harbourOf('eml')).mail);
  await rm(work, { recursive: true, force: true });
  return {
    docx: out('docx'),
    odt: out('odt'),
    epub: out('epub'),
    pptx: out('pptx'),
    rtf: out('rtf'),
    xlsx: out('xlsx'),
    ods: out('ods'),
    odp: out('odp'),
    csv: out('csv'),
    tsv: out('tsv'),
    eml: out('eml'),
  };
}

export const bytesOf = (file: string) => readFile(file);
