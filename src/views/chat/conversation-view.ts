import { describeExchange, type ChatSettings, type Conversation, type ImageRef } from '../../core/conversation';
import { errorActions, type ErrorFacts } from '../../core/error-actions';
import { altTextFrom } from '../../core/insert-link';
import { modelInfo } from '../../core/models';
import type { ConversationView, ImageView } from './protocol';

/** What the engine knows about a conversation that the stored conversation does not. */
export interface LiveStatus {
  running: boolean;
  /** The client's latest retry note, while running. */
  progress: string | null;
  /** Milliseconds until that retry is sent, when one is waiting. */
  retryInMs?: number | null;
}

/**
 * A stored conversation as the webview shows it: turns with alt texts and a settings label, and the
 * unanswered turn with the actions its error allows. `imageSrc` turns a stored image into a webview URI.
 */
export function conversationView(conversation: Conversation, live: LiveStatus, imageSrc: (ref: ImageRef) => string): ConversationView {
  const image = (ref: ImageRef, alt: string): ImageView => ({
    path: ref.path ?? null,
    src: imageSrc(ref),
    alt,
    width: ref.width ?? null,
    height: ref.height ?? null,
  });
  const turns = conversation.exchanges.map((exchange, i) => {
    const turn = describeExchange(exchange);
    const about = altTextFrom(turn.prompt);
    const n = i + 1;
    return {
      turn: n,
      prompt: turn.prompt,
      attachments: turn.attachments.map((ref, k) => image(ref, `Attached image ${k + 1}${ref.path ? `: ${ref.path}` : ''}`)),
      images: turn.images.map((ref, k) => image(ref, `Generated image${turn.images.length > 1 ? ` ${k + 1}` : ''} of turn ${n}: ${about}`)),
      thoughtImages: turn.thoughtImages.map((ref, k) => image(ref, `Draft ${k + 1} while thinking about turn ${n}`)),
      text: turn.text,
      thoughts: turn.thoughts,
      grounding: exchange.model.grounding,
      settingsLabel: exchange.transparent ? `${settingsLabel(exchange.model.settings)} · transparent` : settingsLabel(exchange.model.settings),
      receivedAt: exchange.model.receivedAt,
    };
  });
  const pending = conversation.pending;
  const running = live.running;
  return {
    id: conversation.id,
    title: conversation.title,
    settings: conversation.settings,
    turns,
    pending:
      pending && (running || pending.error)
        ? {
            prompt: pending.prompt,
            attachments: pending.attachments.map((ref, k) => image(ref, `Attached image ${k + 1}${ref.path ? `: ${ref.path}` : ''}`)),
            running,
            progress: live.progress,
            retryInMs: running ? (live.retryInMs ?? null) : null,
            error: running ? null : errorView(pending.error),
          }
        : pending && !running
          ? // Sent before a reload or crash and never answered.
            {
              prompt: pending.prompt,
              attachments: pending.attachments.map((ref, k) => image(ref, `Attached image ${k + 1}`)),
              running: false,
              progress: null,
              retryInMs: null,
              error: errorView({ code: 'cancelled', message: 'Interrupted: the window was reloaded or closed before the answer arrived.' }),
            }
          : null,
  };
}

/** "Nano Banana Pro · 16:9 · 2K": what an answer was made with, shown above it. */
export function settingsLabel(settings: ChatSettings): string {
  const info = modelInfo(settings.model);
  return [
    info.label.replace(/ \(.*\)$/, ''),
    settings.aspectRatio ?? 'auto ratio',
    info.supportsImageSize && settings.imageSize ? settings.imageSize : null,
    settings.grounding ? 'Search' : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A failed turn's error with the buttons the shared action table gives it (the chat can always retry and edit). */
function errorView(error: (ErrorFacts & { message: string }) | null): PendingViewError {
  if (!error) return null;
  return { code: error.code, message: error.message, actions: errorActions(error, { retry: true, editPrompt: true }) };
}

type PendingViewError = NonNullable<ConversationView['pending']>['error'];
