/** A card's rows while it loads: a title line, a middle line and a short one (TDesign `rowCol`). */
const LINES = [{ width: '70%' }, { width: '90%' }, { width: '40%' }];

/**
 * Placeholder cards while a list or a page loads, shaped like what is coming: `goods` cards (a square
 * thumbnail and three lines: cart, orders) or `text` cards (three lines: ledgers, records). `cards` says
 * how many. Built of TDesign's `t-skeleton`, inside the app's one card style.
 */
Component({
  externalClasses: ['tm-class'],
  properties: {
    kind: { type: String, value: 'goods' },
    cards: { type: Number, value: 3 },
  },
  data: {
    list: [0, 1, 2] as number[],
    thumb: [{ type: 'rect', width: '160rpx', height: '160rpx' }],
    lines: LINES,
  },
  observers: {
    cards(cards: number) {
      this.setData({ list: Array.from({ length: Math.max(1, Math.min(cards || 1, 8)) }, (_, i) => i) });
    },
  },
});
