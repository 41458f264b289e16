/** catalog: the product feed, product detail (with what is on sale now) and categories. Anyone may browse. */
import { defineFunction } from '../../server/kernel/router';
import { listCategories, listProducts, productDetail } from '../../server/store/catalog';
import { id, paging, v } from '../../server/kernel/validate';

export const main = defineFunction('catalog', {
  list: {
    access: 'any',
    input: v.object({ categoryId: v.optional(id), ...paging }),
    run: (req) => listProducts(req),
  },
  detail: {
    access: 'any',
    input: v.object({ productId: id }),
    run: (req, ctx) => productDetail(req.productId, ctx.now),
  },
  categories: {
    access: 'any',
    input: v.object({}),
    run: () => listCategories(),
  },
});
