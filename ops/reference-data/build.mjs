// Builds src/RegionLock.Ledger/Regions/reference-data.json from two npm packages (both MIT):
//   iso-3166      (wooorm/iso-3166)       ISO 3166-1 countries and ISO 3166-2 subdivisions
//   mcc-mnc-list  (pbakondy/mcc-mnc-list) ITU-T E.212 mobile network codes
// plus the reviewed overrides in overrides.json. Run through ops/reference-data/build; review the diff before committing.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { iso31661 } from 'iso-3166/1.js';
import { iso31662 } from 'iso-3166/2.js';

const require = createRequire(import.meta.url);
const networks = require('mcc-mnc-list/mcc-mnc-list.json');
const version = (name) => require(`${name}/package.json`).version;
const overrides = JSON.parse(readFileSync(new URL('./overrides.json', import.meta.url)));
const [output] = process.argv.slice(2);

const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const countries = iso31661.map((c) => ({ code: c.alpha2, name: c.name })).sort(byCode);
const subdivisions = iso31662.map((s) => ({ code: s.code, name: s.name, parent: s.parent })).sort(byCode);
const known = new Set([...countries, ...subdivisions].map((r) => r.code));

// The list names some networks by a disputed-territory code (GE-AB) or several countries at once (AU/CC/CX);
// keep the codes ISO knows, and leave out test networks that have no country and rows whose codes are not
// E.212's (a 3-digit MCC, a 2- or 3-digit MNC: a few rows carry "?" or 5-digit numbers).
const mobileNetworks = [];
for (const n of networks.filter((n) => /^[0-9]{3}$/.test(n.mcc) && /^[0-9]{2,3}$/.test(n.mnc))) {
  for (const region of (n.countryCode ?? '').split('/').filter((r) => known.has(r))) {
    mobileNetworks.push({ mcc: n.mcc, mnc: n.mnc, region });
  }
}
const overridden = new Set(overrides.networks.map((o) => `${o.mcc}-${o.mnc}`));
const merged = mobileNetworks
  .filter((n) => !overridden.has(`${n.mcc}-${n.mnc}`))
  .concat(overrides.networks.map(({ mcc, mnc, region, effectiveFrom }) => ({ mcc, mnc, region, effectiveFrom })));
const unique = [...new Map(merged.map((n) => [`${n.mcc}-${n.mnc}-${n.region}`, n])).values()].sort((a, b) =>
  `${a.mcc}-${a.mnc}-${a.region}`.localeCompare(`${b.mcc}-${b.mnc}-${b.region}`));

const data = {
  sources: [
    { package: 'iso-3166', version: version('iso-3166'), licence: 'MIT', content: 'ISO 3166-1 alpha-2 and ISO 3166-2 codes' },
    { package: 'mcc-mnc-list', version: version('mcc-mnc-list'), licence: 'MIT', content: 'ITU-T E.212 MCC-MNC to country' },
    { package: 'overrides.json', version: overrides.reviewed, licence: 'project', content: overrides.why },
  ],
  countries,
  subdivisions,
  networks: unique,
};
// One entry a line: small, and a review reads the diff entry by entry.
const lines = Object.entries(data).map(([key, rows]) =>
  `"${key}": [\n${rows.map((row) => '  ' + JSON.stringify(row)).join(',\n')}\n]`);
writeFileSync(output, `{\n${lines.join(',\n')}\n}\n`);
console.log(`${countries.length} countries, ${subdivisions.length} subdivisions, ${unique.length} networks -> ${output}`);
