import * as assert from 'node:assert/strict';
import { countdownText, startCountdown } from '../../webview/chat/countdown';

describe('chat: the countdown of a wait before a retry', () => {
  it('says how many whole seconds are left, then that the retry is going now', () => {
    assert.equal(countdownText('Rate limited; retry 1', 7_000), 'Rate limited; retry 1 in 7 s…');
    assert.equal(countdownText('Rate limited; retry 1', 6_200), 'Rate limited; retry 1 in 7 s…');
    assert.equal(countdownText('Rate limited; retry 1', 0), 'Rate limited; retry 1 now…');
  });

  it('counts down every second while shown, and stops once the element left the page', async () => {
    let clock = 0;
    const target = { textContent: '', isConnected: true } as unknown as HTMLElement;
    startCountdown(target, 'Server error; retry 2', 3_000, () => clock);
    assert.equal(target.textContent, 'Server error; retry 2 in 3 s…');
    clock = 1_000;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.equal(target.textContent, 'Server error; retry 2 in 2 s…');
    (target as { isConnected: boolean }).isConnected = false;
    clock = 2_000;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.equal(target.textContent, 'Server error; retry 2 in 2 s…', 'no updates to an element no longer shown');
  });
});
