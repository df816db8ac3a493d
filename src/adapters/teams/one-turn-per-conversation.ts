/** the part of a turn this needs: which conversation it belongs to */
type InConversation = { activity: { conversation?: { id?: string } } };

/**
 * Runs the turns of one conversation one after another (other conversations still run in parallel).
 * Two clicks on the same card arriving together (a double click, two devices) would otherwise both
 * read the same conversation state and the second save would fail its eTag check; in turn, the second
 * sees what the first did. Across several instances the eTag check still guards the state.
 */
export function oneTurnPerConversation<C extends InConversation, T>(run: (context: C) => Promise<T>): (context: C) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (context) => {
    const key = context.activity.conversation?.id ?? '';
    const previous = tails.get(key) ?? Promise.resolve();
    const turn = previous.then(
      () => run(context),
      () => run(context),
    );
    const tail = turn.catch(() => undefined);
    tails.set(key, tail);
    // forget the conversation once its queue is empty, so the map does not grow with every chat
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return turn;
  };
}
