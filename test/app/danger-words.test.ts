import { describe, expect, it } from 'vitest';
import { DANGER_PHRASES, DANGER_TEXT_LIMIT, dangerWordsIn, hasDangerWords, normalise } from '../../src/app/disclosure/danger-words.js';

describe('danger words in a typed message (issue 14, item 1: the danger help at once)', () => {
  it.each([
    ['I want to kill myself', ['kill myself']],
    ['i wanna die', ['wanna die']],
    ['Sometimes I want to die.', ['want to die']],
    ['I keep cutting myself', ['cutting myself']],
    ['I hurt myself last night', ['hurt myself']],
    ["He's outside", ["he's outside"]],
    ['he\u2019s OUTSIDE right now!!', ["he's outside"]],
    ['hes outside', ["he's outside"]],
    ['there is a man outside my house', ['outside my house']],
    ['he said he would hurt me', ['hurt me']],
    ["I'm going to meet him after school", ['going to meet', 'meet him']],
    ['im scared', ['scared']],
    ['help me now', ['help me now']],
    ['kms', ['kms']],
    ["I don't want to live any more", ["don't want to live"]],
    ['I dont want to be alive', ["don't want to be alive"]],
    ['a man on roblox keeps asking for pictures of me', []],
    ['urgent', []],
    ['I need to report something a child told me', []],
    ['can you tell me the wifi password for Year 6?', []],
    // whole words only
    ['my brother is a scaredy cat', []],
    ['the skills myself and others need', []],
    ['we will meet here tomorrow', []],
    ['Thomas hurt meg', []],
  ])('%j -> %j', (typed, expected) => {
    expect(dangerWordsIn(typed)).toEqual(expected);
    expect(hasDangerWords(typed)).toBe(expected.length > 0);
  });

  it('finds a phrase across line breaks, punctuation and extra spaces', () => {
    expect(hasDangerWords('he is\n\noutside')).toBe(true);
    expect(hasDangerWords('...KILL   MYSELF...')).toBe(true);
    expect(hasDangerWords('kill-myself')).toBe(true);
  });

  it('nothing typed has no danger words', () => {
    expect(dangerWordsIn(undefined)).toEqual([]);
    expect(dangerWordsIn('')).toEqual([]);
    expect(dangerWordsIn('   ')).toEqual([]);
  });

  it('every phrase on the list matches itself, and no two phrases normalise the same', () => {
    for (const phrase of DANGER_PHRASES) expect(dangerWordsIn(phrase)).toContain(phrase);
    const keys = DANGER_PHRASES.map((p) => normalise(p));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it(`examines only the first ${DANGER_TEXT_LIMIT} characters`, () => {
    const filler = 'a '.repeat(DANGER_TEXT_LIMIT);
    expect(hasDangerWords(`kill myself ${filler}`)).toBe(true);
    expect(hasDangerWords(`${filler}kill myself`)).toBe(false);
  });

  it('normalises to lower-case words, one space apart, padded', () => {
    expect(normalise("He's  OUTSIDE,\tnow!")).toBe(' hes outside now ');
    expect(normalise('')).toBe(' ');
    expect(normalise('Zoë 🙂 ok')).toBe(' zoë ok ');
  });

  it('stays fast on a huge hostile message (linear, capped)', () => {
    const hostile = `${'a'.repeat(1_000_000)}${' kill'.repeat(200_000)}`;
    const started = performance.now();
    for (let i = 0; i < 20; i++) hasDangerWords(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
