/** Operator actions of the store feature (served by the admin function; operators only). */
import type { Actions } from '../../server/router';

export const storeAdmin: Pick<Actions<'admin'>, 'createCategory' | 'createProduct' | 'createFlashSale' | 'createCoupon' | 'ship'> = {
  // Built by the store feature.
} as Pick<Actions<'admin'>, 'createCategory' | 'createProduct' | 'createFlashSale' | 'createCoupon' | 'ship'>;
