// the digest's chart for its card: incidents by risk area across the digest's terms, as a PNG data URI.
import type { Cell, Digest } from '../../domain/index.js';
import { renderRiskAreaChart } from './digest-chart.js';

// "fewer than 3" and "not shown" alike are no number: the chart draws them as a hatched "not shown" column
const count = (c: Cell | null): number | null => (c && 'value' in c ? c.value : null);

export function digestChartDataUri(digest: Digest): string {
  const terms = [
    { term: digest.term.name, pick: (r: Digest['byRiskArea'][number]) => count(r.thisTerm) },
    ...(digest.previousTerm ? [{ term: digest.previousTerm.name, pick: (r: Digest['byRiskArea'][number]) => count(r.previousTerm) }] : []),
    ...(digest.lastYear ? [{ term: digest.lastYear.name, pick: (r: Digest['byRiskArea'][number]) => count(r.lastYear) }] : []),
  ];
  const png = renderRiskAreaChart({
    areas: digest.byRiskArea.map((r) => r.label.replace(/ \(.*\)$/, '')),
    series: terms.map((t) => ({ term: t.term, counts: digest.byRiskArea.map(t.pick) })),
  });
  return `data:image/png;base64,${png.toString('base64')}`;
}
