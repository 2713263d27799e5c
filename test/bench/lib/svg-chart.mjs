// A dependency-free SVG of a benchmark run: throughput over time (accepted and stored, samples/s)
// and the distribution of mutation latency. Hand-written rather than a charting package: two plain
// panels of polylines and bars are a few dozen lines, and the bench needs nothing else from one.

const esc = (s) => String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

/** Round axis maximum: 1, 2 or 5 times a power of ten at or above `x`. */
function niceMax(x) {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= x);
}

function axes(x0, y0, w, h, xMax, yMax, xLabel, yLabel) {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const out = [`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#999"/>`];
  for (const t of ticks) {
    const y = y0 + h - t * h;
    out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${y}" y2="${y}" stroke="#eee"/>`);
    out.push(
      `<text x="${x0 - 6}" y="${y + 4}" text-anchor="end" font-size="11">${Math.round(t * yMax).toLocaleString('en')}</text>`,
    );
    const x = x0 + t * w;
    out.push(`<text x="${x}" y="${y0 + h + 16}" text-anchor="middle" font-size="11">${+(t * xMax).toFixed(1)}</text>`);
  }
  out.push(`<text x="${x0 + w / 2}" y="${y0 + h + 34}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>`);
  out.push(
    `<text x="${x0 - 52}" y="${y0 + h / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 ${x0 - 52} ${y0 + h / 2})">${esc(yLabel)}</text>`,
  );
  return out.join('\n');
}

/**
 * series: [{ t: seconds since start, accepted: samples accepted so far, stored: samples stored so far }]
 * latencies: mutation latencies in ms.
 */
export function benchChartSvg({ title, series, latencies }) {
  const W = 900;
  const panel = { x: 80, w: 780, h: 220 };
  const rates = [];
  for (let i = 1; i < series.length; i++) {
    const dt = series[i].t - series[i - 1].t;
    if (dt <= 0) continue;
    rates.push({
      t: series[i].t,
      accepted: (series[i].accepted - series[i - 1].accepted) / dt,
      stored: (series[i].stored - series[i - 1].stored) / dt,
    });
  }
  const tMax = niceMax(series.at(-1)?.t ?? 1);
  const rMax = niceMax(Math.max(1, ...rates.flatMap((r) => [r.accepted, r.stored])));
  const line = (key, color, y0) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${rates
      .map((r) => `${(panel.x + (r.t / tMax) * panel.w).toFixed(1)},${(y0 + panel.h - (r[key] / rMax) * panel.h).toFixed(1)}`)
      .join(' ')}"/>`;

  const sorted = [...latencies].sort((a, b) => a - b);
  const p = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const lMax = niceMax(p(0.99) * 1.1);
  const BINS = 40;
  const counts = new Array(BINS).fill(0);
  for (const l of sorted) counts[Math.min(BINS - 1, Math.floor((l / lMax) * BINS))]++;
  const cMax = niceMax(Math.max(1, ...counts));
  const y1 = 60;
  const y2 = y1 + panel.h + 90;
  const bars = counts
    .map((c, i) => {
      const bw = panel.w / BINS;
      const bh = (c / cMax) * panel.h;
      return `<rect x="${(panel.x + i * bw + 1).toFixed(1)}" y="${(y2 + panel.h - bh).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${bh.toFixed(1)}" fill="#4a7fb5"/>`;
    })
    .join('\n');
  const marks = [0.5, 0.95, 0.99]
    .map((q) => {
      const x = panel.x + Math.min(1, p(q) / lMax) * panel.w;
      return `<line x1="${x}" x2="${x}" y1="${y2}" y2="${y2 + panel.h}" stroke="#c33" stroke-dasharray="4 3"/><text x="${x + 3}" y="${y2 + 12}" font-size="11" fill="#c33">p${q * 100} ${p(q).toFixed(1)} ms</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y2 + panel.h + 50}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}</text>
<text x="${panel.x}" y="${y1 - 10}" font-size="13">Throughput (samples/s): <tspan fill="#2a9d4b">accepted by the API</tspan>, <tspan fill="#e07b00">stored by the worker</tspan></text>
${axes(panel.x, y1, panel.w, panel.h, tMax, rMax, 'seconds since the first request', 'samples/s')}
${line('accepted', '#2a9d4b', y1)}
${line('stored', '#e07b00', y1)}
<text x="${panel.x}" y="${y2 - 10}" font-size="13">Mutation latency (${sorted.length} requests)</text>
${axes(panel.x, y2, panel.w, panel.h, lMax, cMax, 'ms', 'requests')}
${bars}
${marks}
</svg>
`;
}
