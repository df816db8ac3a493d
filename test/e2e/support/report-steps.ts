// a member of staff reporting a concern through the bot's cards in their personal chat, as a person
// clicks it in the Playground (the steps of the report flow, one card after another).
import type { PlaygroundDriver } from './playground-driver.js';

export interface ReportClicks {
  /** [question, choice] ticked on "Who is involved?" */
  involved: [string, string][];
  /** typed into "Names of children involved (optional)", if given */
  childNames?: string;
  /** the checkbox on "What happened?" */
  type: RegExp;
  /** [question, choice] picked on "A few more questions" */
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

/**
 * types "report" in the personal chat and clicks through to the review card; returns its text
 * (the caller checks it, then clicks Submit)
 */
export async function reportUpToReview(driver: PlaygroundDriver, r: ReportClicks): Promise<string> {
  await driver.selectPersonalChat();
  await driver.waitForQuiet();
  await driver.sendMessage('report');
  await driver.waitForBotMessage((t) => t.includes('Is a child in danger right now?'));
  await driver.chooseOnCard('No');
  await driver.clickCardButton('Next');
  await driver.waitForCard(/Who is involved\?/);
  for (const [question, choice] of r.involved) await driver.chooseUnderQuestion(question, choice, 'checkbox');
  if (r.childNames !== undefined) await driver.fillOnCard('Names of children involved', r.childNames);
  await driver.clickCardButton('Next');
  await driver.waitForCard(/What happened\?/);
  await driver.chooseOnCard(r.type, 'checkbox');
  await driver.clickCardButton('Next');
  await driver.waitForCard(/A few more questions/);
  for (const [question, choice] of r.followUps) await driver.chooseUnderQuestion(question, choice);
  await driver.clickCardButton('Next');
  await driver.waitForCard(/The details/);
  const yesterday = new Date(Date.now() - 36 * 3600_000).toISOString().slice(0, 10);
  await driver.fillOnCard('When did it happen', yesterday);
  if (r.platform !== undefined) await driver.fillOnCard('App, website or game', r.platform);
  await driver.fillOnCard('What happened, in your own words', r.description);
  await driver.clickCardButton('Next');
  return driver.waitForCard(/Check and send/);
}
