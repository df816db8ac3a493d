import { describe, expect, it } from 'vitest';
import { parseStartArgs } from '../../scripts/lib/start-args.js';

const SEATS = ['staff', 'dsl', 'deputy', 'head', 'pupil', 'governor'];
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseStartArgs(argv, env, SEATS);

describe('npm start arguments', () => {
  it.each([
    ['nothing: the staff seat, the bot default profile', [], {}, { seats: ['staff'], schoolProfile: undefined }],
    [
      'SCHOOL_PROFILE alone, as before',
      [],
      { SCHOOL_PROFILE: 'profiles/001-trust.yaml' },
      { seats: ['staff'], schoolProfile: 'profiles/001-trust.yaml' },
    ],
    ['--profile <file>', ['--profile', 'profiles/000-bawtry.yaml'], {}, { seats: ['staff'], schoolProfile: 'profiles/000-bawtry.yaml' }],
    [
      '--profile=<file> with --as',
      ['--as=dsl,staff,dsl', '--profile=profiles/004-bentley.yaml'],
      {},
      { seats: ['dsl', 'staff'], schoolProfile: 'profiles/004-bentley.yaml' },
    ],
    [
      '--profile wins over SCHOOL_PROFILE',
      ['--as', 'head', '--profile', 'profiles/003-first-school.yaml'],
      { SCHOOL_PROFILE: 'profiles/example-school.yaml' },
      { seats: ['head'], schoolProfile: 'profiles/003-first-school.yaml' },
    ],
    ['an empty SCHOOL_PROFILE is no profile', [], { SCHOOL_PROFILE: '' }, { seats: ['staff'], schoolProfile: undefined }],
  ])('%s', (_, argv, env, value) => {
    expect(parse(argv, env)).toEqual({ ok: true, value });
  });

  it.each([
    [['--profile'], '--profile takes the path of a school profile (e.g. --profile profiles/000-bawtry.yaml).'],
    [['--profile='], '--profile takes the path of a school profile (e.g. --profile profiles/000-bawtry.yaml).'],
    [
      ['--as', 'teacher'],
      'Unknown seat teacher. --as takes one or more of staff, dsl, deputy, head, pupil, governor, comma-separated (e.g. --as staff,dsl).',
    ],
    [['--as'], '--as takes one or more of staff, dsl, deputy, head, pupil, governor, comma-separated (e.g. --as staff,dsl).'],
  ])('%j is refused', (argv, error) => {
    expect(parse(argv)).toEqual({ ok: false, error });
  });
});
