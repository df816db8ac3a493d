// draws the two Teams app icons (a shield holding a heart) and writes them to teamsAppManifest/.
// the PNGs are committed; run this again only when the design changes: `npx tsx scripts/make-icons.ts`.
// no image library on purpose: two shapes, supersampled for smooth edges, are all we need.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeRgbaPng, type RgbaImage } from './lib/png.js';

type Rgb = readonly [number, number, number];

/** Calm teal, also the manifest's accentColor (#2A7F8F). */
const BACKGROUND: Rgb = [0x2a, 0x7f, 0x8f];
const SHIELD: Rgb = [0xff, 0xff, 0xff];
const HEART: Rgb = [0xf0, 0x7f, 0x6e]; // a warm coral: friendly, not alarming

const SAMPLES = 8; // 8x8 samples per pixel

// shapes live in a unit square, u to the right and v downwards
function insideShield(u: number, v: number): boolean {
  const halfWidth = 0.31;
  const dx = Math.abs(u - 0.5);
  if (dx > halfWidth) return false;
  // the top edge dips a little in the middle, like a heater shield
  const top = 0.13 + 0.035 * Math.cos((dx / halfWidth) * (Math.PI / 2));
  const shoulder = 0.5;
  const tip = 0.89;
  if (v < top || v > tip) return false;
  if (v <= shoulder) return true;
  const t = (v - shoulder) / (tip - shoulder);
  return dx <= halfWidth * Math.cos((t * Math.PI) / 2);
}

function insideHeart(u: number, v: number, size: number): boolean {
  // the classic implicit heart, (x² + y² - 1)³ - x²y³ <= 0, with y pointing up
  const x = (u - 0.5) / size;
  const y = -(v - 0.47) / size;
  const r = x * x + y * y - 1;
  return r * r * r - x * x * y * y * y <= 0;
}

function coverage(px: number, py: number, pixels: number, inside: (u: number, v: number) => boolean): number {
  let hits = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      if (inside((px + (sx + 0.5) / SAMPLES) / pixels, (py + (sy + 0.5) / SAMPLES) / pixels)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

function mix(under: Rgb, over: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) => Math.round((under[i] ?? 0) * (1 - amount) + (over[i] ?? 0) * amount)) as unknown as Rgb;
}

/** 192x192, full colour on a solid background. */
function drawColourIcon(size = 192): RgbaImage {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const shield = coverage(x, y, size, insideShield);
      const heart = coverage(x, y, size, (u, v) => insideHeart(u, v, 0.15));
      const colour = mix(mix(BACKGROUND, SHIELD, shield), HEART, heart);
      rgba.set([...colour, 255], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, rgba };
}

/** 32x32, white shield on transparent with the heart cut out, as Teams asks for outline icons. */
function drawOutlineIcon(size = 32): RgbaImage {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const shield = coverage(x, y, size, insideShield);
      const heart = coverage(x, y, size, (u, v) => insideHeart(u, v, 0.17));
      const alpha = Math.round(255 * Math.max(0, shield - heart));
      // fully transparent pixels are still white so the icon stays "white on transparent" everywhere
      rgba.set([255, 255, 255, alpha], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, rgba };
}

function main(): void {
  const dir = fileURLToPath(new URL('../teamsAppManifest/', import.meta.url));
  writeFileSync(`${dir}color.png`, encodeRgbaPng(drawColourIcon()));
  writeFileSync(`${dir}outline.png`, encodeRgbaPng(drawOutlineIcon()));
  console.log(`wrote ${dir}color.png (192x192) and ${dir}outline.png (32x32)`);
}

main();
