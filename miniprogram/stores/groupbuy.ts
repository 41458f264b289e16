import { makeAutoObservable } from 'mobx-miniprogram';
import type { Api, ErrorCode, GroupCampaignView, GroupStatus, ShippingAddress } from '../../typings/api';
import { PagedList } from './paged-list';
import { call, idempotencyKey } from '../api/client';
import { request } from './request';
import { errorText } from '../utils/errors';
import { rememberPayment, type PaymentAnswer } from './orders';

type GroupDetail = Api['groupbuy.detail']['res'];

/**
 * What `groupbuy.detail` may carry beyond the contract: the server's clock when it answered and the
 * members' faces. Both are optional; without `serverNow` the countdown starts from the phone's clock.
 */
interface GroupDetailExtras {
  serverNow?: number;
}

type Member = { isLeader?: boolean; paid?: boolean; avatarUrl?: string; nickName?: string };

export const GROUP_STATUS_TEXT: Record<GroupStatus, string> = { forming: '拼团中', formed: '已成团', failed: '未成团' };

const GROUP_ERRORS: Partial<Record<ErrorCode, string>> = {
  GROUP_FULL: '这个团已经满了，去开一个新团吧',
  ALREADY_IN_GROUP: '你已经在这个团里了',
  INVALID_STATE: '这个团已经结束了',
  NOT_FOUND: '拼团不存在',
};

/** What the user reads for a group-buy error code. */
export function groupErrorText(code: ErrorCode): string {
  return GROUP_ERRORS[code] ?? errorText(code);
}

/** A seat of the group as drawn: held by a member (paid, or holding it unpaid), maybe with a face, or free. */
export interface Seat {
  index: number;
  taken: boolean;
  leader: boolean;
  /** The holder paid (a held seat not yet paid shows 待支付). */
  paid: boolean;
  avatarUrl: string;
  nickName: string;
}

/**
 * Seats of a group of `groupSize`. With the server's `members` (leader first), each member holds a seat,
 * paid or not; without them, the first `paidMembers` seats are taken, the first one by the leader.
 */
export function seatsOf(groupSize: number, paidMembers: number, members: Member[] = []): Seat[] {
  return Array.from({ length: groupSize }, (_, index) => {
    const member = members[index];
    if (members.length > 0) {
      return {
        index,
        taken: member !== undefined,
        leader: member?.isLeader === true,
        paid: member?.paid === true,
        avatarUrl: member?.avatarUrl ?? '',
        nickName: member?.nickName ?? '',
      };
    }
    return { index, taken: index < paidMembers, leader: index === 0 && paidMembers > 0, paid: index < paidMembers, avatarUrl: '', nickName: '' };
  });
}

/**
 * Milliseconds a group has left, measured on the server's clock: `expiresAt - serverNow` when the answer
 * carries the server's time (a phone's clock may be off by minutes), else from `localNow`. Never negative.
 */
export function remainingMs(expiresAt: number, serverNow: number | undefined, localNow: number): number {
  return Math.max(0, expiresAt - (serverNow ?? localNow));
}

/** The result of starting or joining a group: where to go next and how to pay. */
export interface GroupEntry {
  groupId: string;
  orderId: string;
  payment: PaymentAnswer;
}

// ---------------------------------------------------------------------------------------------
// Campaigns

/** The group campaigns of one product (`catalog.detail().groupCampaigns`) and opening a group in one. */
export class CampaignListStore {
  productId: string | null = null;
  title = '';
  campaigns: GroupCampaignView[] = [];
  skuNames: Record<string, string> = {};
  loaded = false;
  loading = false;
  error: ErrorCode | null = null;
  /** The campaign whose group is being opened. */
  opening: string | null = null;
  openError: ErrorCode | null = null;
  /** One key per campaign until its group is opened: a retry does not open a second group. */
  private keys = new Map<string, string>();

  constructor() {
    makeAutoObservable<CampaignListStore, 'keys'>(this, { keys: false }, { autoBind: true });
  }

  get isEmpty(): boolean {
    return !this.loading && this.error === null && this.campaigns.length === 0;
  }

  async load(productId: string | null): Promise<void> {
    this.productId = productId;
    this.error = null;
    if (productId === null) {
      this.campaigns = [];
      this.loaded = true;
      return;
    }
    await request(() => call('catalog.detail', { productId }), {
      start: () => { this.loading = true; },
      done: (product) => {
        if (productId !== this.productId) return;
        this.title = product.title;
        this.campaigns = product.groupCampaigns;
        this.skuNames = Object.fromEntries(product.skus.map((s) => [s.skuId, s.name]));
        this.loaded = true;
        this.loading = false;
      },
      failed: (code) => { this.error = code; this.loading = false; },
    });
  }

  /** Opens a group as its leader (团长); resolves with it, or null when refused (see `openError`). */
  async open(campaignId: string, address?: ShippingAddress | null): Promise<GroupEntry | null> {
    if (this.opening) return null;
    let key = this.keys.get(campaignId);
    if (!key) {
      key = idempotencyKey();
      this.keys.set(campaignId, key);
    }
    const idempotency = key;
    const outcome = await request(() => call('groupbuy.open', { campaignId, ...(address ? { address } : {}), idempotencyKey: idempotency }), {
      start: () => { this.opening = campaignId; this.openError = null; },
      done: (entry) => {
        this.keys.delete(campaignId);
        rememberPayment(entry.orderId, entry.payment);
      },
      failed: (code) => {
        if (code !== 'INTERNAL') this.keys.delete(campaignId);
        this.openError = code;
      },
      settle: () => { this.opening = null; },
    });
    return outcome.ok ? outcome.value : null;
  }
}

// ---------------------------------------------------------------------------------------------
// One group

/** One group (`groupbuy.detail`), its countdown on the server's clock, and joining it. */
export class GroupStore {
  groupId: string | null = null;
  group: (GroupDetail & GroupDetailExtras) | null = null;
  /** Time left when the answer arrived, on the server's clock; the countdown runs down from it. */
  remainingMs = 0;
  loading = false;
  error: ErrorCode | null = null;
  joining = false;
  joinError: ErrorCode | null = null;
  private joinKey: string | null = null;

  constructor() {
    makeAutoObservable<GroupStore, 'joinKey'>(this, { joinKey: false }, { autoBind: true });
  }

  get seats(): Seat[] {
    return this.group ? seatsOf(this.group.groupSize, this.group.paidMembers, this.group.members) : [];
  }

  /** Still taking members: forming, a seat free and time left. */
  get open(): boolean {
    return this.group !== null && this.group.status === 'forming' && this.group.seatsLeft > 0 && this.remainingMs > 0;
  }

  async load(groupId: string): Promise<void> {
    await request((): Promise<GroupDetail & GroupDetailExtras> => call('groupbuy.detail', { groupId }), {
      start: () => {
        if (groupId !== this.groupId) {
          this.group = null;
          this.joinError = null;
          this.joinKey = null;
        }
        this.groupId = groupId;
        this.loading = true;
        this.error = null;
      },
      done: (group) => {
        if (groupId !== this.groupId) return;
        this.group = group;
        this.remainingMs = remainingMs(group.expiresAt, group.serverNow, Date.now());
        this.loading = false;
      },
      failed: (code) => { this.error = code; this.loading = false; },
    });
  }

  /** Joins this group; resolves with the seat's order, or null when refused (see `joinError`). */
  async join(address?: ShippingAddress | null): Promise<GroupEntry | null> {
    const groupId = this.groupId;
    if (!groupId || this.joining) return null;
    if (this.joinKey === null) this.joinKey = idempotencyKey();
    const key = this.joinKey;
    const outcome = await request(() => call('groupbuy.join', { groupId, ...(address ? { address } : {}), idempotencyKey: key }), {
      start: () => { this.joining = true; this.joinError = null; },
      done: (entry) => { rememberPayment(entry.orderId, entry.payment); },
      failed: (code) => {
        this.joinError = code;
        if (code !== 'INTERNAL') this.joinKey = null;
      },
      settle: () => { this.joining = false; },
    });
    if (outcome.ok) return outcome.value;
    // Full, ended or already joined: the group changed under us, show it as it is now.
    if (outcome.code !== 'INTERNAL') await this.load(groupId);
    return null;
  }
}

/**
 * Records the shopper's opt-in to the group's outcome message (`groupbuy.subscribe`) for the templates they
 * accepted; nothing to record when they accepted none. Never throws: the group works without it.
 */
export async function subscribeToGroup(groupId: string, templateIds: string[]): Promise<boolean> {
  if (templateIds.length === 0) return false;
  const outcome = await request(() => call('groupbuy.subscribe', { groupId, templateIds }), {
    failed: (code) => { console.warn(`[groupbuy] outcome message not subscribed (${code})`); },
  });
  return outcome.ok;
}

// ---------------------------------------------------------------------------------------------
// My groups

/** The groups I lead or joined, newest first, paged (`groupbuy.mine`: one call a page). */
export const myGroups = new PagedList('groupbuy.mine', 20);

export const campaignList = new CampaignListStore();
export const group = new GroupStore();
