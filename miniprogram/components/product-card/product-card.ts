import type { ProductCard } from '../../../typings/api';
import { formatFen } from '../../utils/money';

/**
 * One product in a feed: cover, title, lowest price. Emits `select` with `{ productId }` on tap.
 */
Component({
  externalClasses: ['tm-class'],
  properties: {
    product: { type: Object, value: null as ProductCard | null },
  },
  data: {
    priceText: '',
  },
  observers: {
    product(product: ProductCard | null) {
      this.setData({ priceText: product ? formatFen(product.minPriceFen) : '' });
    },
  },
  methods: {
    onTap() {
      const product = this.data.product as ProductCard | null;
      if (product) this.triggerEvent('select', { productId: product.productId });
    },
  },
});
