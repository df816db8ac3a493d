// the governors' digest bar chart, drawn on the server to a PNG that goes into the Adaptive Card as a data URI.
// chart.js does the layout and drawing; @napi-rs/canvas is the canvas (prebuilt Skia, no system libraries).
// the font is bundled (assets/fonts) because the App Service container has no system fonts: without it
// every label, the title and the legend would silently come out blank.
import { fileURLToPath } from 'node:url';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Title,
  type ChartItem,
  type Plugin,
} from 'chart.js';

export interface RiskAreaChartInput {
  /** x axis categories, in display order */
  areas: string[];
  /**
   * one bar per area for each term (this term, previous term, same term last year), in legend order;
   * counts[i] belongs to areas[i]. null = suppressed (fewer than 3): no bar is drawn, and the caller's
   * text table says "fewer than 3".
   */
  series: { term: string; counts: (number | null)[] }[];
}

export interface ChartSize {
  width: number;
  height: number;
}

const FONT_FAMILY = 'Digest Sans';
// same depth from src/adapters/charts and dist/adapters/charts, so this finds the repo's assets/fonts from both
const FONT_DIR = new URL('../../../assets/fonts/', import.meta.url);

for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
  const path = fileURLToPath(new URL(file, FONT_DIR));
  // registerFromPath returns null rather than throwing; fail loudly here instead of rendering blank text
  if (!GlobalFonts.registerFromPath(path, FONT_FAMILY)) throw new Error(`digest chart: could not load font ${path}`);
}

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title);
Chart.defaults.font.family = FONT_FAMILY;

// Okabe-Ito: tells the terms apart with colour-blind vision too; this term is the strongest
const TERM_COLOURS = ['#0072B2', '#E69F00', '#56B4E9', '#009E73'];

// a PNG canvas starts transparent, and Teams' dark theme would put the dark text on a dark card
const whiteBackground: Plugin<'bar'> = {
  id: 'digestWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export function renderRiskAreaChart(input: RiskAreaChartInput, size: ChartSize = { width: 640, height: 320 }): Buffer {
  for (const s of input.series) {
    if (s.counts.length !== input.areas.length) {
      throw new Error(`digest chart: ${s.term} has ${s.counts.length} counts for ${input.areas.length} risk areas`);
    }
  }
  const canvas = createCanvas(size.width, size.height);
  // chart.js's types expect a DOM canvas; at run time it only needs getContext('2d') and .canvas
  const ctx = canvas.getContext('2d') as unknown as ChartItem;
  const chart = new Chart<'bar', (number | null)[], string>(ctx, {
    type: 'bar',
    data: {
      labels: input.areas,
      datasets: input.series.map((s, i) => ({
        label: s.term,
        data: s.counts,
        backgroundColor: TERM_COLOURS[i % TERM_COLOURS.length],
      })),
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      events: [],
      plugins: {
        title: { display: true, text: 'Incidents by risk area', font: { size: 15 } },
        legend: { position: 'top' },
      },
      scales: {
        x: { ticks: { autoSkip: false } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Incidents' } },
      },
    },
    plugins: [whiteBackground],
  });
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
