// a member of staff reporting a concern through the bot's cards in their personal chat, as a person
// clicks it in the Playground (the steps of the report flow, one card after another).
import type { PlaygroundDriver } from './playground-driver.js';

export interface ReportClicks {
  /**
   * the choice picked under "What is it about?" on the first card, e.g. "About a member of staff" (a
   * preset: it answers "Who is involved?" and what it can of the rest); none: the long path
   */
  preset?: string;
  /** [question, choice] ticked on "Who is involved?" (the long path) */
  involved: [string, string][];
  /** typed into "Names of children involved (optional)", if given */
  childNames?: string;
  /**
   * the choice picked on "Who is it about?" (asked when a member of staff did it), as its title shows,
   * e.g. "Tom Okafor (Deputy safeguarding lead)"; found by typing its first word
   */
  about?: string;
  /** the choice ticked on "What happened?", by its title (e.g. /^Pornography$/) */
  type: RegExp;
  /** [question, choice] picked on "A few more questions" (or on "The details", where a preset asks them) */
  followUps: [string, 'Yes' | 'No' | 'Not sure'][];
  platform?: string;
  description: string;
}

export const QUESTIONS = {
  harmed: 'Who was harmed or put at risk?',
  didIt: 'Who did it, or who is it about?',
  onPurpose: 'Was it done on purpose (not an accident)?',
  repeated: 'Has it carried on after someone was told to stop?',
  illegal: 'Do you think something illegal happened or was shared?',
  outside: 'Did it happen outside school (not on school devices or networks)?',
} as const;

/** the label of the searchable list on "Who is it about?" */
export const ABOUT_LABEL = 'The adult it is about (type to search)';

/** the step a report card shows: "Report a concern: step 2 of 5" then its heading */
const STEP_LINE = /Report a concern: step (\d+) of (\d+)\s*\n+\s*([^\n]+)/;

/** the step's heading and number ("Who is involved?", "2 of 5"), or undefined when the card is not a report step */
function stepOf(cardText: string): { heading: string; at: string } | undefined {
  const m = STEP_LINE.exec(cardText);
  return m ? { heading: m[3]!.trim(), at: `${m[1]} of ${m[2]}` } : undefined;
}

/**
 * types "report" in the personal chat and clicks through to the review card, answering each step the
 * bot shows from r (which steps come depends on the answers: a preset skips "Who is involved?", a
 * member of staff brings "Who is it about?", a preset's follow-ups are on "The details"); returns the
 * review card's text (the caller checks it, then clicks Submit)
 */
export async function reportUpToReview(driver: PlaygroundDriver, r: ReportClicks): Promise<string> {
  await driver.selectPersonalChat();
  await driver.waitForQuiet();
  await driver.sendMessage('report');
  let text = await driver.waitForBotMessage((t) => t.includes('Is a child in danger right now?')).then(() => driver.latestCardText());
  for (let steps = 0; steps < 10; steps++) {
    const step = stepOf(text);
    if (!step) throw new Error(`the newest card is not a step of the report:\n${text.slice(0, 400)}`);
    switch (step.heading) {
      case 'Is a child in danger right now?':
        await driver.chooseUnderQuestion('A child is in danger right now', 'No');
        if (r.preset !== undefined) await driver.chooseUnderQuestion('What is it about?', r.preset);
        break;
      case 'Who is involved?':
        for (const [question, choice] of r.involved) await driver.chooseUnderQuestion(question, choice, 'checkbox');
        if (r.childNames !== undefined) await driver.fillOnCard('Names of children involved', r.childNames);
        break;
      case 'Who is it about?':
        if (r.about === undefined) throw new Error('the report asks "Who is it about?" and the test gave no `about`');
        await driver.pickFromList(ABOUT_LABEL, r.about);
        break;
      case 'What happened?':
        await driver.chooseOnCard(r.type, 'checkbox');
        break;
      case 'A few more questions':
        for (const [question, choice] of r.followUps) await driver.chooseUnderQuestion(question, choice);
        break;
      case 'The details': {
        // a preset's short path asks the follow-ups it did not settle here
        for (const [question, choice] of r.followUps) if (text.includes(question)) await driver.chooseUnderQuestion(question, choice);
        const yesterday = new Date(Date.now() - 36 * 3600_000).toISOString().slice(0, 10);
        await driver.fillOnCard('When did it happen', yesterday);
        if (r.platform !== undefined) await driver.fillOnCard('App, website or game', r.platform);
        await driver.fillOnCard('What happened, in your own words', r.description);
        break;
      }
      case 'Check and send':
        return text;
      default:
        throw new Error(`the report shows a step this helper does not know: "${step.heading}"`);
    }
    await driver.clickCardButton('Next');
    // the answer replaces the card in place: wait for the next step (a step shown again has errors)
    text = await driver
      .waitForCard((t) => stepOf(t) !== undefined && stepOf(t)!.heading !== step.heading, { timeoutMs: 15_000 })
      .catch((err: Error) => {
        throw new Error(`"${step.heading}" (step ${step.at}) did not move on: ${err.message}`);
      });
  }
  throw new Error('the report never reached "Check and send" in 10 steps');
}
