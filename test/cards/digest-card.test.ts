import { describe, expect, it } from 'vitest';
import { buildDigest, schoolCalendar, type DigestCase } from '../../src/domain/index.js';
import { digestCard } from '../../src/adapters/teams/cards/digest-card.js';
import { digestChartDataUri } from '../../src/adapters/charts/digest-chart-uri.js';
import { checkCard } from '../support/adaptive-card.js';
import { exampleProfile } from '../support/test-bot.js';

const profile = exampleProfile();
const calendar = schoolCalendar(profile);
const term = calendar.terms.find((t) => t.start <= '2026-11-24' && t.end >= '2026-11-24')!;
const grooming = (day: string): DigestCase => ({ reportedAt: `${day}T10:00:00.000Z`, types: ['grooming'], severity: 'high', slaMissed: false, referrals: ['ceop'], open: true });

describe('the digest card', () => {
  const digest = buildDigest({ cases: [grooming('2026-10-01'), grooming('2026-10-02'), grooming('2026-10-03'), { ...grooming('2026-11-02'), types: ['cyberbullying'], severity: 'medium', referrals: [] }], term, calendar, reviews: { policyDueOn: '2027-07-01' } });
  const card = digestCard({ digestId: 'd-1', digest, chartDataUri: digestChartDataUri(digest) });

  it('parses without problems, v1.5, under 40 KB with its chart, and the chart has a text alternative', () => {
    const { problems, bytes } = checkCard(card);
    expect(problems).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(bytes).toBeLessThan(40_000);
    const image = card.body.find((e) => e.type === 'Image') as unknown as { altText: string; url: string };
    expect(image.url.startsWith('data:image/png;base64,')).toBe(true);
    expect(image.altText).toContain('the same figures are in the table below');
  });

  it('shows counts of 1 or 2 as "fewer than 3" and offers one button carrying only the digest id', () => {
    const json = JSON.stringify(card);
    expect(json).toContain('"title":"Online bullying","value":"fewer than 3');
    expect(json).toContain('"title":"Grooming","value":"3 ');
    expect(card.actions!.map((a) => [a.title, a.data])).toEqual([['I have read this', { digestId: 'd-1' }]]);
  });
});
