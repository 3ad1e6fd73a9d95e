/**
 * `npm run lighthouse`: Lighthouse 12 (mobile preset, simulated slow 4G and 4× CPU) on the production page,
 * run N times (`--runs N`, default 3; `--keep DIR` keeps each run's JSON report) with the system's Chromium; prints each run and the median of each
 * score and metric. Lighthouse lives in bench/lighthouse with its own lock file, installed on first use, so
 * it never enters the app's dependencies. Builds the index and the bundle first when they are missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getConfig } from '@/lib/config';
import { runCli, UsageError } from './lib/cli';
import { buildMissing } from './lib/prepare';
import { startServer } from './lib/server';

const FOLDER = path.resolve(import.meta.dirname, '..', 'bench', 'lighthouse');
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];

interface Report {
  readonly categories: Record<string, { readonly score: number | null }>;
  readonly audits: Record<string, { readonly score: number | null; readonly numericValue?: number }>;
}

function chromium(): string {
  const found = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
    (candidate) => candidate && existsSync(candidate),
  );
  if (!found) throw new UsageError('no Chromium found: install it (apt-get install chromium) or set CHROME_PATH');
  return found;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

runCli(async () => {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new UsageError('--runs takes a whole number from 1 to 20');
  const keepArg = process.argv.indexOf('--keep');
  const keep = keepArg > 0 ? process.argv[keepArg + 1] : undefined;
  if (keepArg > 0 && !keep) throw new UsageError("--keep takes a folder to write each run's report to");
  const chrome = chromium();
  if (!existsSync(path.join(FOLDER, 'node_modules', 'lighthouse'))) {
    process.stderr.write('installing Lighthouse into bench/lighthouse …\n');
    if (spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: FOLDER, stdio: 'inherit' }).status !== 0) return 1;
  }
  const built = await buildMissing(getConfig(), (line) => process.stderr.write(`${line}\n`));
  if (built !== 0) return built;
  const server = await startServer({});
  const out = keep ? path.resolve(keep) : await mkdtemp(path.join(tmpdir(), 'lighthouse-'));
  if (keep) await mkdir(out, { recursive: true });
  try {
    const reports: Report[] = [];
    for (let run = 1; run <= runs; run++) {
      const file = path.join(out, `run-${run}.json`);
      const lighthouse = () =>
        spawnSync(
          process.execPath,
          [
            path.join(FOLDER, 'node_modules', 'lighthouse', 'cli', 'index.js'),
            `${server.url}/`,
            '--quiet',
            `--only-categories=${CATEGORIES.join(',')}`,
            '--output=json',
            `--output-path=${file}`,
            '--chrome-flags=--headless=new --no-sandbox',
          ],
          { env: { ...process.env, CHROME_PATH: chrome }, stdio: ['ignore', 'ignore', 'inherit'] },
        );
      // Headless Chromium now and then loses a trace (NO_NAVSTART); a second try of the same run settles it.
      const status = lighthouse().status === 0 ? 0 : lighthouse().status;
      if (status !== 0) throw new Error(`lighthouse exited with ${status}`);
      const report = JSON.parse(await readFile(file, 'utf8')) as Report;
      reports.push(report);
      process.stdout.write(`run ${run}: ${line(report)}\n`);
    }
    const scores = CATEGORIES.map((c) => `${c} ${median(reports.map((r) => Math.round((r.categories[c]?.score ?? 0) * 100)))}`);
    const metrics = METRICS.map(
      (m) => `${m} ${median(reports.map((r) => r.audits[m]?.numericValue ?? Number.NaN)).toFixed(m.includes('shift') ? 3 : 0)}`,
    );
    const errors = median(reports.map((r) => (r.audits['errors-in-console']?.score === 1 ? 0 : 1)));
    process.stdout.write(
      `median of ${runs}: ${scores.join(', ')}; ${metrics.join(', ')} (ms); console errors: ${errors ? 'yes' : 'none'}\n`,
    );
  } finally {
    await server.stop();
    if (!keep) await rm(out, { recursive: true, force: true });
  }
});

function line(report: Report): string {
  const scores = CATEGORIES.map((c) => `${c} ${Math.round((report.categories[c]?.score ?? 0) * 100)}`).join(', ');
  const lcp = report.audits['largest-contentful-paint']?.numericValue ?? Number.NaN;
  const tbt = report.audits['total-blocking-time']?.numericValue ?? Number.NaN;
  return `${scores}; LCP ${lcp.toFixed(0)} ms, TBT ${tbt.toFixed(0)} ms`;
}
