import { WORD_JOINER } from './card.js';

/**
 * every TextBlock, RichTextBlock (its runs joined, as one line), title and fact value in a card (or
 * cards), in order: what a person reads. the invisible word joiners that keep typed addresses from
 * becoming links (card.ts) are left out, as nobody sees them
 */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'RichTextBlock' && Array.isArray(o.inlines)) {
        out.push(
          o.inlines
            .map((i) =>
              typeof i === 'string' ? i : typeof (i as { text?: unknown }).text === 'string' ? (i as { text: string }).text : '',
            )
            .join(''),
        );
        return;
      }
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (typeof o.title === 'string') out.push(o.title);
      if (typeof o.value === 'string' && o.type === undefined) out.push(o.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n').replaceAll(WORD_JOINER, '');
}
