/// <reference lib="dom" />
/**
 * The preview in the browser: mounts the mini-program's pages with miniprogram-simulate (templates
 * compiled by wcc on the server, scripts bundled by esbuild), keeps WeChat's page stack and tab bar,
 * turns mouse clicks into `tap`s, and provides the `wx` APIs a browser has no equivalent for —
 * visibly: `wx.cloud.callFunction` goes to the local cloud as the user chosen in the toolbar,
 * `scanCode` asks for a code, `requestPayment` shows a cashier whose buttons notify the local cloud,
 * `createIntersectionObserver` watches the phone's page (intersection.ts), a `<canvas type="2d">` draws
 * and exports (`canvasToTempFilePath`), `saveImageToPhotosAlbum` asks for the album permission as WeChat
 * does (and `openSetting` can grant it again), then downloads the image.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
import { cloneOptions } from './component-options';
import { canvasNodeOf, imageUrl, registerBuiltins, tempFiles } from './builtins';
import { answerCanvasNodes } from './canvas-query';
import { installIntersectionObserver } from './intersection';

const g = globalThis as any;
const exparser = require('miniprogram-exparser') as any;
const simulate = g.__simulate as {
  load(path: string, tagName: string, options: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): any;
};

interface Config {
  app: { pages: string[]; window?: Record<string, any>; tabBar?: { color?: string; selectedColor?: string; backgroundColor?: string; list: { pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }[] } };
  pages: string[];
  pageWindows: Record<string, Record<string, any>>;
  components: Record<string, unknown>;
  user: string;
  users: { openid: string; label: string }[];
  start: { route: string; query: Record<string, string> };
  still: boolean;
}

const cfg = g.__PREVIEW__ as Config;
const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector(sel) as T;

// ---------------------------------------------------------------------------------------------
// Scripts: simulate reads `<path>.js` from its file map and runs it; ours calls the bundled module.

import { CLASS_PREFIX } from '../selectors';
const recorded = new Map<string, any>();
let scripts: Record<string, () => unknown> = {};
const simulateComponent = g.Component as (options: any) => unknown;
/**
 * Every page and component gets, when created, the preview's `createIntersectionObserver` (intersection.ts)
 * and a `createSelectorQuery` whose `fields({node: true})` answers `<canvas type="2d">` nodes (canvas-query.ts).
 */
let observerBehavior: unknown = null;
const register = (options: any) => {
  observerBehavior ??= g.Behavior({
    lifetimes: {
      created(this: any) {
        installIntersectionObserver(this);
        answerCanvasNodes(this, canvasNodeOf);
      },
    },
  });
  return simulateComponent({ ...options, behaviors: [observerBehavior, ...(options.behaviors ?? [])], options: { ...(options.options ?? {}), classPrefix: CLASS_PREFIX } });
};

function runScript(component: string): void {
  const known = recorded.get(component);
  if (known) {
    register(cloneOptions(known));
    return;
  }
  let captured: any;
  g.Component = (options: any) => {
    captured = cloneOptions(options);
    return register(options);
  };
  try {
    const script = scripts[component];
    if (!script) throw new Error(`no script bundled for ${component}`);
    script();
  } finally {
    g.Component = simulateComponent;
  }
  if (!captured) throw new Error(`${component} did not call Component() when loaded`);
  recorded.set(component, captured);
}

function installFileMap(): void {
  const map: Record<string, unknown> = {};
  for (const [c, json] of Object.entries(cfg.components)) {
    map[`${c}.json`] = JSON.stringify(json);
    map[`${c}.wxml`] = g.__gwx(`${c}.wxml`);
    map[`${c}.js`] = `window.__preview.runScript(${JSON.stringify(c)})`;
  }
  g.__FILE_MAP__ = map;
  g.__preview = { runScript };
}

// ---------------------------------------------------------------------------------------------
// Overlays in the phone: toast, loading, modal, sheets.

function overlay(html: string, className: string): HTMLElement {
  const el = document.createElement('div');
  el.className = `pv-overlay ${className}`;
  el.innerHTML = html;
  $('#pv-overlays').appendChild(el);
  return el;
}

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

let toastTimer: any = null;
function toast(title: string, icon = 'none', duration = 1500): void {
  document.querySelectorAll('.pv-toast').forEach((t) => t.remove());
  clearTimeout(toastTimer);
  const el = overlay(`<div class="pv-toast__box">${icon === 'success' ? '<b>✓</b>' : icon === 'error' ? '<b>✕</b>' : icon === 'loading' ? '<b>…</b>' : ''}<span>${esc(title)}</span></div>`, 'pv-toast');
  if (duration > 0) toastTimer = setTimeout(() => el.remove(), duration);
}

function dialog(title: string, body: string, buttons: { label: string; value: string; primary?: boolean }[], className = ''): Promise<{ value: string; input: string }> {
  return new Promise((resolve) => {
    const el = overlay(
      `<div class="pv-dialog__box"><div class="pv-dialog__title">${esc(title)}</div><div class="pv-dialog__body">${body}</div><div class="pv-dialog__actions">${buttons
        .map((b) => `<button type="button" data-value="${esc(b.value)}" class="${b.primary ? 'pv-primary' : ''}">${esc(b.label)}</button>`)
        .join('')}</div></div>`,
      `pv-dialog ${className}`,
    );
    el.querySelectorAll('button[data-value]').forEach((b) =>
      b.addEventListener('click', () => {
        const input = (el.querySelector('input') as HTMLInputElement | null)?.value ?? '';
        el.remove();
        resolve({ value: (b as HTMLElement).dataset.value as string, input });
      }),
    );
    (el.querySelector('input') as HTMLInputElement | null)?.focus();
  });
}

/** WeChat's callback-or-promise convention for an async API. */
function api<T>(name: string, run: (options: any) => Promise<T>) {
  return (options: any = {}) => {
    const promise = run(options).then(
      (res: any) => ({ errMsg: `${name}:ok`, ...res }),
      (err: any) => {
        throw typeof err === 'object' && err && 'errMsg' in err ? err : { errMsg: `${name}:fail ${err instanceof Error ? err.message : String(err)}` };
      },
    );
    if (options.success || options.fail || options.complete) {
      promise.then((r) => options.success?.(r), (e) => options.fail?.(e)).finally(() => options.complete?.());
      return undefined;
    }
    return promise;
  };
}

// ---------------------------------------------------------------------------------------------
// Pages: the stack, the navigation bar, the tab bar.

interface PageEntry {
  route: string;
  query: Record<string, string>;
  comp: any;
  holder: HTMLElement;
}

const stack: PageEntry[] = [];
const tabPaths = (cfg.app.tabBar?.list ?? []).map((t) => t.pagePath);

function parseUrl(url: string, from?: string): { route: string; query: Record<string, string> } {
  const [p, qs = ''] = url.split('?');
  let route = p.replace(/^\//, '');
  if (!p.startsWith('/') && from) {
    const base = from.split('/').slice(0, -1);
    for (const part of p.split('/')) {
      if (part === '..') base.pop();
      else if (part !== '.') base.push(part);
    }
    route = base.join('/');
  }
  return { route, query: Object.fromEntries(new URLSearchParams(qs)) };
}

function windowOf(route: string): Record<string, any> {
  return { ...(cfg.app.window ?? {}), ...(cfg.pageWindows[route] ?? {}) };
}

function renderChrome(): void {
  const top = stack[stack.length - 1];
  if (!top) return;
  const win = windowOf(top.route);
  $('#pv-title').textContent = win.navigationBarTitleText ?? '';
  const nav = $('#pv-navbar');
  nav.style.background = win.navigationBarBackgroundColor ?? '#fff';
  nav.style.color = win.navigationBarTextStyle === 'white' ? '#fff' : '#000';
  // WeChat's capsule follows the bar's text style: dark glass with white marks on a dark bar.
  nav.classList.toggle('pv-navbar--white', win.navigationBarTextStyle === 'white');
  $('#pv-back').hidden = stack.length < 2;
  const isTab = tabPaths.includes(top.route) && stack.length === 1;
  const bar = $('#pv-tabbar');
  bar.hidden = !isTab;
  $('#pv-phone').classList.toggle('pv-has-tabbar', isTab);
  if (isTab) {
    const tb = cfg.app.tabBar!;
    bar.style.background = tb.backgroundColor ?? '#fff';
    bar.innerHTML = tb.list
      .map((t) => {
        const on = t.pagePath === top.route;
        // app.json's icon files, as WeChat draws them; without one, a stand-in square.
        const icon = (on ? t.selectedIconPath : undefined) ?? t.iconPath;
        const i = icon ? `<i class="pv-tab__icon" style="background-image:url('/preview/files/${esc(icon)}')"></i>` : '<i></i>';
        return `<button type="button" class="pv-tab${on ? ' pv-tab--on' : ''}" data-path="${esc(t.pagePath)}" style="color:${on ? (tb.selectedColor ?? '#07c160') : (tb.color ?? '#666')}">${i}${esc(t.text)}</button>`;
      })
      .join('');
  }
  document.body.dataset.route = top.route;
  ($('#pv-route') as HTMLSelectElement).value = top.route;
}

function reachBottomWatcher(entry: PageEntry): void {
  let armed = true;
  entry.holder.addEventListener('scroll', () => {
    const distance = Number(windowOf(entry.route).onReachBottomDistance ?? 50);
    const near = entry.holder.scrollHeight - entry.holder.scrollTop - entry.holder.clientHeight < distance;
    if (near && armed) entry.comp.instance.onReachBottom?.();
    armed = !near;
  });
}

function mount(route: string, query: Record<string, string>): PageEntry {
  if (!cfg.pages.includes(route)) throw Object.assign(new Error(`page "${route}" is not found`), { notFound: true });
  const id = simulate.load(`/${route}`, route.split('/').pop() ?? 'page', { rootPath: '/', compiler: 'official' });
  const comp = simulate.render(id);
  if (!comp) throw new Error(`simulate could not render ${route}`);
  const holder = document.createElement('page');
  holder.dataset.route = route;
  $('#pv-pages').appendChild(holder);
  comp.attach(holder);
  const entry: PageEntry = { route, query, comp, holder };
  comp.instance.route = route;
  comp.instance.options = query;
  reachBottomWatcher(entry);
  return entry;
}

function show(entry: PageEntry): void {
  entry.holder.hidden = false;
  entry.comp.instance.onShow?.();
  entry.comp.triggerPageLifeTime('show');
}

function hide(entry: PageEntry): void {
  entry.holder.hidden = true;
  entry.comp.instance.onHide?.();
  entry.comp.triggerPageLifeTime('hide');
}

function unload(entry: PageEntry): void {
  entry.comp.instance.onUnload?.();
  entry.comp.detach();
  entry.holder.remove();
}

function open(route: string, query: Record<string, string>): void {
  const entry = mount(route, query);
  stack.push(entry);
  entry.comp.instance.onLoad?.(query);
  show(entry);
  entry.comp.instance.onReady?.();
  renderChrome();
}

type NavKind = 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch';

function navigate(kind: NavKind, url: string): void {
  const top = stack[stack.length - 1];
  const { route, query } = parseUrl(url, top?.route);
  if (!cfg.pages.includes(route)) throw Object.assign(new Error(`page "${route}" is not found`), { notFound: true });
  if (kind === 'switchTab' && !tabPaths.includes(route)) throw new Error(`can not switch to no-tabBar page ${route}`);
  if ((kind === 'navigateTo' || kind === 'redirectTo') && tabPaths.includes(route)) throw new Error(`can not ${kind} a tabbar page`);
  if (kind === 'navigateTo') {
    if (top) hide(top);
  } else if (kind === 'redirectTo') {
    const gone = stack.pop();
    if (gone) unload(gone);
  } else {
    while (stack.length) unload(stack.pop() as PageEntry);
  }
  open(route, query);
}

function back(delta = 1): void {
  if (stack.length < 2) throw new Error('cannot navigate back at first page');
  for (let i = 0; i < delta && stack.length > 1; i += 1) unload(stack.pop() as PageEntry);
  show(stack[stack.length - 1]);
  renderChrome();
}

function navApi(kind: NavKind) {
  return api(kind, async (o: { url: string }) => {
    try {
      navigate(kind, o.url);
      return {};
    } catch (err: any) {
      if (err?.notFound) toast(`页面未就绪: ${parseUrl(o.url).route}`, 'none', 2500);
      console.warn(`[preview] ${kind}(${o.url}) failed:`, err?.message ?? err);
      throw { errMsg: `${kind}:fail ${err?.message ?? err}` };
    }
  });
}

// ---------------------------------------------------------------------------------------------
// wx: what simulate mocks, plus the cloud, navigation and the simulated device APIs.

async function callFunction(o: { name: string; data?: Record<string, unknown> }) {
  const started = performance.now();
  const res = await fetch(`/functions/${encodeURIComponent(o.name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': cfg.user, 'x-wx-source': 'wx_client' },
    body: JSON.stringify(o.data ?? {}),
  });
  const body = await res.json();
  const action = (o.data as { action?: string } | undefined)?.action;
  logCall(`${o.name}.${action ?? ''}`, res.ok && body.result?.ok !== false, Math.round(performance.now() - started));
  if (!res.ok) throw { errCode: body.errCode ?? -1, errMsg: `cloud.callFunction:fail ${body.errMsg ?? res.status}` };
  return { result: body.result, requestID: 'local' };
}

function logCall(name: string, ok: boolean, ms: number): void {
  const log = $('#pv-calls');
  if (!log) return;
  const li = document.createElement('li');
  li.className = ok ? 'ok' : 'fail';
  li.textContent = `${name} ${ok ? 'ok' : 'fail'} ${ms}ms`;
  log.prepend(li);
  while (log.children.length > 30) log.lastChild?.remove();
}

async function requestPayment(o: { package: string }) {
  const prepayId = String(o.package ?? '').replace(/^prepay_id=/, '');
  const res = await fetch(`/_local/preview/payments/${encodeURIComponent(prepayId)}`);
  if (!res.ok) throw { errMsg: `requestPayment:fail no payment for ${o.package}` };
  const p = (await res.json()) as { outTradeNo: string; totalFee: number; body?: string };
  const { value } = await dialog(
    '微信支付 (preview)',
    `<div class="pv-pay__amount">¥${(p.totalFee / 100).toFixed(2)}</div><div class="pv-pay__meta">${esc(p.body ?? '')}<br>${esc(p.outTradeNo)}</div>`,
    [
      { label: '取消', value: 'cancel' },
      { label: '失败', value: 'FAIL' },
      { label: '支付', value: 'SUCCESS', primary: true },
    ],
    'pv-pay',
  );
  if (value === 'cancel') throw { errMsg: 'requestPayment:fail cancel' };
  const notified = await fetch(`/_local/pay/${encodeURIComponent(p.outTradeNo)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result: value }) });
  if (!notified.ok) throw { errMsg: `requestPayment:fail notification answered ${notified.status}` };
  if (value === 'FAIL') throw { errMsg: 'requestPayment:fail payment failed' };
  return {};
}

const storageKey = (key: string) => `pv:${cfg.user}:${key}`;

// ---------------------------------------------------------------------------------------------
// Cloud storage and the media chooser: a picked file gets a temporary path (`http://tmp/...`, as WeChat's
// look), `wx.cloud.uploadFile` sends its bytes to the local cloud, `<image>` shows it by path or fileID.

let tempSeq = 0;
function keepTempFile(blob: Blob, ext: string): string {
  const path = `http://tmp/preview_${Date.now().toString(36)}_${tempSeq++}.${ext}`;
  tempFiles.set(path, { blob, url: URL.createObjectURL(blob) });
  return path;
}

/** A generated sample photo (headless runs and a quick try): a gradient, a product-like shape, the time. */
function samplePhoto(): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 600;
  const c = canvas.getContext('2d') as CanvasRenderingContext2D;
  const hue = (tempSeq * 67) % 360;
  const bg = c.createLinearGradient(0, 0, 600, 600);
  bg.addColorStop(0, `hsl(${hue},70%,88%)`);
  bg.addColorStop(1, `hsl(${(hue + 40) % 360},60%,68%)`);
  c.fillStyle = bg;
  c.fillRect(0, 0, 600, 600);
  c.fillStyle = 'rgba(0,0,0,.18)';
  c.beginPath();
  c.ellipse(300, 470, 170, 26, 0, 0, Math.PI * 2);
  c.fill();
  c.fillStyle = `hsl(${(hue + 180) % 360},45%,45%)`;
  c.beginPath();
  c.roundRect(200, 190, 200, 270, 24);
  c.fill();
  c.fillStyle = 'rgba(255,255,255,.85)';
  c.fillRect(200, 280, 200, 80);
  c.fillStyle = '#333';
  c.font = '28px sans-serif';
  c.textAlign = 'center';
  c.fillText(new Date().toLocaleTimeString('zh-CN'), 300, 330);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas.toBlob failed'))), 'image/png'));
}

/** The simulated chooser: pick files with <input type=file>, or take a generated sample photo. */
async function chooseFiles(count: number, accept: string): Promise<{ path: string; size: number; type: string }[]> {
  const picked = await new Promise<File[] | 'sample' | null>((resolve) => {
    const el = overlay(
      `<div class="pv-dialog__box"><div class="pv-dialog__title">选择图片 (preview)</div><div class="pv-dialog__body"><input type="file" class="pv-choose__input" accept="${esc(accept)}"${count > 1 ? ' multiple' : ''}></div><div class="pv-dialog__actions"><button type="button" data-value="cancel">取消</button><button type="button" data-value="sample" class="pv-primary pv-choose__sample">示例图片</button></div></div>`,
      'pv-dialog pv-choose',
    );
    const input = el.querySelector('input') as HTMLInputElement;
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []).slice(0, count);
      el.remove();
      resolve(files.length ? files : null);
    });
    el.querySelectorAll('button[data-value]').forEach((b) =>
      b.addEventListener('click', () => {
        el.remove();
        resolve((b as HTMLElement).dataset.value === 'sample' ? 'sample' : null);
      }),
    );
  });
  if (!picked) throw { errMsg: 'chooseMedia:fail cancel' };
  const blobs: { blob: Blob; ext: string }[] = picked === 'sample' ? [{ blob: await samplePhoto(), ext: 'png' }] : picked.map((f) => ({ blob: f, ext: (/\.([A-Za-z0-9]{1,5})$/.exec(f.name)?.[1] ?? 'jpg').toLowerCase() }));
  return blobs.map(({ blob, ext }) => ({ path: keepTempFile(blob, ext), size: blob.size, type: blob.type.startsWith('video/') ? 'video' : 'image' }));
}

async function cloudUploadFile(o: { cloudPath: string; filePath: string }) {
  const file = tempFiles.get(o.filePath);
  if (!file) throw { errCode: -501007, errMsg: `cloud.uploadFile:fail filePath ${o.filePath} is not a file the chooser picked` };
  const res = await fetch(`/_local/storage/upload?cloudPath=${encodeURIComponent(o.cloudPath ?? '')}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file.blob });
  const body = await res.json();
  if (!res.ok) throw { errCode: body.errCode ?? -1, errMsg: `cloud.uploadFile:fail ${body.errMsg ?? res.status}` };
  return { fileID: body.fileID as string, statusCode: 200 };
}

async function cloudGetTempFileURL(o: { fileList: unknown[] }) {
  const res = await fetch('/_local/storage/temp-urls', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fileList: o.fileList }) });
  const body = await res.json();
  if (!res.ok) throw { errCode: body.errCode ?? -1, errMsg: `cloud.getTempFileURL:fail ${body.errMsg ?? res.status}` };
  return { fileList: body.fileList };
}

/** A local file (temporary path) of what `src` points to: a cloud fileID, a web image or a temporary path. */
async function downloadToTemp(src: string, api: string): Promise<{ tempFilePath: string; statusCode: number }> {
  const res = await fetch(imageUrl(src));
  if (!res.ok) throw { errCode: -1, errMsg: `${api}:fail ${src} answered ${res.status}` };
  const blob = await res.blob();
  const ext = (/\.([A-Za-z0-9]{1,5})(?:$|\?)/.exec(src)?.[1] ?? (blob.type.split('/')[1] || 'bin')).toLowerCase().replace('svg+xml', 'svg');
  return { tempFilePath: keepTempFile(blob, ext), statusCode: 200 };
}

async function canvasToTempFilePath(o: { canvas?: HTMLCanvasElement; fileType?: string; quality?: number }) {
  const canvas = o.canvas;
  if (!(canvas instanceof HTMLCanvasElement)) throw { errMsg: 'canvasToTempFilePath:fail canvas is not a <canvas type="2d"> node (pass `canvas`, from a node query)' };
  const type = o.fileType === 'jpg' ? 'image/jpeg' : 'image/png';
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, o.quality));
  if (!blob) throw { errMsg: 'canvasToTempFilePath:fail the canvas could not be exported' };
  return { tempFilePath: keepTempFile(blob, o.fileType === 'jpg' ? 'jpg' : 'png') };
}

// The album permission (scope.writePhotosAlbum), per user of the toolbar: unasked, granted or refused.
const ALBUM_SCOPE = 'scope.writePhotosAlbum';
const scopeKey = (scope: string) => storageKey(`__auth:${scope}`);
const scopeState = (scope: string): boolean | undefined => {
  const v = localStorage.getItem(scopeKey(scope));
  return v === null ? undefined : v === '1';
};
const setScope = (scope: string, granted: boolean) => localStorage.setItem(scopeKey(scope), granted ? '1' : '0');

/** The images saved to the "album" in this tab (the browser also downloads each one). */
const album: string[] = [];

async function saveImageToPhotosAlbum(o: { filePath: string }) {
  let granted = scopeState(ALBUM_SCOPE);
  if (granted === undefined) {
    // WeChat asks once; a refusal stands until the settings page changes it.
    const { value } = await dialog('授权 (preview)', '<p>“团团优选”申请保存图片或视频到你的相册</p>', [
      { label: '拒绝', value: 'deny' },
      { label: '允许', value: 'allow', primary: true },
    ], 'pv-auth');
    granted = value === 'allow';
    setScope(ALBUM_SCOPE, granted);
  }
  if (!granted) throw { errMsg: 'saveImageToPhotosAlbum:fail auth deny' };
  const file = tempFiles.get(o.filePath);
  if (!file) throw { errMsg: `saveImageToPhotosAlbum:fail file not found: ${o.filePath}` };
  album.push(o.filePath);
  const a = document.createElement('a');
  a.href = file.url;
  a.download = o.filePath.split('/').pop() ?? 'image.png';
  a.click();
  return {};
}

async function openSetting() {
  const on = scopeState(ALBUM_SCOPE) === true;
  const { value } = await dialog('设置 (preview)', `<p>保存到相册：${on ? '允许' : '不允许'}</p>`, [
    { label: '不允许', value: 'off' },
    { label: '允许', value: 'on', primary: true },
  ], 'pv-settings');
  setScope(ALBUM_SCOPE, value === 'on');
  return { authSetting: { [ALBUM_SCOPE]: value === 'on' } };
}

function installWx(): void {
  const wx = g.wx;
  Object.assign(wx, {
    cloud: {
      DYNAMIC_CURRENT_ENV: 'local',
      init() {},
      callFunction: api('cloud.callFunction', callFunction),
      uploadFile: api('cloud.uploadFile', cloudUploadFile),
      getTempFileURL: api('cloud.getTempFileURL', cloudGetTempFileURL),
      downloadFile: api('cloud.downloadFile', (o: { fileID: string }) => downloadToTemp(o.fileID, 'cloud.downloadFile')),
    },
    downloadFile: api('downloadFile', (o: { url: string }) => downloadToTemp(o.url, 'downloadFile')),
    canvasToTempFilePath: api('canvasToTempFilePath', canvasToTempFilePath),
    saveImageToPhotosAlbum: api('saveImageToPhotosAlbum', saveImageToPhotosAlbum),
    openSetting: api('openSetting', openSetting),
    getSetting: api('getSetting', async () => {
      const granted = scopeState(ALBUM_SCOPE);
      return { authSetting: granted === undefined ? {} : { [ALBUM_SCOPE]: granted } };
    }),
    chooseMedia: api('chooseMedia', async (o: { count?: number; mediaType?: string[] }) => {
      const accept = (o.mediaType ?? ['image', 'video']).map((t) => (t === 'video' ? 'video/*' : t === 'mix' ? 'image/*,video/*' : 'image/*')).join(',');
      const files = await chooseFiles(o.count ?? 9, accept);
      return { type: files.every((f) => f.type === 'image') ? 'image' : 'mix', tempFiles: files.map((f) => ({ tempFilePath: f.path, size: f.size, fileType: f.type })) };
    }),
    chooseImage: api('chooseImage', async (o: { count?: number }) => {
      const files = await chooseFiles(o.count ?? 9, 'image/*');
      return { tempFilePaths: files.map((f) => f.path), tempFiles: files.map((f) => ({ path: f.path, size: f.size })) };
    }),
    navigateTo: navApi('navigateTo'),
    redirectTo: navApi('redirectTo'),
    switchTab: navApi('switchTab'),
    reLaunch: navApi('reLaunch'),
    navigateBack: api('navigateBack', async (o: { delta?: number }) => (back(o.delta ?? 1), {})),
    showToast: api('showToast', async (o: { title: string; icon?: string; duration?: number }) => (toast(o.title, o.icon ?? 'success', o.duration ?? 1500), {})),
    hideToast: api('hideToast', async () => (document.querySelectorAll('.pv-toast').forEach((t) => t.remove()), {})),
    showLoading: api('showLoading', async (o: { title?: string }) => (toast(o.title ?? '加载中', 'loading', 0), {})),
    hideLoading: api('hideLoading', async () => (document.querySelectorAll('.pv-toast').forEach((t) => t.remove()), {})),
    showModal: api('showModal', async (o: { title?: string; content?: string; showCancel?: boolean; confirmText?: string; cancelText?: string }) => {
      const buttons = [{ label: o.confirmText ?? '确定', value: 'confirm', primary: true }];
      if (o.showCancel !== false) buttons.unshift({ label: o.cancelText ?? '取消', value: 'cancel', primary: false });
      const { value } = await dialog(o.title ?? '', esc(o.content ?? ''), buttons);
      return { confirm: value === 'confirm', cancel: value === 'cancel' };
    }),
    showActionSheet: api('showActionSheet', async (o: { itemList: string[] }) => {
      const { value } = await dialog('', '', [...o.itemList.map((label, i) => ({ label, value: String(i) })), { label: '取消', value: 'cancel' }], 'pv-sheet');
      if (value === 'cancel') throw { errMsg: 'showActionSheet:fail cancel' };
      return { tapIndex: Number(value) };
    }),
    scanCode: api('scanCode', async () => {
      const { value, input } = await dialog('扫码 (preview)', '<p>粘贴会员码或二维码内容</p><input class="pv-scan__input" placeholder="会员码">', [
        { label: '取消', value: 'cancel' },
        { label: '确定', value: 'ok', primary: true },
      ], 'pv-scan');
      if (value === 'cancel' || !input.trim()) throw { errMsg: 'scanCode:fail cancel' };
      return { result: input.trim(), scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: btoa(unescape(encodeURIComponent(input.trim()))) };
    }),
    requestPayment: api('requestPayment', requestPayment),
    chooseAddress: api('chooseAddress', async () => (toast('使用演示地址 (preview)', 'none'), {
      userName: '张三', postalCode: '200000', provinceName: '上海市', cityName: '上海市', countyName: '黄浦区', streetName: '', detailInfo: '南京东路 100 号', nationalCode: '310101', telNumber: '13800138000',
    })),
    stopPullDownRefresh: api('stopPullDownRefresh', async () => ({})),
    startPullDownRefresh: api('startPullDownRefresh', async () => (stack[stack.length - 1]?.comp.instance.onPullDownRefresh?.(), {})),
    pageScrollTo: api('pageScrollTo', async (o: { scrollTop?: number }) => {
      const top = stack[stack.length - 1];
      if (top) top.holder.scrollTop = o.scrollTop ?? 0;
      return {};
    }),
    vibrateShort: api('vibrateShort', async () => ({})),
    setClipboardData: api('setClipboardData', async (o: { data: string }) => {
      await navigator.clipboard?.writeText(o.data).catch(() => undefined);
      toast('内容已复制', 'none');
      return {};
    }),
    setStorageSync: (key: string, value: unknown) => localStorage.setItem(storageKey(key), JSON.stringify(value)),
    getStorageSync: (key: string) => {
      const v = localStorage.getItem(storageKey(key));
      return v === null ? '' : JSON.parse(v);
    },
    removeStorageSync: (key: string) => localStorage.removeItem(storageKey(key)),
    setNavigationBarTitle: api('setNavigationBarTitle', async (o: { title: string }) => (($('#pv-title').textContent = o.title), {})),
    getWindowInfo: () => ({ pixelRatio: 2, screenWidth: 375, screenHeight: 812, windowWidth: 375, windowHeight: 724, statusBarHeight: 44, safeArea: { top: 44, left: 0, right: 375, bottom: 778, width: 375, height: 734 }, screenTop: 0 }),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 50, right: 368, bottom: 82, left: 281 }),
  });
  g.getCurrentPages = () => stack.map((e) => e.comp.instance);
  let app: any = { globalData: {} };
  g.App = (options: any) => {
    app = options;
  };
  g.getApp = () => app;
  g.__previewApp = () => app;
  // The album of this tab: each saved image's temporary path and object URL (tests read them back).
  g.__previewAlbum = () => album.map((path) => ({ path, url: tempFiles.get(path)?.url ?? '' }));
}

// ---------------------------------------------------------------------------------------------
// Taps: WeChat fires `tap` on touch; the preview fires it on click, from the element clicked.

function installTaps(): void {
  let lastTouch = 0;
  const pages = $('#pv-pages');
  pages.addEventListener('touchend', () => {
    lastTouch = Date.now();
  }, { capture: true });
  pages.addEventListener('click', (e) => {
    if (Date.now() - lastTouch < 600) return;
    let el = e.target as any;
    while (el && el !== pages && !el.__wxElement) el = el.parentNode;
    if (!el?.__wxElement) return;
    const detail = { x: (e as MouseEvent).pageX, y: (e as MouseEvent).pageY };
    const touch = { identifier: 0, pageX: detail.x, pageY: detail.y, clientX: (e as MouseEvent).clientX, clientY: (e as MouseEvent).clientY };
    const event = exparser.Event.create('tap', detail, { bubbles: true, composed: true, capturePhase: true, extraFields: { touches: [], changedTouches: [touch] } });
    exparser.Event.dispatchEvent(el.__wxElement, event);
  });
}

// ---------------------------------------------------------------------------------------------

function installShell(): void {
  const userSelect = $('#pv-user') as HTMLSelectElement;
  userSelect.innerHTML = cfg.users.map((u) => `<option value="${esc(u.openid)}"${u.openid === cfg.user ? ' selected' : ''}>${esc(u.label)}</option>`).join('');
  userSelect.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('user', userSelect.value);
    location.href = url.toString();
  });
  const routeSelect = $('#pv-route') as HTMLSelectElement;
  routeSelect.innerHTML = cfg.pages.map((p) => `<option value="${esc(p)}">${esc(p)}</option>`).join('');
  routeSelect.addEventListener('change', () => g.wx.reLaunch({ url: `/${routeSelect.value}` }));
  $('#pv-back').addEventListener('click', () => g.wx.navigateBack({}));
  $('#pv-refresh').addEventListener('click', () => g.wx.startPullDownRefresh({}));
  $('#pv-tabbar').addEventListener('click', (e) => {
    const path = (e.target as HTMLElement).closest('[data-path]')?.getAttribute('data-path');
    if (path) g.wx.switchTab({ url: `/${path}` });
  });
}

/** Entry point, called by the bundle with every component's script and app.ts. */
export function start(bundled: Record<string, () => unknown>, runApp: () => unknown): void {
  scripts = bundled;
  installFileMap();
  registerBuiltins({
    onPhoneNumber: () => 'phone:13800138000',
    navigate: (openType, url, delta) => {
      if (openType === 'navigateBack') g.wx.navigateBack({ delta });
      else g.wx[openType === 'navigate' ? 'navigateTo' : openType]({ url });
    },
    share: () => toast('分享 (preview)', 'none'),
    still: cfg.still,
  });
  installWx();
  installTaps();
  installShell();
  runApp();
  const app = g.__previewApp();
  const launch = { path: cfg.start.route, query: cfg.start.query, scene: 1001, referrerInfo: {} };
  app.onLaunch?.(launch);
  app.onShow?.(launch);
  try {
    if (tabPaths.includes(cfg.start.route)) open(cfg.start.route, cfg.start.query);
    else {
      open(tabPaths[0] ?? cfg.pages[0], {});
      navigate('navigateTo', `/${cfg.start.route}?${new URLSearchParams(cfg.start.query)}`);
    }
  } catch (err: any) {
    toast(`页面未就绪: ${cfg.start.route}`, 'none', 4000);
    console.error('[preview] start failed', err);
  }
  document.body.dataset.ready = '1';
}
