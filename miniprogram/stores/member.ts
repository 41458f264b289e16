import { makeAutoObservable } from 'mobx-miniprogram';
import type { ErrorCode } from '../../typings/api';
import { call } from '../api/client';
import { request } from './request';
import { encodeCode128 } from '../utils/barcode';
import { encodeQr } from '../utils/qrcode';

/** A new code is fetched this long before the shown one expires, so staff never scan a stale one. */
export const REFRESH_LEAD_MS = 5_000;
/** Bounds on how long a code is trusted on screen, whatever the phone's clock says. */
const MIN_VALID_MS = REFRESH_LEAD_MS + 1_000;
const MAX_VALID_MS = 10 * 60_000;

/**
 * Wider barcodes are not drawn: on a phone screen a module would be thinner than a pixel and no
 * scanner could read it (a signed code of ~70 characters is ~900 modules). The QR code carries those.
 */
export const MAX_BARCODE_MODULES = 320;

/** A dark bar of the barcode as the view draws it: offsets in percent of the symbol's width. */
export interface BarView { left: string; width: string }

/**
 * The member code (会员码) shown at the counter: `user.memberCode` drawn as a QR code and a Code 128
 * barcode. The server replaces the code on every request, so only the latest answer is shown.
 */
export class MemberCodeStore {
  code = '';
  /** The 18-digit form of the code for the barcode (older servers send none: the code itself is tried). */
  barcode = '';
  expiresAt = 0;
  /** How long the code stays valid from when it arrived, in ms (from `expiresAt` and the phone's clock). */
  validForMs = 0;
  loading = false;
  error: ErrorCode | null = null;
  private latest = 0;

  constructor() {
    makeAutoObservable<MemberCodeStore, 'latest'>(this, { latest: false }, { autoBind: true });
  }

  /** The QR code as rows of 0 (light) and 1 (dark). */
  get qrRows(): number[][] {
    if (!this.code) return [];
    return encodeQr(this.code).map((row) => row.map((dark) => (dark ? 1 : 0)));
  }

  /**
   * The barcode's bars; none when the code holds characters Code 128 cannot carry or is too long to be
   * read from a screen (see MAX_BARCODE_MODULES).
   */
  get bars(): BarView[] {
    const text = this.barcode || this.code;
    if (!text) return [];
    let barcode;
    try {
      barcode = encodeCode128(text);
    } catch (err) {
      console.warn('[member] no barcode for this code', err);
      return [];
    }
    if (barcode.modules > MAX_BARCODE_MODULES) return [];
    const pct = (modules: number) => ((modules / barcode.modules) * 100).toFixed(3);
    return barcode.bars.map((bar) => ({ left: pct(bar.x), width: pct(bar.width) }));
  }

  /** Digits grouped by four for reading out when a scanner fails. */
  get codeText(): string {
    return (this.barcode || this.code).replace(/(.{4})(?=.)/g, '$1 ');
  }

  /** When to fetch the next code, in ms from the arrival of this one. */
  get refreshInMs(): number {
    return Math.max(this.validForMs - REFRESH_LEAD_MS, 1_000);
  }

  /** Fetches a fresh code; `now` is the phone's clock when it is asked. */
  async refresh(now: number = Date.now()): Promise<void> {
    const seq = ++this.latest;
    await request(() => call('user.memberCode', {}), {
      start: () => { this.loading = true; this.error = null; },
      done: ({ code, expiresAt, barcode }) => {
        if (seq !== this.latest) return;
        this.code = code;
        this.barcode = barcode ?? '';
        this.expiresAt = expiresAt;
        this.validForMs = Math.min(Math.max(expiresAt - now, MIN_VALID_MS), MAX_VALID_MS);
        this.loading = false;
      },
      failed: (code) => {
        if (seq !== this.latest) return;
        this.error = code;
        this.loading = false;
        // A code that could not be renewed must not stay on screen as if it were valid.
        this.code = '';
        this.barcode = '';
      },
    });
  }
}

export const member = new MemberCodeStore();
