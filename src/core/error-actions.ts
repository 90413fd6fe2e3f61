/**
 * The one table of next steps offered for a failure. Notifications (src/ui/errors.ts) and every webview
 * (the chat's error card; any later panel) read it, so a failure gets the same buttons everywhere.
 * vscode-free: webviews import the types, hosts compute the list and run the chosen action.
 */
import type { PictorErrorCode } from './errors';
import { modelInfo } from './models';

export const ERROR_ACTION_IDS = ['setApiKey', 'editPrompt', 'retry', 'useModel', 'openSettings', 'showLog'] as const;
export type ErrorActionId = (typeof ERROR_ACTION_IDS)[number];

/** What the table reads of a failure: a PictorError, or its stored / transported form. */
export interface ErrorFacts {
  code: PictorErrorCode | string;
  /** Setting the "Open Settings" action opens; without one the action is not offered. */
  setting?: string;
  /** False: trying the same again soon cannot help (no Retry). */
  retryable?: boolean;
  /** Model the "Use …" action switches to. */
  replacement?: string;
}

/** What the surface showing the failure can do there. */
export interface ActionSupport {
  /** The same request can be sent again. */
  retry: boolean;
  /** The flow can be reopened with the prompt filled in. */
  editPrompt: boolean;
}

/** One button: `id` travels in messages, `label` and `icon` (a codicon name) are shown. */
export interface ErrorActionView {
  id: ErrorActionId;
  label: string;
  icon: string;
}

/** Per code, the actions in the order shown: the likeliest fix first. */
const ACTIONS_BY_CODE: Record<PictorErrorCode, readonly ErrorActionId[]> = {
  missingKey: ['setApiKey', 'showLog'],
  invalidKey: ['setApiKey', 'retry', 'showLog'],
  quota: ['retry', 'useModel', 'openSettings', 'showLog'],
  // The service refused this prompt: sending it unchanged is not the fix, rewording is.
  blocked: ['editPrompt', 'retry', 'showLog'],
  noImage: ['editPrompt', 'retry', 'showLog'],
  // A replacement is known when the model was retired or renamed: switching is then the fix.
  badInput: ['useModel', 'editPrompt', 'openSettings', 'retry', 'showLog'],
  network: ['retry', 'openSettings', 'showLog'],
  server: ['retry', 'editPrompt', 'showLog'],
  cancelled: ['retry', 'editPrompt'],
};

const ICONS: Record<ErrorActionId, string> = {
  setApiKey: 'key',
  editPrompt: 'edit',
  retry: 'refresh',
  useModel: 'arrow-swap',
  openSettings: 'settings-gear',
  showLog: 'output',
};

/**
 * The buttons for a failure, most useful first. Retry needs `support.retry` and a failure that waiting
 * can fix; Edit Prompt needs `support.editPrompt`; Open Settings a setting; Use … a replacement model.
 */
export function errorActions(facts: ErrorFacts, support: ActionSupport): ErrorActionView[] {
  const ids = ACTIONS_BY_CODE[facts.code as PictorErrorCode] ?? ['retry', 'showLog'];
  return ids
    .filter((id) => {
      switch (id) {
        case 'retry':
          return support.retry && facts.retryable !== false;
        case 'editPrompt':
          // A refusal caused by a setting (model, base URL) is not fixed by rewording the prompt.
          return support.editPrompt && !(facts.code === 'badInput' && facts.setting);
        case 'openSettings':
          return !!facts.setting;
        case 'useModel':
          return !!facts.replacement;
        default:
          return true;
      }
    })
    .map((id) => ({ id, label: actionLabel(id, facts), icon: ICONS[id] }));
}

function actionLabel(id: ErrorActionId, facts: ErrorFacts): string {
  switch (id) {
    case 'setApiKey':
      return 'Set API Key';
    case 'editPrompt':
      return 'Edit Prompt';
    case 'retry':
      return 'Retry';
    case 'useModel':
      return `Use ${modelInfo(facts.replacement ?? '').label.replace(/ \(.*\)$/, '')}`;
    case 'openSettings':
      return 'Open Settings';
    case 'showLog':
      return 'Show Log';
  }
}
