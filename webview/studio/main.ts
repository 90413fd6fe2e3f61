/**
 * The Studio's webview (the bundle's entry). It renders what the host sends and asks the host for
 * everything else; model and file text only ever goes into textContent.
 */
import type { ToWebview } from '../../src/views/studio/protocol';
import { showBanner } from './banner';
import { addReferences, renderForm, renderModelOptions, wireReferenceInput } from './form';
import { galleryChanged, showGallery } from './gallery';
import { sayReady, settle } from './host';
import { tabs } from './layout';
import { renderResults, variantFailed, variantSaved } from './results';
import { formFor, persist, state } from './state';

function onMessage(message: ToWebview): void {
  switch (message.type) {
    case 'setup': {
      state.setup = message.setup;
      const base = state.form && message.setup.presets.some((p) => p.id === state.form!.preset) ? state.form : null;
      const preselect = message.preselect;
      if (preselect?.preset && preselect.preset !== base?.preset) state.form = { ...formFor(message.setup, preselect.preset, { ...base, ...preselect }), ...preselect };
      else state.form = { ...(base ?? formFor(message.setup, 'blank')), ...preselect };
      persist();
      renderForm();
      return;
    }
    case 'presets':
      if (state.setup) state.setup = { ...state.setup, presets: message.presets };
      renderForm();
      return;
    case 'models':
      if (state.setup) state.setup = { ...state.setup, models: message.models };
      renderModelOptions();
      return;
    case 'references':
      addReferences(message.references);
      return;
    case 'variant':
      variantSaved(message.runId, message.index, message.result, message.grounding);
      return;
    case 'variantFailed':
      variantFailed(message.runId, message.index, message.error);
      return;
    case 'galleryChanged':
      galleryChanged();
      return;
    case 'reply':
      settle(message);
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  try {
    onMessage(event.data);
  } catch (error) {
    showBanner(`The Studio could not show an update: ${String(error)}`);
  }
});

tabs.addEventListener('vsc-tabs-select', () => {
  state.tab = tabs.selectedIndex === 1 ? 'gallery' : 'design';
  persist();
  if (state.tab === 'gallery') showGallery();
});
if (state.tab === 'gallery') {
  tabs.selectedIndex = 1;
  showGallery();
}
wireReferenceInput();
renderResults();
sayReady({});
