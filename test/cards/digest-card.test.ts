import { describe, expect, it } from 'vitest';
import { buildDigest, schoolCalendar, type DigestCase } from '../../src/domain/index.js';
import { digestCard, digestPostedCard, digestRepostConfirmCard } from '../../src/adapters/teams/cards/digest-card.js';
import { digestPostedView } from '../../src/app/digest/digest-views.js';
import type { DigestStatus } from '../../src/app/digest/post-digest.js';
import { textOf } from '../support/test-bot.js';
import { digestChartDataUri } from '../../src/adapters/charts/digest-chart-uri.js';
import { checkCard } from '../support/adaptive-card.js';
import { exampleProfile } from '../support/test-bot.js';

const profile = exampleProfile();
const calendar = schoolCalendar(profile);
const term = calendar.terms.find((t) => t.start <= '2026-11-24' && t.end >= '2026-11-24')!;
const grooming = (day: string): DigestCase => ({
  reportedAt: `${day}T10:00:00.000Z`,
  types: ['grooming'],
  severity: 'high',
  slaMissed: false,
  referrals: ['ceop'],
  open: true,
});

describe('the digest card', () => {
  const digest = buildDigest({
    cases: [
      grooming('2026-10-01'),
      grooming('2026-10-02'),
      grooming('2026-10-03'),
      { ...grooming('2026-11-02'), types: ['cyberbullying'], severity: 'medium', referrals: [] },
    ],
    term,
    calendar,
    reviews: { policyDueOn: '2027-07-01' },
  });
  const card = digestCard({ digestId: 'd-1', digest, chartDataUri: digestChartDataUri(digest) });

  it('parses without problems, v1.5, under 40 KB with its chart, and the chart has a text alternative', () => {
    const { problems, bytes } = checkCard(card);
    expect(problems).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(bytes).toBeLessThan(40_000);
    const image = card.body.find((e) => e.type === 'Image') as unknown as { altText: string; url: string };
    expect(image.url.startsWith('data:image/png;base64,')).toBe(true);
    expect(image.altText).toContain('hatched where a figure is not shown; the same figures are in the table below');
  });

  it('hides both the 1 and the 3 beside it when the total would give the 1 away, and offers one button carrying only the digest id', () => {
    const json = JSON.stringify(card);
    // 4 incidents: grooming 3 and bullying 1 would make the "fewer than 3" a 1 (issue 13)
    expect(json).toContain('"title":"Incidents reported","value":"4 ');
    expect(json).toContain('"title":"Online bullying","value":"not shown ');
    expect(json).toContain('"title":"Grooming","value":"not shown ');
    expect(json).toContain('counts of 1 or 2 read \\"fewer than 3\\"');
    expect(card.actions!.map((a) => [a.title, a.data])).toEqual([['I have read this', { digestId: 'd-1' }]]);
  });

  it('keeps "fewer than 3" where no total gives it away, and says what the two words mean', () => {
    // 12 incidents: conduct 9, contact 2 and other 1 (the 3 left could be 1 + 2 or 2 + 1)
    const cases = [
      ...Array.from({ length: 9 }, (_, i) => ({
        ...grooming(`2026-10-${String(10 + i).padStart(2, '0')}`),
        types: ['cyberbullying' as const],
        severity: 'medium' as const,
        referrals: [],
      })),
      grooming('2026-11-02'),
      grooming('2026-11-03'),
      { ...grooming('2026-11-04'), types: ['data-breach' as const], severity: 'low' as const, referrals: [] },
    ];
    const json = JSON.stringify(digestCard({ digestId: 'd-2', digest: buildDigest({ cases, term, calendar, reviews: {} }) }));
    expect(json).toContain('"title":"Conduct","value":"9 ');
    expect(json).toContain('"title":"Contact","value":"fewer than 3 ');
    expect(json).toContain('"title":"Other (data security, or not yet known)","value":"fewer than 3 ');
    // an area of "fewer than 3" can only hold 1s and 2s: its types are not shown
    expect(json).toContain('"title":"Grooming","value":"not shown ');
    expect(json).toContain(
      'Staff sanctions and referrals to the LADO or HR are given only from 3: there \\"fewer than 3\\" includes none.',
    );
    expect(json).toContain('"title":"Staff (misconduct or gross misconduct)","value":"fewer than 3 ');
  });
});

describe('the "posted already" and "post it again" cards', () => {
  const digest = buildDigest({ cases: [grooming('2026-10-01')], term, calendar, reviews: {} });
  const status = (over: Partial<DigestStatus> = {}): DigestStatus => ({
    digestId: 'd-1',
    termName: 'Autumn 2026',
    digest,
    first: { seq: 1, by: 'Priya Shah', startedAt: '2026-12-18T15:59:58.000Z', postedAt: '2026-12-18T16:00:00.000Z' },
    again: [],
    read: { count: 3, of: 5 },
    ...over,
  });
  const later = new Date('2026-12-18T16:40:00Z');

  it('says when, by whom and how many governors have read it, with the two buttons carrying only the digest id', () => {
    const posted = digestPostedCard(digestPostedView(status(), later, 'Governors'));
    const text = textOf(posted);
    expect(text).toContain('The digest for Autumn 2026 was posted on 18 Dec at 16:00 by Priya Shah.');
    expect(text).toContain('So far it has been read by 3 of 5 governors.');
    expect(text).toContain('Post it again only if the governors can no longer see it in the Governors channel');
    const { problems, bytes } = checkCard(posted);
    expect(problems).toEqual([]);
    expect(posted.version).toBe('1.5');
    expect(bytes).toBeLessThan(5_000);
    expect(posted.actions!.map((a) => [a.type, a.title, a.data, (a.fallback as { type: string }).type])).toEqual([
      ['Action.Execute', 'Who has read it', { digestId: 'd-1' }, 'Action.Submit'],
      ['Action.Execute', 'Post it again', { digestId: 'd-1' }, 'Action.Submit'],
    ]);
  });

  it('lists the posts again, says a post under way is under way, and one never confirmed may be lost', () => {
    const again = status({
      again: [{ seq: 2, by: 'Helen Marsh', startedAt: '2027-01-05T09:12:00.000Z', postedAt: '2027-01-05T09:12:01.000Z' }],
      read: { count: 1, of: 1 },
    });
    const text = textOf(digestPostedCard(digestPostedView(again, new Date('2027-01-05T10:00:00Z'), 'Governors')));
    expect(text).toContain('The digest for Autumn 2026 was posted on 18 Dec 2026 at 16:00 by Priya Shah.');
    expect(text).toContain('Posted again on 5 Jan at 09:12 by Helen Marsh.');
    expect(text).toContain('read by 1 of 1 governor.');
    const underWay = status({ first: { seq: 1, by: 'Priya Shah', startedAt: '2026-12-18T16:00:00.000Z' } });
    expect(digestPostedView(underWay, new Date('2026-12-18T16:01:00Z'), 'Governors').posted).toBe(
      'The digest for Autumn 2026 is being posted now: Priya Shah asked for it on 18 Dec at 16:00.',
    );
    expect(digestPostedView(underWay, new Date('2026-12-18T17:00:00Z'), 'Governors').posted).toContain(
      'but the channel never confirmed it: if the governors cannot see it, post it again.',
    );
  });

  it('asks before a second post, naming the channel, and the confirmation carries the posts it saw', () => {
    const confirm = digestRepostConfirmCard(
      digestPostedView(
        status({ again: [{ seq: 2, by: 'Helen Marsh', startedAt: '2027-01-05T09:12:00.000Z', postedAt: '2027-01-05T09:12:01.000Z' }] }),
        later,
        'Governors',
      ),
    );
    expect(checkCard(confirm).problems).toEqual([]);
    expect(textOf(confirm)).toContain('The same digest goes to the Governors channel once more');
    expect(confirm.actions!.map((a) => [a.title, a.verb, a.data])).toEqual([
      ['Yes, post it again', 'digest.repost.confirm', { digestId: 'd-1', posts: '2' }],
      ['Cancel', 'digest.status', { digestId: 'd-1' }],
    ]);
  });
});
