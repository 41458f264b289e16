import { initCloud } from './api/client';
import { session } from './stores/session';

export interface AppGlobalData {
  /** The userId or share code the user arrived with (`?inviter=` or a scene code). */
  inviter: string | null;
}

App<{ globalData: AppGlobalData }>({
  globalData: { inviter: null },

  onLaunch(options) {
    initCloud();
    const inviter = inviterOf(options.query);
    this.globalData.inviter = inviter;
    void session.login(inviter ?? undefined);
  },
});

/** `inviter` from the launch query, or from `scene` when the user scanned a mini-program code. */
function inviterOf(query: Record<string, string> | undefined): string | null {
  if (!query) return null;
  if (query.inviter) return query.inviter;
  if (query.scene) {
    const scene = decodeURIComponent(query.scene);
    // Posters carry `i=<shareCode>` (scenes are at most 32 characters); links carry `inviter=`.
    const match = /(?:^|&)(?:i|inviter)=([^&]+)/.exec(scene);
    return match ? match[1] : null;
  }
  return null;
}
