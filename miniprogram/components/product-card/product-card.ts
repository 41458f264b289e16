import type { ProductCard } from '../../../typings/api';

/**
 * One product in a feed: cover, title, lowest price (¥ small, yuan big, fen small, 起). Emits `select`
 * with `{ productId }` on tap.
 */
Component({
  externalClasses: ['tm-class'],
  properties: {
    product: { type: Object, value: null as ProductCard | null },
  },
  methods: {
    onTap() {
      const product = this.data.product as ProductCard | null;
      if (product) this.triggerEvent('select', { productId: product.productId });
    },
  },
});
