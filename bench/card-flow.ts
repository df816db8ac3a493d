// The card-flow bench: complete reports through the real bot app in-process (no HTTP), on botbuilder's
// TestAdapter over an in-memory SQLite database, timing each step (one turn: a typed `report` or an
// Action.Execute invoke) and each whole report. Each report has its own user and 1:1 conversation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { pino } from 'pino';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { TestAdapter, type Activity } from 'botbuilder';
import { repoRoot } from '../scripts/lib/processes.js';
import { openDatabaseFile } from '../src/adapters/sqlite/database.js';
import { SqliteBotStorage } from '../src/adapters/sqlite/sqlite-bot-storage.js';
import { SqliteConversationDirectory } from '../src/adapters/sqlite/sqlite-conversation-directory.js';
import { SqliteIncidentStore } from '../src/adapters/sqlite/sqlite-incident-store.js';
import { parseSchoolProfile } from '../src/config/profile-loader.js';
import type { SchoolProfile } from '../src/domain/school-profile.js';
import { createBotApp } from '../src/adapters/teams/bot-app.js';
import { percentile } from './lib.js';
import { cardText as textOf } from '../src/adapters/teams/cards/card-text.js';

const TENANT = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const BOT = { id: '28:online-safety-bot', name: 'Online Safety' };
const REFERENCE = /OS-\d{4}-\d{4,}/;

/** the steps' names in the order a report goes through them (safety only when a child is in danger) */
export const STEP_ORDER = ['start', 'danger', 'safety', 'involved', 'types', 'followups', 'details', 'submit'];

interface Person {
  id: string;
  name: string;
  aadObjectId: string;
}

/** one step of a report: what is sent, and a text the card it answers with must contain */
interface Step {
  name: string;
  verb?: string;
  inputs?: Record<string, string>;
  expect: string;
}

function loadProfile(): SchoolProfile {
  const result = parseSchoolProfile(parse(readFileSync(join(repoRoot, 'profiles/example-school.yaml'), 'utf8')));
  if (!result.ok) throw new Error(`profiles/example-school.yaml: ${result.errors.join('; ')}`);
  return result.value;
}

/** the seed scenarios of issue 4 and the immediate-danger branch, as the cards ask for them */
function scenarios(details: Record<string, string>): Array<{ name: string; steps: Step[] }> {
  const noTypes = { 'types-content': '', 'types-contact': '', 'types-conduct': '' };
  const common = (danger: 'yes' | 'no'): Step[] => [
    { name: 'start', expect: 'Is a child in danger right now?' },
    ...(danger === 'yes'
      ? [
          { name: 'danger', verb: 'report.next', inputs: { danger }, expect: 'Does the danger come from someone at the school?' },
          // the early alert is raised here: the leads are told before the rest of the form
          { name: 'danger-source', verb: 'report.next', inputs: { dangerSource: 'no' }, expect: 'Act now: a child is in danger' },
          { name: 'safety', verb: 'report.next', expect: 'Who is involved?' },
        ]
      : [{ name: 'danger', verb: 'report.next', inputs: { danger }, expect: 'Who is involved?' }]),
  ];
  const rest = (
    involved: Record<string, string>,
    types: Record<string, string>,
    followups: Record<string, string>,
    description: string,
    severity: string,
  ): Step[] => [
    { name: 'involved', verb: 'report.next', inputs: involved, expect: 'What happened?' },
    { name: 'types', verb: 'report.next', inputs: { ...noTypes, ...types }, expect: 'A few more questions' },
    { name: 'followups', verb: 'report.next', inputs: followups, expect: 'The details' },
    { name: 'details', verb: 'report.next', inputs: { ...details, description }, expect: 'Check and send' },
    { name: 'submit', verb: 'report.submit', expect: `severity: ${severity}` },
  ];
  return [
    {
      name: 'low',
      steps: [
        ...common('no'),
        ...rest(
          { victims: 'pupil' },
          { 'types-content': 'inappropriate-website' },
          { deliberate: 'no', illegalSuspected: 'no', outsideSchool: 'no' },
          'A Year 3 pupil clicked an advert and a gambling site opened.',
          'Low',
        ),
      ],
    },
    {
      name: 'medium',
      steps: [
        ...common('no'),
        ...rest(
          { victims: 'pupil', instigators: 'pupil', childNames: 'Ava B (5R), Leo M (5R)' },
          { 'types-conduct': 'cyberbullying' },
          { deliberate: 'yes', repeated: 'no', illegalSuspected: 'no', outsideSchool: 'yes' },
          'Ava showed me messages in the class group chat calling her names.',
          'Medium',
        ),
      ],
    },
    {
      name: 'high',
      steps: [
        ...common('no'),
        ...rest(
          { victims: 'pupil', instigators: 'unknown-adult' },
          { 'types-contact': 'grooming' },
          { illegalSuspected: 'unsure', outsideSchool: 'yes' },
          'A pupil told me a man she met in a game wants to meet her on Saturday.',
          'High',
        ),
      ],
    },
    {
      name: 'critical',
      steps: [
        ...common('yes'),
        ...rest(
          { victims: 'pupil', instigators: 'unknown-adult' },
          { 'types-contact': 'grooming' },
          { illegalSuspected: 'unsure', outsideSchool: 'yes' },
          'He is waiting outside the school gate for her now.',
          'Critical',
        ),
      ],
    },
  ];
}

function activity(who: Person, conversationId: string, fields: Partial<Activity>): Partial<Activity> {
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.invalid/',
    from: who,
    recipient: BOT,
    timestamp: new Date(),
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
    channelData: { tenant: { id: TENANT } },
    ...fields,
  };
}

/** the card in the bot's answer to a step: the card message for `report`, the invoke response's card for an action */
function cardIn(replies: Partial<Activity>[], step: Step): Record<string, unknown> {
  if (!step.verb) {
    const content = replies[0]?.attachments?.[0]?.content as Record<string, unknown> | undefined;
    if (!content) throw new Error(`${step.name}: no card in the reply: ${JSON.stringify(replies).slice(0, 300)}`);
    return content;
  }
  const response = replies.find((r) => r.type === 'invokeResponse');
  const body = (response?.value as { body?: { type?: string; value?: Record<string, unknown> } } | undefined)?.body;
  if (body?.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) {
    throw new Error(`${step.name}: no card in the invoke response to ${step.verb}: ${JSON.stringify(replies).slice(0, 300)}`);
  }
  return body.value;
}

export interface CardFlowResult {
  reports: number;
  warmup: number;
  /** every step's time in ms, by step name (start, danger, safety, involved, types, followups, details, submit) */
  stepMs: Map<string, number[]>;
  allStepsMs: number[];
  /** each report's wall time in ms, from sending `report` to the Submit's answer (includes the bench's own card checks) */
  reportMs: number[];
  references: string[];
  elapsedMs: number;
}

/** runs `warmup` untimed then `reports` timed complete reports, one after another, and checks each
 * ended with a reference; throws on the first report that does not complete as expected */
export async function benchCardFlow(opts: { reports?: number; warmup?: number } = {}): Promise<CardFlowResult> {
  const reports = opts.reports ?? 200;
  const warmup = opts.warmup ?? 20;
  const db = openDatabaseFile(':memory:');
  // each report by another member of staff (so no one is rate-limited): they are in the school's staff group
  const person = (i: number): Person => {
    const n = String(i + 1).padStart(4, '0');
    return { id: `29:bench-card-${n}`, name: `Bench Staff ${n}`, aadObjectId: `b0000000-0000-4000-8000-00000000${n}` };
  };
  const staff = new Set(Array.from({ length: warmup + reports }, (_, i) => person(i).aadObjectId));
  try {
    const app = createBotApp({
      groups: { staff, pupils: new Set() },
      adapter: new TeamsAdapter({}),
      storage: new SqliteBotStorage(db),
      conversations: new SqliteConversationDirectory(db),
      store: new SqliteIncidentStore(db),
      profile: loadProfile(),
      logger: pino({ level: 'silent' }),
    });
    const adapter = new TestAdapter(async (context) => {
      await app.run(context);
    });
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);
    const flows = scenarios({
      date: yesterday,
      time: '10:15',
      platform: 'YouTube',
      evidence: 'Still on the laptop screen',
      actionTaken: 'Closed the lid',
    });

    const result: CardFlowResult = { reports, warmup, stepMs: new Map(), allStepsMs: [], reportMs: [], references: [], elapsedMs: 0 };
    const started = performance.now();
    for (let i = 0; i < warmup + reports; i++) {
      const measured = i >= warmup;
      const scenario = flows[i % flows.length]!;
      const who = person(i);
      const conversationId = `a:bench-card-flow-${String(i + 1).padStart(4, '0')}`;
      let flowId = '';
      let text = '';
      const reportStarted = performance.now();
      for (const step of scenario.steps) {
        const sent = step.verb
          ? activity(who, conversationId, {
              type: 'invoke',
              name: 'adaptiveCard/action',
              value: { action: { type: 'Action.Execute', verb: step.verb, data: { flowId, ...step.inputs } }, trigger: 'manual' },
            })
          : activity(who, conversationId, { type: 'message', text: 'report', textFormat: 'plain' });
        const t0 = performance.now();
        await adapter.processActivity(sent);
        const ms = performance.now() - t0;
        const replies = adapter.activeQueue.splice(0);
        const card = cardIn(replies, step);
        text = textOf(card);
        if (!text.includes(step.expect)) {
          throw new Error(
            `report ${i + 1} (${scenario.name}), step ${step.name}: expected a card with "${step.expect}", got: ${text.slice(0, 300).replace(/\n/g, ' | ')}`,
          );
        }
        if (!step.verb) {
          flowId = (card.refresh as { action?: { data?: { flowId?: string } } } | undefined)?.action?.data?.flowId ?? '';
          if (!flowId) throw new Error(`report ${i + 1}: the first card has no flowId in its refresh action`);
        }
        if (measured) {
          result.allStepsMs.push(ms);
          const list = result.stepMs.get(step.name) ?? [];
          list.push(ms);
          result.stepMs.set(step.name, list);
        }
      }
      const reference = REFERENCE.exec(text)?.[0];
      if (!reference || !text.includes(`Report sent: ${reference}`)) {
        throw new Error(
          `report ${i + 1} (${scenario.name}) ended without a reference like OS-2026-NNNN: ${text.slice(0, 300).replace(/\n/g, ' | ')}`,
        );
      }
      if (measured) {
        result.reportMs.push(performance.now() - reportStarted);
        result.references.push(reference);
      }
    }
    result.elapsedMs = performance.now() - started;
    if (new Set(result.references).size !== result.references.length) throw new Error('two reports were given the same reference');
    return result;
  } finally {
    db.close();
  }
}

export const sortedCopy = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
export const p = (xs: readonly number[], q: number): number => percentile(sortedCopy(xs), q);
