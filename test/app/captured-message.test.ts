import { describe, expect, it } from 'vitest';
import { captureMessage, htmlToText, messagePayloadSchema } from '../../src/app/message-report/captured-message.js';

describe('htmlToText: a Teams message body as plain text', () => {
  it.each([
    ['<p>Hello there</p>', 'Hello there', 0],
    ['<p>line one</p><p>line two</p>', 'line one\nline two', 0],
    ['<div>first<br>second<br><br>fourth</div>', 'first\nsecond\n\nfourth', 0],
    ['<p><at id="0">Leo Green</at> hi</p>', 'Leo Green hi', 0],
    ['Tom &amp; Jerry &lt;3 &quot;yes&quot; &#39;no&#39; &#x1F600; caf&eacute;', 'Tom & Jerry <3 "yes" \'no\' 😀 caf&eacute;', 0],
    ['<p>ha <emoji id="laugh" alt="😆" title="Laughing"></emoji></p>', 'ha 😆', 0],
    ['<img src="https://x/emoji.png" alt="🙂" itemtype="http://schema.skype.com/Emoji">', '🙂', 0],
    ['<p>look</p><img src="https://us-api.asm.skype.com/v1/objects/1/views/imgo" alt="image">', 'look\n[picture left in Teams]', 1],
    ['<ul><li>one</li><li>two</li></ul>', 'one\ntwo', 0],
    ['<p>   lots    of\n   spaces   </p>', 'lots of spaces', 0],
    ['<script>alert(1)</script><p>after</p>', 'after', 0],
    ['a < b and c', 'a < b and c', 0],
    ['plain 👍🏽 text', 'plain 👍🏽 text', 0],
  ])('%j -> %j', (html, text, images) => {
    expect(htmlToText(html)).toEqual({ text, images });
  });

  it('takes linear time on hostile input (200,000 unclosed tags, attributes and entities) where a backtracking pattern would not', () => {
    const hostile = [
      '<'.repeat(200_000),
      '<img alt="'.repeat(20_000),
      '&'.repeat(200_000),
      '&#'.repeat(100_000) + ';',
      '<script>'.repeat(20_000),
      '<p '.repeat(60_000),
    ];
    for (const input of hostile) {
      const started = performance.now();
      htmlToText(input);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});

describe('captureMessage', () => {
  const base = {
    id: '1764669600000',
    createdDateTime: '2026-11-24T09:20:00.000Z',
    linkToMessage: 'https://teams.microsoft.com/l/message/19:abc@thread.v2/1764669600000',
    from: { user: { id: 'A1B2C3D4-0000-4000-8000-000000000007', displayName: 'Leo Green' } },
    body: { contentType: 'html', content: '<p>hi</p>' },
    attachments: [{ contentType: 'reference', contentUrl: 'https://x.sharepoint.com/f.jpg' }, { contentType: 'messageReference' }],
  };

  it('keeps the words, the author (their id in lower case), the time, where and the link; counts the file but keeps nothing of it', () => {
    const message = captureMessage(messagePayloadSchema.parse(base), { place: 'channel', teamName: 'Year 6', channelName: 'General' });
    expect(message).toEqual({
      id: '1764669600000',
      text: 'hi',
      authorName: 'Leo Green',
      authorAadObjectId: 'a1b2c3d4-0000-4000-8000-000000000007',
      postedAt: '2026-11-24T09:20:00.000Z',
      where: 'Year 6 (team), General (channel)',
      link: 'https://teams.microsoft.com/l/message/19:abc@thread.v2/1764669600000',
      leftInTeams: 1,
    });
  });

  it.each([
    ['javascript:alert(1)'],
    ['http://teams.microsoft.com/l/message/1'],
    ['https://teams.microsoft.com.evil.example/l/message/1'],
    ['not a url'],
  ])("keeps no link that is not Teams' own https address: %s", (link) => {
    const message = captureMessage(messagePayloadSchema.parse({ ...base, linkToMessage: link }), { place: 'groupChat' });
    expect(message.link).toBeUndefined();
    expect(message.where).toBe('A group chat');
  });

  it('a plain-text body is kept as it is; an app as the author gives no person id', () => {
    const message = captureMessage(
      messagePayloadSchema.parse({
        ...base,
        from: { user: null, application: { id: 'app' } },
        body: { contentType: 'text', content: '<b>not html</b>' },
      }),
      { place: 'personal' },
    );
    expect(message).toMatchObject({ text: '<b>not html</b>', where: 'A one-to-one chat' });
    expect(message.authorAadObjectId).toBeUndefined();
  });
});
