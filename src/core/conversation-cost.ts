import type { ChatSettings, Conversation } from './conversation';
import { approximateTokens, estimateCost, type CostEstimate } from './estimate';
import { onWhiteBackground } from './postprocess-plan';

/** What a chat turn re-sends of its conversation: every earlier text (thoughts excluded) and image. */
export interface HistoryLoad {
  /** Earlier exchanges re-sent. */
  turns: number;
  /** Input tokens of the earlier texts, at about 4 characters a token. */
  textTokens: number;
  /** Earlier images (attachments, answers and thought images), each billed as an input image. */
  images: number;
}

/**
 * What the next turn re-sends of `conversation`: the parts exactly as `buildHistory` sends them (one
 * wire part per stored part), read from the stored conversation without its image bytes.
 */
export function historyLoad(conversation: Pick<Conversation, 'exchanges'> | null | undefined): HistoryLoad {
  let text = '';
  let images = 0;
  const exchanges = conversation?.exchanges ?? [];
  for (const exchange of exchanges) {
    for (const part of [...exchange.user.parts, ...exchange.model.parts]) {
      if (part.image) images++;
      // Thought text is not sent back as input the model reads (only its signature travels).
      else if (typeof part.text === 'string' && !part.thought) text += part.text;
    }
  }
  return { turns: exchanges.length, textTokens: approximateTokens(text), images };
}

/** One chat turn to price: the conversation it continues (none for a new chat) and what the composer holds. */
export interface ChatTurnCost {
  conversation: Pick<Conversation, 'exchanges'> | null | undefined;
  settings: Pick<ChatSettings, 'model' | 'imageSize' | 'serviceTier'>;
  /** The prompt as typed. */
  prompt: string;
  /** Images attached to this turn. */
  attachments: number;
  /** `transparent`: the turn's image is made on white, then edited onto black (a second call). */
  background?: 'transparent' | 'opaque';
}

/**
 * The estimate of one chat turn through the one estimator: one image at the conversation's model,
 * size and tier, with the whole history re-sent as input (its text tokens and images at the input
 * rate) besides this turn's prompt and attachments; a transparent turn adds the edit onto black.
 * Never throws; `usd` is null for a model without a known price.
 */
export function estimateChatTurn(turn: ChatTurnCost): CostEstimate {
  const history = historyLoad(turn.conversation);
  const transparent = turn.background === 'transparent';
  return estimateCost({
    model: turn.settings.model,
    imageSize: turn.settings.imageSize ?? undefined,
    count: 1,
    prompt: transparent ? onWhiteBackground(turn.prompt) : turn.prompt,
    historyTokens: history.textTokens,
    inputImages: history.images + turn.attachments,
    tier: turn.settings.serviceTier ?? 'standard',
    ...(transparent ? { background: 'transparent' } : {}),
  });
}
