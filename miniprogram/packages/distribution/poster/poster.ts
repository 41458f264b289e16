import { storeBindingsBehavior } from 'mobx-miniprogram-bindings';
import { downloadFile } from '../../../api/client';
import { distribution, distributionErrorText, inviterOfScene, shareOf } from '../../../stores/distribution';
import { session } from '../../../stores/session';
import { saveToAlbum } from '../../../utils/album';
import { formatFen } from '../../../utils/money';
import { drawPoster, initialOf, posterName, SCAN_HINT, SHOP_LINE, SHOP_NAME, type PosterCanvas } from '../../../utils/poster';

/** The name the member chose for their posters, kept on this phone only. */
const NAME_KEY = 'poster:name';
const INVITATION = '邀请你一起拼好物';
const CANVAS = '#tm-poster-canvas';

/** A local temporary file of an image the poster draws: cloud files and web images are downloaded first. */
function localImage(src: string): Promise<string> {
  if (src.startsWith('cloud://')) return downloadFile(src);
  if (!/^https?:\/\//.test(src)) return Promise.resolve(src);
  return new Promise((resolve, reject) =>
    wx.downloadFile({
      url: src,
      success: (res) => (res.statusCode === 200 ? resolve(res.tempFilePath) : reject(new Error(`downloadFile ${src}: HTTP ${res.statusCode}`))),
      fail: (err) => reject(new Error(`downloadFile ${src}: ${err.errMsg}`)),
    }),
  );
}

/** The page's `<canvas type="2d">` node (WeChat's Canvas object). */
function canvasOf(page: WechatMiniprogram.Component.TrivialInstance): Promise<PosterCanvas> {
  return new Promise((resolve, reject) => {
    page.createSelectorQuery().select(CANVAS).fields({ node: true, size: true }).exec((res: { node?: PosterCanvas }[]) => {
      const node = res[0]?.node;
      if (node) resolve(node);
      else reject(new Error(`no canvas node for ${CANVAS}`));
    });
  });
}

/**
 * The promoter's poster (推广海报): a share poster with the member's name, the shop's featured product and
 * the member's mini-program code (`distribution.poster`, stored in cloud storage and shown by fileID);
 * scanned, it binds the scanner to the member. 保存到相册 draws the same poster on a canvas and saves it
 * (asking for the album permission, or the settings page once it was refused); 分享给好友 sends a card
 * with the same inviter.
 */
Component({
  behaviors: [storeBindingsBehavior],
  storeBindings: {
    store: distribution,
    fields: {
      loading: () => distribution.posterLoading,
      errorMessage: () => (distribution.posterError ? distributionErrorText(distribution.posterError) : ''),
      codeSrc: () => distribution.poster?.fileID ?? '',
      shareCode: () => distribution.poster?.shareCode ?? '',
      product: () => {
        const featured = distribution.poster?.featured;
        return featured ? { title: featured.title, cover: featured.cover, priceText: formatFen(featured.minPriceFen) } : null;
      },
    },
    actions: {},
  },
  data: {
    chosenName: '',
    name: '',
    initial: '',
    invitation: INVITATION,
    shopName: SHOP_NAME,
    shopLine: SHOP_LINE,
    hint: SCAN_HINT,
    saving: false,
    saved: false,
  },
  observers: {
    'chosenName, shareCode'(chosen: string, shareCode: string) {
      const name = posterName(chosen, shareCode);
      this.setData({ name, initial: initialOf(name) });
    },
  },
  methods: {
    onLoad() {
      const stored = wx.getStorageSync(NAME_KEY);
      if (typeof stored === 'string' && stored) this.setData({ chosenName: stored });
      if (!session.loggedIn) void session.login();
      void distribution.loadPoster();
    },
    onRetry() {
      void distribution.loadPoster();
    },
    /** The nickname field (`type="nickname"` offers the WeChat nickname): read when it loses focus. */
    onNameBlur(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const chosen = e.detail.value.trim();
      this.setData({ chosenName: chosen, saved: false });
      wx.setStorageSync(NAME_KEY, chosen);
    },
    async onSave() {
      const poster = distribution.poster;
      if (!poster || this.data.saving) return;
      this.setData({ saving: true });
      try {
        const product = poster.featured;
        const [canvas, code, image] = await Promise.all([canvasOf(this), localImage(poster.fileID), product ? localImage(product.cover) : Promise.resolve('')]);
        await drawPoster(canvas, {
          name: this.data.name,
          invitation: INVITATION,
          product: product ? { title: product.title, priceText: formatFen(product.minPriceFen), image } : null,
          code,
        });
        const { tempFilePath } = await wx.canvasToTempFilePath({ canvas: canvas as unknown as WechatMiniprogram.Component.TrivialInstance, fileType: 'png' } as WechatMiniprogram.CanvasToTempFilePathOption);
        const outcome = await saveToAlbum(tempFilePath);
        if (outcome === 'saved') {
          this.setData({ saved: true });
          void wx.showToast({ title: '已保存到相册', icon: 'success' });
        } else if (outcome === 'denied') {
          void wx.showToast({ title: '未获得相册权限，海报未保存', icon: 'none' });
        }
      } catch (err) {
        console.error('[poster] could not save the poster', err);
        void wx.showToast({ title: '海报保存失败，请重试', icon: 'none' });
      } finally {
        this.setData({ saving: false });
      }
    },
    onShareAppMessage() {
      const fromScene = distribution.poster ? inviterOfScene(distribution.poster.scene) : null;
      return shareOf(fromScene ?? session.userId);
    },
  },
});
