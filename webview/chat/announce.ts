/** Tells screen readers what a new conversation state means: an answer, a failure, a start. */
import type { ConversationView } from '../../src/views/chat/protocol';
import { announcer } from './layout';

function announce(text: string): void {
  announcer.textContent = text;
}

export function announceChange(before: ConversationView | null, after: ConversationView | null): void {
  if (!after || before?.id !== after.id) return;
  const newTurns = after.turns.length - before.turns.length;
  if (newTurns > 0) {
    const turn = after.turns[after.turns.length - 1];
    const saved = turn.images.map((i) => i.path).filter(Boolean);
    announce(saved.length ? `Answer received; saved ${saved.join(', ')}.` : 'Answer received.');
  } else if (after.pending?.error && !before.pending?.error) {
    announce(after.pending.error.code === 'cancelled' ? 'Stopped.' : `Failed: ${after.pending.error.message}`);
  } else if (after.pending?.running && !before.pending?.running) {
    announce('Generating…');
  }
}
