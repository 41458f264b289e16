/**
 * Subscribe-message templates (订阅消息) the mini-program asks the shopper for. The ids are the brand's own,
 * from the WeChat console (订阅消息 → 我的模板); the server sends with whatever ids were accepted.
 */
export const TEMPLATE_IDS = {
  /** 拼团结果通知: the group formed, or failed and the money is on its way back. */
  groupResult: 'tm-group-result',
};

/**
 * Asks the shopper to accept `templateIds` (must run in a tap's handler); resolves with the accepted ones,
 * none when the platform has no such API or the shopper declined.
 */
export function askSubscribe(templateIds: string[]): Promise<string[]> {
  if (typeof wx.requestSubscribeMessage !== 'function' || templateIds.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: templateIds,
      success: (res: Record<string, string>) => resolve(templateIds.filter((id) => res[id] === 'accept')),
      fail: (err: { errMsg?: string }) => {
        console.warn(`[subscribe] not asked (${err?.errMsg ?? 'unknown'})`);
        resolve([]);
      },
    });
  });
}
