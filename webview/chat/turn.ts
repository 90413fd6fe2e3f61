/** One answered turn: the user's prompt with its images, then the model's thinking, text and images. */
import type { ImageView, TurnView } from '../../src/views/chat/protocol';
import { openLink } from './banner';
import { renderGrounding } from '../shared/grounding';
import { imageElement, renderResult } from './images';
import { el } from '../shared/dom';
import { renderMarkdown } from './markdown';

export function userMessage(prompt: string, attachments: ImageView[]): HTMLElement {
  const message = el('div');
  message.className = 'message user';
  const who = el('div', 'You');
  who.className = 'who';
  const text = el('p', prompt);
  text.className = 'prompt-text';
  message.append(who, text);
  if (attachments.length) {
    const thumbs = el('div');
    thumbs.className = 'thumbs';
    for (const image of attachments) thumbs.appendChild(imageElement(image, 'thumb'));
    message.appendChild(thumbs);
  }
  return message;
}

export function renderTurn(turn: TurnView): HTMLElement {
  const article = el('article');
  article.className = 'turn';
  article.setAttribute('aria-label', `Turn ${turn.turn}`);
  article.dataset.turn = String(turn.turn);
  article.appendChild(userMessage(turn.prompt, turn.attachments));
  const answer = el('div');
  answer.className = 'message model';
  const who = el('div', `Gemini · ${turn.settingsLabel}`);
  who.className = 'who';
  answer.appendChild(who);
  if (turn.thoughts || turn.thoughtImages.length) {
    const details = el('details');
    details.className = 'thinking';
    const summary = el('summary', 'Thinking');
    details.appendChild(summary);
    if (turn.thoughts) {
      const body = el('div');
      body.className = 'markdown';
      body.appendChild(renderMarkdown(turn.thoughts, openLink));
      details.appendChild(body);
    }
    if (turn.thoughtImages.length) {
      const drafts = el('div');
      drafts.className = 'thumbs';
      for (const image of turn.thoughtImages) drafts.appendChild(imageElement(image, 'thumb'));
      details.appendChild(drafts);
    }
    answer.appendChild(details);
  }
  if (turn.text) {
    const body = el('div');
    body.className = 'markdown';
    body.appendChild(renderMarkdown(turn.text, openLink));
    answer.appendChild(body);
  }
  for (const image of turn.images) answer.appendChild(renderResult(image));
  if (turn.grounding) answer.appendChild(renderGrounding(turn.grounding, openLink));
  article.appendChild(answer);
  return article;
}
