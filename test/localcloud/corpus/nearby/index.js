// "Shops near me", as store-locator mini-programs write it. Needs a 2dsphere index on `location`.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();
const _ = db.command;
const $ = db.command.aggregate;
const shops = db.collection('corpus_shops');

exports.main = async (event) => {
  const here = new db.Geo.Point(Number(event.longitude), Number(event.latitude));
  switch (event.action) {
    case 'seed':
      await shops.add({ data: event.shops.map((s) => ({ _id: s.id, name: s.name, open: s.open, location: db.Geo.Point(s.lng, s.lat) })) });
      return { seeded: event.shops.length };
    case 'near': {
      const { data } = await shops.where({ location: _.geoNear({ geometry: here, maxDistance: event.radius }) }).limit(10).get();
      return data.map((s) => ({ id: s._id, lng: s.location.longitude, lat: s.location.latitude }));
    }
    case 'within': {
      const { data } = await shops.where({ location: _.geoWithin({ centerSphere: [here, event.radius / 6378100] }) }).get();
      return data.map((s) => s._id).sort();
    }
    case 'distances': {
      const { list } = await shops
        .aggregate()
        .geoNear({ distanceField: 'distance', spherical: true, near: here, query: { open: true }, key: 'location' })
        .project({ name: 1, km: $.divide([$.trunc($.multiply(['$distance', 0.01])), 10]) })
        .end();
      return list;
    }
    default:
      return null;
  }
};
