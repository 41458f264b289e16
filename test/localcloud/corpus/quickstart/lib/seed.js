exports.sales = [
  { region: '华东', city: '上海', sales: 11 },
  { region: '华南', city: '广州', sales: 22 },
];
