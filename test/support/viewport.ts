/**
 * A viewport the test lays out, standing in for WeChat's IntersectionObserver in page tests.
 * miniprogram-simulate's own observer measures `getBoundingClientRect()`, which jsdom answers with zeros
 * (and it needs `requestAnimationFrame`, which jsdom lacks): nothing is ever on screen. This double
 * answers `this.createIntersectionObserver()` of a mounted page instead, and calls back as WeChat does:
 * when `observe` runs and after each layout the test sets, for every observed node whose visible ratio
 * crossed one of the observer's thresholds since the last report (starting from `initialRatio`, 0).
 *
 *   const page = await mountPage('pages/home/home');
 *   await page.viewport.show((t) => t.index < 4);          // the first four cards on screen
 *   await page.viewport.lay((t) => (t.index === 4 ? 0.3 : 0)); // scrolled: the fifth a third in
 *
 * Only `relativeToViewport` is implemented (`relativeTo(selector)` throws): what the test lays out is the
 * viewport. Everything is off screen until the test says otherwise.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

// WeChat's shapes (miniprogram-api-typings' `WechatMiniprogram.*`), kept here: test/support is also
// compiled without the mini-program's global types.
interface Margins { left?: number; top?: number; right?: number; bottom?: number }
interface ObserverOptions { observeAll?: boolean; thresholds?: number[]; initialRatio?: number }
interface Rect { left: number; top: number; right: number; bottom: number; width: number; height: number }
interface ObserveResult { id: string; dataset: Record<string, any>; intersectionRatio: number; time: number; boundingClientRect: Rect; intersectionRect: Rect; relativeRect: Rect }
type ObserveCallback = (result: ObserveResult) => void;

/** An observed node as the layout function sees it. */
export interface ViewportTarget {
  readonly id: string;
  readonly dataset: Record<string, any>;
  /** Its index among the nodes its `observe` selector matched. */
  readonly index: number;
  readonly selector: string;
}

/** The visible share of a target, 0..1. */
export type Layout = (target: ViewportTarget) => number;

interface Watched {
  node: any;
  target: ViewportTarget;
  ratio: number;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

class FakeIntersectionObserver {
  private relative: { margins: Margins } | null = null;
  private watched: { items: Watched[]; callback: ObserveCallback }[] = [];
  disconnected = false;

  constructor(private readonly viewport: FakeViewport, private readonly root: any, readonly options: ObserverOptions) {}

  relativeToViewport(margins: Margins = {}): this {
    this.relative = { margins };
    return this;
  }

  relativeTo(selector: string): this {
    throw new Error(`the test viewport supports relativeToViewport only (relativeTo(${selector}) was called)`);
  }

  observe(selector: string, callback: ObserveCallback): void {
    if (!this.relative) throw new Error(`observe(${selector}) before relativeToViewport(): WeChat has nothing to measure against`);
    const shadow = this.root._exparserNode.shadowRoot;
    const nodes: any[] = this.options.observeAll ? shadow.querySelectorAll(selector) : [shadow.querySelector(selector)].filter(Boolean);
    const items = nodes.map((node, index) => ({
      node,
      target: { id: node.id ?? '', dataset: { ...(node.dataset ?? {}) }, index, selector },
      ratio: this.options.initialRatio ?? 0,
    }));
    const entry = { items, callback };
    this.watched.push(entry);
    this.viewport.observed += items.length;
    // WeChat measures asynchronously, after observe returns.
    setTimeout(() => this.measure(entry), 0);
  }

  disconnect(): void {
    this.disconnected = true;
    this.watched = [];
  }

  /** Reports the targets whose ratio crossed a threshold under the current layout. */
  remeasure(): void {
    this.watched.forEach((entry) => this.measure(entry));
  }

  private measure(entry: FakeIntersectionObserver['watched'][number]): void {
    if (this.disconnected || !this.watched.includes(entry)) return;
    const thresholds = this.options.thresholds ?? [0];
    for (const item of entry.items) {
      const ratio = Math.max(0, Math.min(1, this.viewport.ratioOf(item.target)));
      const last = item.ratio;
      if (ratio === last) continue;
      const crossed = thresholds.some((t: number) => (ratio >= t && last < t) || (ratio < t && last >= t));
      item.ratio = ratio;
      if (crossed) {
        this.viewport.reports += 1;
        const rect = { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 };
        entry.callback({ id: item.target.id, dataset: item.target.dataset, intersectionRatio: ratio, time: Date.now(), boundingClientRect: rect, intersectionRect: rect, relativeRect: rect });
      }
    }
  }
}

/** The viewport of one mounted page. */
export class FakeViewport {
  private layout: Layout = () => 0;
  private readonly observers: FakeIntersectionObserver[] = [];
  /** Targets observed so far (all observers, disconnected ones included). */
  observed = 0;
  /** Callbacks made so far. */
  reports = 0;

  /** Makes `instance.createIntersectionObserver` answer observers of this viewport. */
  install(instance: any): void {
    instance.createIntersectionObserver = (options: ObserverOptions = {}) => {
      const observer = new FakeIntersectionObserver(this, instance, options);
      this.observers.push(observer);
      return observer;
    };
  }

  /** Observers created and not disconnected. */
  get live(): number {
    return this.observers.filter((o) => !o.disconnected).length;
  }

  ratioOf(target: ViewportTarget): number {
    return this.layout(target);
  }

  /** Lays the viewport out (each observed node's visible share), reports the crossings, then lets the page react. */
  async lay(layout: Layout): Promise<void> {
    this.layout = layout;
    this.observers.forEach((o) => o.remeasure());
    for (let i = 0; i < 10; i += 1) await flush();
  }

  /** Puts wholly on screen the targets `onScreen` picks, the rest off it. */
  show(onScreen: (target: ViewportTarget) => boolean): Promise<void> {
    return this.lay((t) => (onScreen(t) ? 1 : 0));
  }
}
