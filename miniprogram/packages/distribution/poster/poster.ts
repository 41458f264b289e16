import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { distribution, distributionErrorText, inviterOfScene, shareOf } from '../../../stores/distribution';
import { session } from '../../../stores/session';

/** Writes the poster to a local file, so the page binds a short path instead of the whole image. */
function storePoster(base64: string, contentType: string): Promise<string> {
  const ext = contentType.includes('png') ? 'png' : 'jpg';
  const filePath = `${wx.env.USER_DATA_PATH}/distribution-poster.${ext}`;
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().writeFile({
      filePath,
      data: base64,
      encoding: 'base64',
      success: () => resolve(filePath),
      fail: (err) => reject(new Error(err.errMsg)),
    });
  });
}

/**
 * The promoter's poster (推广海报): the mini-program code from `distribution.poster`, which scanned
 * binds the scanner to the promoter; saved to the album or shared as a card with the same inviter.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: distribution,
    fields: {
      src: () => distribution.poster?.src ?? '',
      loading: () => distribution.posterLoading,
      errorMessage: () => (distribution.posterError ? distributionErrorText(distribution.posterError) : ''),
    },
    actions: {},
  },
  data: {
    saved: false,
  },
  methods: {
    onLoad() {
      if (!session.loggedIn) void session.login();
      void distribution.loadPoster(storePoster);
    },
    onRetry() {
      void distribution.loadPoster(storePoster);
    },
    onSave() {
      const poster = distribution.poster;
      if (!poster) return;
      wx.saveImageToPhotosAlbum({
        filePath: poster.src,
        success: () => this.setData({ saved: true }),
        fail: (err) => console.warn('[poster] not saved', err),
      });
    },
    onShareAppMessage() {
      const fromScene = distribution.poster ? inviterOfScene(distribution.poster.scene) : null;
      return shareOf(fromScene ?? session.userId);
    },
  },
});
