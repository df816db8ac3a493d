import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { renderRiskAreaChart, type RiskAreaChartInput } from '../../src/adapters/charts/digest-chart.js';
import { encodePalettePng } from '../../src/adapters/charts/palette-png.js';
import { readPngHeader } from '../../scripts/lib/png.js';

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

/** the PNG's pixels, read back by Skia (so the palette PNG is checked by a decoder other than our own) */
async function pixels(png: Buffer): Promise<{ width: number; height: number; at: (x: number, y: number) => [number, number, number] }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  return {
    width: image.width,
    height: image.height,
    at: (x, y) => [data[(y * image.width + x) * 4]!, data[(y * image.width + x) * 4 + 1]!, data[(y * image.width + x) * 4 + 2]!],
  };
}

const isText = ([r, g, b]: [number, number, number]) => r < 90 && g < 90 && b < 90;
const isBar = ([r, g, b]: [number, number, number]) => r === 0x00 && g === 0x72 && b === 0xb2;
/** the hatching of a hidden count of the first term: its blue, faint, on white */
const isHatch = ([r, g, b]: [number, number, number]) => !isBar([r, g, b]) && b > 150 && r < 200 && b - r > 40;

/** the rows of a band that hold text, as [first, last] runs */
function textRuns(img: Awaited<ReturnType<typeof pixels>>, x0: number, x1: number, y0: number, y1: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let y = y0; y < y1; y++) {
    let any = false;
    for (let x = x0; x < x1 && !any; x++) any = isText(img.at(x, y));
    if (!any) continue;
    const last = runs.at(-1);
    if (last && last[1] === y - 1) last[1] = y;
    else runs.push([y, y]);
  }
  return runs;
}

describe('renderRiskAreaChart', () => {
  it('draws the digest chart as a 640x320 PNG small enough for a card', () => {
    const png = renderRiskAreaChart(digest);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(size(png)).toEqual({ width: 640, height: 320 });
    // an indexed PNG, ~10 KB: it travels inside the Adaptive Card as a data URI
    expect(png.length).toBeLessThan(20_000);
  });

  it('has its title, legend and labels drawn (the bundled font loaded) at a size Teams users can read', async () => {
    const img = await pixels(renderRiskAreaChart(digest));
    // the title's capitals: Teams shows the 640 px image 450 px wide or more, so 15 px here is 10.5 px or more there
    const [title] = textRuns(img, 150, 490, 0, 40);
    expect(title![1] - title![0] + 1).toBeGreaterThanOrEqual(15);
    // the area names under the first group of bars ("Content"; no descenders): 12 px or more here
    const names = textRuns(img, 60, 170, 270, 320);
    expect(names.map(([a, b]) => b - a + 1).some((h) => h >= 12)).toBe(true);
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

  it('draws hidden (null) counts as hatched columns, with a note saying what hatching means', async () => {
    const png = renderRiskAreaChart({
      areas: digest.areas,
      series: [
        { term: 'Autumn 2026', counts: [12, null, 19, null, 5] },
        { term: 'Summer 2026', counts: [null, 11, 15, 6, null] },
        { term: 'Autumn 2025', counts: [14, 6, null, 3, 8] },
      ],
    });
    expect(size(png)).toEqual({ width: 640, height: 320 });
    expect(png.length).toBeLessThan(25_000);
    // the note is a line of text under the area names, only when something is hidden: two lines of text at the foot, not one
    // (right of the y axis's numbers; a line of text is 10 rows or more, a descender fewer)
    const foot = async (chart: Buffer) => textRuns(await pixels(chart), 60, 640, 264, 320).filter(([a, b]) => b - a + 1 >= 10).length;
    expect(await foot(png)).toBe(2);
    expect(await foot(renderRiskAreaChart(digest))).toBe(1);
  });

  it('draws a hidden count as a hatched column labelled "not shown", never as a bar of 0', async () => {
    // one term, two areas: a hidden count on the left, 8 on the right; then 0 on the left
    const hidden = await pixels(
      renderRiskAreaChart({ areas: ['Content', 'Contact'], series: [{ term: 'Autumn 2026', counts: [null, 8] }] }),
    );
    const zero = await pixels(renderRiskAreaChart({ areas: ['Content', 'Contact'], series: [{ term: 'Autumn 2026', counts: [0, 8] }] }));
    const count = (img: typeof hidden, test: (p: [number, number, number]) => boolean, half: 'left' | 'right') => {
      let n = 0;
      // below the legend, whose swatch has the bar colour
      for (let y = Math.floor(img.height / 4); y < img.height; y++) {
        for (let x = half === 'left' ? 0 : img.width / 2; x < (half === 'left' ? img.width / 2 : img.width); x++)
          if (test(img.at(x, y))) n++;
      }
      return n;
    };
    expect(count(hidden, isBar, 'left')).toBe(0);
    expect(count(hidden, isBar, 'right')).toBeGreaterThan(1000);
    expect(count(hidden, isHatch, 'left')).toBeGreaterThan(1000);
    // the rotated "not shown" runs up the column
    expect(count(hidden, isText, 'left')).toBeGreaterThan(count(zero, isText, 'left') + 150);
    // a 0 draws no column and no hatching: only its "0"
    expect(count(zero, isHatch, 'left')).toBe(0);
    expect(count(zero, isBar, 'left')).toBe(0);
  });

  it('refuses counts that do not line up with the risk areas', () => {
    expect(() => renderRiskAreaChart({ areas: ['Content', 'Contact'], series: [{ term: 'Autumn 2026', counts: [1] }] })).toThrow(
      /1 counts for 2 risk areas/,
    );
  });
});

describe('encodePalettePng', () => {
  it('keeps the 256 colours most used exactly, and draws each other one in its nearest', async () => {
    const [width, height] = [40, 10];
    // 256 greys and 44 near-greys once each (300 colours), then red for the remaining 100 pixels
    const drawn = [...Array.from({ length: 256 }, (_, i) => [i, i, i]), ...Array.from({ length: 44 }, (_, i) => [i, i, i + 1])];
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([...(drawn[i] ?? [220, 20, 20]), 255], i * 4);
    const img = await pixels(encodePalettePng(rgba, width, height));
    expect(img.at(39, 9)).toEqual([220, 20, 20]);
    drawn.forEach((colour, i) => {
      const got = img.at(i % width, Math.floor(i / width));
      got.forEach((c, k) => expect(Math.abs(c - colour[k]!)).toBeLessThanOrEqual(1));
    });
    expect(() => encodePalettePng(rgba, width + 1, height)).toThrow(/bytes for 41x10 pixels/);
  });
});
