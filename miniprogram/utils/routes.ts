/** Every page path the mini-program navigates to, in one place. */
export const TABS = {
  home: '/pages/home/home',
  category: '/pages/category/category',
  cart: '/pages/cart/cart',
  me: '/pages/me/me',
} as const;

/** Pages of the feature subpackages, declared in app.json as they are built. */
export const ROUTES = {
  product: (productId: string) => `/packages/store/product/product?productId=${encodeURIComponent(productId)}`,
  checkout: '/packages/store/checkout/checkout',
  orders: '/packages/store/orders/orders',
  points: '/packages/points/index/index',
  distribution: '/packages/distribution/index/index',
  memberCode: '/packages/points/member-code/member-code',
} as const;
