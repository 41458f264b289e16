/**
 * Saving an image to the phone's album (保存到相册), with WeChat's permission rules: the first save asks
 * for `scope.writePhotosAlbum`; once the user refused, WeChat never asks again and every save fails at
 * once, so the only way back is the settings page (`wx.openSetting`), which may only open after a tap:
 * a modal explains and its confirm button is that tap.
 */

/** What became of a save. `denied`: no permission, and the user did not grant it in the settings. */
export type AlbumOutcome = 'saved' | 'denied' | 'cancelled';

/** WeChat's messages for a missing album permission (Android `auth deny`, iOS `auth denied` / `authorize no response`, the privacy agreement). */
const NO_PERMISSION = /auth den|authorize|auth deny|privacy permission/i;

const errMsgOf = (err: unknown) => String((err as { errMsg?: string } | null)?.errMsg ?? err);

function save(filePath: string): Promise<void> {
  return new Promise((resolve, reject) => wx.saveImageToPhotosAlbum({ filePath, success: () => resolve(), fail: reject }));
}

/**
 * Saves `filePath` to the album. When the permission is missing, offers the settings page and saves
 * again if the user switched it on there.
 * @throws the platform's error for any other failure.
 */
export async function saveToAlbum(filePath: string): Promise<AlbumOutcome> {
  try {
    await save(filePath);
    return 'saved';
  } catch (err) {
    const message = errMsgOf(err);
    if (/cancel/i.test(message)) return 'cancelled';
    if (!NO_PERMISSION.test(message)) throw err;
  }
  const { confirm } = await wx.showModal({ title: '需要相册权限', content: '保存海报需要允许「保存到相册」，请在设置中打开', confirmText: '去设置', cancelText: '暂不' });
  if (!confirm) return 'denied';
  const { authSetting } = await wx.openSetting();
  if (!authSetting['scope.writePhotosAlbum']) return 'denied';
  await save(filePath);
  return 'saved';
}
