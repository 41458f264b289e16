/**
 * Geospatial queries on GeoJSON, as the SDK's `db.Geo.*` values are stored (`{type, coordinates}` with
 * `[longitude, latitude]`): `_.geoNear` (wire `$nearSphere`: nearest first, `$maxDistance`/`$minDistance`
 * in metres), `_.geoWithin` (`$geometry` polygon or `$centerSphere: [[lng, lat], radians]`),
 * `_.geoIntersects` (`$geometry`), and the aggregate stage `$geoNear`.
 *
 * Distances are great-circle (haversine) on a sphere of radius 6378100 m, the radius MongoDB's
 * spherical geometry uses, so distances and `$centerSphere` radians agree with the platform's MongoDB
 * to within rounding. Containment and intersection are computed in the longitude/latitude plane (edges
 * are straight lines in degrees, not great-circle arcs): exact for the city-sized shapes mini-programs
 * use, off by metres for shapes spanning hundreds of kilometres. See docs/contract.md.
 */
import { isPlainObject } from './ejson';
import { collectValues, getPath } from './values';
import { DbError, ErrorCodes } from './errors';

type Any = unknown;
type Doc = Record<string, Any>;
export type Position = [number, number];

/** Metres; MongoDB's kRadiusOfEarthInMeters. */
export const EARTH_RADIUS_M = 6378100;

/** A geometry reduced to what the predicates need. */
interface Shape {
  points: Position[];
  segments: Array<[Position, Position]>;
  /** Polygons as rings, the first one outer, the others holes. */
  polygons: Position[][][];
}

const bad = (msg: string): never => {
  throw new DbError(ErrorCodes.INVALID_PARAM, msg);
};

function isPosition(v: Any): v is Position {
  return Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number';
}

/** A stored or queried geometry: GeoJSON, or a legacy `[lng, lat]` pair. Null when the value is none. */
export function shapeOf(v: Any): Shape | null {
  if (isPosition(v)) return { points: [v], segments: [], polygons: [] };
  if (!isPlainObject(v) || typeof v.type !== 'string' || !Array.isArray(v.coordinates)) return null;
  const c = v.coordinates as Any;
  const line = (ps: Any): Position[] => (Array.isArray(ps) && ps.every(isPosition) ? (ps as Position[]) : bad(`invalid ${String(v.type)} coordinates`));
  const segs = (ps: Position[]) => ps.slice(1).map((p, i) => [ps[i], p] as [Position, Position]);
  const shape: Shape = { points: [], segments: [], polygons: [] };
  const addLine = (ps: Position[]) => {
    shape.points.push(...ps);
    shape.segments.push(...segs(ps));
  };
  const addPolygon = (rings: Any) => {
    if (!Array.isArray(rings) || rings.length === 0) bad('invalid Polygon coordinates');
    const rs = (rings as Any[]).map(line);
    rs.forEach(addLine);
    shape.polygons.push(rs);
  };
  switch (v.type) {
    case 'Point':
      if (!isPosition(c)) bad('invalid Point coordinates');
      shape.points.push(c as Position);
      break;
    case 'MultiPoint':
      shape.points.push(...line(c));
      break;
    case 'LineString':
      addLine(line(c));
      break;
    case 'MultiLineString':
      (c as Any[]).forEach((l) => addLine(line(l)));
      break;
    case 'Polygon':
      addPolygon(c);
      break;
    case 'MultiPolygon':
      (c as Any[]).forEach(addPolygon);
      break;
    default:
      return null;
  }
  return shape;
}

const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceM(a: Position, b: Position): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting; a point on the boundary counts as inside (GeoJSON polygons include their edges). */
function inRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (onSegment(p, ring[i], ring[j])) return true;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(p: Position, rings: Position[][]): boolean {
  return inRing(p, rings[0]) && !rings.slice(1).some((hole) => inRing(p, hole) && !hole.some((_, i) => i > 0 && onSegment(p, hole[i - 1], hole[i])));
}

const cross = (o: Position, a: Position, b: Position) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
const EPS = 1e-12;

function onSegment(p: Position, a: Position, b: Position): boolean {
  return Math.abs(cross(a, b, p)) < EPS && p[0] >= Math.min(a[0], b[0]) - EPS && p[0] <= Math.max(a[0], b[0]) + EPS && p[1] >= Math.min(a[1], b[1]) - EPS && p[1] <= Math.max(a[1], b[1]) + EPS;
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return onSegment(a, c, d) || onSegment(b, c, d) || onSegment(c, a, b) || onSegment(d, a, b);
}

/** True when every point of `s` lies inside one of `within`'s polygons. */
function shapeWithin(s: Shape, within: Shape): boolean {
  return s.points.length > 0 && s.points.every((p) => within.polygons.some((poly) => inPolygon(p, poly)));
}

function intersects(a: Shape, b: Shape): boolean {
  const pointHits = (x: Shape, y: Shape) =>
    x.points.some((p) => y.polygons.some((poly) => inPolygon(p, poly)) || y.segments.some(([s, t]) => onSegment(p, s, t)) || y.points.some((q) => q[0] === p[0] && q[1] === p[1]));
  if (pointHits(a, b) || pointHits(b, a)) return true;
  return a.segments.some(([p, q]) => b.segments.some(([r, s]) => segmentsCross(p, q, r, s)));
}

/** Metres from a point to the nearest part of a shape (0 inside a polygon). */
export function distanceToShape(p: Position, s: Shape): number {
  if (s.polygons.some((poly) => inPolygon(p, poly))) return 0;
  let best = Infinity;
  for (const q of s.points) best = Math.min(best, distanceM(p, q));
  // Nearest point of each segment, found in a plane scaled at p's latitude (good for short segments).
  const k = Math.cos(rad(p[1]));
  for (const [a, b] of s.segments) {
    const ax = (a[0] - p[0]) * k, ay = a[1] - p[1], bx = (b[0] - p[0]) * k, by = b[1] - p[1];
    const len = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * (bx - ax) + ay * (by - ay)) / len));
    best = Math.min(best, distanceM(p, [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]));
  }
  return best;
}

function pointArg(v: Any, op: string): Position {
  const s = shapeOf(v);
  if (!s || s.points.length !== 1 || s.segments.length) bad(`${op} requires a Point`);
  return s!.points[0];
}

/** The shapes found at `path` of a document (arrays of geometries are traversed, like any field). */
function shapesAt(doc: Doc, path: string): Shape[] {
  const out: Shape[] = [];
  for (const v of collectValues(doc, path)) {
    const s = shapeOf(v);
    if (s) out.push(s);
    else if (Array.isArray(v)) for (const el of v) {
      const e = shapeOf(el);
      if (e) out.push(e);
    }
  }
  return out;
}

/** A `$nearSphere` / `$near` argument as the SDK sends it: `{$geometry, $maxDistance?, $minDistance?}`. */
export interface Near { point: Position; max: number; min: number }

export function parseNear(arg: Any): Near {
  if (!isPlainObject(arg)) bad('$nearSphere requires an object');
  const a = arg as Doc;
  const point = pointArg(a.$geometry ?? arg, '$nearSphere');
  const num = (v: Any, dflt: number) => (v === undefined || v === null ? dflt : typeof v === 'number' && v >= 0 ? v : bad('$maxDistance/$minDistance must be non-negative numbers'));
  return { point, max: num(a.$maxDistance, Infinity), min: num(a.$minDistance, 0) };
}

/** Metres from the near point to the document's geometry at `path`, or null when it has none. */
export function nearDistance(doc: Doc, path: string, near: Pick<Near, 'point'>): number | null {
  const shapes = shapesAt(doc, path);
  if (shapes.length === 0) return null;
  return Math.min(...shapes.map((s) => distanceToShape(near.point, s)));
}

type QueryOp = (selector: string, value: Any) => (doc: Doc) => boolean;

/** mingo query operators (mingo has none for geo). */
export const geoQueryOps: Record<string, QueryOp> = {
  $nearSphere: (selector, value) => {
    const near = parseNear(value);
    return (doc) => {
      const d = nearDistance(doc, selector, near);
      return d !== null && d <= near.max && d >= near.min;
    };
  },
  $geoWithin: (selector, value) => {
    if (!isPlainObject(value)) bad('$geoWithin requires an object');
    const v = value as Doc;
    if (Array.isArray(v.$centerSphere)) {
      const [center, radians] = v.$centerSphere as [Any, Any];
      const c = pointArg(center, '$centerSphere');
      if (typeof radians !== 'number' || radians < 0) bad('$centerSphere radius must be a non-negative number of radians');
      const max = (radians as number) * EARTH_RADIUS_M;
      return (doc) => shapesAt(doc, selector).some((s) => s.points.length > 0 && s.points.every((p) => distanceM(c, p) <= max));
    }
    const within = shapeOf(v.$geometry);
    if (!within || within.polygons.length === 0) bad('$geoWithin $geometry must be a Polygon or MultiPolygon');
    return (doc) => shapesAt(doc, selector).some((s) => shapeWithin(s, within!));
  },
  $geoIntersects: (selector, value) => {
    const g = isPlainObject(value) ? shapeOf((value as Doc).$geometry) : null;
    if (!g) bad('$geoIntersects requires a $geometry');
    return (doc) => shapesAt(doc, selector).some((s) => intersects(s, g!));
  },
};
geoQueryOps.$near = geoQueryOps.$nearSphere;

/** The field a query asks nearest-first for (`{field: {$nearSphere}}` at the top level or in `$and`). */
export function nearField(query: Any): { path: string; near: Near } | null {
  if (!isPlainObject(query)) return null;
  for (const [k, v] of Object.entries(query)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const q of v) {
        const f = nearField(q);
        if (f) return f;
      }
    } else if (!k.startsWith('$') && isPlainObject(v)) {
      const arg = v.$nearSphere ?? v.$near;
      if (arg !== undefined) return { path: k, near: parseNear(arg) };
    }
  }
  return null;
}

/** Sorts documents nearest first for a `$nearSphere` query (ties keep their order). */
export function sortByDistance<T extends Doc>(docs: T[], path: string, near: Near): T[] {
  return docs
    .map((d, i) => ({ d, i, k: nearDistance(d, path, near) ?? Infinity }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.d);
}

function setPath(doc: Doc, path: string, value: Any): void {
  const parts = path.split('.');
  let cur: Doc = doc;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainObject(cur[p])) cur[p] = {};
    cur = cur[p] as Doc;
  }
  cur[parts[parts.length - 1]] = value;
}

/**
 * The `$geoNear` stage: documents matching `query`, nearest first, with the distance in metres
 * (times `distanceMultiplier`) in `distanceField` and the matched location in `includeLocs`.
 * `key` names the geo field; without it the collection must have exactly one 2dsphere index.
 */
export function geoNearStage(docs: Doc[], spec: Any, geoKeys: string[], match: (query: Any) => (doc: Doc) => boolean): Doc[] {
  if (!isPlainObject(spec)) bad('$geoNear requires an object');
  const s = spec as Doc;
  if (typeof s.distanceField !== 'string' || !s.distanceField) bad('$geoNear requires a distanceField');
  const point = pointArg(s.near, '$geoNear near');
  let key = s.key;
  if (key === undefined) {
    if (geoKeys.length !== 1) bad(geoKeys.length === 0 ? '$geoNear requires a 2dsphere index' : '$geoNear: more than one 2dsphere index, specify key');
    key = geoKeys[0];
  } else if (typeof key !== 'string' || !geoKeys.includes(key)) bad(`$geoNear: no 2dsphere index on ${String(key)}`);
  const path = key as string;
  const mult = typeof s.distanceMultiplier === 'number' ? s.distanceMultiplier : 1;
  const max = typeof s.maxDistance === 'number' ? s.maxDistance : Infinity;
  const min = typeof s.minDistance === 'number' ? s.minDistance : 0;
  const test = s.query === undefined ? () => true : match(s.query);
  const out: Array<{ d: Doc; k: number; i: number }> = [];
  docs.forEach((doc, i) => {
    if (!test(doc)) return;
    const k = nearDistance(doc, path, { point });
    if (k === null || k > max || k < min) return;
    const d = structuredClone(doc);
    setPath(d, s.distanceField as string, k * mult);
    if (typeof s.includeLocs === 'string') setPath(d, s.includeLocs, getPath(doc, path));
    out.push({ d, k, i });
  });
  return out.sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.d);
}
