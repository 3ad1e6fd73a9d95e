import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReport } from '../../scripts/lib/bench-report';
import { lineChart } from '../../scripts/lib/plot';
import { percentiles } from '../../scripts/lib/stats';

describe('benchmark helpers', () => {
  it('computes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.deepEqual(percentiles(samples), { n: 100, p50: 50, p95: 95, p99: 99 });
    assert.ok(Number.isNaN(percentiles([]).p50));
  });

  it('draws a chart whose points follow the data', () => {
    const svg = lineChart(
      [
        {
          label: 'recall',
          color: '#000',
          points: [
            { x: 10, y: 0.9 },
            { x: 100, y: 1 },
          ],
        },
      ],
      { title: 'T <&>', xLabel: 'x', yLabel: 'y', logX: true },
    );
    assert.match(svg, /^<svg /);
    assert.match(svg, /T &lt;&amp;&gt;/);
    assert.equal(svg.match(/<circle /g)?.length, 2);
  });

  it('reports targets as met or not', () => {
    const report = renderReport({
      date: '2026-11-27T00:00:00.000Z',
      node: 'v20',
      cpus: 2,
      scaleDocuments: 500,
      incremental: { documents: 1000, bytes: 1, passages: 10, sentences: 20, fullMs: 100_000, addOneMs: 2_000, ratio: 0.02 },
    });
    assert.match(report.markdown('x.svg'), /Target under 5%: met/);
    assert.equal(report.svg, undefined);
  });

  it('judges memory growth over the 60 s run', () => {
    const ms = { n: 100, p50: 100, p95: 300, p99: 400 };
    const level = (route: string, rssAfterMb: number) => ({
      route,
      concurrency: 32,
      seconds: 60,
      requests: 100,
      errors: 0,
      ttfb: ms,
      total: ms,
      rssBeforeMb: 700,
      rssAfterMb,
    });
    const markdown = renderReport({
      date: '2026-11-27T00:00:00.000Z',
      node: 'v20',
      cpus: 2,
      scaleDocuments: 500,
      load: [level('/api/answer', 760), level('/api/chat', 780)],
    }).markdown('x.svg');
    assert.match(markdown, /\| 700 → 760 MB \| \+8\.6% \|/);
    assert.match(markdown, /\/api\/answer met \(RSS \+8\.6%\); \/api\/chat \*\*not met\*\* \(RSS \+11\.4%\)/);
  });
});
