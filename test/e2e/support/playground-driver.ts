// drives the Microsoft 365 Agents Playground (0.2.28) web UI like a person would, with playwright-core.
//
// What its DOM offers (learnt by dumping ariaSnapshot()s; it has few test ids):
// - sidebar: region "Chat and Teams Channel" with two trees. Treeitems are named "Personal Chat", the
//   group chat's name (e.g. "Staffroom"), and "<team> - <channel>" ("Oakfield Staff - General",
//   "Oakfield Staff - Safeguarding"). The selected one has NO aria-selected/aria-current; only its
//   background colour differs (see activeConversation()).
// - chats: one contenteditable Lexical editor, role textbox (placeholder "Type a message..." is a
//   sibling span, not an attribute), and a button "Send Message". Every message has a child
//   [aria-label="Message header"]; the bot's also hold [aria-label="Message author"] with the bot's
//   name; the current user's own messages have no author. There is no list/listitem role.
// - channels: a role=group with the "Start a new post" editor and a button "Post"; each thread is a
//   role=group holding the root post, its replies, and its own reply editor + "Send Message" button. A
//   post reaches the bot only when it @mentions it (as in Teams): type "@", then pick the bot from the
//   listbox "Typeahead menu"; the bot receives text "<at>Online Safety</at> ...".
// - Adaptive Cards are rendered by the adaptivecards JS SDK: root `.ac-adaptiveCard` (that SDK's own
//   class, stable), buttons are role=button named by their title. After an Action.Execute the
//   returned card replaces the old one in place and a bar "Your response was sent to the app" with a
//   button "Dismiss Invoke Message" appears under it.
// - the conversation history lives in the page: a reload starts every conversation empty. Opening a
//   conversation for the first time sends the bot installationUpdate + conversationUpdate (our bot
//   answers with a welcome card), so wait for replies that come AFTER your own message.
// - it loads fonts from res-1.cdn.office.net; open() blocks every non-loopback request so nothing
//   reaches Microsoft's cloud (the page renders fine with fallback fonts).
// - a Log Panel lists every request between the Playground and the bot, one element per line:
//   "[9:07:41 AM] Microsoft 365 Agents Playground -> User Application installationUpdate 200" for what
//   it sends, and lines naming the bot's own calls (a proactive POST /v3/conversations, a PUT). A line
//   appears once the bot has answered, so it marks the bot having seen that activity (see logLines()).
// - selecting a team channel for the first time sends installationUpdate (whose channelData names the
//   team and the channel) and conversationUpdate, each with this Playground's own serviceUrl
//   (http://localhost:<port>/_connector): with several Playgrounds against one bot, the bot reaches
//   each only through the serviceUrl it last saw from it.
// Timings seen here: the UI is usable ~1.5-4.5 s after goto(); a bot reply shows in ~0.3 s.
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';

/** the config as its backend serves it (GET /_internal/v1/config): not the yml's shape; General is listed */
export interface PlaygroundConfig {
  bot: { id: string; name: string };
  currentUser: { id: string; name: string; aadObjectId: string };
  personalChat: { id: string; name: string };
  groupChats: { id: string; name: string }[];
  teams: { id: string; name: string; channels: { id: string; name: string }[] }[];
}

export interface WaitOptions {
  timeoutMs?: number;
}

export type TextMatch = string | RegExp | ((text: string) => boolean);

// the project compiles without the DOM lib; these name the little of it the page-side callbacks use
interface Rendered {
  innerText: string;
}
interface ClipboardWindow {
  navigator: { clipboard: { writeText(text: string): Promise<void> } };
}
interface Nested extends Rendered {
  parentElement: Nested | null;
}
interface BrowserWindow {
  getComputedStyle(el: unknown): { backgroundColor: string };
}

interface MessageInfo {
  own: boolean;
  author: string;
  text: string;
}

/**
 * one entry of the Log Panel as the Playground's server sends it to the page (over its log websocket):
 * what the panel shows to the second, with the server's own time in ms. For what the bot sent (from
 * "User Application"), `timestamp` is when this Playground took the bot's request; for what this
 * Playground sent the bot (an invoke, a message), when it sent it. `receivedAt` is when the page got
 * the entry (Date.now() in the test: the machine's clock, as the servers' and the pages' are).
 */
export interface PlaygroundLogItem {
  timestamp: number;
  receivedAt: number;
  from: string;
  to: string;
  activityName: string;
  conversationId?: string;
  statusCode?: number;
  /** the request's body as JSON text (the activity the bot sent, or the one sent to it) */
  request: string;
}

const PERSONAL_CHAT = 'Personal Chat';

export class PlaygroundDriver {
  private constructor(
    readonly page: Page,
    readonly url: string,
    readonly config: PlaygroundConfig,
    private readonly logItemsSeen: PlaygroundLogItem[],
  ) {}

  /** the Log Panel's entries since the page opened, oldest first, with the server's ms times (see PlaygroundLogItem) */
  logItems(match: (item: PlaygroundLogItem) => boolean = () => true): PlaygroundLogItem[] {
    return this.logItemsSeen.filter(match);
  }

  /** the bot's display name (from the Playground's config) */
  get botName(): string {
    return this.config.bot.name;
  }

  /** opens the UI in page and waits until the conversation list shows (each of the two waits up to timeoutMs, default 30 s) */
  static async open(page: Page, url: string, opts: WaitOptions = {}): Promise<PlaygroundDriver> {
    const timeout = opts.timeoutMs ?? 30_000;
    await page.context().route('**/*', async (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') await route.continue();
      else await route.abort('blockedbyclient');
    });
    // the config the Playground loaded (bot name, team, channels); an internal route of its backend
    const res = await page.request.get(`${url}/_internal/v1/config`);
    if (!res.ok()) throw new Error(`Playground config: HTTP ${res.status()} from ${url}/_internal/v1/config`);
    const { config } = (await res.json()) as { config: PlaygroundConfig };
    // the Log Panel's entries come over a websocket with the server's time in ms (the panel shows seconds)
    const logItems: PlaygroundLogItem[] = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string' || !payload.includes('"appendLog"')) return;
        try {
          const { logAction, log } = JSON.parse(payload) as { logAction?: string; log?: Record<string, unknown> };
          if (logAction !== 'appendLog' || !log || typeof log.timestamp !== 'number' || log.from === undefined) return;
          const response = log.response as { statusCode?: number } | undefined;
          logItems.push({
            timestamp: log.timestamp,
            receivedAt: Date.now(),
            from: String(log.from),
            to: String(log.to),
            activityName: String(log.activityName),
            ...(typeof log.conversationId === 'string' ? { conversationId: log.conversationId } : {}),
            ...(typeof response?.statusCode === 'number' ? { statusCode: response.statusCode } : {}),
            request: JSON.stringify((log.request as { body?: unknown } | undefined)?.body ?? null),
          });
        } catch {
          // not a log entry
        }
      }),
    );
    await page.goto(url, { timeout });
    await page.getByRole('treeitem', { name: PERSONAL_CHAT }).waitFor({ timeout });
    return new PlaygroundDriver(page, url, config, logItems);
  }

  async selectPersonalChat(): Promise<void> {
    await this.select(this.config.personalChat.name ?? PERSONAL_CHAT);
  }

  async selectGroupChat(name = this.config.groupChats[0]?.name ?? 'no group chat'): Promise<void> {
    await this.select(name);
  }

  /** a channel of the team, e.g. "Safeguarding"; "General" is the team's own conversation */
  async selectChannel(channel: string, team = this.config.teams[0]?.name ?? 'no team'): Promise<void> {
    await this.select(`${team} - ${channel}`);
  }

  /** the treeitem name of the conversation shown, or undefined if none is highlighted */
  async activeConversation(): Promise<string | undefined> {
    await this.page.mouse.move(0, 0); // hover also tints a treeitem
    const items = await this.page.getByRole('treeitem').evaluateAll((els) =>
      els.map((el) => ({
        name: el.getAttribute('aria-label') ?? '',
        bg: (globalThis as unknown as BrowserWindow).getComputedStyle(el).backgroundColor,
      })),
    );
    const count = new Map<string, number>();
    for (const i of items) count.set(i.bg, (count.get(i.bg) ?? 0) + 1);
    const odd = items.filter((i) => count.get(i.bg) === 1 && items.length > 1);
    return odd.length === 1 ? odd[0]!.name : undefined;
  }

  /** sends text in the chat shown (personal or group chat) */
  async sendMessage(text: string): Promise<void> {
    if (await this.newPostBox().isVisible())
      throw new Error('sendMessage() is for chats; in a channel use postInChannel() or replyInThread()');
    // the chat's own editor: a card on screen may have text boxes of its own
    const box = this.page.locator('[role="textbox"][contenteditable="true"]');
    await box.fill(text);
    await this.page.getByRole('button', { name: 'Send Message' }).click();
    await box
      .filter({ hasText: text })
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => {});
  }

  /** starts a new post in the channel shown; mentions the bot first unless told not to */
  async postInChannel(text: string, opts: { mentionBot?: boolean } = {}): Promise<void> {
    const group = this.newPostBox();
    await this.typeInto(group.getByRole('textbox'), text, opts.mentionBot ?? true);
    await group.getByRole('button', { name: 'Post', exact: true }).click();
  }

  /** replies in a thread (a locator from channelThreads() / waitForChannelThread()) */
  async replyInThread(thread: Locator, text: string, opts: { mentionBot?: boolean } = {}): Promise<void> {
    await this.typeInto(thread.getByRole('textbox'), text, opts.mentionBot ?? true);
    await thread.getByRole('button', { name: 'Send Message' }).click();
  }

  /** every message in the chat shown, oldest first */
  messages(): Locator {
    return this.page.locator('[aria-label="Message header"]').locator('xpath=..');
  }

  /**
   * Waits for a bot message in the chat shown that matches and comes after the current user's last
   * message (so a welcome card sent on opening the chat does not count as the reply); returns it.
   */
  async waitForBotMessage(match: TextMatch, opts: WaitOptions = {}): Promise<Locator> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    let seen: MessageInfo[] = [];
    for (;;) {
      seen = await this.readMessages();
      const lastOwn = seen.map((m) => m.own).lastIndexOf(true);
      const i = seen.findIndex((m, idx) => idx > lastOwn && !m.own && m.author === this.botName && matches(m.text, match));
      if (i >= 0) return this.messages().nth(i);
      if (Date.now() > deadline) break;
      await this.page.waitForTimeout(150);
    }
    const shown = seen.map((m) => `  ${m.own ? 'me' : m.author}: ${m.text.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n');
    throw new Error(
      `no bot message matching ${String(match)} after my last message within ${opts.timeoutMs ?? 10_000} ms; the chat shows:\n${shown}`,
    );
  }

  /**
   * Waits until the chat shown has not changed for quietMs: opening a chat makes the bot send a welcome
   * card, and a test that types before it arrives could take it for the reply.
   */
  async waitForQuiet(opts: WaitOptions & { quietMs?: number } = {}): Promise<void> {
    await this.untilUnchanged(async () => JSON.stringify(await this.readMessages()), 'the chat', opts);
  }

  /** the same for the channel shown: waits until none of its threads has changed for quietMs */
  async waitForQuietThreads(opts: WaitOptions & { quietMs?: number } = {}): Promise<void> {
    const read = async () =>
      JSON.stringify(await this.channelThreads().evaluateAll((els) => els.map((el) => (el as unknown as Rendered).innerText)));
    await this.untilUnchanged(read, 'the channel', opts);
  }

  private async untilUnchanged(read: () => Promise<string>, what: string, opts: WaitOptions & { quietMs?: number }): Promise<void> {
    const quietMs = opts.quietMs ?? 750;
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    let last = '';
    let since = Date.now();
    for (;;) {
      const now = await read();
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) {
        return;
      }
      if (Date.now() > deadline) throw new Error(`${what} kept changing for ${opts.timeoutMs ?? 10_000} ms`);
      await this.page.waitForTimeout(100);
    }
  }

  /** a message's visible text without its header (author, time) */
  async messageText(message: Locator): Promise<string> {
    return message.evaluate((el) =>
      [...el.children]
        .filter((c) => !c.matches('[aria-label="Message header"]'))
        .map((c) => (c as unknown as Rendered).innerText)
        .join('\n')
        .trim(),
    );
  }

  /** the newest Adaptive Card on the page (in a chat: the last one; in a channel: the last in DOM order) */
  latestCard(): Locator {
    return this.page.locator('.ac-adaptiveCard').last();
  }

  async latestCardText(): Promise<string> {
    return (await this.latestCard().innerText()).trim();
  }

  /** clicks the button with this title on the newest card that has one */
  async clickCardButton(title: string): Promise<void> {
    const button = this.page.getByRole('button', { name: title, exact: true });
    await this.page.locator('.ac-adaptiveCard').filter({ has: button }).last().getByRole('button', { name: title, exact: true }).click();
  }

  /**
   * ticks a checkbox or picks a radio button on the newest card, by its visible label; on a card whose
   * lists are compact dropdowns (and that has no such toggle), picks it in whichever dropdown offers it
   */
  async chooseOnCard(label: string | RegExp, role: 'radio' | 'checkbox' = 'radio'): Promise<void> {
    const card = this.latestCard();
    const toggle = card.getByRole(role, { name: label }).first();
    if ((await toggle.count()) === 0 && (await card.getByRole('combobox').count()) > 0) {
      // the report cards once titled each incident type "Label: description" and now "Label" alone: a
      // pattern written for the old titles (/Grooming: /) is also tried against "Label: "
      const fits = (name: string) =>
        typeof label === 'string' ? name.toLowerCase().includes(label.toLowerCase()) : label.test(name) || label.test(`${name}: `);
      await this.chooseInAnyDropdown(fits);
      return;
    }
    await toggle.check();
  }

  /**
   * ticks a checkbox or picks a radio button under one question of the newest card, for cards that
   * offer the same choices under several questions ("Pupil" as target and as instigator; "No" under
   * each follow-up). The adaptivecards SDK names a set's first toggle "<question> <choice>" and the
   * rest "<choice>", so the choice is matched at the end of the name, in the innermost element that
   * holds both the question's label and toggles. `card` is the newest card unless given (an older card
   * still on the page, e.g. to click on a stale step).
   */
  async chooseUnderQuestion(
    question: string,
    choice: string,
    role: 'radio' | 'checkbox' = 'radio',
    card: Locator = this.latestCard(),
  ): Promise<void> {
    // a compact ChoiceSet is a dropdown named by its question
    const dropdown = card.getByRole('combobox', { name: question, exact: true });
    if ((await dropdown.count()) > 0) {
      await this.chooseInDropdown(dropdown.first(), (name) => name === choice);
      return;
    }
    const input = card
      .locator('div')
      .filter({ has: this.page.getByText(question, { exact: true }) })
      .filter({ has: this.page.getByRole(role) })
      .last();
    await input.getByRole(role, { name: new RegExp(`(?:^|\\s)${escapeRegExp(choice)}$`) }).check();
  }

  /**
   * picks a choice of a searchable list on the newest card (Input.ChoiceSet style "filtered"): the
   * Playground draws it as a Fluent UI combobox whose options open in a popup outside the card. Types
   * `search` (default: the choice's first word) as a person would, then clicks the option by its title.
   */
  async pickFromList(label: string, choice: string, search = choice.split(' ')[0]!): Promise<void> {
    const box = this.latestCard().getByRole('combobox', { name: label, exact: false }).first();
    await box.click();
    await box.fill(search);
    const option = this.page.getByRole('option', { name: choice, exact: true });
    await option.click({ timeout: 5_000 });
    const deadline = Date.now() + 5_000;
    while ((await box.inputValue()) !== choice) {
      if (Date.now() > deadline) throw new Error(`picked "${choice}" in "${label}" but the box shows "${await box.inputValue()}"`);
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * picks a choice in a compact Input.ChoiceSet (style "compact"): the Playground draws it as a Fluent UI
   * dropdown (role combobox) whose choices open in a popup outside the card, as menuitemcheckbox (multi
   * select) or menuitemradio / option (single). Opens it, clicks the first choice whose name fits, and
   * closes it again; returns false (and closes it) when none fits.
   */
  async chooseInDropdown(dropdown: Locator, fits: (name: string) => boolean, opts: { mustFind?: boolean } = {}): Promise<boolean> {
    await dropdown.click();
    const items = this.page.locator('[role="menuitemcheckbox"], [role="menuitemradio"], [role="option"]').filter({ visible: true });
    await items.first().waitFor({ timeout: 5_000 });
    const names = (await items.allInnerTexts()).map((t) => t.trim());
    const i = names.findIndex(fits);
    if (i >= 0) {
      const item = items.nth(i);
      await item.click();
      const deadline = Date.now() + 5_000;
      while ((await item.getAttribute('aria-checked')) === 'false' || (await item.getAttribute('aria-selected')) === 'false') {
        if (Date.now() > deadline) throw new Error(`clicked "${names[i]}" in a dropdown but it is not ticked`);
        await this.page.waitForTimeout(100);
      }
    }
    // a multi-select stays open after a click: close it as a person would
    if ((await dropdown.getAttribute('aria-expanded')) === 'true') await this.page.keyboard.press('Escape');
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') !== 'true', await dropdown.elementHandle(), {
      timeout: 5_000,
    });
    if (i < 0 && opts.mustFind !== false) throw new Error(`no choice fits in the dropdown; it offers: ${names.join(' | ')}`);
    return i >= 0;
  }

  /**
   * ticks the first choice whose name fits in any compact ChoiceSet of the newest card, trying each
   * dropdown in turn (for a card of several lists, e.g. "What happened?" with one list per risk area)
   */
  async chooseInAnyDropdown(fits: (name: string) => boolean): Promise<void> {
    const dropdowns = this.latestCard().getByRole('combobox');
    const n = await dropdowns.count();
    for (let i = 0; i < n; i++) if (await this.chooseInDropdown(dropdowns.nth(i), fits, { mustFind: false })) return;
    throw new Error(`no choice fits in any of the newest card's ${n} dropdowns`);
  }

  /** types into a text, date or time input on the newest card, found by its label */
  async fillOnCard(label: string, value: string): Promise<void> {
    await this.latestCard().getByLabel(label, { exact: false }).first().fill(value);
  }

  /** waits until the newest card's text matches (a clicked Action.Execute replaces the card in place) */
  async waitForCard(match: TextMatch, opts: WaitOptions = {}): Promise<string> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    let text = '';
    for (;;) {
      text = await this.latestCardText().catch(() => '');
      if (matches(text, match)) return text;
      if (Date.now() > deadline) throw new Error(`the newest card never matched ${String(match)}; it shows:\n${text.slice(0, 600)}`);
      await this.page.waitForTimeout(150);
    }
  }

  /** the newest Adaptive Card inside scope (a thread, a message) */
  cardIn(scope: Locator): Locator {
    return scope.locator('.ac-adaptiveCard').last();
  }

  /** clicks the button with this title on the newest card inside scope (a thread, a message) that has one */
  async clickButtonIn(scope: Locator, title: string): Promise<void> {
    const button = this.page.getByRole('button', { name: title, exact: true });
    await scope.locator('.ac-adaptiveCard').filter({ has: button }).last().getByRole('button', { name: title, exact: true }).click();
  }

  /**
   * the lines of the Playground's Log Panel that match, oldest first, e.g.
   * "[9:07:41 AM] Microsoft 365 Agents Playground -> User Application installationUpdate 200"
   */
  async logLines(match: RegExp = /./): Promise<string[]> {
    const lines = await this.logLineElements().allInnerTexts();
    return lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => match.test(l));
  }

  /**
   * the activities behind the Log Panel lines that match, oldest first: clicks each line's link and
   * reads the JSON its details pane shows under "Request" (for the bot's calls: what the bot sent) or
   * "Response" (for an invoke: what the bot answered)
   */
  async logRequests(match: RegExp, opts: { tab?: 'Request' | 'Response'; last?: number } = {}): Promise<Record<string, unknown>[]> {
    const tab = opts.tab ?? 'Request';
    const all = this.logLineElements();
    const texts = (await all.allInnerTexts()).map((l) => l.replace(/\s+/g, ' ').trim());
    const wanted = texts.map((text, i) => ({ text, i })).filter(({ text }) => match.test(text));
    const found: Record<string, unknown>[] = [];
    let shownBefore = await this.logDetails();
    for (const { text, i } of opts.last === undefined ? wanted : wanted.slice(-opts.last)) {
      // the link is the span naming the activity and the status, e.g. "message 200"
      await all
        .nth(i)
        .locator('span')
        .filter({ hasText: /^\s*\w+ \d{3}\s*$/ })
        .first()
        .click();
      await this.page.getByRole('tab', { name: tab }).click();
      // the details pane (an editable box beside the tabs) changes to this line's request
      const deadline = Date.now() + 5_000;
      let pane = '';
      for (;;) {
        pane = await this.logDetails();
        const json = pane.slice(pane.indexOf('{'), pane.lastIndexOf('}') + 1);
        if (json !== '' && pane !== shownBefore) {
          try {
            found.push(JSON.parse(json) as Record<string, unknown>);
            break;
          } catch {
            // still rendering
          }
        }
        if (Date.now() > deadline)
          throw new Error(`the details of log line "${text}" never showed its JSON; the pane shows:\n${pane.slice(0, 500)}`);
        await this.page.waitForTimeout(100);
      }
      shownBefore = pane;
    }
    return found;
  }

  /** the text of the Log Panel's details pane (the nearest box around its Request/Response tabs that holds JSON) */
  private async logDetails(): Promise<string> {
    const tabs = this.page.getByRole('tablist').filter({ has: this.page.getByRole('tab', { name: 'Request' }) });
    if ((await tabs.count()) === 0) return '';
    return tabs.first().evaluate((el) => {
      for (let box = (el as unknown as Nested).parentElement; box; box = box.parentElement) {
        if (box.innerText.includes('{')) return box.innerText;
      }
      return '';
    });
  }

  /** the Log Panel's lines: elements whose first child is the time stamp, "[9:07:41 AM] " */
  private logLineElements(): Locator {
    return this.page.locator('div:has(> span:first-child)').filter({ hasText: /^\s*\[[^\]]*\d:\d\d[^\]]*\]/ });
  }

  /**
   * sends an activity through "Mock an Activity -> Custom activity", as this seat: for what no button
   * on the page can send, e.g. a click on a card this seat never received. The editor's prefilled
   * activity is replaced by `activity` over what the Playground itself fills in (a fresh id, the time,
   * channelId msteams, its own serviceUrl, the bot as recipient, this seat's user and personal chat).
   */
  async sendCustomActivity(activity: Record<string, unknown>): Promise<void> {
    const { currentUser, personalChat, bot } = this.config;
    const full = {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: `http://localhost:${new URL(this.url).port}/_connector`,
      recipient: { id: bot.id, name: bot.name },
      from: { id: currentUser.id, aadObjectId: currentUser.aadObjectId, name: currentUser.name },
      conversation: { id: personalChat.id, conversationType: 'personal' },
      ...activity,
    };
    await this.page.getByRole('button', { name: 'Mock an Activity' }).click();
    await this.page.getByRole('menuitem', { name: 'Custom activity' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Custom activity' });
    try {
      // the editor is Monaco: it ignores insertText(), and typing is slow (~30 ms a character), so the
      // JSON is pasted; typed only if the clipboard cannot be used (Monaco closes brackets and quotes
      // as they are typed, then types over the closing one when it comes, so compact JSON comes out right)
      const json = JSON.stringify(full);
      await dialog.getByRole('code').click();
      await this.page.keyboard.press('ControlOrMeta+A');
      await this.page.keyboard.press('Delete');
      const pasted = await this.page
        .context()
        .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(this.url).origin })
        .then(() => this.page.evaluate((text) => (globalThis as unknown as ClipboardWindow).navigator.clipboard.writeText(text), json))
        .then(
          () => true,
          () => false,
        );
      if (pasted) await this.page.keyboard.press('ControlOrMeta+V');
      const shown = async () => (await dialog.getByRole('code').innerText()).replace(/\s+/g, '');
      const end = json.slice(-40).replace(/\s+/g, '');
      // the editor shows a paste a moment later on a busy machine: typing it all again takes ~30 s
      for (const deadline = Date.now() + 3_000; pasted && !(await shown()).includes(end) && Date.now() < deadline;)
        await this.page.waitForTimeout(100);
      if (!pasted || !(await shown()).includes(end)) {
        await this.page.keyboard.press('ControlOrMeta+A');
        await this.page.keyboard.press('Delete');
        await this.page.keyboard.type(json);
      }
      await dialog.getByRole('button', { name: 'Send activity' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    } catch (err) {
      await dialog
        .getByRole('button', { name: 'Cancel' })
        .click({ timeout: 2_000 })
        .catch(() => {});
      throw err;
    }
  }

  /** waits until the Log Panel has more than `after` lines matching (count them before the action) */
  async waitForLogLine(match: RegExp, opts: WaitOptions & { after?: number } = {}): Promise<string> {
    const after = opts.after ?? 0;
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      const lines = await this.logLines(match);
      if (lines.length > after) return lines[lines.length - 1]!;
      if (Date.now() > deadline) {
        const tail = (await this.logLines())
          .slice(-10)
          .map((l) => `  ${l}`)
          .join('\n');
        throw new Error(`no new log line matching ${String(match)} within ${opts.timeoutMs ?? 10_000} ms; the Log Panel ends:\n${tail}`);
      }
      await this.page.waitForTimeout(150);
    }
  }

  /** the threads of the channel shown, oldest first (each a role=group with its own reply box) */
  channelThreads(): Locator {
    return this.page.getByRole('group').filter({ has: this.page.getByRole('button', { name: 'Show more information' }) });
  }

  /** waits for a thread in the channel shown whose text matches (root post or any reply) */
  async waitForChannelThread(match: TextMatch, opts: WaitOptions = {}): Promise<Locator> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      const texts = await this.channelThreads().evaluateAll((els) => els.map((el) => (el as unknown as Rendered).innerText));
      const i = texts.findIndex((t) => matches(t, match));
      if (i >= 0) return this.channelThreads().nth(i);
      if (Date.now() > deadline) {
        throw new Error(
          `no channel thread matching ${String(match)}; threads:\n${texts.map((t) => `  ${t.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n')}`,
        );
      }
      await this.page.waitForTimeout(150);
    }
  }

  private async select(treeitem: string): Promise<void> {
    await this.page.getByRole('treeitem', { name: treeitem, exact: true }).click();
    const deadline = Date.now() + 5_000;
    while ((await this.activeConversation()) !== treeitem) {
      if (Date.now() > deadline) throw new Error(`clicked "${treeitem}" but the Playground shows "${await this.activeConversation()}"`);
      await this.page.waitForTimeout(100);
    }
  }

  private newPostBox(): Locator {
    return this.page.getByRole('group').filter({ has: this.page.getByRole('button', { name: 'Post', exact: true }) });
  }

  private async typeInto(box: Locator, text: string, mentionBot: boolean): Promise<void> {
    await box.click();
    if (mentionBot) {
      await this.page.keyboard.type(`@${this.botName.slice(0, 3)}`);
      const menu = this.page.getByRole('listbox', { name: 'Typeahead menu' });
      await menu
        .getByRole('menuitem', { name: new RegExp(`^${escapeRegExp(this.botName)}`) })
        .first()
        .click();
      await this.page.keyboard.type(` ${text}`);
    } else {
      await this.page.keyboard.type(text);
    }
  }

  private readMessages(): Promise<MessageInfo[]> {
    return this.messages().evaluateAll((els) =>
      els.map((el) => {
        const header = el.querySelector(':scope > [aria-label="Message header"]');
        const author = header?.querySelector('[aria-label="Message author"]')?.textContent?.trim() ?? '';
        const text = [...el.children]
          .filter((c) => c !== header)
          .map((c) => (c as unknown as Rendered).innerText)
          .join('\n')
          .trim();
        return { own: author === '', author, text };
      }),
    );
  }
}

function matches(text: string, match: TextMatch): boolean {
  if (typeof match === 'string') return text.includes(match);
  if (match instanceof RegExp) return match.test(text);
  return match(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
