import { pino, type Logger } from 'pino';

export type { Logger };

// safeguarding data must never reach logs: message text, card input values and names are redacted
// wherever they might be logged by accident. log ids and outcomes, not content.
const REDACT = [
  'text',
  '*.text',
  'value',
  '*.value',
  'activity.text',
  'activity.value',
  'activity.from.name',
  'from.name',
  'description',
  '*.description',
  'displayName',
  '*.displayName',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'online-safety-bot' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
