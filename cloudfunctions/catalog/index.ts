/** catalog: the product feed, product detail (with what is on sale now) and categories. Anyone may browse. */
import { defineFunction } from '../../server/kernel/router';
import { listCategories, listProducts, productDetail } from '../../server/store/catalog';
import { id, paging, v } from '../../server/kernel/validate';
import { searchCatalog } from '../../server/store/products';

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
  search: {
    access: 'any',
    input: v.object({ keyword: v.string({ max: 30 }), ...paging }),
    run: (req) => searchCatalog(req),
  },
  categories: {
    access: 'any',
    input: v.object({}),
    run: () => listCategories(),
  },
});
