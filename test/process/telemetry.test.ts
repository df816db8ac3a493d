import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer as createPlainServer, type IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { makeTempDir } from '../support/temp-dir.js';

// the built bot with Application Insights on, its ingestion endpoint played by a local HTTP server: what
// leaves the process is request telemetry and the redacted logs, never what someone typed.

const tmp = makeTempDir();
// the exporter only speaks https: a certificate for 127.0.0.1, trusted by the bot through NODE_EXTRA_CA_CERTS
const cert = path.join(tmp.dir, 'cert.pem');
const key = path.join(tmp.dir, 'key.pem');
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ],
  { stdio: 'ignore' },
);
const received: unknown[] = [];
const collector = createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
    for (const line of text.trim().startsWith('[') ? (JSON.parse(text) as unknown[]) : text.split('\n').filter(Boolean)) {
      received.push(typeof line === 'string' ? JSON.parse(line) : line);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
  });
});
afterAll(() => {
  collector.close();
  tmp.remove();
});

const listen = (): Promise<number> =>
  new Promise((r) => collector.listen(0, '127.0.0.1', () => r((collector.address() as { port: number }).port)));
const freePort = (): Promise<number> =>
  new Promise((r) => {
    const s = createPlainServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => r(port));
    });
  });

describe('Application Insights from the running bot', () => {
  it('sends the request (method, route, status) and the log lines, and nothing of a message body', async () => {
    const ingestion = await listen();
    const port = await freePort();
    const bot = spawn(process.execPath, ['dist/main.js'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
        MicrosoftAppTenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
        SCHOOL_PROFILE: 'profiles/example-school.yaml',
        DATA_DIR: path.join(tmp.dir, 'data'),
        SCHEDULER: 'off',
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=https://127.0.0.1:${ingestion}/`,
        NODE_EXTRA_CA_CERTS: cert,
        // the SDK's own usage statistics go to a Microsoft endpoint: never from a test
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    bot.stdout.on('data', (d: Buffer) => (output += d.toString()));
    bot.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => bot.once('exit', (code) => r(code)));

    for (let i = 0; ; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 120 || bot.exitCode !== null) throw new Error(`the bot did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const unsigned = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'Amira Khan shared a photo of me', from: { id: 'u1', name: 'Amira Khan' } }),
    });
    expect(unsigned.status).toBe(401);

    bot.kill('SIGTERM'); // shutting down sends what is buffered
    expect(await exited).toBe(0);

    const all = JSON.stringify(received);
    console.log('DEBUG', received.length, all.slice(0, 3000));
    const kinds = received.map((e) => (e as { data?: { baseType?: string } }).data?.baseType);
    const requests = received.filter((e, i) => kinds[i] === 'RequestData') as {
      data: { baseData: { name: string; responseCode: string } };
    }[];
    // /healthz is left out (App Service probes it every minute); each answered request is one item
    expect(requests.map((r) => [r.data.baseData.name, r.data.baseData.responseCode])).toEqual([['POST /api/messages', '401']]);
    const messages = received
      .filter((_, i) => kinds[i] === 'MessageData')
      .map((e) => (e as { data: { baseData: { message: string } } }).data.baseData.message);
    expect(messages).toContain('listening');
    expect(all).not.toContain('Amira');
    expect(all).not.toContain('photo');
  }, 60_000);
});
