import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { trace, ProxyTracerProvider } from '@opentelemetry/api';
import { logs, ProxyLoggerProvider } from '@opentelemetry/api-logs';
import { describeConfig, loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/observability/logger.js';
import { pinoToOpenTelemetry, startTelemetry, type LogRecordSink } from '../../src/observability/telemetry.js';

const local = { BOT_MODE: 'local' };
const CONNECTION =
  'InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/';

describe('APPLICATIONINSIGHTS_CONNECTION_STRING, read by loadConfig', () => {
  it('absent: no telemetry, and the summary says it is off', () => {
    const result = loadConfig(local);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.telemetryConnectionString).toBeUndefined();
    expect(describeConfig(result.value)).toMatchObject({ telemetry: 'off' });
  });

  it('set: kept for main.ts, and the summary never prints it', () => {
    const result = loadConfig({ ...local, APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.telemetryConnectionString).toBe(CONNECTION);
    expect(describeConfig(result.value)).toMatchObject({ telemetry: 'Application Insights' });
    expect(JSON.stringify(describeConfig(result.value))).not.toContain('00000000-0000-4000-8000-000000000001');
  });

  it('not a connection string: refuses, saying where to find the right one', () => {
    const result = loadConfig({ ...local, APPLICATIONINSIGHTS_CONNECTION_STRING: '00000000-0000-4000-8000-000000000001' });
    expect(result).toEqual({
      ok: false,
      errors: [
        'APPLICATIONINSIGHTS_CONNECTION_STRING: not an Application Insights connection string: it looks like InstrumentationKey=<guid>;IngestionEndpoint=https://... (Application Insights resource, Overview, Connection String)',
      ],
    });
  });
});

describe('startTelemetry without a connection string', () => {
  const attempts: string[] = [];
  const record = (req: { options?: { host?: string }; path?: string }) => attempts.push(`${req.options?.host ?? '?'}${req.path ?? ''}`);
  beforeEach(() => {
    nock.disableNetConnect();
    nock.emitter.on('no match', record);
  });
  afterEach(() => {
    nock.emitter.removeListener('no match', record);
    nock.enableNetConnect();
  });

  it('starts nothing: no tracer or logger provider is registered, and nothing reaches the network', async () => {
    expect(await startTelemetry(undefined)).toBeUndefined();
    const tracer = trace.getTracerProvider();
    expect(tracer).toBeInstanceOf(ProxyTracerProvider);
    expect((tracer as ProxyTracerProvider).getDelegate().constructor.name).toBe('NoopTracerProvider');
    const logger = logs.getLoggerProvider();
    expect(logger).toBeInstanceOf(ProxyLoggerProvider);
    expect((logger as ProxyLoggerProvider)._getDelegate().constructor.name).toBe('NoopLoggerProvider');
    // the exporter would send within seconds; give it a moment to try
    await new Promise((r) => setTimeout(r, 200));
    expect(attempts).toEqual([]);
  });
});

describe('the pino bridge to Application Insights logs', () => {
  it('sends each log line as a record with its level and fields, after the logger has redacted text and names', async () => {
    const records: Parameters<LogRecordSink['emit']>[0][] = [];
    const logger = createLogger('info', pinoToOpenTelemetry({ emit: (r) => records.push(r) }));
    logger.info(
      { incident: 'OS-2026-0042', activity: { text: 'a pupil shared a photo', from: { name: 'Amira Khan' } } },
      'report received',
    );
    logger.warn({ count: 2 }, 'unreachable');
    logger.debug('below the level: not sent');
    await new Promise((r) => setImmediate(r));

    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      severityNumber: 9,
      severityText: 'INFO',
      body: 'report received',
      attributes: { app: 'online-safety-bot', incident: 'OS-2026-0042' },
    });
    expect(JSON.parse(records[0]!.attributes.activity as string)).toEqual({ text: '[redacted]', from: { name: '[redacted]' } });
    expect(JSON.stringify(records)).not.toContain('Amira');
    expect(JSON.stringify(records)).not.toContain('photo');
    expect(records[1]).toMatchObject({ severityNumber: 13, severityText: 'WARN', body: 'unreachable', attributes: { count: 2 } });
  });
});
