/**
 * Page and component tests on miniprogram-simulate, with the real TDesign components and the real
 * mobx stores, against a backend the test chooses.
 *
 * A test file using it must start with the docblock `/** @jest-environment jsdom *\/` (simulate
 * renders into a DOM). Then:
 *
 *   const backend = fakeBackend({ 'catalog.list': () => ({ items: [aCard()], nextCursor: null }) });
 *   useBackend(backend);
 *   const page = await mountPage('pages/home/home');
 *   expect(page.$$('.tm-product-card')).toHaveLength(1);
 *
 * How it works. A per-file mirror of `miniprogram/` is built under `.tmp/`: the `.json` files with
 * npm-style `usingComponents` (`tdesign-miniprogram/button/button`) rewritten to `/miniprogram_npm/...`
 * and app.json's global `usingComponents` merged into every page and component (as WeChat does), the
 * `.wxml`/`.wxs` files, and `miniprogram_npm/` packed from node_modules by scripts/pack-npm.js. The
 * official wcc compiler compiles the mirror's templates. Scripts are not copied: each page or
 * component script is required from its `.ts` source through jest (swc), so a test that imports
 * `miniprogram/stores/cart` sees the very store the page binds. `Component()` options are recorded on
 * first load and replayed afterwards, so one path can be mounted any number of times in a file.
 * Styles (`.less`) are not compiled: tests assert on structure and class names, not looks.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ApiName, ErrorCode, Req, Res } from '../../typings/api';
// The mirror, the option cloning and the class prefix are shared with the browser preview.
import { buildMirror } from '../../localcloud/preview/mirror';
import { cloneOptions, wire } from '../../localcloud/preview/runtime/component-options';
import { CLASS_PREFIX, prefixSelector } from '../../localcloud/preview/selectors';
import { FakeViewport } from './viewport';
import { FakeCanvases } from './canvas';

export { prefixSelector };

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */

const REPO = path.resolve(__dirname, '..', '..');
const SOURCE = path.join(REPO, 'miniprogram');
const g = globalThis as any;

if (typeof g.window === 'undefined' || typeof g.document === 'undefined') {
  throw new Error('test/support/simulate needs a DOM: put `/** @jest-environment jsdom */` at the top of the test file');
}

// ---------------------------------------------------------------------------------------------
// Minimal shapes of what simulate and the DOM hand back (the root tsconfig has no DOM lib).

/** A DOM element as rendered by simulate (composed tree: TDesign internals included). */
export interface DomElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly className: string;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
}

/** j-component's wrapper of a rendered component (see miniprogram-simulate's docs). */
export interface SimComponent {
  readonly dom: DomElement;
  readonly data: Record<string, any>;
  readonly instance: any;
  querySelector(selector: string): SimComponent | undefined;
  querySelectorAll(selector: string): SimComponent[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
  setData(data: Record<string, unknown>): void;
  triggerLifeTime(name: string, ...args: unknown[]): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
  attach(parent: unknown): void;
  detach(): void;
}

interface Simulate {
  load(componentPath: string, tagName: string, options: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): SimComponent | undefined;
}

// simulate must load before mobx-miniprogram-bindings, which calls the global Behavior() on import.
const simulate: Simulate = require('miniprogram-simulate');
const simulateUtils: { runJs: (file: string) => void } = require('miniprogram-simulate/src/utils');
const exparser: any = require('miniprogram-exparser');

// ---------------------------------------------------------------------------------------------
// The backend seam.

/**
 * What `wx.cloud.callFunction({ name, data })` reaches: `name` is the cloud function, `data` the event
 * (`{ action, ...req }`). Return what the function's `main` returns (the envelope); throw (or reject)
 * to simulate a platform failure.
 */
export type Backend = (name: string, data: Record<string, unknown>) => unknown;

let backend: Backend = (name, data) => {
  throw new Error(`no backend for ${name}.${String(data.action)}: call useBackend() first`);
};

/** Routes every `wx.cloud.callFunction` of the mini-program to `fn` until the next `useBackend`. */
export function useBackend(fn: Backend): void {
  backend = fn;
}

/** A typed handler of one action: return the response data, or `fail(code)` for an error envelope. */
export type FakeHandler<K extends ApiName> = (req: Req<K>) => Res<K> | Promise<Res<K>>;
export type FakeHandlers = { [K in ApiName]?: FakeHandler<K> };

export interface FakeBackend extends Backend {
  /** Every call received, oldest first, as `function.action` and its request. */
  readonly calls: { name: ApiName; req: Record<string, unknown> }[];
  /** The requests received for one action. */
  callsOf<K extends ApiName>(name: K): Req<K>[];
  /** Replaces or adds handlers. */
  on(handlers: FakeHandlers): void;
}

class FakeFailure extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }
}

/** Makes a fake handler answer `{ ok: false, error: { code, message } }`. */
export function fail(code: ErrorCode, message: string = code): never {
  throw new FakeFailure(code, message);
}

/**
 * What runs behind every page whatever it shows: the event tracker's batches and the experiment
 * assignments. A test about them passes its own handlers (or failures) for these actions.
 */
const BACKGROUND: FakeHandlers = {
  'analytics.track': (req) => ({ accepted: req.events.length }),
  'analytics.assign': () => ({ variant: 'a' }),
};

/**
 * A backend from typed handlers keyed by `function.action`. Each answer is wrapped in the contract's
 * envelope. An action without a handler is a platform failure (the client sees `INTERNAL`), and the
 * test should notice it in `calls`.
 */
export function fakeBackend(handlers: FakeHandlers = {}): FakeBackend {
  const table: FakeHandlers = { ...BACKGROUND, ...handlers };
  const calls: { name: ApiName; req: Record<string, unknown> }[] = [];
  const fn = async (fnName: string, data: Record<string, unknown>) => {
    const { action, ...req } = data;
    const name = `${fnName}.${String(action)}` as ApiName;
    calls.push({ name, req });
    const handler = table[name] as ((req: unknown) => unknown) | undefined;
    if (!handler) throw new Error(`fake backend: no handler for ${name}`);
    try {
      return { ok: true, data: await handler(req) };
    } catch (err) {
      if (err instanceof FakeFailure) return { ok: false, error: { code: err.code, message: err.message } };
      throw err;
    }
  };
  return Object.assign(fn, {
    calls,
    callsOf: <K extends ApiName>(name: K) => calls.filter((c) => c.name === name).map((c) => c.req as Req<K>),
    on: (more: FakeHandlers) => Object.assign(table, more),
  });
}

// ---------------------------------------------------------------------------------------------
// Globals simulate lacks.

let app: any = { globalData: {} };
const pageStack: SimComponent[] = [];

g.App = (options: any) => {
  app = options;
};
g.getApp = () => app;
g.getCurrentPages = () => pageStack.map((page) => page.instance);

g.wx.cloud = {
  DYNAMIC_CURRENT_ENV: 'local',
  init() {},
  callFunction(params: { name: string; data?: Record<string, unknown>; success?: Function; fail?: Function; complete?: Function }) {
    const promise = Promise.resolve()
      .then(() => backend(params.name, wire(params.data ?? {})))
      .then(
        (result) => ({ result: wire(result), errMsg: 'cloud.callFunction:ok', requestID: 'local' }),
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          throw Object.assign(new Error(`cloud.callFunction:fail ${message}`), { errCode: -1, errMsg: `cloud.callFunction:fail ${message}` });
        },
      );
    promise.then((res) => params.success?.(res), (err) => params.fail?.(err)).finally(() => params.complete?.());
    return promise;
  },
};

/**
 * Lets promises, `wx.nextTick` (where mobx bindings batch their `setData`) and timers of 0 ms run:
 * await it after anything that changes a store.
 */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

// ---------------------------------------------------------------------------------------------
// The mirror and the script loader.

let mirror: string | null = null;

function ensureMirror(): string {
  if (mirror) return mirror;
  fs.mkdirSync(path.join(REPO, '.tmp'), { recursive: true });
  mirror = buildMirror(REPO, fs.mkdtempSync(path.join(REPO, '.tmp', 'simulate-')));
  return mirror;
}

afterAll(() => {
  pageStack.splice(0).forEach((page) => page.detach());
  if (mirror) fs.rmSync(mirror, { recursive: true, force: true });
});

/** The module a mirrored component path runs: app scripts from their source, npm ones from the mirror. */
function scriptOf(file: string): string {
  const root = ensureMirror();
  const relative = path.relative(root, file);
  if (relative.startsWith('miniprogram_npm') || relative.startsWith('..')) return file;
  for (const ext of ['.ts', '.js']) {
    const candidate = path.join(SOURCE, relative + ext);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`no script for component ${relative} in miniprogram/`);
}

const simulateRegister: (options: any) => unknown = g.Component;

// One fixed class prefix for every component (see localcloud/preview/selectors.ts).
function simulateComponent(options: any): unknown {
  return simulateRegister({ ...options, options: { ...(options.options ?? {}), classPrefix: CLASS_PREFIX } });
}

/** The class names of a rendered element, without the test prefix. */
export function classesOf(element: DomElement): string[] {
  const prefix = `${CLASS_PREFIX}--`;
  return element.className.split(/\s+/).filter(Boolean).map((c) => (c.startsWith(prefix) ? c.slice(prefix.length) : c));
}
const recorded = new Map<string, any>();

// Jest caches modules, so simulate's `require(path)` runs a script only once per file; record its
// Component() options the first time and register them again on every later load.
simulateUtils.runJs = (file: string) => {
  const script = scriptOf(file);
  const known = recorded.get(script);
  if (known) {
    simulateComponent(cloneOptions(known));
    return;
  }
  let captured: any;
  g.Component = (options: any) => {
    captured = cloneOptions(options);
    return simulateComponent(options);
  };
  try {
    require(script);
  } finally {
    g.Component = simulateRegister;
  }
  if (!captured) {
    throw new Error(`${path.relative(REPO, script)} did not call Component() when loaded (was it imported before being mounted?)`);
  }
  recorded.set(script, captured);
};

// ---------------------------------------------------------------------------------------------
// Mounting.

export interface Mounted {
  readonly component: SimComponent;
  /** The page's or component's `this`. */
  readonly instance: any;
  readonly data: Record<string, any>;
  readonly dom: DomElement;
  /**
   * First element of the rendered tree (TDesign internals included) matching a CSS selector, with
   * class names as written in the code (see `prefixSelector`).
   */
  $(selector: string): DomElement | null;
  $$(selector: string): DomElement[];
  /** The rendered text, whitespace collapsed. */
  text(selector?: string): string;
  /** Taps an element (`bindtap`/`catchtap` of it and its ancestors run, as on a device), then flushes. */
  tap(target: string | DomElement): Promise<void>;
  /** Fires a custom event on an element (e.g. a TDesign component's `change`), then flushes. */
  trigger(target: string | DomElement, event: string, detail?: unknown): Promise<void>;
  /** Calls the page's `onReachBottom`, then flushes. */
  reachBottom(): Promise<void>;
  /** Calls the page's `onShow` (a tab becoming visible again), then flushes. */
  show(): Promise<void>;
  /**
   * What is on screen, for the page's `createIntersectionObserver` (see test/support/viewport.ts):
   * nothing until the test lays it out.
   */
  readonly viewport: FakeViewport;
  /** The `<canvas type="2d">` nodes the page asked for, recording what was drawn (test/support/canvas.ts). */
  readonly canvases: FakeCanvases;
  unmount(): void;
}

/** Receives the payload of one `setData` call of a mounted page or component, and the path it was mounted from. */
export type SetDataListener = (data: Record<string, unknown>, mountedPath: string) => void;

const setDataListeners = new Set<SetDataListener>();

/**
 * Opt-in (for benchmarks): calls `listener` with every `setData` payload of the pages and components
 * mounted while it is subscribed, before the data is applied. The store bindings' calls are included:
 * they go through the instance's `setData`. TDesign children's own `setData` calls are not. Returns
 * the unsubscribe.
 */
export function onSetData(listener: SetDataListener): () => void {
  setDataListeners.add(listener);
  return () => {
    setDataListeners.delete(listener);
  };
}

/** Wraps the instance's `setData` before `attached`, where the store bindings send their first values. */
function spySetData(component: SimComponent, mountedPath: string): void {
  if (setDataListeners.size === 0) return;
  const instance = component.instance;
  const original = instance.setData;
  instance.setData = function setData(this: unknown, data: Record<string, unknown>, callback?: () => void) {
    setDataListeners.forEach((listener) => listener(data, mountedPath));
    return original.call(this, data, callback);
  };
}

function loadComponent(relativePath: string, tagName: string): string {
  const root = ensureMirror();
  return simulate.load(path.join(root, relativePath), tagName, {
    rootPath: root,
    compiler: 'official',
    compilerOptions: { maxBuffer: 64 * 1024 * 1024 },
  });
}

function wrap(component: SimComponent, { viewport, canvases }: Doubles, onUnmount: () => void): Mounted {
  const element = (target: string | DomElement): DomElement => {
    if (typeof target !== 'string') return target;
    const found = component.dom.querySelector(prefixSelector(target));
    if (!found) throw new Error(`nothing rendered matches ${target}`);
    return found;
  };
  const fire = async (target: string | DomElement, event: string, detail: unknown) => {
    const node = (element(target) as any).__wxElement;
    if (!node) throw new Error(`${String(target)} is not a rendered mini-program node`);
    exparser.Event.dispatchEvent(node, exparser.Event.create(event, detail ?? {}, { bubbles: true, composed: true, capturePhase: true }));
    await flush();
  };
  return {
    component,
    get instance() {
      return component.instance;
    },
    get data() {
      return component.data;
    },
    get dom() {
      return component.dom;
    },
    $: (selector) => component.dom.querySelector(prefixSelector(selector)),
    $$: (selector) => Array.from(component.dom.querySelectorAll(prefixSelector(selector))),
    text: (selector) => {
      const nodes = selector ? Array.from(component.dom.querySelectorAll(prefixSelector(selector))) : [component.dom];
      return nodes.map((n) => n.textContent ?? '').join(' ').replace(/\s+/g, ' ').trim();
    },
    tap: (target) => fire(target, 'tap', {}),
    trigger: (target, event, detail) => fire(target, event, detail),
    reachBottom: async () => {
      component.instance.onReachBottom?.();
      await flush();
    },
    show: async () => {
      component.instance.onShow?.();
      await flush();
    },
    viewport,
    canvases,
    unmount: () => {
      component.detach();
      onUnmount();
    },
  };
}

interface Doubles { viewport: FakeViewport; canvases: FakeCanvases }

/** Gives the instance a viewport the test lays out and test canvases, before `attached` (where the first cards render). */
function withDoubles(component: SimComponent): Doubles {
  const viewport = new FakeViewport();
  viewport.install(component.instance);
  const canvases = new FakeCanvases();
  canvases.install(component.instance);
  return { viewport, canvases };
}

/**
 * Renders a page written with `Component()` (`route` as in app.json, e.g. `pages/home/home`), pushes
 * it on `getCurrentPages()`, runs `onLoad(query)` and `onShow()`, and waits for the stores to settle.
 */
export async function mountPage(route: string, options: { query?: Record<string, string> } = {}): Promise<Mounted> {
  const id = loadComponent(route, route.split('/').pop() ?? 'page');
  const component = simulate.render(id);
  if (!component) throw new Error(`simulate could not render ${route}`);
  spySetData(component, route);
  const doubles = withDoubles(component);
  component.attach(g.document.createElement('parent-wrapper'));
  pageStack.push(component);
  const mounted = wrap(component, doubles, () => pageStack.splice(pageStack.indexOf(component), 1));
  component.instance.onLoad?.(options.query ?? {});
  component.instance.onShow?.();
  await flush();
  return mounted;
}

/** Renders a component (e.g. `components/product-card/product-card`) with the given properties. */
export async function mountComponent(componentPath: string, properties: Record<string, unknown> = {}): Promise<Mounted> {
  const id = loadComponent(componentPath, componentPath.split('/').pop() ?? 'component');
  const component = simulate.render(id, properties);
  if (!component) throw new Error(`simulate could not render ${componentPath}`);
  spySetData(component, componentPath);
  const doubles = withDoubles(component);
  component.attach(g.document.createElement('parent-wrapper'));
  await flush();
  return wrap(component, doubles, () => undefined);
}

/**
 * Runs app.ts's `App()` (once per file) and its `onLaunch(options)`; `getApp()` answers it afterwards.
 * Pages do not need it: `getApp()` answers `{ globalData: {} }` until it runs.
 */
export async function launchApp(options: {
  query?: Record<string, string>;
  path?: string;
  scene?: number;
  /** The mini-program the user came from (`navigateToMiniProgram`): its appId and extraData. */
  referrerInfo?: { appId: string; extraData?: Record<string, unknown> };
} = {}): Promise<any> {
  require(path.join(SOURCE, 'app.ts'));
  const launch = {
    path: options.path ?? 'pages/home/home',
    query: options.query ?? {},
    scene: options.scene ?? 1001,
    ...(options.referrerInfo ? { referrerInfo: options.referrerInfo } : {}),
  };
  app.onLaunch?.({ ...launch });
  app.onShow?.({ ...launch });
  await flush();
  return app;
}
