// short plain-text replies. kind, plain English, and never a dead end.

/** only where a command exists but this installation has not set it up; typed text gets an offer (disclosure-routes.ts) */
export const UNKNOWN_MESSAGE = "Sorry, I didn't understand that. Type **help** to see what I can do, or **report** to report a concern.";

export const TURN_FAILED =
  'Sorry, something went wrong on our side and I could not finish that. Please try again. If it is about a child at risk, do not wait: tell the designated safeguarding lead in person now.';

export const IMAGE_NOT_KEPT =
  'I have not kept that picture or file. Evidence images are never stored or forwarded by this bot, because an image of a child could be illegal to hold or share. Please do not forward it to anyone; describe what you saw in words instead, keep the device safe and untouched, and tell the designated safeguarding lead.';

export const PERSONAL_CHAT_ONLY =
  'Reports are made in a private 1:1 chat with me, never in a channel or group. Open a chat with Online Safety and type **report** there.';

/** a pupil who sends a picture: kept out of the record, and told simply what to do */
export const PUPIL_IMAGE_NOT_KEPT =
  'Thank you. I did not keep the picture. Please do not send pictures here. Do not delete it or send it to anyone. Tell a grown-up you trust, or type **worried**.';
