import { describe, expect, it } from 'vitest';
import { renderRiskAreaChart, type RiskAreaChartInput } from '../../src/adapters/charts/digest-chart.js';
import { decodePng, readPngHeader } from '../../scripts/lib/png.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const digest: RiskAreaChartInput = {
  areas: ['Content', 'Contact', 'Conduct', 'Commerce', 'Filtering'],
  series: [
    { term: 'Autumn 2026', counts: [12, 7, 19, 4, 5] },
    { term: 'Summer 2026', counts: [9, 11, 15, 6, 4] },
    { term: 'Autumn 2025', counts: [14, 6, 21, 3, 8] },
  ],
};

function size(png: Buffer): { width: number; height: number } {
  const header = readPngHeader(png);
  if (!header.ok) throw new Error(header.error);
  return { width: header.value.width, height: header.value.height };
}

describe('renderRiskAreaChart', () => {
  it('draws the digest chart as a 640x320 PNG small enough for a card', () => {
    const png = renderRiskAreaChart(digest);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(size(png)).toEqual({ width: 640, height: 320 });
    // with the title, legend and axis labels drawn it is ~16 KB; with no usable font the text is missing
    // and it comes out at 3-5 KB, so this is the check that the bundled font loaded
    expect(png.length).toBeGreaterThan(10_000);
    // it travels inside the Adaptive Card as a data URI
    expect(png.length).toBeLessThan(30_000);
  });

  it('renders in well under half a second once warm', () => {
    renderRiskAreaChart(digest);
    const started = performance.now();
    renderRiskAreaChart(digest);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('draws the size it is asked for', () => {
    expect(size(renderRiskAreaChart(digest, { width: 480, height: 240 }))).toEqual({ width: 480, height: 240 });
  });

  it('renders suppressed (null) counts as no bar', () => {
    const png = renderRiskAreaChart({
      areas: digest.areas,
      series: [
        { term: 'Autumn 2026', counts: [12, null, 19, null, 5] },
        { term: 'Summer 2026', counts: [null, 11, 15, 6, null] },
        { term: 'Autumn 2025', counts: [14, 6, null, 3, 8] },
      ],
    });
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(size(png)).toEqual({ width: 640, height: 320 });
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('leaves the area empty where the only term is suppressed', () => {
    // one term, two areas: the bar colour appears over the right-hand area only
    const decoded = decodePng(renderRiskAreaChart({ areas: ['Content', 'Contact'], series: [{ term: 'Autumn 2026', counts: [null, 8] }] }));
    if (!decoded.ok) throw new Error(decoded.error);
    const { width, height, rgba } = decoded.value;
    const barPixels = { left: 0, right: 0 };
    // skip the top quarter, where the legend swatch has the same colour
    for (let y = Math.floor(height / 4); y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (rgba[i] === 0x00 && rgba[i + 1] === 0x72 && rgba[i + 2] === 0xb2) barPixels[x < width / 2 ? 'left' : 'right']++;
      }
    }
    expect(barPixels.left).toBe(0);
    expect(barPixels.right).toBeGreaterThan(1000);
  });

  it('refuses counts that do not line up with the risk areas', () => {
    expect(() => renderRiskAreaChart({ areas: ['Content', 'Contact'], series: [{ term: 'Autumn 2026', counts: [1] }] }))
      .toThrow(/1 counts for 2 risk areas/);
  });
});
