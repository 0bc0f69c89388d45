/**
 * A few DOM helpers. Event data only ever reaches the page as text nodes or attribute
 * values (never innerHTML), so a stored event cannot inject markup or script.
 */

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined>;

/** An element with attributes (`false`/`undefined` left out, `true` as an empty attribute) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, ...children);
  return element;
}

/** An SVG element (charts). */
export function svg(tag: string, attributes: Attributes = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttributes(element, attributes);
  append(element, ...children);
  return element;
}

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

/** Appends children; strings and numbers become text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children at once. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  const fragment = document.createDocumentFragment();
  append(fragment, ...children);
  parent.replaceChildren(fragment);
}

/** A labelled text input. */
export function field(label: string, name: string, value: string, attributes: Attributes = {}): HTMLLabelElement {
  return h('label', {}, label, h('input', { name, value, autocomplete: 'off', ...attributes }));
}

/** A labelled select; the first option is "any" (empty value). */
export function choice(label: string, name: string, options: readonly string[], value: string, anyLabel = 'any'): HTMLLabelElement {
  const select = h('select', { name });
  append(select, h('option', { value: '' }, anyLabel), ...options.map((o) => h('option', { value: o, selected: o === value }, o)));
  return h('label', {}, label, select);
}

/** The non-empty values of a form, as strings. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

/** An error box with a message for people (the ApiError's text, or a generic line). */
export function errorBox(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : 'something went wrong';
  return h('p', { class: 'error', role: 'alert' }, message);
}

/** Offers `content` as a file download (no navigation, nothing inline). */
export function download(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
