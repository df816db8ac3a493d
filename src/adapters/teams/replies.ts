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

/** a card with typed words pressed in a channel or group chat: nothing was read or kept */
export const PERSONAL_CHAT_ONLY_CARD =
  'This can only be used in your private 1:1 chat with me, so nothing was sent or kept. Press the button to open the chat, then start again there.';

/** a typed message longer than any Teams message: not read, nothing kept */
export const MESSAGE_TOO_LONG =
  'That message is too long for me to read, so I have not kept it. Please send it again in a few shorter messages, or type **report** to use the form. If a child is in danger right now, tell the designated safeguarding lead in person or call 999.';

export const PUPIL_MESSAGE_TOO_LONG =
  'That message is too long for me to read. Please send a shorter one, or type **worried**. If you are in danger right now, tell an adult near you or call 999.';
