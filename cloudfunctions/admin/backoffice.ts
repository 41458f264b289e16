/**
 * The merchant back-office's operator actions (issue 12): fulfilment, after-sales, products and stock,
 * order search, the dashboard, campaigns, live rooms, partners, staff and settings.
 */
import type { Actions } from '../../server/kernel/router';
import { fail } from '../../server/kernel/errors';
import { v } from '../../server/kernel/validate';

type BackOffice = 'reviewRefund' | 'refund' | 'updateProduct' | 'updateSku' | 'listProducts' | 'productDetail' | 'listOrders' | 'orderDetail'
  | 'listAfterSales' | 'dashboard' | 'listWithdrawals' | 'listCampaigns' | 'updateGroupCampaign' | 'updateFlashSale' | 'stopFlashSale'
  | 'updateCoupon' | 'updatePromotion' | 'listLiveRooms' | 'updateLiveRoom' | 'listPartners' | 'listStaff' | 'settings' | 'setNewMemberGift' | 'updateReward';

// Contract first: every action below is declared and answers INVALID_STATE until its handler lands.
const notYet = { input: v.object({}), run: async (): Promise<never> => { throw fail('INVALID_STATE', 'not built yet'); } };

export const backOfficeAdmin: Pick<Actions<'admin'>, BackOffice> = {
  reviewRefund: notYet, refund: notYet, updateProduct: notYet, updateSku: notYet, listProducts: notYet, productDetail: notYet,
  listOrders: notYet, orderDetail: notYet, listAfterSales: notYet, dashboard: notYet, listWithdrawals: notYet, listCampaigns: notYet,
  updateGroupCampaign: notYet, updateFlashSale: notYet, stopFlashSale: notYet, updateCoupon: notYet, updatePromotion: notYet,
  listLiveRooms: notYet, updateLiveRoom: notYet, listPartners: notYet, listStaff: notYet, settings: notYet, setNewMemberGift: notYet, updateReward: notYet,
} as unknown as Pick<Actions<'admin'>, BackOffice>;
