import { Writable } from 'node:stream';
import type { IncomingMessage } from 'node:http';

// Application Insights, through the Azure Monitor OpenTelemetry distro, only when the connection string is
// set (infra/main.bicep sets it; nothing is loaded or started otherwise). What it sends, and nothing else:
// - requests: method, route, status and duration of each request the bot answers. Request and response
//   bodies are never captured by the http instrumentation; our routes carry no query string.
// - logs: the pino lines, already redacted (no names, no message text: see logger.ts). The distro does not
//   instrument pino, so the lines are bridged here, as they are written, to the OpenTelemetry logs API.
// Outgoing calls (Graph, Teams) are not traced: their addresses name people by id, and their failures are logged.

/** pino's numeric levels, as OpenTelemetry severity numbers (TRACE=1, DEBUG=5, INFO=9, WARN=13, ERROR=17, FATAL=21) */
const SEVERITY: Record<number, { number: number; text: string }> = {
  10: { number: 1, text: 'TRACE' },
  20: { number: 5, text: 'DEBUG' },
  30: { number: 9, text: 'INFO' },
  40: { number: 13, text: 'WARN' },
  50: { number: 17, text: 'ERROR' },
  60: { number: 21, text: 'FATAL' },
};

export interface LogRecordSink {
  emit(record: { severityNumber: number; severityText: string; body: string; attributes: Record<string, string | number | boolean> }): void;
}

/** a pino destination that turns each JSON line into one log record (top-level fields as attributes) */
export function pinoToOpenTelemetry(sink: LogRecordSink): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const { level, msg, time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const severity = SEVERITY[level as number] ?? SEVERITY[30]!;
          const attributes: Record<string, string | number | boolean> = {};
          for (const [key, value] of Object.entries(rest)) {
            attributes[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as string | number | boolean);
          }
          sink.emit({ severityNumber: severity.number, severityText: severity.text, body: String(msg ?? ''), attributes });
        } catch {
          // not a pino line: nothing to send
        }
      }
      done();
    },
  });
}

export interface Telemetry {
  /** the pino destination for the log records */
  logs: Writable;
  /** sends what is buffered and stops */
  stop(): Promise<void>;
}

/** starts Application Insights when a connection string is configured; otherwise does nothing at all */
export async function startTelemetry(connectionString: string | undefined): Promise<Telemetry | undefined> {
  if (!connectionString) return undefined;
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  const { logs } = await import('@opentelemetry/api-logs');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // a school's traffic is small: keep every request rather than the default 5 a second (which drops the first)
    samplingRatio: 1,
    tracesPerSecond: 0,
    enableLiveMetrics: false,
    browserSdkLoaderOptions: { enabled: false },
    instrumentationOptions: {
      http: {
        enabled: true,
        ignoreOutgoingRequestHook: () => true,
        ignoreIncomingRequestHook: (req: IncomingMessage) => req.url === '/healthz',
      },
      azureSdk: { enabled: false },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  } as Parameters<typeof useAzureMonitor>[0]);
  const logger = logs.getLogger('online-safety-bot');
  return { logs: pinoToOpenTelemetry(logger), stop: () => shutdownAzureMonitor() };
}
