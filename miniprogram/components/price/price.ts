import { formatFen } from '../../utils/money';

/**
 * A price as a shopper reads it in a WeChat shop: `¥` small, yuan big, fen small (`¥ 19 .90`).
 * `fen` is integer fen; `sign` goes before the `¥` (`-` for a discount, `+` for shipping); `trim` drops
 * a `.00`; `size` is the yuan's size (`s` 28rpx, `m` 32rpx, `l` 40rpx, `xl` 56rpx); `tone` `brand` (red),
 * `plain` (the text colour) or `del` (a grey struck-through original price). The text reads `¥19.90`.
 */
Component({
  externalClasses: ['tm-class'],
  properties: {
    fen: { type: Number, value: 0 },
    sign: { type: String, value: '' },
    trim: { type: Boolean, value: false },
    size: { type: String, value: 'm' },
    tone: { type: String, value: 'brand' },
  },
  data: {
    unit: '¥',
    yuan: '0',
    cents: '00',
  },
  observers: {
    'fen, trim, sign'(fen: number, trim: boolean, sign: string) {
      const whole = Number.isInteger(fen) ? fen : 0;
      const [yuan, cents] = formatFen(Math.abs(whole)).split('.');
      this.setData({ unit: `${sign || (whole < 0 ? '-' : '')}¥`, yuan, cents: trim && cents === '00' ? '' : cents });
    },
  },
});
