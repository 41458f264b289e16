/**
 * The promoter's share poster (推广海报): the member's mini-program code, made once per (member, page)
 * and kept in cloud storage, plus what the page draws around it (the shop's featured product).
 *
 * The code comes from `wxacode.getUnlimited` with the scene `i=<shareCode>` (8 characters, well under
 * the 32 allowed; login binds the scanner to the member from it). It is uploaded to a path fixed by the
 * member and the page (`distribution/posters/<userId>/<page>.png`) and recorded in `poster_codes`, so
 * later calls reuse the stored file instead of asking WeChat again. Concurrent first calls may both ask
 * and upload, but to the same path: one file, one record. A crash between the upload and the record
 * leaves a file that the next call overwrites with the same code.
 */
import { stableId } from '../../domain/kernel/ids';
import type { Api, ProductCard } from '../../typings/api';
import { db, findById } from '../kernel/db';
import { isDuplicateKey } from '../kernel/errors';
import { platform } from '../kernel/platform';
import type { User } from '../membership/users';
import { listProducts } from '../store/catalog';

export const POSTER_HOME = 'pages/home/home';

interface PosterCodeDoc {
  _id: string;
  userId: string;
  page: string;
  scene: string;
  fileID: string;
  contentType: string;
  createdAt: number;
}

/** The scene a member's code carries: their share code. */
export const posterScene = (user: Pick<User, 'shareCode'>) => `i=${user.shareCode}`;

export const posterCodeId = (userId: string, page: string) => stableId('poster', userId, page);

/** Where the code of (member, page) is stored. */
export const posterCloudPath = (userId: string, page: string) => `distribution/posters/${userId}/${page.replace(/\//g, '_')}.png`;

/** The stored code of (member, page): made and uploaded the first time, read back from storage after. */
async function storedCode(user: User, page: string, now: number): Promise<{ doc: Omit<PosterCodeDoc, '_id'>; image: Buffer }> {
  const cloud = platform();
  const _id = posterCodeId(user._id, page);
  const known = await findById<PosterCodeDoc>('poster_codes', _id);
  if (known) {
    const { fileContent } = (await cloud.downloadFile({ fileID: known.fileID })) as { fileContent: Buffer };
    return { doc: known, image: Buffer.from(fileContent) };
  }
  const scene = posterScene(user);
  const code = (await cloud.openapi.wxacode.getUnlimited({ scene, page, checkPath: false, width: 430 })) as { contentType: string; buffer: Buffer | Uint8Array };
  const image = Buffer.from(code.buffer);
  const { fileID } = await cloud.uploadFile({ cloudPath: posterCloudPath(user._id, page), fileContent: image });
  const doc = { userId: user._id, page, scene, fileID, contentType: code.contentType, createdAt: now };
  try {
    await db().collection('poster_codes').add({ data: { _id, ...doc } });
  } catch (err) {
    // A concurrent first call recorded the same path first.
    if (!isDuplicateKey(err)) throw err;
  }
  return { doc, image };
}

/** The poster of `user` for `page`: the stored code (fileID, a temporary URL and the image) and the featured product. */
export async function posterOf(user: User, page: string, now: number): Promise<Api['distribution.poster']['res']> {
  const [{ doc, image }, feed] = [await storedCode(user, page, now), await listProducts({ limit: 1 })];
  const { fileList } = (await platform().getTempFileURL({ fileList: [doc.fileID] })) as { fileList: { tempFileURL: string }[] };
  const featured: ProductCard | null = feed.items[0] ?? null;
  return {
    scene: doc.scene,
    contentType: doc.contentType,
    imageBase64: image.toString('base64'),
    page,
    fileID: doc.fileID,
    tempFileURL: fileList[0]?.tempFileURL ?? '',
    shareCode: user.shareCode,
    featured,
  };
}
