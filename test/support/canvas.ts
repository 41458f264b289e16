/**
 * A `<canvas type="2d">` for page tests: miniprogram-simulate has no canvas, and jsdom draws nothing. The
 * mounted page's `createSelectorQuery()...fields({ node: true })` answers a FakeCanvas per `<canvas>` node
 * (localcloud/preview/runtime/canvas-query.ts, shared with the preview), which records what is drawn:
 *
 *   const [canvas] = page.canvases.created;
 *   expect(canvas.texts()).toContain('团友ABCD');
 *   expect(canvas.images()).toEqual(['wxfile://tmp/code.png', ...]);
 *
 * Images load asynchronously (`onload` on the next turn) with the size `imageSize` says; a src listed in
 * `failing` calls `onerror` instead.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { answerCanvasNodes } from '../../localcloud/preview/runtime/canvas-query';

export interface DrawCall { op: string; args: unknown[] }

export class FakeImage {
  onload: (() => void) | null = null;
  onerror: ((err: unknown) => void) | null = null;
  width = 0;
  height = 0;
  private source = '';

  constructor(private readonly canvases: FakeCanvases) {}

  get src(): string {
    return this.source;
  }

  set src(value: string) {
    this.source = value;
    setTimeout(() => {
      if (this.canvases.failing.has(value)) {
        this.onerror?.({ errMsg: `image ${value} failed to load` });
        return;
      }
      [this.width, this.height] = this.canvases.imageSize(value);
      this.onload?.();
    }, 0);
  }
}

export class FakeCanvas {
  width = 300;
  height = 150;
  /** Every context call and property set, in order. */
  readonly calls: DrawCall[] = [];
  private fontPx = 10;

  constructor(private readonly canvases: FakeCanvases, readonly id: string) {}

  getContext(type: string): any {
    if (type !== '2d') throw new Error(`the test canvas is 2d only, asked for ${type}`);
    const record = (op: string, args: unknown[]) => this.calls.push({ op, args });
    const gradient = () => ({ addColorStop: (...args: unknown[]) => record('addColorStop', args) });
    return new Proxy({}, {
      get: (_t, key: string) => {
        if (key === 'measureText') return (text: string) => ({ width: Array.from(String(text)).length * this.fontPx });
        if (key === 'createLinearGradient' || key === 'createRadialGradient') return (...args: unknown[]) => (record(key, args), gradient());
        return (...args: unknown[]) => {
          record(key, args);
          return undefined;
        };
      },
      set: (_t, key: string, value: unknown) => {
        record(`set:${key}`, [value]);
        if (key === 'font') this.fontPx = Number(/(\d+)px/.exec(String(value))?.[1] ?? this.fontPx);
        return true;
      },
    });
  }

  createImage(): FakeImage {
    return new FakeImage(this.canvases);
  }

  /** The texts drawn with fillText, in order. */
  texts(): string[] {
    return this.calls.filter((c) => c.op === 'fillText').map((c) => String(c.args[0]));
  }

  /** The src of each image drawn, in order. */
  images(): string[] {
    return this.calls.filter((c) => c.op === 'drawImage').map((c) => (c.args[0] as FakeImage).src);
  }
}

/** The canvases of one mounted page or component. */
export class FakeCanvases {
  readonly created: FakeCanvas[] = [];
  readonly failing = new Set<string>();
  imageSize: (src: string) => [number, number] = () => [430, 430];
  private readonly byNode = new Map<unknown, FakeCanvas>();

  install(instance: any): void {
    answerCanvasNodes(instance, (node: any) => {
      let canvas = this.byNode.get(node);
      if (!canvas) {
        canvas = new FakeCanvas(this, node.id ?? '');
        this.byNode.set(node, canvas);
        this.created.push(canvas);
      }
      return canvas;
    });
  }
}
