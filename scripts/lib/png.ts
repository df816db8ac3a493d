// just enough PNG for the Teams icons: write 8-bit RGBA, read the header, read pixels back.
// teams rejects icons of the wrong size and outline icons that are not white on transparent,
// so the packager checks both before anything reaches the admin centre.
import { crc32, deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const COLOUR_TYPE_RGB = 2;
const COLOUR_TYPE_RGBA = 6;

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
}

export interface RgbaImage {
  width: number;
  height: number;
  /** 4 bytes per pixel, rows top to bottom */
  rgba: Uint8Array;
}

export type PngResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function encodeRgbaPng(image: RgbaImage): Uint8Array {
  const { width, height, rgba } = image;
  const stride = width * 4;
  // every row starts with filter byte 0 (none): simplest, and deflate does the squeezing
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, COLOUR_TYPE_RGBA, 0, 0, 0], 8);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function readPngHeader(bytes: Uint8Array): PngResult<PngHeader> {
  if (bytes.length < 33 || !SIGNATURE.every((b, i) => bytes[i] === b)) {
    return { ok: false, error: 'not a PNG file (bad signature)' };
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the IHDR chunk must come first, right after the 8-byte signature
  if (buf.toString('latin1', 12, 16) !== 'IHDR') return { ok: false, error: 'PNG has no IHDR chunk first' };
  return {
    ok: true,
    value: {
      width: buf.readUInt32BE(16),
      height: buf.readUInt32BE(20),
      bitDepth: buf[24] ?? 0,
      colourType: buf[25] ?? 0,
      interlaced: buf[28] === 1,
    },
  };
}

/** Decodes non-interlaced 8-bit RGB or RGBA PNGs (what our icons are); anything else is an error. */
export function decodePng(bytes: Uint8Array): PngResult<RgbaImage> {
  const header = readPngHeader(bytes);
  if (!header.ok) return header;
  const { width, height, bitDepth, colourType, interlaced } = header.value;
  if (bitDepth !== 8 || interlaced || (colourType !== COLOUR_TYPE_RGB && colourType !== COLOUR_TYPE_RGBA)) {
    return { ok: false, error: `unsupported PNG layout (bit depth ${bitDepth}, colour type ${colourType})` };
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= buf.length;) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const channels = colourType === COLOUR_TYPE_RGBA ? 4 : 3;
  const pixels = unfilter(inflateSync(Buffer.concat(idat)), width, height, channels);
  if (!pixels) return { ok: false, error: 'PNG image data is truncated or uses an unknown filter' };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = pixels[i * channels + c] ?? 0;
    rgba[i * 4 + 3] = channels === 4 ? (pixels[i * 4 + 3] ?? 0) : 255;
  }
  return { ok: true, value: { width, height, rgba } };
}

// undoes the per-row filters of the PNG spec (none, sub, up, average, paeth)
function unfilter(data: Uint8Array, width: number, height: number, bpp: number): Uint8Array | undefined {
  const stride = width * bpp;
  if (data.length < (stride + 1) * height) return undefined;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const raw = data[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= bpp ? (out[row + x - bpp] ?? 0) : 0;
      const b = y > 0 ? (out[row - stride + x] ?? 0) : 0;
      const c = x >= bpp && y > 0 ? (out[row - stride + x - bpp] ?? 0) : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4:
          predictor = paeth(a, b, c);
          break;
        default:
          return undefined;
      }
      out[row + x] = (raw + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
