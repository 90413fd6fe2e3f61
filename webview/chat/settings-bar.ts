/** The settings bar above the prompt: model, aspect ratio, size, thinking, tier and Google Search, as the model allows. */
import type { ChatSettings } from '../../src/core/conversation';
import { act } from './banner';
import { settingsRow } from './layout';
import { renderLimits } from './limits';
import { el } from '../shared/dom';
import { currentSettings, modelOf, normalizeSettings, persist, state } from './state';

export function renderSettings(): void {
  settingsRow.replaceChildren();
  const setup = state.setup;
  if (!setup) return;
  const settings = currentSettings();
  const model = modelOf(settings.model);
  const change = (changes: Partial<ChatSettings>) => {
    const next = normalizeSettings({ ...currentSettings(), ...changes });
    if (state.conversation) {
      state.conversation = { ...state.conversation, settings: next };
      void act({ type: 'updateSettings', conversationId: state.conversation.id, settings: next });
    } else {
      state.draftSettings = next;
      persist();
    }
    renderSettings();
    renderLimits();
  };
  settingsRow.appendChild(
    select('Model', setup.models.map((m) => [m.id, m.label]), settings.model, (value) => change({ model: value })),
  );
  settingsRow.appendChild(
    select('Aspect ratio', [['', 'Auto'], ...(model?.aspectRatios ?? setup.aspectRatios).map((r) => [r, r] as [string, string])], settings.aspectRatio ?? '', (value) =>
      change({ aspectRatio: (value || null) as ChatSettings['aspectRatio'] }),
    ),
  );
  if (model?.supportsImageSize) {
    settingsRow.appendChild(
      select('Size', (model.imageSizes.length ? model.imageSizes : setup.imageSizes).map((s) => [s, s]), settings.imageSize ?? '1K', (value) =>
        change({ imageSize: value as ChatSettings['imageSize'] }),
      ),
    );
  }
  if (model?.thinkingLevels.length) {
    settingsRow.appendChild(
      select('Thinking', [['', 'Thinking: default'], ...model.thinkingLevels.map((l) => [l, `Thinking: ${l}`] as [string, string])], settings.thinkingLevel ?? '', (value) =>
        change({ thinkingLevel: (value || null) as ChatSettings['thinkingLevel'] }),
      ),
    );
  }
  if (model?.flex) {
    settingsRow.appendChild(
      select('Service tier', [['standard', 'Standard'], ['flex', 'Flex: about ½ price, slower']], settings.serviceTier ?? 'standard', (value) =>
        change({ serviceTier: value as ChatSettings['serviceTier'] }),
      ),
    );
  }
  settingsRow.appendChild(transparentToggle());
  if (model?.supportsGrounding) {
    const label = el('label');
    label.className = 'toggle';
    const box = el('input');
    box.type = 'checkbox';
    box.checked = settings.grounding;
    box.addEventListener('change', () => change({ grounding: box.checked }));
    label.append(box, document.createTextNode(' Google Search'));
    label.title = 'Ground answers in Google Search results (sources are shown with the answer)';
    settingsRow.appendChild(label);
  }
}

/**
 * "Transparent background" for the turns sent while it is on: the image is made on white, edited onto
 * black and matted into a PNG with an alpha channel (two billed calls, as the estimate says).
 */
function transparentToggle(): HTMLElement {
  const label = el('label');
  label.className = 'toggle transparent-toggle';
  const box = el('input');
  box.type = 'checkbox';
  box.checked = state.transparent;
  box.setAttribute('aria-label', 'Transparent background: the image is made on white, then on black, and matted into a PNG with real transparency (two calls)');
  box.addEventListener('change', () => {
    state.transparent = box.checked;
    persist();
    renderLimits();
  });
  label.append(box, document.createTextNode(' Transparent'));
  label.title = 'Transparent background: made on white, then edited onto black, and matted into a PNG with an alpha channel (two calls per turn)';
  return label;
}

function select(label: string, options: Array<[string, string]>, value: string, onChange: (value: string) => void): HTMLElement {
  const wrapper = el('label');
  wrapper.className = 'setting';
  const caption = el('span', label);
  caption.className = 'visually-hidden';
  const control = el('select');
  control.title = label;
  for (const [id, text] of options) {
    const option = el('option', text);
    option.value = id;
    option.selected = id === value;
    control.appendChild(option);
  }
  control.addEventListener('change', () => onChange(control.value));
  wrapper.append(caption, control);
  return wrapper;
}
