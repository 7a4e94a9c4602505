/** A recall/QPS chart as a standalone SVG, written by hand: no plotting dependency for one curve. */

export interface CurvePoint {
  recall: number;
  qps: number;
  label: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function recallQpsSvg(opts: {
  title: string;
  points: CurvePoint[];
  exactQps: number;
  targetRecall?: number;
  targetSpeedup?: number;
}): string {
  const W = 720;
  const H = 460;
  const m = { l: 80, r: 30, t: 50, b: 60 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const recalls = opts.points.map((p) => p.recall);
  const xMin = Math.max(0, Math.floor(Math.min(...recalls, opts.targetRecall ?? 1) * 10) / 10 - 0.05);
  const xMax = 1;
  const qs = [...opts.points.map((p) => p.qps), opts.exactQps];
  if (opts.targetSpeedup) qs.push(opts.exactQps * opts.targetSpeedup);
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...qs)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...qs)));
  const x = (r: number) => m.l + ((r - xMin) / (xMax - xMin)) * pw;
  const y = (q: number) => m.t + ph - ((Math.log10(q) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * ph;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
      'font-family="system-ui, sans-serif" font-size="12">',
  );
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${esc(opts.title)}</text>`,
  );
  // Grid and axes: decades on y (log scale), tenths on x.
  for (let d = Math.log10(yMin); d <= Math.log10(yMax) + 1e-9; d++) {
    const q = 10 ** d;
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(q)}" y2="${y(q)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${m.l - 8}" y="${y(q) + 4}" text-anchor="end">${q >= 1000 ? `${q / 1000}k` : q}</text>`);
  }
  for (let r = Math.ceil(xMin * 20) / 20; r <= xMax + 1e-9; r += 0.05) {
    parts.push(`<line x1="${x(r)}" x2="${x(r)}" y1="${m.t}" y2="${m.t + ph}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x(r)}" y="${m.t + ph + 18}" text-anchor="middle">${r.toFixed(2)}</text>`);
  }
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${m.l + pw / 2}" y="${H - 18}" text-anchor="middle">recall@10</text>`);
  parts.push(
    `<text transform="translate(22 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">queries per second (log)</text>`,
  );
  const hline = (q: number, color: string, label: string) => {
    parts.push(
      `<line x1="${m.l}" x2="${m.l + pw}" y1="${y(q)}" y2="${y(q)}" stroke="${color}" stroke-dasharray="6 4"/>`,
    );
    parts.push(`<text x="${m.l + 6}" y="${y(q) - 5}" fill="${color}">${esc(label)}</text>`);
  };
  hline(opts.exactQps, '#c0392b', `exact Float32 scan: ${Math.round(opts.exactQps)} q/s (recall 1.0)`);
  if (opts.targetSpeedup)
    hline(opts.exactQps * opts.targetSpeedup, '#7f8c8d', `target: ${opts.targetSpeedup}× the exact scan`);
  if (opts.targetRecall) {
    const tx = x(opts.targetRecall);
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${m.t}" y2="${m.t + ph}" stroke="#7f8c8d" stroke-dasharray="6 4"/>`);
    const label = `target recall ${opts.targetRecall}`;
    parts.push(`<text x="${tx - 4}" y="${m.t + ph - 6}" text-anchor="end" fill="#7f8c8d">${label}</text>`);
  }
  const pts = [...opts.points].sort((a, b) => a.recall - b.recall);
  const polyline = pts.map((p) => `${x(p.recall).toFixed(1)},${y(p.qps).toFixed(1)}`).join(' ');
  parts.push(`<polyline fill="none" stroke="#2c6fbb" stroke-width="2" points="${polyline}"/>`);
  for (const p of pts) {
    parts.push(`<circle cx="${x(p.recall).toFixed(1)}" cy="${y(p.qps).toFixed(1)}" r="4" fill="#2c6fbb"/>`);
    const at = `x="${(x(p.recall) + 6).toFixed(1)}" y="${(y(p.qps) - 7).toFixed(1)}"`;
    parts.push(`<text ${at} fill="#2c6fbb">${esc(p.label)}</text>`);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
