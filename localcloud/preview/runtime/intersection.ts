/// <reference lib="dom" />
/**
 * `this.createIntersectionObserver()` in the preview, on the browser's own IntersectionObserver.
 * miniprogram-simulate's version measures against the browser window and re-measures only when the
 * component's own tree scrolls, so cards scrolled into the phone's page never report. Here the viewport
 * of `relativeToViewport` is the page's scroll area in the phone frame (the `<page>` holder, between the
 * navigation bar and the tab bar), `relativeTo(selector)` a node of the component, and the callback runs
 * as WeChat runs it: when `observe` runs and whenever a target's visible ratio crosses one of the
 * `thresholds` (from `initialRatio`, 0), with `{id, dataset, intersectionRatio, boundingClientRect,
 * intersectionRect, relativeRect, time}`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

interface Margins { left?: number; top?: number; right?: number; bottom?: number }
interface Options { observeAll?: boolean; thresholds?: number[]; initialRatio?: number }

const rectOf = (r: DOMRectReadOnly | null) => ({
  left: r?.left ?? 0, top: r?.top ?? 0, right: r?.right ?? 0, bottom: r?.bottom ?? 0, width: r?.width ?? 0, height: r?.height ?? 0,
});

class PreviewIntersectionObserver {
  private relative: { selector: string | null; margins: Margins } | null = null;
  private natives: IntersectionObserver[] = [];

  constructor(private readonly owner: any, private readonly options: Options) {}

  relativeToViewport(margins: Margins = {}): this {
    this.relative = { selector: null, margins };
    return this;
  }

  relativeTo(selector: string, margins: Margins = {}): this {
    this.relative = { selector, margins };
    return this;
  }

  observe(selector: string, callback: (res: Record<string, unknown>) => void): void {
    const shadow = this.owner._exparserNode?.shadowRoot;
    if (!shadow) return;
    const nodes: any[] = (this.options.observeAll ? shadow.querySelectorAll(selector) : [shadow.querySelector(selector)]).filter((n: any) => n?.$$);
    if (nodes.length === 0) return;
    const relative = this.relative ?? { selector: null, margins: {} };
    const root = relative.selector === null ? (nodes[0].$$ as Element).closest('page') : (shadow.querySelector(relative.selector)?.$$ as Element | undefined);
    if (root === undefined) return; // relativeTo a node that is not there: WeChat reports nothing either
    const m = relative.margins;
    const thresholds = this.options.thresholds?.length ? this.options.thresholds : [0];
    const nodeOf = new Map<Element, any>(nodes.map((n) => [n.$$ as Element, n]));
    const last = new Map<Element, number>();
    const native = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const ratio = entry.isIntersecting ? entry.intersectionRatio : 0;
        const before = last.get(entry.target) ?? this.options.initialRatio ?? 0;
        last.set(entry.target, ratio);
        if (ratio === before || !thresholds.some((t) => (ratio >= t && before < t) || (ratio < t && before >= t))) continue;
        const node = nodeOf.get(entry.target);
        callback({
          id: node?.id ?? '',
          dataset: { ...(node?.dataset ?? {}) },
          time: Date.now(),
          intersectionRatio: ratio,
          boundingClientRect: rectOf(entry.boundingClientRect),
          intersectionRect: rectOf(entry.intersectionRect),
          relativeRect: rectOf(entry.rootBounds),
        });
      }
    }, { root, rootMargin: `${m.top ?? 0}px ${m.right ?? 0}px ${m.bottom ?? 0}px ${m.left ?? 0}px`, threshold: thresholds });
    nodeOf.forEach((_, el) => native.observe(el));
    this.natives.push(native);
  }

  disconnect(): void {
    this.natives.forEach((n) => n.disconnect());
    this.natives = [];
  }
}

/** Gives a component instance (`this` of a page or component) the preview's `createIntersectionObserver`. */
export function installIntersectionObserver(instance: any): void {
  instance.createIntersectionObserver = (options: Options = {}) => new PreviewIntersectionObserver(instance, options);
}
