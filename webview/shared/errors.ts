/** The buttons of an error's actions, the same labels and icons in every view. */
import type { ErrorAction } from '../../src/views/shared/error-actions';

export const ERROR_ACTION_LABELS: Record<ErrorAction, { label: string; icon: string }> = {
  retry: { label: 'Retry', icon: 'refresh' },
  edit: { label: 'Edit Prompt', icon: 'edit' },
  setApiKey: { label: 'Set API Key', icon: 'key' },
  openSettings: { label: 'Open Settings', icon: 'settings-gear' },
  showLog: { label: 'Show Log', icon: 'output' },
};
