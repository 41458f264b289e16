/** Geo values and queries (db.Geo.*, _.geoNear/geoWithin/geoIntersects, aggregate geoNear) through the real SDK. */
import { harness, rejection, Harness } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */
let h: Harness;
let shops: any;
let Geo: any;

// Shanghai: People's Square, the Bund (~1.9 km), Lujiazui (~3.2 km), Hongqiao airport (~13.5 km west).
const SQUARE = [121.4737, 31.2304];
const PLACES = [
  { _id: 'bund', kind: 'cafe', at: [121.4903, 31.2400] },
  { _id: 'hongqiao', kind: 'cafe', at: [121.3364, 31.1979] },
  { _id: 'lujiazui', kind: 'mall', at: [121.5055, 31.2397] },
  { _id: 'square', kind: 'cafe', at: SQUARE },
];
/** One degree of arc on the sphere the platform measures with (MongoDB's radius, 6378100 m). */
const ONE_DEGREE_M = (6378100 * Math.PI) / 180;

beforeEach(async () => {
  h = harness({}, ['plain']);
  h.engine.ensureSchema({ collections: { shops: { indexes: [{ name: 'loc_2dsphere', keys: { loc: '2dsphere' } }] } } });
  shops = h.db.collection('shops');
  Geo = h.db.Geo;
  await shops.add({ data: PLACES.map((p) => ({ _id: p._id, kind: p.kind, loc: new Geo.Point(p.at[0], p.at[1]) })) });
});

const near = (max?: number, min?: number) => h._.geoNear({ geometry: new Geo.Point(SQUARE[0], SQUARE[1]), maxDistance: max, minDistance: min });
const ids = (res: { data?: any[]; list?: any[] }) => (res.data ?? res.list ?? []).map((d) => d._id);
const square = (lng: number, lat: number, half: number) =>
  new Geo.Polygon([new Geo.LineString([[lng - half, lat - half], [lng + half, lat - half], [lng + half, lat + half], [lng - half, lat + half], [lng - half, lat - half]].map(([x, y]) => new Geo.Point(x, y)))]);

describe('when geo values are stored', () => {
  it('reads every GeoJSON type back as the SDK Geo class it was written as', async () => {
    const line = new Geo.LineString([new Geo.Point(0, 0), new Geo.Point(1, 1)]);
    const poly = square(0, 0, 1);
    await h.db.collection('plain').add({ data: { _id: 'g', point: new Geo.Point(1, 2), line, poly, mp: new Geo.MultiPoint([new Geo.Point(1, 2)]), ml: new Geo.MultiLineString([line]), mpoly: new Geo.MultiPolygon([poly]) } });
    const { data } = await h.db.collection('plain').doc('g').get();
    const classOf = (v: any) => v?.constructor?.name;
    expect([classOf(data.point), classOf(data.line), classOf(data.poly), classOf(data.mp), classOf(data.ml), classOf(data.mpoly)]).toEqual(['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon']);
    expect([data.point.longitude, data.point.latitude]).toEqual([1, 2]);
    expect(data.poly.toJSON()).toEqual(poly.toJSON());
  });
});

describe('when querying nearby with _.geoNear', () => {
  it('answers nearest first, within maxDistance metres', async () => {
    expect(ids(await shops.where({ loc: near(5000) }).get())).toEqual(['square', 'bund', 'lujiazui']);
  });
  it('leaves out what is nearer than minDistance, and combines with other conditions', async () => {
    expect(ids(await shops.where({ loc: near(20000, 100), kind: 'cafe' }).get())).toEqual(['bund', 'hongqiao']);
  });
  it('an explicit orderBy wins over distance order', async () => {
    expect(ids(await shops.where({ loc: near(5000) }).orderBy('_id', 'desc').get())).toEqual(['square', 'lujiazui', 'bund']);
  });
  it('measures great-circle metres on the 6378100 m sphere', async () => {
    await h.db.collection('plain').add({ data: { x: 1 } });
    h.engine.ensureSchema({ collections: { equator: { indexes: [{ name: 'p', keys: { p: '2dsphere' } }] } } });
    await h.db.collection('equator').add({ data: [{ _id: 'one', p: new Geo.Point(0, 1) }] });
    const at = (m: number) => h.db.collection('equator').where({ p: h._.geoNear({ geometry: new Geo.Point(0, 0), maxDistance: m }) }).count();
    expect((await at(ONE_DEGREE_M + 1)).total).toBe(1);
    expect((await at(ONE_DEGREE_M - 1)).total).toBe(0);
  });
  it('fails without a 2dsphere index on the field, as the platform does', async () => {
    await h.db.collection('plain').add({ data: { loc: new Geo.Point(0, 0) } });
    const e = await rejection(h.db.collection('plain').where({ loc: near(10) }).get());
    expect(e.errMsg).toMatch(/unable to find index for \$geoNear query/);
  });
});

describe('when querying inside an area with _.geoWithin', () => {
  it('finds points inside a polygon', async () => {
    expect(ids(await shops.where({ loc: h._.geoWithin({ geometry: square(121.49, 31.235, 0.03) }) }).get()).sort()).toEqual(['bund', 'lujiazui', 'square']);
  });
  it('finds points within a centerSphere radius (radians of the sphere)', async () => {
    const radians = 2500 / 6378100;
    expect(ids(await shops.where({ loc: h._.geoWithin({ centerSphere: [new Geo.Point(SQUARE[0], SQUARE[1]), radians] }) }).get()).sort()).toEqual(['bund', 'square']);
  });
});

describe('when querying shapes that meet with _.geoIntersects', () => {
  beforeEach(async () => {
    await shops.add({ data: [{ _id: 'zone', loc: square(10, 10, 1) }, { _id: 'road', loc: new Geo.LineString([new Geo.Point(20, 0), new Geo.Point(20, 5)]) }] });
  });
  it('finds a polygon crossed by a line and a line crossed by a line', async () => {
    const across = new Geo.LineString([new Geo.Point(8, 10), new Geo.Point(30, 0)]);
    expect(ids(await shops.where({ loc: h._.geoIntersects({ geometry: across }) }).get()).sort()).toEqual(['road', 'zone']);
  });
  it('finds the polygon holding a point, and nothing for a point outside everything', async () => {
    expect(ids(await shops.where({ loc: h._.geoIntersects({ geometry: new Geo.Point(10.5, 9.5) }) }).get())).toEqual(['zone']);
    expect(ids(await shops.where({ loc: h._.geoIntersects({ geometry: new Geo.Point(15, 15) }) }).get())).toEqual([]);
  });
});

describe('when aggregating with geoNear', () => {
  it('answers matching documents nearest first with their distance in metres', async () => {
    const { list } = await shops.aggregate().geoNear({ near: new Geo.Point(SQUARE[0], SQUARE[1]), spherical: true, distanceField: 'dist.m', includeLocs: 'where', query: { kind: 'cafe' }, maxDistance: 20000 }).end();
    expect(list.map((d: any) => d._id)).toEqual(['square', 'bund', 'hongqiao']);
    expect(list[0].dist.m).toBe(0);
    expect(list[1].dist.m).toBeGreaterThan(1800);
    expect(list[1].dist.m).toBeLessThan(2000);
    expect(list[1].where).toEqual({ type: 'Point', coordinates: [121.4903, 31.24] });
  });
  it('scales distances by distanceMultiplier', async () => {
    const { list } = await shops.aggregate().geoNear({ near: new Geo.Point(0, 0), spherical: true, distanceField: 'km', distanceMultiplier: 0.001, query: { _id: 'square' } }).end();
    expect(list[0].km).toBeCloseTo(0.001 * 6378100 * Math.acos(Math.cos((31.2304 * Math.PI) / 180) * Math.cos((121.4737 * Math.PI) / 180)), 3);
  });
  it('must be the first stage', async () => {
    const e = await rejection(shops.aggregate().match({ kind: 'cafe' }).geoNear({ near: new Geo.Point(0, 0), spherical: true, distanceField: 'd' }).end());
    expect(e.errMsg).toMatch(/first stage/);
  });
});
