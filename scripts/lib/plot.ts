/** A small line chart as SVG, so benchmark results become an image without a plotting library. */
export interface Series {
  readonly label: string;
  readonly points: readonly { x: number; y: number }[];
  readonly color: string;
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly yMin?: number;
  readonly yMax?: number;
  readonly logX?: boolean;
}

const W = 640;
const H = 360;
const PAD = { left: 64, right: 24, top: 40, bottom: 56 };

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function lineChart(series: readonly Series[], options: ChartOptions): string {
  const all = series.flatMap((s) => s.points);
  const fx = (x: number) => (options.logX ? Math.log10(x) : x);
  const xs = all.map((p) => fx(p.x));
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const yMin = options.yMin ?? Math.min(...all.map((p) => p.y));
  const yMax = options.yMax ?? Math.max(...all.map((p) => p.y));
  const sx = (x: number) => PAD.left + ((fx(x) - xMin) / (xMax - xMin || 1)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - yMin) / (yMax - yMin || 1)) * (H - PAD.top - PAD.bottom);
  const xTicks = [...new Set(all.map((p) => p.x))].sort((a, b) => a - b);
  const yTicks = Array.from({ length: 5 }, (_, i) => yMin + ((yMax - yMin) * i) / 4);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(options.title)}</text>`,
    ...yTicks.map(
      (y) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${sy(y)}" y2="${sy(y)}" stroke="#e4e4e7"/><text x="${PAD.left - 8}" y="${sy(y) + 4}" text-anchor="end">${y.toFixed(3)}</text>`,
    ),
    ...xTicks.map((x) => `<text x="${sx(x)}" y="${H - PAD.bottom + 18}" text-anchor="middle">${x}</text>`),
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#52525b"/>`,
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#52525b"/>`,
    `<text x="${W / 2}" y="${H - 14}" text-anchor="middle">${esc(options.xLabel)}</text>`,
    `<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`,
  ];
  series.forEach((s, i) => {
    const path = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    parts.push(...s.points.map((p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3.5" fill="${s.color}"/>`));
    parts.push(
      `<rect x="${PAD.left + 12}" y="${PAD.top + 8 + i * 18}" width="12" height="3" fill="${s.color}"/><text x="${PAD.left + 30}" y="${PAD.top + 13 + i * 18}">${esc(s.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
