/**
 * Waits before a retry, counted down in whole seconds: "Rate limited; retry 1 in 7 s…", then "… now…"
 * once the time is up and the request is on its way.
 */
export function countdownText(note: string, msLeft: number): string {
  const seconds = Math.ceil(msLeft / 1000);
  return seconds > 0 ? `${note} in ${seconds} s…` : `${note} now…`;
}

/**
 * Keeps `target`'s text counting down to `msLeft` from now, updated every second; stops by itself once
 * the element has left the page (the next render replaced it) or the time is up.
 */
export function startCountdown(target: HTMLElement, note: string, msLeft: number, now: () => number = Date.now): void {
  const deadline = now() + msLeft;
  const tick = () => {
    const left = deadline - now();
    target.textContent = countdownText(note, left);
    return left > 0;
  };
  if (!tick()) return;
  const timer = setInterval(() => {
    if (!target.isConnected || !tick()) clearInterval(timer);
  }, 1000);
}
