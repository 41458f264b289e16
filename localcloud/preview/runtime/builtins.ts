/// <reference lib="dom" />
/**
 * The built-in tags a page uses, on top of miniprogram-simulate's placeholders (each registers as a
 * bare `<slot/>`): images draw their `src` with their `mode`, inputs are real inputs, scroll-views
 * scroll, swipers slide, buttons with an `open-type` answer as WeChat would, live-player shows a
 * placeholder, `<canvas type="2d">` is a browser canvas whose node {@link canvasNodeOf} answers. Each keeps simulate's tag (`wx-image`, ...) so the base styles in shell.css apply.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */

const jComponent = require('j-component') as { register(definition: Record<string, unknown>): string };

/** Files the simulated chooser picked, by the temporary path it answered (`http://tmp/...`), as object URLs. */
export const tempFiles = new Map<string, { blob: Blob; url: string }>();

/**
 * What an `<image src>` shows in the browser. `cloud://<env>.<bucket>/<cloudPath>` (WeChat's <image> takes
 * fileIDs directly) is the local cloud's stored file; a chooser's temporary path is the picked file; an
 * external image goes through the local cloud, which answers a placeholder (this machine is offline).
 */
export function imageUrl(src: string): string {
  if (!src) return '';
  const cloud = /^cloud:\/\/[^/]+\/(.+)$/.exec(src);
  if (cloud) return `/_local/storage/files/${cloud[1].split('/').map((s) => encodeURIComponent(safeDecode(s))).join('/')}`;
  const picked = tempFiles.get(src);
  if (picked) return picked.url;
  if (/^https?:\/\//.test(src)) return `/preview/img?src=${encodeURIComponent(src)}`;
  if (src.startsWith('/') && !src.startsWith('/preview/')) return `/preview/files${src}`;
  return src;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

interface Hooks {
  onPhoneNumber(): string;
  navigate(openType: string, url: string, delta: number): void;
  share(): void;
  still: boolean;
}

/**
 * WeChat's Canvas object (type="2d") for a `<canvas>` node: the browser canvas itself, with `createImage()`
 * (whose `src` takes what `<image>` takes: fileIDs, temporary paths) and `requestAnimationFrame`. Null for
 * a node that is no canvas.
 */
export function canvasNodeOf(exparserNode: any): unknown {
  const host = exparserNode?.$$ as HTMLElement | undefined;
  const canvas = host?.querySelector(':scope > canvas.pv-canvas') as (HTMLCanvasElement & Record<string, unknown>) | null;
  if (!canvas) return null;
  if (!canvas.createImage) {
    canvas.createImage = () => {
      const img = new Image();
      const set = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src')!;
      Object.defineProperty(img, 'src', { get: () => set.get!.call(img), set: (v: string) => set.set!.call(img, imageUrl(v)) });
      return img;
    };
    canvas.requestAnimationFrame = (cb: FrameRequestCallback) => requestAnimationFrame(cb);
    canvas.cancelAnimationFrame = (id: number) => cancelAnimationFrame(id);
  }
  return canvas;
}

function define(name: string, definition: Record<string, any>): void {
  jComponent.register({ id: name, tagName: `wx-${name}`, template: '<slot/>', ...definition, options: { classPrefix: 'c', ...(definition.options ?? {}) } });
}

function hostOf(self: any): HTMLElement {
  return self.$$ as HTMLElement;
}

export function registerBuiltins(hooks: Hooks): void {
  define('image', {
    properties: { src: { type: String, value: '' }, mode: { type: String, value: 'scaleToFill' }, lazyLoad: Boolean, webp: Boolean, showMenuByLongpress: Boolean },
    observers: {
      'src, mode'(this: any) {
        this.__paint();
      },
    },
    lifetimes: {
      attached(this: any) {
        this.__paint();
      },
    },
    methods: {
      __paint(this: any) {
        const el = hostOf(this);
        if (!el) return;
        const { src, mode } = this.data;
        const url = imageUrl(src);
        el.setAttribute('data-mode', mode || 'scaleToFill');
        el.style.backgroundImage = url ? `url("${url}")` : '';
        if (!url || this.__painted === url) return;
        this.__painted = url;
        // widthFix / heightFix take the picture's own proportions: an <img> child lays them out.
        let img = el.querySelector(':scope > img.pv-img') as HTMLImageElement | null;
        if (!img) {
          img = document.createElement('img');
          img.className = 'pv-img';
          img.alt = '';
          el.appendChild(img);
        }
        const loaded = img;
        loaded.onload = () => this.triggerEvent('load', { width: loaded.naturalWidth, height: loaded.naturalHeight });
        loaded.onerror = () => this.triggerEvent('error', { errMsg: `GET ${src} failed` });
        loaded.src = url;
      },
    },
  });

  const field = (tag: 'input' | 'textarea') =>
    define(tag, {
      properties: {
        value: { type: String, value: '' },
        type: { type: String, value: 'text' },
        password: Boolean,
        placeholder: { type: String, value: '' },
        disabled: Boolean,
        maxlength: { type: Number, value: 140 },
        focus: Boolean,
        confirmType: { type: String, value: 'done' },
      },
      observers: {
        'value, type, password, placeholder, disabled, maxlength, focus'(this: any) {
          this.__sync();
        },
      },
      lifetimes: {
        attached(this: any) {
          const el = document.createElement(tag);
          this.__field = el;
          el.addEventListener('input', () => this.triggerEvent('input', { value: el.value, cursor: el.selectionStart ?? el.value.length, keyCode: 0 }));
          el.addEventListener('focus', () => this.triggerEvent('focus', { value: el.value, height: 0 }));
          el.addEventListener('blur', () => this.triggerEvent('blur', { value: el.value }));
          el.addEventListener('keydown', (e: Event) => {
            if ((e as KeyboardEvent).key === 'Enter' && tag === 'input') this.triggerEvent('confirm', { value: el.value });
          });
          hostOf(this).appendChild(el);
          this.__sync();
        },
      },
      methods: {
        __sync(this: any) {
          const el = this.__field as HTMLInputElement | undefined;
          if (!el) return;
          const { value, type, password, placeholder, disabled, maxlength, focus } = this.data;
          if (el.value !== String(value ?? '')) el.value = String(value ?? '');
          if (el instanceof HTMLInputElement) el.type = password ? 'password' : type === 'number' || type === 'digit' ? 'text' : 'text';
          if (type === 'number' || type === 'digit' || type === 'idcard') el.setAttribute('inputmode', type === 'digit' ? 'decimal' : 'numeric');
          el.placeholder = placeholder ?? '';
          el.disabled = !!disabled;
          if (maxlength > 0) el.maxLength = maxlength;
          else el.removeAttribute('maxlength');
          if (focus) setTimeout(() => el.focus(), 0);
        },
      },
    });
  field('input');
  field('textarea');

  define('button', {
    properties: { type: { type: String, value: 'default' }, size: { type: String, value: 'default' }, plain: Boolean, disabled: Boolean, loading: Boolean, openType: { type: String, value: '' }, formType: { type: String, value: '' } },
    observers: {
      'type, size, plain, disabled'(this: any, type: string, size: string, plain: boolean, disabled: boolean) {
        const el = hostOf(this);
        if (!el) return;
        el.setAttribute('data-type', type);
        el.setAttribute('data-size', size);
        el.toggleAttribute('data-plain', !!plain);
        el.toggleAttribute('data-disabled', !!disabled);
      },
    },
    lifetimes: {
      attached(this: any) {
        hostOf(this).addEventListener('click', () => {
          if (this.data.disabled) return;
          const openType = this.data.openType as string;
          if (openType === 'getPhoneNumber' || openType === 'getRealtimePhoneNumber') {
            this.triggerEvent(openType.toLowerCase(), { errMsg: `${openType}:ok`, code: hooks.onPhoneNumber() });
          } else if (openType === 'chooseAvatar') {
            this.triggerEvent('chooseavatar', { avatarUrl: '/preview/img?src=avatar' });
          } else if (openType === 'share') hooks.share();
        });
      },
    },
  });

  define('scroll-view', {
    properties: { scrollX: Boolean, scrollY: Boolean, scrollTop: { type: null, value: '' }, scrollLeft: { type: null, value: '' }, scrollIntoView: { type: String, value: '' }, lowerThreshold: { type: Number, value: 50 }, upperThreshold: { type: Number, value: 50 }, scrollWithAnimation: Boolean, enhanced: Boolean, showScrollbar: { type: Boolean, value: true } },
    observers: {
      'scrollX, scrollY'(this: any, x: boolean, y: boolean) {
        const el = hostOf(this);
        el?.toggleAttribute('data-scroll-x', !!x);
        el?.toggleAttribute('data-scroll-y', !!y);
      },
      scrollTop(this: any, top: unknown) {
        if (top !== '' && top !== null && hostOf(this)) hostOf(this).scrollTop = Number(top);
      },
      scrollLeft(this: any, left: unknown) {
        if (left !== '' && left !== null && hostOf(this)) hostOf(this).scrollLeft = Number(left);
      },
      scrollIntoView(this: any, id: string) {
        if (id) hostOf(this)?.querySelector(`#${CSS.escape(id)}`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      },
    },
    lifetimes: {
      attached(this: any) {
        const el = hostOf(this);
        let lower = false;
        el.addEventListener('scroll', () => {
          this.triggerEvent('scroll', { scrollTop: el.scrollTop, scrollLeft: el.scrollLeft, scrollHeight: el.scrollHeight, scrollWidth: el.scrollWidth, deltaX: 0, deltaY: 0 });
          const near = this.data.scrollX ? el.scrollWidth - el.scrollLeft - el.clientWidth < this.data.lowerThreshold : el.scrollHeight - el.scrollTop - el.clientHeight < this.data.lowerThreshold;
          if (near && !lower) this.triggerEvent('scrolltolower', { direction: this.data.scrollX ? 'right' : 'bottom' });
          lower = near;
        });
      },
    },
  });

  define('swiper', {
    properties: { current: { type: Number, value: 0 }, autoplay: Boolean, interval: { type: Number, value: 5000 }, duration: { type: Number, value: 500 }, circular: Boolean, vertical: Boolean, indicatorDots: Boolean, displayMultipleItems: { type: Number, value: 1 }, previousMargin: String, nextMargin: String },
    observers: {
      current(this: any, current: number) {
        this.__show(current, null);
      },
      'autoplay, interval'(this: any) {
        this.__timer();
      },
    },
    lifetimes: {
      attached(this: any) {
        this.__show(this.data.current, null);
        this.__timer();
      },
      detached(this: any) {
        clearInterval(this.__autoplay);
      },
    },
    methods: {
      __count(this: any): number {
        return Array.from(hostOf(this)?.children ?? []).filter((c) => c.tagName.toLowerCase() === 'wx-swiper-item').length;
      },
      __show(this: any, index: number, source: string | null) {
        const el = hostOf(this);
        if (!el) return;
        this.__index = index;
        el.style.setProperty('--pv-current', String(index));
        el.toggleAttribute('data-vertical', !!this.data.vertical);
        if (source) this.triggerEvent('change', { current: index, currentItemId: '', source });
      },
      __timer(this: any) {
        clearInterval(this.__autoplay);
        if (!this.data.autoplay || hooks.still) return;
        this.__autoplay = setInterval(() => {
          const n = this.__count();
          if (n > 1) this.__show(((this.__index ?? 0) + 1) % n, 'autoplay');
        }, Math.max(1000, this.data.interval));
      },
    },
  });

  define('navigator', {
    properties: { url: { type: String, value: '' }, openType: { type: String, value: 'navigate' }, delta: { type: Number, value: 1 } },
    lifetimes: {
      attached(this: any) {
        hostOf(this).addEventListener('click', () => hooks.navigate(this.data.openType, this.data.url, this.data.delta));
      },
    },
  });

  define('live-player', {
    properties: { src: { type: String, value: '' }, mode: { type: String, value: 'live' }, autoplay: Boolean, muted: Boolean, objectFit: { type: String, value: 'contain' } },
    observers: {
      src(this: any, src: string) {
        hostOf(this)?.setAttribute('data-src', src || '');
      },
    },
  });

  define('canvas', {
    properties: { type: { type: String, value: '' }, canvasId: { type: String, value: '' }, disableScroll: Boolean },
    lifetimes: {
      attached(this: any) {
        const canvas = document.createElement('canvas');
        canvas.className = 'pv-canvas';
        canvas.style.cssText = 'display:block;width:100%;height:100%';
        hostOf(this).appendChild(canvas);
      },
    },
  });

  define('rich-text', {
    properties: { nodes: { type: null, value: '' } },
    observers: {
      nodes(this: any, nodes: unknown) {
        const el = hostOf(this);
        if (el) el.textContent = typeof nodes === 'string' ? nodes.replace(/<[^>]*>/g, '') : '';
      },
    },
  });
}
