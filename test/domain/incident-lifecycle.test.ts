import { describe, expect, it } from 'vitest';
import { openIncident, planEscalation, transition, type Actor, type Incident, type IncidentCommand } from '../../src/domain/index.js';
import { facts } from './support/facts.js';

const reporter: Actor = { id: 'teacher-1', roles: [] };
const bot: Actor = { id: 'system', roles: [] };
const dsl: Actor = { id: 'dsl-1', roles: ['dsl'] };
const deputy: Actor = { id: 'deputy-1', roles: ['deputy-dsl'] };
const head: Actor = { id: 'head-1', roles: ['headteacher'] };
const itSupport: Actor = { id: 'it-1', roles: ['it-support'] };
const t = (minutes: number) => new Date(Date.UTC(2026, 2, 30, 9, minutes));

const grooming = planEscalation(facts({ involved: ['pupil:victim', 'unknown-adult:instigator'], types: ['grooming'] }));
const aboutTheDsl = planEscalation(facts({ involved: ['dsl:instigator'], types: ['pornography'], deliberate: true }));

/** runs commands in order, failing the test on the first refusal */
function run(incident: Incident, steps: [IncidentCommand, Actor, string][]): Incident {
  return steps.reduce((inc, [command, actor, reason], i) => {
    const result = transition(inc, command, actor, t(i + 1), reason);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.incident;
  }, incident);
}

describe('incident lifecycle', () => {
  const reported = openIncident('OS-2026-0001', grooming, reporter, t(0));
  const waiting = run(reported, [[{ type: 'submit-for-approval' }, bot, '']]);

  it('opens in reported with one event naming the reporter', () => {
    expect(reported).toEqual({
      id: 'OS-2026-0001',
      state: 'reported',
      approver: 'dsl',
      exclude: [],
      openInformationRequests: 0,
      events: [{ type: 'reported', actor: 'teacher-1', at: '2026-03-30T09:00:00.000Z', reason: '', from: null, to: 'reported' }],
    });
  });

  it('goes reported -> awaiting-approval -> escalated -> closed, appending one event per step', () => {
    const closed = run(reported, [
      [{ type: 'submit-for-approval' }, bot, ''],
      [{ type: 'request-more-information' }, dsl, 'Which app was it?'],
      [{ type: 'provide-information' }, reporter, 'A game chat'],
      [{ type: 'approve' }, dsl, 'Contact from an unknown adult: refer'],
      [{ type: 'record-referral', agency: 'ceop', reference: 'CEOP-123' }, dsl, 'Reported online'],
      [{ type: 'record-referral', agency: 'childrens-social-care' }, deputy, 'MASH consulted'],
      [{ type: 'close' }, dsl, 'Parents informed, contact blocked'],
    ]);
    expect(closed.state).toBe('closed');
    expect(closed.events.map((e) => `${e.type}:${e.from}->${e.to}`)).toEqual([
      'reported:null->reported',
      'submitted-for-approval:reported->awaiting-approval',
      'more-information-requested:awaiting-approval->awaiting-approval',
      'information-provided:awaiting-approval->awaiting-approval',
      'approved:awaiting-approval->escalated',
      'referral-recorded:escalated->escalated',
      'referral-recorded:escalated->escalated',
      'closed:escalated->closed',
    ]);
    expect(closed.events[5]).toEqual({
      type: 'referral-recorded',
      actor: 'dsl-1',
      at: '2026-03-30T09:05:00.000Z',
      reason: 'Reported online',
      from: 'escalated',
      to: 'escalated',
      agency: 'ceop',
      reference: 'CEOP-123',
    });
  });

  it('is append-only: the old incident and its events are untouched', () => {
    const before = structuredClone(waiting);
    const result = transition(waiting, { type: 'approve' }, dsl, t(5), 'refer');
    expect(result.ok && result.value.incident.events).toHaveLength(3);
    expect(waiting).toEqual(before);
    expect(result.ok && result.value.incident.events.slice(0, 2)).toEqual(waiting.events);
  });

  it.each([
    ['approving a case that is only reported', reported, { type: 'approve' }, dsl, 'ok', 'not-allowed-in-state'],
    ['recording a referral before escalation', waiting, { type: 'record-referral', agency: 'police' }, dsl, '', 'not-allowed-in-state'],
    ['approving without the approver role', waiting, { type: 'approve' }, head, 'ok', 'not-authorised'],
    ['IT support asking for more information', waiting, { type: 'request-more-information' }, itSupport, 'why?', 'not-authorised'],
    ['changing the route without a reason', waiting, { type: 'approve', routeChanged: true }, dsl, '  ', 'reason-required'],
    ['acknowledging a case that is only reported', reported, { type: 'acknowledge' }, dsl, '', 'not-allowed-in-state'],
    ['IT support acknowledging a case', waiting, { type: 'acknowledge' }, itSupport, '', 'not-authorised'],
    ['closing without a reason', waiting, { type: 'close' }, dsl, '', 'reason-required'],
    ['providing information nobody asked for', waiting, { type: 'provide-information' }, reporter, 'extra', 'no-information-requested'],
  ] as const)('refuses %s', (_name, incident, command, actor, reason, code) => {
    const result = transition(incident, command, actor, t(30), reason);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('approves the route as proposed without a reason, and a deputy may approve for the DSL', () => {
    const byDsl = transition(waiting, { type: 'approve' }, dsl, t(5));
    expect(byDsl.ok && byDsl.value.event).toEqual({
      type: 'approved',
      actor: 'dsl-1',
      at: '2026-03-30T09:05:00.000Z',
      reason: '',
      from: 'awaiting-approval',
      to: 'escalated',
    });
    const byDeputy = transition(waiting, { type: 'approve', routeChanged: true }, deputy, t(5), 'Parents asked us to involve the police');
    expect(byDeputy.ok && byDeputy.value.incident.state).toBe('escalated');
  });

  it('records an acknowledgement without changing the state', () => {
    const result = transition(waiting, { type: 'acknowledge' }, deputy, t(3));
    expect(result.ok && [result.value.incident.state, result.value.event.type]).toEqual(['awaiting-approval', 'acknowledged']);
  });

  it('refuses every action on a closed case', () => {
    const closed = run(waiting, [[{ type: 'close' }, dsl, 'Duplicate report']]);
    for (const command of [{ type: 'approve' }, { type: 'close' }, { type: 'submit-for-approval' }] as const) {
      const result = transition(closed, command, dsl, t(40), 'x');
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'not-allowed-in-state',
          message: `cannot ${command.type} a case that is closed; allowed when ${command.type === 'submit-for-approval' ? 'reported' : command.type === 'approve' ? 'awaiting-approval' : 'reported or awaiting-approval or escalated'}`,
        },
      });
    }
  });

  it('R1: an actor holding an implicated role cannot act on the case, even as a headteacher too', () => {
    const inc = run(openIncident('OS-2026-0002', aboutTheDsl, reporter, t(0)), [[{ type: 'submit-for-approval' }, bot, '']]);
    const dslWhoIsAlsoHead: Actor = { id: 'both', roles: ['dsl', 'headteacher'] };
    const result = transition(inc, { type: 'approve' }, dslWhoIsAlsoHead, t(5), 'fine');
    expect(result).toEqual({
      ok: false,
      error: { code: 'implicated', message: 'both holds a role implicated in this case (dsl) and cannot act on it' },
    });
    expect(transition(inc, { type: 'approve' }, head, t(5), 'Allegation: LADO consulted').ok).toBe(true);
  });

  it('refuses a time before the last event', () => {
    const result = transition(waiting, { type: 'approve' }, dsl, t(0), 'refer');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('out-of-order');
  });
});
