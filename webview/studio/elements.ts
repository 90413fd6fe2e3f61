/**
 * The form controls: `@vscode-elements/elements` components (only the ones used, registered here, in
 * this bundle only), each with a visible label tied to it so screen readers name it.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { el } from '../shared/dom';

/** A value-holding component (textfield, textarea, single-select). */
export type ValueElement = HTMLElement & { value: string; disabled: boolean };
export type CheckboxElement = HTMLElement & { checked: boolean; label: string };

/** A field: the label above its control. */
export function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  const wrapper = el('div');
  wrapper.className = 'field';
  const labelEl = document.createElement('vscode-label');
  labelEl.setAttribute('for', id);
  labelEl.textContent = label;
  control.id = id;
  control.setAttribute('aria-label', label);
  wrapper.append(labelEl, control);
  if (hint) {
    const note = el('div', hint);
    note.className = 'hint';
    wrapper.append(note);
  }
  return wrapper;
}

export function textField(value: string, onInput: (value: string) => void, options: { type?: string; placeholder?: string } = {}): ValueElement {
  const input = document.createElement('vscode-textfield') as ValueElement;
  if (options.type) input.setAttribute('type', options.type);
  if (options.placeholder) input.setAttribute('placeholder', options.placeholder);
  input.value = value;
  input.addEventListener('input', () => onInput(input.value));
  return input;
}

export function textArea(value: string, rows: number, onInput: (value: string) => void, placeholder = ''): ValueElement {
  const area = document.createElement('vscode-textarea') as ValueElement;
  area.setAttribute('rows', String(rows));
  area.setAttribute('resize', 'vertical');
  if (placeholder) area.setAttribute('placeholder', placeholder);
  area.value = value;
  area.addEventListener('input', () => onInput(area.value));
  return area;
}

export function select(options: ReadonlyArray<{ value: string; label: string }>, value: string, onChange: (value: string) => void): ValueElement {
  const dropdown = document.createElement('vscode-single-select') as ValueElement;
  for (const option of options) {
    const item = document.createElement('vscode-option') as HTMLElement & { value: string; selected: boolean };
    item.setAttribute('value', option.value);
    item.textContent = option.label;
    if (option.value === value) item.setAttribute('selected', '');
    dropdown.append(item);
  }
  dropdown.addEventListener('change', () => onChange(dropdown.value));
  return dropdown;
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): CheckboxElement {
  const box = document.createElement('vscode-checkbox') as CheckboxElement;
  box.label = label;
  box.checked = checked;
  box.addEventListener('change', () => onChange(box.checked));
  return box;
}

export function button(label: string, icon: string, onClick: () => void, secondary = false): HTMLElement & { disabled: boolean } {
  const b = document.createElement('vscode-button') as HTMLElement & { disabled: boolean };
  if (secondary) b.setAttribute('secondary', '');
  if (icon) b.setAttribute('icon', icon);
  b.textContent = label;
  b.addEventListener('click', () => {
    if (!b.disabled) onClick();
  });
  return b;
}
