// an opaque image as an indexed (palette) PNG: the chart travels inside the Adaptive Card as a data URI,
// and at a size Teams users can read its labels, Skia's RGBA PNG is 35-45 KB where the card has room for
// well under 30. A chart has a few hundred colours at most, nearly all of them the anti-aliased edges of
// text: the 256 most used are kept exactly and each other one is drawn in its nearest kept colour.
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function nearest(colour: number, palette: readonly number[]): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < palette.length; i++) {
    const p = palette[i]!;
    const [dr, dg, db] = [(p >> 16) - (colour >> 16), ((p >> 8) & 255) - ((colour >> 8) & 255), (p & 255) - (colour & 255)];
    // weighted as the eye weighs them, roughly
    const distance = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
    if (distance < bestDistance) [best, bestDistance] = [i, distance];
  }
  return best;
}

/** `rgba` (width x height, alpha ignored: the chart paints a white background) as an 8-bit palette PNG */
export function encodePalettePng(rgba: Uint8ClampedArray, width: number, height: number): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`palette png: ${rgba.length} bytes for ${width}x${height} pixels`);
  const rgb = new Uint32Array(width * height);
  for (let i = 0; i < rgb.length; i++) rgb[i] = (rgba[i * 4]! << 16) | (rgba[i * 4 + 1]! << 8) | rgba[i * 4 + 2]!;
  const uses = new Map<number, number>();
  for (let i = 0; i < rgb.length; i++) {
    // most pixels are the one before them again (the background, a bar): count a run at once
    let run = 1;
    while (i + 1 < rgb.length && rgb[i + 1] === rgb[i]) [i, run] = [i + 1, run + 1];
    uses.set(rgb[i]!, (uses.get(rgb[i]!) ?? 0) + run);
  }
  const palette = [...uses.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 256)
    .map(([c]) => c);
  const indexOf = new Map<number, number>(palette.map((c, i) => [c, i]));
  // each row: filter type 0 (none), then one palette index per pixel
  const raw = Buffer.alloc((width + 1) * height);
  let [last, lastIndex] = [-1, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = rgb[y * width + x]!;
      if (c !== last) {
        let index = indexOf.get(c);
        if (index === undefined) indexOf.set(c, (index = nearest(c, palette)));
        [last, lastIndex] = [c, index];
      }
      raw[y * (width + 1) + 1 + x] = lastIndex;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per index
  header[9] = 3; // colour type: indexed
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((c, i) => plte.set([c >> 16, (c >> 8) & 255, c & 255], i * 3));
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', plte),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
