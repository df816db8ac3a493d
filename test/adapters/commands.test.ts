import { describe, expect, it } from 'vitest';
import { parseCommand, stripMarkup } from '../../src/adapters/teams/commands.js';

/** the fastest of a few runs, in ms: a ratio of two of these says how the work grows, whatever the machine's speed */
const timed = (fn: () => void): number => {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
};

describe('parseCommand', () => {
  it.each([
    ['report', 'report'],
    ['  Report! ', 'report'],
    ['<at>Online Safety</at> report', 'report'],
    ['<AT>Online Safety</at> <p>status</p>', 'status'],
    ['<p>I\u2019m worried</p>', 'worried'],
    ['/help', 'help'],
  ])('reads %j as %s', (text, command) => {
    expect(parseCommand(text)).toBe(command);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'])(
    'finds no command for %j (own keys only)',
    (text) => {
      expect(parseCommand(text)).toBeUndefined();
    },
  );

  it('keeps a lone "<" as text and strips tags as the old expressions did', () => {
    expect(stripMarkup('a < b')).toBe('a < b');
    expect(stripMarkup('<at>Bot</at>x<b>y</b>')).toBe(' x y ');
    expect(stripMarkup('<at>no end <b>z')).toBe(' no end  z');
    expect(stripMarkup('<<<<')).toBe('<<<<');
  });

  it('takes time linear in the text on a string of "<" or "<at>" (250 KB is not 100 times 25 KB)', () => {
    for (const unit of ['<', '<at>', '<a', '</']) {
      const small = unit.repeat(25_000 / unit.length);
      const large = unit.repeat(250_000 / unit.length);
      const tSmall = Math.max(
        timed(() => stripMarkup(small)),
        0.05,
      );
      const tLarge = timed(() => stripMarkup(large));
      // linear: about 10 times; the old /<[^>]*>/ took about 100 times (and about 30 s at 250 KB)
      expect(tLarge, unit).toBeLessThan(Math.max(40 * tSmall, 50));
      expect(tLarge, unit).toBeLessThan(1000);
    }
  });

  it('does not look up a text longer than any command, however it is marked up', () => {
    expect(parseCommand(`report${' '.repeat(3000)}`)).toBeUndefined();
    expect(parseCommand('<'.repeat(250_000))).toBeUndefined();
  });
});
