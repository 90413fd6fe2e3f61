/** The alert banner and the polite live region every Pictor webview has. */
import { codicon, el, iconButton } from './dom';

/** A hidden `role=alert` banner; fill it with `fillBanner`. */
export function createBanner(): HTMLElement {
  const banner = el('div');
  banner.className = 'banner';
  banner.setAttribute('role', 'alert');
  banner.hidden = true;
  return banner;
}

/** Shows `message` with a Dismiss button (which calls `onDismiss`), or hides the banner for null. */
export function fillBanner(banner: HTMLElement, message: string | null, onDismiss: () => void): void {
  banner.replaceChildren();
  banner.hidden = !message;
  if (message) banner.append(codicon('warning'), el('span', message), iconButton('close', 'Dismiss', onDismiss));
}

/** A visually hidden polite live region: what is written into it is read out once. */
export function createAnnouncer(): HTMLElement {
  const announcer = el('div');
  announcer.className = 'visually-hidden';
  announcer.setAttribute('role', 'status');
  announcer.setAttribute('aria-live', 'polite');
  return announcer;
}
