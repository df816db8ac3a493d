// "Report a concern" in a Teams message's "..." menu (a message action: composeExtension/fetchTask and
// submitAction). Every answer is the dialog itself: nothing is posted in the chat the message is in, so its
// author and the others there see nothing. Who may do what is decided here, on the server, from the lists.
import { z } from 'zod';
import { firstName, holdersOf } from '../../app/identity.js';
import { captureMessage, messagePayloadSchema, type MessagePlace } from '../../app/message-report/captured-message.js';
import {
  MESSAGE_KINDS,
  MessageDialogs,
  alertNow,
  flowIdOf,
  listedAuthor,
  ownReportOf,
  submitMessageReport,
  submitMessageWorry,
  type MessageReportContext,
} from '../../app/message-report/report-message.js';
import { WORDS_LIMIT } from '../../app/worried/submit-worry.js';
import { LIMITS } from '../../app/report-flow/index.js';
import type { AdaptiveCard } from './cards/card.js';
import type { Turn } from './turn.js';
import type { RouteDeps } from './route-deps.js';
import { dangerCard, thankYouCard, tooManyCard } from './cards/worried-cards.js';
import {
  STEP_FIRST,
  STEP_SECOND,
  expiredDialogCard,
  notListedCard,
  pupilMessageCard,
  staffFirstCard,
  staffSecondCard,
  staffSentCard,
} from './cards/message-report-cards.js';

/** the command's id in the manifest's composeExtensions */
export const COMMAND_REPORT_MESSAGE = 'reportMessage';

/** what bot-app.ts passes from the SDK's invoke: its value (parsed here) and where it was used */
export interface MessageActionInvoke {
  value: unknown;
  where: MessagePlace;
}

/** the dialog's title and card */
export interface DialogAnswer {
  title: string;
  card: AdaptiveCard;
}

export interface MessageActionRouteDeps extends RouteDeps {
  dialogs: MessageDialogs;
}

const invokeSchema = z.looseObject({
  messagePayload: messagePayloadSchema.optional(),
  data: z
    .looseObject({
      step: z.string().optional(),
      messageId: z.string().max(200).optional(),
      danger: z.string().optional(),
      about: z.string().optional(),
      kind: z.string().optional(),
      words: z.string().optional(),
    })
    .optional(),
});

const TITLE = 'Report a concern';
const PUPIL_TITLE = "I'm worried";

export function messageActionRoutes(deps: MessageActionRouteDeps) {
  const { profile, logger, dialogs } = deps;
  const dsl = holdersOf(profile, 'dsl')[0];
  const dslName = dsl ? (dsl.pupilName ?? firstName(dsl)) : undefined;
  const answer = (card: AdaptiveCard, title = TITLE): DialogAnswer => ({ title, card });
  const contextOf = (turn: Turn): MessageReportContext => ({
    store: deps.store,
    profile,
    ...(deps.groups ? { groups: deps.groups } : {}),
    reporter: {
      aadObjectId: turn.who.aadObjectId,
      displayName: turn.teamsName ?? 'Unknown',
      kind: turn.who.kind === 'pupil' ? 'pupil' : 'staff',
    },
    now: deps.now(),
  });

  const thanks = (danger: boolean, rateLimited = false): AdaptiveCard => {
    const card = danger ? dangerCard(dslName) : rateLimited ? tooManyCard(dslName) : thankYouCard(dslName);
    // the same words as the 1:1 thank-you; its button starts a card in the 1:1 chat, which a dialog cannot
    const { actions: _actions, ...inDialog } = card;
    return inDialog;
  };

  /** the "..." menu was used: the dialog opens already holding the message */
  const fetch = async (turn: Turn, invoke: MessageActionInvoke): Promise<DialogAnswer> => {
    const { who } = turn;
    if (who.kind === 'unknown') return answer(notListedCard(profile.school.name));
    const parsed = invokeSchema.safeParse(invoke.value ?? {});
    if (!parsed.success || !parsed.data.messagePayload) {
      logger.info({ event: 'message-report-unreadable' }, 'a message action without a readable message');
      return answer(expiredDialogCard());
    }
    const message = captureMessage(parsed.data.messagePayload, invoke.where);
    // the same person, the same message: recognised, nothing recorded twice
    const earlier = await ownReportOf(deps.store, who.aadObjectId, message.id);
    if (earlier) {
      logger.info({ event: 'message-report-duplicate', reference: earlier.reference }, 'a message reported again by the same person');
      if (who.kind === 'pupil') return answer(thanks(false), PUPIL_TITLE);
      return answer(staffSentCard({ reference: earlier.reference, duplicate: true, leftInTeams: message.leftInTeams, critical: false }));
    }
    const kept = await dialogs.read(who.aadObjectId, message.id);
    await dialogs.save(who.aadObjectId, {
      flowId: flowIdOf(message.id),
      startedAt: kept?.startedAt ?? deps.now().toISOString(),
      ...kept,
      message,
    });
    logger.info({ event: 'message-report-opened', kind: who.kind, leftInTeams: message.leftInTeams }, 'a message report was opened');
    if (who.kind === 'pupil') return answer(pupilMessageCard({ message }), PUPIL_TITLE);
    if (kept?.dangerNow !== undefined) return answer(staffSecondCard({ messageId: message.id, alerted: kept.alertCaseId !== undefined }));
    const author = listedAuthor(profile, message, who.aadObjectId, deps.groups);
    return answer(staffFirstCard({ message, ...(author ? { author } : {}) }));
  };

  /** a Submit in the dialog: the next screen, or the report sent and its reference */
  const submit = async (turn: Turn, invoke: MessageActionInvoke): Promise<DialogAnswer> => {
    const { who } = turn;
    if (who.kind === 'unknown') return answer(notListedCard(profile.school.name));
    const parsed = invokeSchema.safeParse(invoke.value ?? {});
    const data = parsed.success ? (parsed.data.data ?? {}) : {};
    const messageId = data.messageId ?? (parsed.success ? parsed.data.messagePayload?.id : undefined);
    const dialog = messageId ? await dialogs.read(who.aadObjectId, messageId) : undefined;
    if (!dialog) {
      // sent already (a double tap), or the state expired: the reference when there is one, else start again
      const earlier = messageId ? await ownReportOf(deps.store, who.aadObjectId, messageId) : undefined;
      if (earlier && who.kind === 'pupil') return answer(thanks(false), PUPIL_TITLE);
      if (earlier) return answer(staffSentCard({ reference: earlier.reference, duplicate: true, leftInTeams: 0, critical: false }));
      return answer(expiredDialogCard());
    }
    const ctx = contextOf(turn);

    if (who.kind === 'pupil') {
      const words = (data.words ?? '').trim();
      if (words.length > WORDS_LIMIT) {
        return answer(
          pupilMessageCard({
            message: dialog.message,
            error: `That is a lot of words! Please make it shorter (up to ${WORDS_LIMIT} letters), then press Send.`,
            values: { words: words.slice(0, WORDS_LIMIT) },
          }),
          PUPIL_TITLE,
        );
      }
      const dangerNow = data.danger === 'yes';
      const result = await submitMessageWorry(
        { ...ctx, pupil: { aadObjectId: who.aadObjectId, displayName: turn.teamsName ?? 'A pupil' } },
        dialog.message,
        { words, dangerNow },
      );
      await dialogs.remove(who.aadObjectId, dialog.message.id);
      deps.delivered();
      logger.info(
        { event: 'message-worry-reported', reference: result.record.reference, duplicate: result.duplicate },
        'a pupil reported a Teams message',
      );
      return answer(thanks(dangerNow, result.rateLimited), PUPIL_TITLE);
    }

    if (data.step === STEP_FIRST || dialog.dangerNow === undefined) {
      const author = listedAuthor(profile, dialog.message, who.aadObjectId, deps.groups);
      if (data.danger !== 'yes' && data.danger !== 'no') {
        return answer(
          staffFirstCard({
            message: dialog.message,
            ...(author ? { author } : {}),
            error: 'Answer whether a child is in danger right now',
          }),
        );
      }
      // once the leads have been alerted the report stays one about a child in danger (a second tap on an old screen changes nothing)
      let next = {
        ...dialog,
        dangerNow: data.danger === 'yes' || dialog.alertCaseId !== undefined,
        aboutAuthor: author !== undefined && data.about === 'author',
      };
      if (next.dangerNow && !next.alertCaseId) {
        // as in the 1:1 report: the leads are alerted now, before the rest of the dialog
        const alert = await alertNow(ctx, next);
        logger.info(
          { event: 'danger-alert', reason: 'danger-now', reference: alert.reference },
          'a child is in danger: leads alerted from a message report',
        );
        if (deps.deliverNow) await deps.deliverNow();
        else deps.delivered();
        next = { ...next, alertCaseId: alert.id };
      }
      await dialogs.save(who.aadObjectId, next);
      return answer(staffSecondCard({ messageId: dialog.message.id, alerted: next.alertCaseId !== undefined }));
    }

    if (data.step !== STEP_SECOND)
      return answer(staffSecondCard({ messageId: dialog.message.id, alerted: dialog.alertCaseId !== undefined }));
    const kind = MESSAGE_KINDS.find((k) => k === data.kind);
    const words = (data.words ?? '').trim();
    const again = (error: string) =>
      answer(
        staffSecondCard({
          messageId: dialog.message.id,
          alerted: dialog.alertCaseId !== undefined,
          error,
          values: { ...(kind ? { kind } : {}), words: words.slice(0, LIMITS.description) },
        }),
      );
    if (!kind) return again('Choose what kind of concern it is');
    if (words.length > LIMITS.description)
      return again(`Please keep it under ${LIMITS.description} characters. Nothing has been sent yet.`);
    const result = await submitMessageReport(ctx, dialog, { kind, words });
    await dialogs.remove(who.aadObjectId, dialog.message.id);
    deps.delivered();
    logger.info(
      {
        event: 'message-report-submitted',
        reference: result.record.reference,
        severity: result.record.severity,
        duplicate: result.duplicate,
      },
      'a Teams message was reported',
    );
    return answer(
      staffSentCard({
        reference: result.record.reference,
        duplicate: result.duplicate,
        leftInTeams: dialog.message.leftInTeams,
        critical: result.record.severity === 'critical',
      }),
    );
  };

  return { fetch, submit };
}
