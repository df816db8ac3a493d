// a Teams message someone reports, as the bot keeps it: its words as plain text, who posted it, when,
// where and Teams' link back to it. Pictures and files in it are counted, never fetched or kept: they
// stay where they are in Teams, and the reporter is told so.
import { z } from 'zod';

/** Teams' longest message is about 28,000 characters: the record keeps all of it */
export const MESSAGE_TEXT_LIMIT = 30_000;

export interface CapturedMessage {
  /** Teams' id of the message: with the reporter, the key that makes a second report of it a duplicate */
  id: string;
  /** the words exactly as posted, HTML reduced to plain text (mentions keep the name, emoji their character) */
  text: string;
  authorName?: string;
  /** the author's Entra object id, when Teams gave one (a person, not an app) */
  authorAadObjectId?: string;
  /** ISO-8601 instant */
  postedAt?: string;
  /** "A group chat", "Year 6 (team), General (channel)" */
  where: string;
  /** Teams' own link to the message (https://teams.microsoft.com/l/message/...), only when it is one */
  link?: string;
  /** pictures and files in the message, left in Teams */
  leftInTeams: number;
}

/** where the message action was used, as the Teams activity says (names only when Teams gave them) */
export interface MessagePlace {
  place: 'personal' | 'channel' | 'groupChat';
  teamName?: string;
  channelName?: string;
  chatName?: string;
}

const user = z.looseObject({ id: z.string().max(200).optional(), displayName: z.string().max(500).optional() });
/** the part of Teams' messagePayload we read; anything else in it is ignored */
export const messagePayloadSchema = z.looseObject({
  id: z.string().min(1).max(200),
  createdDateTime: z.string().max(100).optional(),
  linkToMessage: z.string().max(2000).optional(),
  from: z.looseObject({ user: user.nullish() }).nullish(),
  body: z.looseObject({ contentType: z.string().optional(), content: z.string().optional() }).nullish(),
  attachments: z.array(z.looseObject({ contentType: z.string().optional() })).nullish(),
});
export type MessagePayload = z.infer<typeof messagePayloadSchema>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEAMS_HOSTS = new Set(['teams.microsoft.com', 'teams.cloud.microsoft']);

/** only Teams' own https link is kept: a DSL's card never opens an address someone else chose */
function teamsLink(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && TEAMS_HOSTS.has(url.hostname) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function placeWords(where: MessagePlace): string {
  if (where.place === 'channel') return `${where.teamName ?? 'A team'} (team), ${where.channelName ?? 'a channel'} (channel)`;
  if (where.place === 'groupChat') return where.chatName ? `The group chat "${where.chatName}"` : 'A group chat';
  return 'A one-to-one chat';
}

// attachments that are part of the message's text, not a picture or file someone shared
const NOT_A_FILE = new Set(['text/html', 'messagereference']);

export function captureMessage(payload: MessagePayload, where: MessagePlace): CapturedMessage {
  const content = payload.body?.content ?? '';
  const html = (payload.body?.contentType ?? 'html').toLowerCase() === 'html';
  const reduced = html ? htmlToText(content) : { text: content.trim(), images: 0 };
  const files = (payload.attachments ?? []).filter((a) => !NOT_A_FILE.has((a.contentType ?? '').toLowerCase())).length;
  const author = payload.from?.user ?? undefined;
  const posted =
    payload.createdDateTime && !Number.isNaN(Date.parse(payload.createdDateTime)) ? new Date(payload.createdDateTime) : undefined;
  const link = teamsLink(payload.linkToMessage);
  return {
    id: payload.id,
    text: reduced.text.slice(0, MESSAGE_TEXT_LIMIT),
    ...(author?.displayName ? { authorName: author.displayName } : {}),
    ...(author?.id && GUID.test(author.id) ? { authorAadObjectId: author.id.toLowerCase() } : {}),
    ...(posted ? { postedAt: posted.toISOString() } : {}),
    where: placeWords(where),
    ...(link ? { link } : {}),
    leftInTeams: files + reduced.images,
  };
}

// ---- HTML to plain text, in one pass -----------------------------------------------------------------
// a message is untrusted: one forward scan with indexOf, never a backtracking pattern over the whole text

const BLOCKS = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'table']);
const SKIPPED = new Set(['script', 'style']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const amp = s.indexOf('&', i);
    if (amp < 0) return out + s.slice(i);
    out += s.slice(i, amp);
    // an entity is short: look for its ';' in the next few characters only, so the scan stays linear
    const near = s.slice(amp + 1, amp + 11).indexOf(';');
    const semi = near < 0 ? -1 : amp + 1 + near;
    const name = semi > amp ? s.slice(amp + 1, semi) : '';
    let char: string | undefined = ENTITIES[name.toLowerCase()];
    if (char === undefined && name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (Number.isInteger(code) && code > 0 && code <= 0x10ffff) char = String.fromCodePoint(code);
    }
    if (char === undefined) {
      out += '&';
      i = amp + 1;
    } else {
      out += char;
      i = semi + 1;
    }
  }
}

/** an attribute's value in one tag's text (a short string), or undefined */
function attribute(tag: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    // Teams writes attribute names in lower case
    const at = tag.indexOf(`${name}=`, from);
    if (at < 0) return undefined;
    from = at + name.length + 1;
    const before = at === 0 ? ' ' : tag[at - 1]!;
    if (before !== ' ' && before !== '\t' && before !== '\n' && before !== '"' && before !== "'") continue;
    const quote = tag[from];
    if (quote !== '"' && quote !== "'") return undefined;
    const end = tag.indexOf(quote, from + 1);
    return end < 0 ? undefined : decodeEntities(tag.slice(from + 1, end));
  }
}

const tagName = (tag: string): { name: string; closing: boolean } => {
  const closing = tag.startsWith('/');
  let i = closing ? 1 : 0;
  let name = '';
  for (; i < tag.length; i++) {
    const c = tag[i]!.toLowerCase();
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9' && name.length > 0)) name += c;
    else break;
  }
  return { name, closing };
};

/** the words of an HTML message: tags dropped, lines kept, emoji as their character, other pictures counted */
export function htmlToText(html: string): { text: string; images: number } {
  let out = '';
  let images = 0;
  let i = 0;
  const words = (s: string) => {
    // runs of spaces and line breaks in the HTML source are one space, as a browser shows them
    out += decodeEntities(s).replace(/[ \t\r\n]+/g, ' '); // one character class, no backtracking
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      words(html.slice(i));
      break;
    }
    words(html.slice(i, lt));
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) {
      words(html.slice(lt));
      break;
    }
    const tag = html.slice(lt + 1, gt);
    i = gt + 1;
    const { name, closing } = tagName(tag);
    // a line break for each line, paragraph or list item (never two for one boundary)
    if (name === 'br') out += '\n';
    else if (BLOCKS.has(name)) out += out.endsWith('\n') ? '' : '\n';
    else if (!closing && name === 'emoji') out += attribute(tag, 'alt') ?? '';
    else if (!closing && name === 'img') {
      const emoji = (attribute(tag, 'itemtype') ?? '').toLowerCase().includes('emoji');
      if (emoji) out += attribute(tag, 'alt') ?? '';
      else {
        images += 1;
        out += '[picture left in Teams]';
      }
    } else if (!closing && SKIPPED.has(name)) {
      // nothing inside is words: on past its closing tag (each search starts where the last stopped)
      let end = html.indexOf('</', i);
      while (end >= 0 && html.slice(end + 2, end + 2 + name.length).toLowerCase() !== name) end = html.indexOf('</', end + 2);
      i = end < 0 ? html.length : end;
    }
  }
  const lines = out.split('\n').map((l) => l.trim());
  // no more than one blank line in a row, none at either end
  const kept: string[] = [];
  for (const line of lines) if (line !== '' || (kept.length > 0 && kept[kept.length - 1] !== '')) kept.push(line);
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  return { text: kept.join('\n'), images };
}
