// the Bot Framework connector played by nock: what the bot posts, sends and updates is recorded,
// and a test can make the next requests fail (429 with Retry-After, 503, 403) to see nothing is lost.
import nock from 'nock';

export interface ConnectorCall {
  method: 'POST' | 'PUT';
  /** 'create' a conversation (a channel post), 'send' into one, 'update' a message */
  op: 'create' | 'send' | 'update';
  conversationId: string;
  activityId?: string;
  /** the activity sent (for create: the post's first message) */
  activity: { type?: string; text?: string; summary?: string; attachments?: { contentType: string; content: unknown }[] };
  /** the channel a create posted into */
  channelId?: string;
}

interface Failure {
  status: number;
  headers?: Record<string, string>;
}

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private failures: Failure[] = [];
  private next = 1000;
  private scope: nock.Scope;

  constructor(readonly serviceUrl = 'https://smba.invalid') {
    const fail = (): [number, unknown, Record<string, string>] | undefined => {
      const f = this.failures.shift();
      return (
        f && [f.status, { error: { code: f.status === 429 ? 'Throttled' : 'Failed', message: 'fake connector failure' } }, f.headers ?? {}]
      );
    };
    this.scope = nock(serviceUrl)
      .persist()
      .post(/^\/v3\/conversations\/?$/)
      .reply((_uri, body) => {
        const failed = fail();
        if (failed) return failed;
        const b = body as { activity?: ConnectorCall['activity']; channelData?: { channel?: { id?: string } } };
        const id = String(++this.next);
        const channelId = b.channelData?.channel?.id;
        const conversationId = channelId ? `${channelId};messageid=${id}` : `a:created-${id}`;
        this.calls.push({
          method: 'POST',
          op: 'create',
          conversationId,
          activityId: id,
          activity: b.activity ?? {},
          ...(channelId ? { channelId } : {}),
        });
        return [200, { id: conversationId, activityId: id }];
      })
      .post(/^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?\/?$/)
      .reply((uri, body) => {
        const failed = fail();
        if (failed) return failed;
        const conversationId = decodeURIComponent(uri.split('/')[3] ?? '');
        const id = String(++this.next);
        this.calls.push({ method: 'POST', op: 'send', conversationId, activityId: id, activity: body as ConnectorCall['activity'] });
        return [200, { id }];
      })
      .put(/^\/v3\/conversations\/[^/]+\/activities\/[^/]+\/?$/)
      .reply((uri, body) => {
        const failed = fail();
        if (failed) return failed;
        const parts = uri.split('/');
        const conversationId = decodeURIComponent(parts[3] ?? '');
        const activityId = decodeURIComponent(parts[5] ?? '');
        this.calls.push({ method: 'PUT', op: 'update', conversationId, activityId, activity: body as ConnectorCall['activity'] });
        return [200, { id: activityId }];
      });
  }

  /** the next `count` requests fail with this status (and headers, e.g. Retry-After) */
  failNext(count: number, status: number, headers?: Record<string, string>): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, ...(headers ? { headers } : {}) });
  }

  /** everything posted to or updated in a channel (a create with a channel, or a call on a channel thread) */
  channelCalls(): ConnectorCall[] {
    return this.calls.filter((c) => c.channelId !== undefined || c.conversationId.includes('@thread'));
  }

  /** what was sent 1:1 into a person's chat (conversation ids of the test activities: personal-<user id>) */
  sentTo(userId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.op === 'send' && c.conversationId === `personal-${userId}`);
  }

  /** the Adaptive Card of a call */
  static card(call: ConnectorCall): Record<string, unknown> | undefined {
    return call.activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as
      Record<string, unknown> | undefined;
  }

  close(): void {
    this.scope.persist(false);
    nock.removeInterceptor({ hostname: new URL(this.serviceUrl).hostname, proto: 'https', path: '/' } as never);
    nock.cleanAll();
  }
}
