// Small DOM helpers for a page that updates in place instead of rebuilding (see main.ts).

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export const icon = (name: string): HTMLElement => h('vscode-icon', { name });

/** Sets text only when it differs: an unchanged cell is not touched, so nothing repaints and a selection survives. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

const KEY = 'dashKey';

/**
 * Makes `parent`'s children the rows of `items`, in order, reusing the element of each key: new keys are created,
 * gone keys removed, existing ones updated in place and moved only when out of order.
 */
export function keyed<T>(parent: HTMLElement, items: readonly T[], keyOf: (item: T) => string, create: (item: T) => HTMLElement, update: (el: HTMLElement, item: T) => void): void {
  const existing = new Map<string, HTMLElement>();
  for (const child of [...parent.children] as HTMLElement[]) {
    const k = child.dataset[KEY];
    if (k !== undefined) existing.set(k, child);
  }
  const wanted = new Set<string>();
  let cursor: Element | null = parent.firstElementChild;
  for (const item of items) {
    const k = keyOf(item);
    if (wanted.has(k)) continue;
    wanted.add(k);
    let el = existing.get(k);
    if (!el) {
      el = create(item);
      el.dataset[KEY] = k;
    }
    update(el, item);
    if (el !== cursor) parent.insertBefore(el, cursor);
    else cursor = cursor.nextElementSibling;
  }
  for (const [k, el] of existing) if (!wanted.has(k)) el.remove();
}
