/**
 * The couponId a store QR code carries: the page query `couponId`, or the mini-program code's `scene`
 * (`c=<couponId>`, URL-encoded as WeChat passes it; a bare scene is the couponId itself).
 */
export function couponIdOf(query: Record<string, string | undefined>): string | null {
  if (query.couponId) return query.couponId;
  if (!query.scene) return null;
  const scene = decodeURIComponent(query.scene);
  const match = /(?:^|&)c(?:ouponId)?=([^&]+)/.exec(scene);
  if (match) return decodeURIComponent(match[1]);
  return /^[\w-]+$/.test(scene) ? scene : null;
}
