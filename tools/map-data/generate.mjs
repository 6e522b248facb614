// Converts Natural Earth outlines from the npm package `world-atlas` (TopoJSON, 1:110m)
// into the compact binary that brief embeds for its offline maps:
// src/render/map/land.bin.
//
// Data: Natural Earth (https://www.naturalearthdata.com/), public domain, via
// world-atlas by Mike Bostock (ISC license). Run from this folder:
//
//     npm ci && node generate.mjs
//
// (or copy this folder elsewhere, run it there and give the output file as an argument:
// `node generate.mjs /path/to/brief/src/render/map/land.bin`).
//
// Format (all integers little-endian):
//   bytes 0..4   "BMP1"
//   u16          number of land rings, then that many rings
//   u16          number of border lines, then that many lines
//   each ring or line: u16 point count n, then n points of (i16 lon, i16 lat) in
//   hundredths of a degree.
// Land rings are polygon outlines (outer rings and holes alike; fill with even-odd) without
// the closing point; border lines are the land borders between two countries.
// Longitudes are continuous along each ring and line: one that crosses the antimeridian
// reaches past 180 (up to about 191) instead of jumping to -180, and every one starts at or
// east of -180. Antarctica's outline is closed along the South Pole.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature, mesh } from "topojson-client";

const require = createRequire(import.meta.url);
const read = (name) => JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), "utf8"));
const out = process.argv[2] ?? new URL("../../src/render/map/land.bin", import.meta.url);

const q = (v) => Math.round(v * 100);

/**
 * Makes a line's longitudes continuous: world-atlas draws on the sphere, so a ring may
 * step from -180 to 179.9 (one short edge across the antimeridian). Each such step is
 * unwrapped by 360 degrees, so the line may reach past 180 (Chukotka to about 190).
 * A ring that goes once around a pole (Antarctica) is closed along that pole.
 */
function unwrap(points, closed) {
  const out = [[...points[0]]];
  for (let i = 1; i < points.length; i++) {
    const prev = out[out.length - 1][0];
    let lon = points[i][0];
    while (lon - prev > 180) lon -= 360;
    while (lon - prev < -180) lon += 360;
    out.push([lon, points[i][1]]);
  }
  if (closed) {
    const turn = out[out.length - 1][0] - out[0][0];
    if (Math.abs(turn) > 180) {
      const pole = out[0][1] < 0 ? -90 : 90;
      out.push([out[out.length - 1][0], pole], [out[0][0], pole]);
    }
  }
  const min = Math.min(...out.map((p) => p[0]));
  const shift = min < -180 ? 360 : 0;
  return out.map(([lon, lat]) => [lon + shift, lat]);
}

/** Quantizes a line to hundredths of a degree, dropping points that repeat the one before. */
function quantize(points, closed) {
  const result = [];
  for (const [lon, lat] of unwrap(points, closed)) {
    const p = [q(lon), q(lat)];
    const last = result[result.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) result.push(p);
  }
  for (const [lon, lat] of result) {
    if (lon < -18000 || lon > 36000 || lat < -9000 || lat > 9000) {
      throw new Error(`a point is out of range: ${lon}, ${lat}`);
    }
  }
  return result;
}

const landTopo = read("land-110m.json");
const rings = [];
for (const f of feature(landTopo, landTopo.objects.land).features) {
  const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const r = quantize(ring, true);
      const [a, b] = [r[0], r[r.length - 1]];
      if (r.length > 1 && a[0] === b[0] && a[1] === b[1]) r.pop();
      if (r.length >= 3) rings.push(r);
    }
  }
}

const countries = read("countries-110m.json");
const borders = mesh(countries, countries.objects.countries, (a, b) => a !== b)
  .coordinates.map((line) => quantize(line, false))
  .filter((l) => l.length >= 2);

const lines = [...rings, ...borders];
const size = 4 + 2 + 2 + lines.reduce((n, l) => n + 2 + 4 * l.length, 0);
const buf = Buffer.alloc(size);
let at = buf.write("BMP1", 0, "latin1");
const u16 = (v) => {
  if (v > 0xffff) throw new Error("too many items");
  at = buf.writeUInt16LE(v, at);
};
const put = (list) => {
  u16(list.length);
  for (const line of list) {
    u16(line.length);
    for (const [lon, lat] of line) {
      at = buf.writeInt16LE(lon, at);
      at = buf.writeInt16LE(lat, at);
    }
  }
};
put(rings);
put(borders);
writeFileSync(out, buf);
const points = lines.reduce((n, l) => n + l.length, 0);
console.log(`${rings.length} land rings, ${borders.length} border lines, ${points} points, ${size} bytes`);
