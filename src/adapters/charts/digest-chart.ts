// the governors' digest bar chart, drawn on the server to a PNG that goes into the Adaptive Card as a data URI.
// chart.js does the layout and drawing; @napi-rs/canvas is the canvas (prebuilt Skia, no system libraries).
// the font is bundled (assets/fonts) because the App Service container has no system fonts: without it
// every label, the title and the legend would silently come out blank.
import { fileURLToPath } from 'node:url';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { encodePalettePng } from './palette-png.js';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  SubTitle,
  Title,
  type ChartItem,
  type Plugin,
} from 'chart.js';

export interface RiskAreaChartInput {
  /** x axis categories, in display order */
  areas: string[];
  /**
   * one bar per area for each term (this term, previous term, same term last year), in legend order;
   * counts[i] belongs to areas[i]. null = not shown (a small count, or one hidden so that a small count
   * cannot be worked out): drawn as a hatched column labelled "not shown", never as a bar of 0.
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

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title, SubTitle);
Chart.defaults.font.family = FONT_FAMILY;
// Teams shows the image at the card's width, about 450 to 600 px for this 640 px chart: at chart.js's 12 px
// the labels came out at 8 or 9 px. These sizes stay 13 px or more there.
const FONT = { label: 17, title: 21, value: 16, note: 16 } as const;
const TEXT_COLOUR = '#222222';
export const NOT_SHOWN_LABEL = 'not shown';

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

/** a colour with its alpha: the hatching of a "not shown" column is its term's colour, lighter */
const faint = (hex: string, alpha: number) =>
  `rgba(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)}, ${alpha})`;

// each count over its bar ("0" too, so a 0 is not mistaken for a missing bar); each hidden count as a
// hatched column the height of the plot, which no reader takes for a number, with "not shown" up it
const barLabels: Plugin<'bar'> = {
  id: 'digestBarLabels',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    const zero = chart.scales.y!.getPixelForValue(0);
    ctx.save();
    chart.data.datasets.forEach((dataset, d) => {
      const meta = chart.getDatasetMeta(d);
      const colour = TERM_COLOURS[d % TERM_COLOURS.length]!;
      dataset.data.forEach((value, i) => {
        const bar = meta.data[i] as unknown as { x: number; width: number; y: number } | undefined;
        if (!bar) return;
        const left = bar.x - bar.width / 2;
        if (value === null) {
          ctx.save();
          ctx.beginPath();
          ctx.rect(left, chartArea.top, bar.width, zero - chartArea.top);
          ctx.clip();
          ctx.fillStyle = faint(colour, 0.12);
          ctx.fillRect(left, chartArea.top, bar.width, zero - chartArea.top);
          ctx.strokeStyle = faint(colour, 0.55);
          ctx.lineWidth = 2;
          for (let y = chartArea.top - bar.width; y < zero + bar.width; y += 9) {
            ctx.beginPath();
            ctx.moveTo(left, y + bar.width);
            ctx.lineTo(left + bar.width, y);
            ctx.stroke();
          }
          ctx.restore();
          ctx.save();
          ctx.translate(bar.x, zero - 6);
          ctx.rotate(-Math.PI / 2);
          ctx.font = `bold ${FONT.value}px "${FONT_FAMILY}"`;
          ctx.textAlign = 'left';
          ctx.textBaseline = 'middle';
          ctx.lineWidth = 4;
          ctx.strokeStyle = '#ffffff';
          ctx.strokeText(NOT_SHOWN_LABEL, 0, 0);
          ctx.fillStyle = TEXT_COLOUR;
          ctx.fillText(NOT_SHOWN_LABEL, 0, 0);
          ctx.restore();
          return;
        }
        ctx.font = `bold ${FONT.value}px "${FONT_FAMILY}"`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.fillStyle = TEXT_COLOUR;
        ctx.fillText(String(value), bar.x, Math.min(bar.y, zero) - 3);
      });
    });
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
  const hidden = input.series.some((s) => s.counts.includes(null));
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
      color: TEXT_COLOUR,
      layout: { padding: { top: 4, right: 8, left: 4, bottom: 2 } },
      plugins: {
        title: {
          display: true,
          text: 'Incidents by risk area',
          color: TEXT_COLOUR,
          font: { size: FONT.title, weight: 'bold' },
          padding: { top: 2, bottom: 4 },
        },
        legend: { position: 'top', labels: { color: TEXT_COLOUR, font: { size: FONT.label }, boxWidth: 18, boxHeight: 14 } },
        subtitle: {
          display: hidden,
          position: 'bottom',
          text: 'Hatched: not shown (a small number, or one that would reveal one)',
          color: TEXT_COLOUR,
          font: { size: FONT.note },
          padding: { top: 6 },
        },
      },
      scales: {
        x: { ticks: { autoSkip: false, maxRotation: 0, color: TEXT_COLOUR, font: { size: FONT.label } } },
        // head room for the counts over the bars
        y: {
          beginAtZero: true,
          grace: '12%',
          ticks: { precision: 0, color: TEXT_COLOUR, font: { size: FONT.label - 2 } },
          title: { display: true, text: 'Incidents', color: TEXT_COLOUR, font: { size: FONT.label } },
        },
      },
    },
    plugins: [whiteBackground, barLabels],
  });
  try {
    return encodePalettePng(canvas.getContext('2d').getImageData(0, 0, size.width, size.height).data, size.width, size.height);
  } finally {
    chart.destroy();
  }
}
