// Renders the bundled maps of Changchun Cards from Natural Earth data (world-atlas) and the places,
// railways and rivers in data.json. Every map comes twice with the same projection: labelled, for
// explanations, and blank (unnamed town dots), for map questions. Labels are glyph outlines, so the
// SVGs need no fonts. The output is deterministic: the same input gives byte-identical files.
//
//     node render.mjs [output directory, default ../../decks/maps]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { geoConicConformal, geoContains, geoDistance, geoPath } from "d3-geo";
import opentype from "opentype.js";
import { feature, mesh } from "topojson-client";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const require = createRequire(import.meta.url);
const world = require("world-atlas/countries-50m.json");
const data = JSON.parse(readFileSync(path.join(here, "data.json"), "utf8"));
const outDir = path.resolve(process.argv[2] ?? path.join(root, "decks/maps"));

const W = 1000;
const H = 750;
const CREDIT = [
  "Map: Changchun Cards, from Natural Earth data (public domain).",
  "Rivers and railways drawn through documented town positions.",
];
const FOOTER = 58;

function loadFont(file) {
  const buf = readFileSync(path.join(root, "assets/fonts", file));
  return opentype.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}
const regular = loadFont("ChangchunSans.ttf");
const bold = loadFont("ChangchunSans-Bold.ttf");

// A calm palette that reads on its own background, whatever the app's theme.
const C = {
  sea: "#d5e3ea",
  other: "#ece8de",
  fer: "#dbe7c9",
  china: "#f3e6c4",
  japan: "#f0d6cc",
  occupied: "#e3b9a6",
  mongolia: "#e8e0cf",
  coast: "#86a0b0",
  border: "#8c7358",
  river: "#3a78ad",
  cer: "#b0302a",
  smr: "#5a3a8e",
  rail: "#4d4d4d",
  dot: "#1e1e1e",
  dotRing: "#ffffff",
  ink: "#1e1e1e",
  halo: "#fbfaf5",
  date: "#962a1c",
  muted: "#5e5346",
  panel: "#fbfaf5",
  panelEdge: "#9a9080",
};

// ------------------------------------------------------------------------------------------ geometry

const countries = feature(world, world.objects.countries).features;
const GROUP = { 643: "russia", 156: "china", 158: "china", 392: "japan", 408: "japan", 410: "japan", 496: "mongolia" };
const groupOf = (f) => GROUP[f.id] ?? "other";

// Russia's polygons, split: Sakhalin (cut at the 50th parallel, the 1905 border), the Kurils (Japanese
// in 1922) and the rest.
const russia = countries.find((f) => f.id === "643");
const isKuril = (poly) => poly[0].every(([lon, lat]) => lon > 145 && lon < 157 && lat < 51);
const isSakhalin = (poly) => geoContains({ type: "Polygon", coordinates: poly }, [142.7, 50.5]);
const sakhalin = russia.geometry.coordinates.find(isSakhalin);
const kurils = russia.geometry.coordinates.filter(isKuril);
const russiaRest = russia.geometry.coordinates.filter((p) => !isKuril(p) && !isSakhalin(p));
const CUT = data.lines.portsmouth.lat;

// Keeps the part of a closed ring on one side of a parallel (Sutherland–Hodgman for one edge).
function cutRing(ring, keep) {
  const out = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const ina = keep(a[1]);
    const inb = keep(b[1]);
    if (ina) out.push(a);
    if (ina !== inb) {
      const t = (CUT - a[1]) / (b[1] - a[1]);
      out.push([a[0] + t * (b[0] - a[0]), CUT]);
    }
  }
  if (out.length) out.push(out[0]);
  return out;
}
const sakhalinNorth = { type: "Polygon", coordinates: [cutRing(sakhalin[0], (lat) => lat >= CUT)] };
const karafuto = { type: "Polygon", coordinates: [cutRing(sakhalin[0], (lat) => lat <= CUT)] };

// The 50th parallel across the island: from its west coast to its east coast.
const crossings = [];
for (let i = 0; i < sakhalin[0].length - 1; i++) {
  const [a, b] = [sakhalin[0][i], sakhalin[0][i + 1]];
  if ((a[1] - CUT) * (b[1] - CUT) < 0) crossings.push(a[0] + ((CUT - a[1]) / (b[1] - a[1])) * (b[0] - a[0]));
}
const portsmouthLine = {
  type: "LineString",
  coordinates: [
    [Math.min(...crossings), CUT],
    [Math.max(...crossings), CUT],
  ],
};

const isKorea = (f) => f.id === "408" || f.id === "410";
// Borders of 1922: today's, less the line between the two Koreas (all of Korea was Japanese then).
const borders = mesh(world, world.objects.countries, (a, b) => a !== b && !(isKorea(a) && isKorea(b)));
const coast = mesh(world, world.objects.countries, (a, b) => a === b);

// The Argun, the Amur down to Khabarovsk and the Ussuri are the Russia–China border: take them from it.
const riverBorder = mesh(world, world.objects.countries, (a, b) => {
  const ids = [a.id, b.id].sort().join("-");
  return ids === "156-643";
});
const onRiverBorder = ([lon, lat]) =>
  (lon >= 117.85 && lat > 47.3 && lon < 135.2) || (lon > 133 && lat >= 45.95 && lat <= 48.5);
function runs(lines, keep) {
  const out = [];
  for (const line of lines) {
    let run = [];
    for (const p of line) {
      if (keep(p)) run.push(p);
      else {
        if (run.length > 1) out.push(run);
        run = [];
      }
    }
    if (run.length > 1) out.push(run);
  }
  return { type: "MultiLineString", coordinates: out };
}
const amurUssuri = runs(riverBorder.coordinates, onRiverBorder);

function lonLat(id) {
  const place = data.places[id];
  if (place) return [place.lon, place.lat];
  const wp = data.waypoints[id];
  if (!wp) throw new Error(`unknown place or waypoint: ${id}`);
  return wp;
}
const routeLine = (route) => ({ type: "LineString", coordinates: route.map(lonLat) });

// ------------------------------------------------------------------------------------------- text

const r1 = (v) => (Math.round(v * 10) / 10).toFixed(1).replace(/\.0$/, "");

function textBox(str, x, y, size, anchor = "start", font = regular) {
  const w = font.getAdvanceWidth(str, size);
  const x0 = anchor === "middle" ? x - w / 2 : anchor === "end" ? x - w : x;
  return { x0, box: [x0, y - size * 0.76, x0 + w, y + size * 0.24] };
}

// Each glyph's outline is defined once per map and placed with <use>: labels repeat letters, so this
// keeps the files small.
class Glyphs {
  constructor() {
    this.defs = new Map();
  }
  // The <use> elements that set `str` with its left end at x0 and its baseline at y.
  uses(str, x0, y, size, font) {
    const tag = font === bold ? "b" : "r";
    const out = [];
    font.forEachGlyph(str, x0, y, size, { kerning: true }, (glyph, gx, gy) => {
      const id = `${tag}${size}-${glyph.index}`;
      if (!this.defs.has(id)) {
        const d = glyph.getPath(0, 0, size).toPathData(1);
        this.defs.set(id, d ? `<path id="${id}" d="${d}"/>` : "");
      }
      if (this.defs.get(id)) out.push(`<use xlink:href="#${id}" x="${r1(gx)}" y="${r1(gy)}"/>`);
    });
    return out.join("");
  }
  svg() {
    return [...this.defs.values()].filter(Boolean).join("\n");
  }
}

// ------------------------------------------------------------------------------------------- maps

const MAPS = [
  {
    file: "far-east-1922",
    title: "The Russian Far East and Manchuria, 1922",
    alt: "The Russian Far East and Manchuria in 1922",
    frame: { lon: [110, 146], lat: [37.6, 56.2] },
    places: [
      { id: "chita", pos: "s" },
      { id: "manzhouli", pos: "s" },
      { id: "blagoveshchensk", pos: "e" },
      { id: "khabarovsk", pos: "e" },
      { id: "nikolayevsk", pos: "nw" },
      { id: "okha", pos: "e" },
      { id: "aleksandrovsk", pos: "w" },
      { id: "harbin", pos: "n" },
      { id: "changchun", pos: "e", date: "junction" },
      { id: "mukden", pos: "e" },
      { id: "dairen", pos: "e" },
      { id: "pogranichnaya", pos: "n" },
      { id: "vladivostok", pos: "s" },
    ],
    notes: [
      { text: "FAR EASTERN REPUBLIC", lon: 122.5, lat: 54.6, kind: "region" },
      { text: "MANCHURIA", lon: 124.2, lat: 47.8, kind: "region" },
      { text: "MONGOLIA", lon: 112.2, lat: 46.9, kind: "region" },
      { text: "KOREA (Japan)", lon: 127.3, lat: 40.3, kind: "region" },
      { text: "JAPAN", lon: 140.6, lat: 40.3, kind: "region" },
      { text: "Amur", lon: 124.6, lat: 52.9, kind: "river" },
      { text: "Ussuri", lon: 134.9, lat: 46.2, kind: "river", anchor: "start" },
      { text: "Sungari", lon: 129.6, lat: 47.0, kind: "river" },
      { text: "Sakhalin", lon: 143.9, lat: 51.9, kind: "region-small" },
      { text: "50°N", lon: 143.4, lat: 49.7, kind: "note" },
    ],
    legend: { x: 10, y: 368, items: ["cer", "smr", "rail", "river", "border", "portsmouth", "fer", "china", "japan", "occupied"] },
  },
  {
    file: "sakhalin-1920-25",
    title: "Northern Sakhalin under Japanese occupation, 1920–25",
    frame: { lon: [133.2, 152.8], lat: [45.3, 55.2] },
    places: [
      { id: "nikolayevsk", pos: "w" },
      { id: "okha", pos: "e", date: "oil fields" },
      { id: "aleksandrovsk", pos: "e" },
      { id: "toyohara", pos: "e" },
      { id: "khabarovsk", pos: "e" },
    ],
    notes: [
      { text: "Occupied by Japan", lon: 143.45, lat: 52.45, kind: "note", anchor: "start" },
      { text: "Apr 1920 – May 1925", lon: 143.45, lat: 52.1, kind: "note", anchor: "start" },
      { text: "50th parallel: the 1905", lon: 143.7, lat: 50.3, kind: "border", anchor: "start" },
      { text: "Portsmouth border", lon: 143.7, lat: 49.95, kind: "border", anchor: "start" },
      { text: "KARAFUTO", lon: 143.0, lat: 48.2, kind: "region", anchor: "start" },
      { text: "(Japan)", lon: 143.0, lat: 47.8, kind: "region", anchor: "start" },
      { text: "FAR EASTERN REPUBLIC", lon: 136.6, lat: 53.9, kind: "region" },
      { text: "Amur", lon: 137.6, lat: 51.3, kind: "river" },
      { text: "Tatar Strait", lon: 140.6, lat: 49.4, kind: "sea", anchor: "end" },
      { text: "Sea of Okhotsk", lon: 147.9, lat: 53.6, kind: "sea" },
    ],
    legend: { x: "right", y: 440, items: ["rail", "river", "border", "portsmouth", "fer", "japan", "occupied"] },
  },
  {
    file: "withdrawal-1922",
    title: "Japan leaves the Russian mainland, 1922",
    frame: { lon: [121.4, 147.6], lat: [40.9, 54.4] },
    places: [
      { id: "changchun", pos: "n", date: "talks, Sept 1922" },
      { id: "harbin", pos: "n" },
      { id: "khabarovsk", pos: "e", date: "retaken 14 Feb 1922" },
      { id: "nikolayevsk", pos: "w", date: "left 17–27 Sept 1922" },
      { id: "blagoveshchensk", pos: "w" },
      { id: "spassk", pos: "w", date: "stormed Oct 1922" },
      { id: "vladivostok", pos: "w", date: "left 25 Oct 1922" },
      { id: "aleksandrovsk", pos: "e", date: "held until 1925" },
    ],
    notes: [
      { text: "FAR EASTERN REPUBLIC", lon: 129.5, lat: 53.3, kind: "region" },
      { text: "MANCHURIA (China)", lon: 126.3, lat: 47.9, kind: "region" },
      { text: "KOREA (Japan)", lon: 126.2, lat: 41.7, kind: "region" },
      { text: "Amur", lon: 130.9, lat: 49.2, kind: "river" },
      { text: "Ussuri", lon: 134.6, lat: 46.6, kind: "river" },
      { text: "Karafuto (Japan)", lon: 143.6, lat: 48.0, kind: "region-small" },
    ],
    legend: { x: 478, y: 474, items: ["cer", "smr", "rail", "river", "fer", "occupied"] },
  },
];

const LEGEND = {
  cer: { kind: "line", style: "cer", text: "Chinese Eastern Rly" },
  smr: { kind: "line", style: "smr", text: "South Manchuria Rly" },
  rail: { kind: "line", style: "rail", text: "Other railways" },
  river: { kind: "line", style: "river", text: "River" },
  border: { kind: "line", style: "border", text: "Border, 1922" },
  fer: { kind: "fill", fill: C.fer, text: "Far Eastern Republic" },
  china: { kind: "fill", fill: C.china, text: "China" },
  japan: { kind: "fill", fill: C.japan, text: "Japanese Empire" },
  occupied: { kind: "fill", fill: C.occupied, text: "Held by Japan to 1925" },
  portsmouth: { kind: "line", style: "portsmouth", text: "1905 border, 50°N" },
};

const STROKE = {
  cer: `fill="none" stroke="${C.cer}" stroke-width="4.5" stroke-linejoin="round" stroke-linecap="round"`,
  smr: `fill="none" stroke="${C.smr}" stroke-width="4.5" stroke-linejoin="round" stroke-linecap="round"`,
  rail: `fill="none" stroke="${C.rail}" stroke-width="2.8" stroke-linejoin="round" stroke-linecap="round"`,
  river: `fill="none" stroke="${C.river}" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"`,
  border: `fill="none" stroke="${C.border}" stroke-width="2.5" stroke-dasharray="9 5" stroke-linejoin="round"`,
  portsmouth: `fill="none" stroke="${C.ink}" stroke-width="3" stroke-dasharray="10 5"`,
  coast: `fill="none" stroke="${C.coast}" stroke-width="2.5" stroke-linejoin="round"`,
};

const NOTE_STYLE = {
  region: { size: 24, fill: C.muted, font: bold },
  "region-small": { size: 22, fill: C.muted, font: regular },
  river: { size: 22, fill: C.river, font: regular },
  sea: { size: 22, fill: "#4f7189", font: regular },
  note: { size: 22, fill: C.ink, font: regular },
  border: { size: 22, fill: C.border, font: regular },
};

function projectionFor(frame) {
  const [lon0, lon1] = frame.lon;
  const [lat0, lat1] = frame.lat;
  const outline = [];
  for (let i = 0; i <= 8; i++) {
    const lon = lon0 + ((lon1 - lon0) * i) / 8;
    outline.push([lon, lat0], [lon, lat1]);
  }
  const mid = (lat0 + lat1) / 2;
  return geoConicConformal()
    .rotate([-(lon0 + lon1) / 2, 0])
    .parallels([mid - (lat1 - lat0) / 4, mid + (lat1 - lat0) / 4])
    .fitExtent(
      [
        [0, 0],
        [W, H],
      ],
      { type: "MultiPoint", coordinates: outline },
    )
    .clipExtent([
      [-10, -10],
      [W + 10, H + 10],
    ]);
}

// Projects a point without the map's clip, for shapes that reach beyond the frame.
const rawProject = (proj, p) => {
  const [x, y] = proj(p) ?? [NaN, NaN];
  return [Math.max(-5000, Math.min(5000, x)), Math.max(-5000, Math.min(5000, y))];
};

const boxesOverlap = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

// Where a town's name goes, relative to its dot: one of the eight compass points.
function placeLabel(x, y, pos, size) {
  const gap = 13;
  const diag = 9;
  switch (pos) {
    case "e":
      return [x + gap, y + size * 0.36, "start"];
    case "w":
      return [x - gap, y + size * 0.36, "end"];
    case "n":
      return [x, y - gap, "middle"];
    case "s":
      return [x, y + gap + size * 0.76, "middle"];
    case "ne":
      return [x + diag, y - diag, "start"];
    case "nw":
      return [x - diag, y - diag, "end"];
    case "se":
      return [x + diag, y + diag + size * 0.76, "start"];
    case "sw":
      return [x - diag, y + diag + size * 0.76, "end"];
    default:
      throw new Error(`unknown label position ${pos}`);
  }
}

function render(map, labelled) {
  const proj = projectionFor(map.frame);
  const pathOf = geoPath(proj).digits(1);
  const out = [];
  const warnings = [];
  const add = (s) => out.push(s);
  const shape = (geo, attrs) => {
    const d = pathOf(geo);
    if (d) add(`<path d="${d}" ${attrs}/>`);
  };

  add(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
  );
  add(`<title>${map.title}${labelled ? "" : " (blank)"}</title>`);
  // The Far Eastern Republic ended at Lake Baikal: Russian land west of it is not tinted.
  // The clip runs down the lake, due north from its northern end and due south from its southern end.
  const [[lonS, latS], [lonN, latN]] = data.lines["fer-west"].coordinates;
  const along = (lon0, lon1, lat) => Array.from({ length: 15 }, (_, i) => [lon0 + ((lon1 - lon0) * i) / 14, lat]);
  const ferClip = [[lonS, 30], [lonS, latS], [lonN, latN], ...along(lonN, 170, 70), ...along(170, lonS, 30)].map((p) =>
    rawProject(proj, p),
  );
  const defsAt = out.length;
  add(`<clipPath id="fer"><path d="M${ferClip.map((p) => p.map(r1).join(" ")).join("L")}Z"/></clipPath>`);
  add(`<rect width="${W}" height="${H}" fill="${C.sea}"/>`);

  // Land, by who held it in 1922.
  for (const f of countries) {
    const g = groupOf(f);
    if (g === "russia") continue;
    shape(f, `fill="${C[g]}"`);
  }
  const russiaLand = { type: "MultiPolygon", coordinates: russiaRest };
  shape(russiaLand, `fill="${C.other}"`);
  shape(russiaLand, `fill="${C.fer}" clip-path="url(#fer)"`);
  shape({ type: "MultiPolygon", coordinates: kurils }, `fill="${C.japan}"`);
  shape(karafuto, `fill="${C.japan}"`);
  shape(sakhalinNorth, `fill="${C.occupied}"`);

  shape(coast, STROKE.coast);
  shape(borders, STROKE.border);
  shape(portsmouthLine, STROKE.portsmouth);

  // Rivers, then railways on top of them.
  shape(amurUssuri, STROKE.river);
  for (const river of data.rivers) if (river.route) shape(routeLine(river.route), STROKE.river);
  for (const style of ["rail", "smr", "cer"])
    for (const rail of data.railways) if (rail.style === style) shape(routeLine(rail.route), STROKE[style]);

  // Town dots: the same on both variants, so answers line up.
  const points = [];
  for (const p of map.places) {
    const [x, y] = proj(lonLat(p.id));
    if (x < 0 || x > W || y < 0 || y > H) warnings.push(`${map.file}: ${p.id} is outside the frame`);
    points.push({ ...p, name: data.places[p.id].name, x, y });
    add(`<circle cx="${r1(x)}" cy="${r1(y)}" r="7.5" fill="${C.dot}" stroke="${C.dotRing}" stroke-width="2.5"/>`);
  }

  const boxes = [];
  const glyphs = new Glyphs();
  // A label is drawn twice: first a halo in the background colour, then the letters, so that lines
  // under it do not cut through them.
  const label = (str, x, y, size, anchor, fill, font = regular, who = str) => {
    const t = textBox(str, x, y, size, anchor, font);
    const uses = glyphs.uses(str, t.x0, y, size, font);
    add(`<g fill="${C.halo}" stroke="${C.halo}" stroke-width="5" stroke-linejoin="round">${uses}</g>`);
    add(`<g fill="${fill}">${uses}</g>`);
    const [x0, y0, x1, y1] = t.box;
    if (x0 < 2 || y0 < 2 || x1 > W - 2 || y1 > H - 2) warnings.push(`${map.file}: label "${who}" leaves the frame`);
    for (const b of boxes) if (boxesOverlap(b.box, t.box)) warnings.push(`${map.file}: "${who}" overlaps "${b.who}"`);
    boxes.push({ box: t.box, who });
    return t;
  };

  if (labelled) {
    for (const n of map.notes) {
      const [x, y] = proj([n.lon, n.lat]);
      const s = NOTE_STYLE[n.kind];
      label(n.text, x, y, s.size, n.anchor ?? "middle", s.fill, s.font);
    }
    for (const p of points) {
      const size = 24;
      let [lx, ly, anchor] = placeLabel(p.x, p.y, p.pos, size);
      // A date goes under the name; a name above its dot moves up to make room.
      if (p.date && (p.pos === "n" || p.pos === "ne" || p.pos === "nw")) ly -= 24;
      for (const q of points) {
        if (q === p) continue;
        const box = [q.x - 8, q.y - 8, q.x + 8, q.y + 8];
        const t = textBox(p.name, lx, ly, size, anchor, bold);
        if (boxesOverlap(box, t.box)) warnings.push(`${map.file}: label "${p.name}" covers the dot of ${q.name}`);
        const d = p.date && textBox(p.date, lx, ly + 24, 22, anchor);
        if (d && boxesOverlap(box, d.box)) warnings.push(`${map.file}: "${p.date}" covers the dot of ${q.name}`);
      }
      label(p.name, lx, ly, size, anchor, C.ink, bold, p.name);
      if (p.date) label(p.date, lx, ly + 24, 22, anchor, C.date, regular, `${p.name} date`);
    }
    legend(map, add, label);
    label(map.title, 16, 36, 28, "start", C.ink, bold, "title");
  }
  footer(proj, add, label);
  add(`</svg>`);
  out[defsAt] = `<defs>\n${out[defsAt]}\n${glyphs.svg()}\n</defs>`;
  return { svg: `${out.join("\n")}\n`, points, warnings };
}

function legend(map, add, label) {
  const { y, items } = map.legend;
  const row = 30;
  const width = Math.round(66 + Math.max(...items.map((k) => regular.getAdvanceWidth(LEGEND[k].text, 22))) + 12);
  const x = map.legend.x === "right" ? W - width - 10 : map.legend.x;
  const height = items.length * row + 16;
  add(
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="6" fill="${C.panel}" stroke="${C.panelEdge}" stroke-width="2.5" opacity="0.95"/>`,
  );
  items.forEach((key, i) => {
    const item = LEGEND[key];
    const cy = y + 8 + row * i + row / 2;
    if (item.kind === "line") add(`<path d="M${x + 12} ${cy}h44" ${STROKE[item.style]}/>`);
    else
      add(
        `<rect x="${x + 12}" y="${cy - 10}" width="44" height="20" fill="${item.fill}" stroke="${C.panelEdge}" stroke-width="1.5"/>`,
      );
    label(item.text, x + 66, cy + 8, 22, "start", C.ink, regular, `legend ${key}`);
  });
}

// Scale bar and credit line, on both variants.
function footer(proj, add, label) {
  add(`<rect x="0" y="${H - FOOTER}" width="${W}" height="${FOOTER}" fill="${C.panel}" opacity="0.9"/>`);
  label(CREDIT[0], 12, H - 33, 22, "start", C.muted, regular, "credit");
  label(CREDIT[1], 12, H - 8, 22, "start", C.muted, regular, "credit 2");
  // Kilometres per viewBox unit at the centre of the map.
  const a = proj.invert([W / 2 - 50, H / 2]);
  const b = proj.invert([W / 2 + 50, H / 2]);
  const kmPerUnit = (geoDistance(a, b) * 6371) / 100;
  const km = 200;
  const len = km / kmPerUnit;
  const x1 = W - 16;
  const x0 = x1 - len;
  add(`<path d="M${r1(x0)} ${H - 10}v-10h${r1(len)}v10" fill="none" stroke="${C.ink}" stroke-width="2.5"/>`);
  label(`${km} km`, x1, H - 30, 22, "end", C.ink, regular, "scale");
}

// ------------------------------------------------------------------------------------------- write

mkdirSync(outDir, { recursive: true });
const table = [
  "# Map points",
  "",
  "Generated by `scripts/maps/render.mjs`; do not edit. Each town dot's position in the maps' viewBox",
  `units (0 0 ${W} ${H}), the same on the labelled and the blank variant. Use them as \`target\` and \`markers\``,
  "of map questions; keep a question's `radius` below half of the nearest distance.",
  "",
];
let warned = 0;
for (const map of MAPS) {
  for (const labelled of [true, false]) {
    const { svg, points, warnings } = render(map, labelled);
    const name = `${map.file}${labelled ? "" : "-blank"}.svg`;
    writeFileSync(path.join(outDir, name), svg);
    for (const w of warnings) {
      if (labelled) console.warn(`warning: ${w}`);
      warned++;
    }
    if (labelled) {
      table.push(`## ${map.file}.svg and ${map.file}-blank.svg`, "", `${map.title}.`, "");
      table.push("| Place | x | y | Nearest other dot |", "|---|---:|---:|---|");
      for (const p of points) {
        let best = null;
        for (const q of points) {
          if (q === p) continue;
          const d = Math.hypot(q.x - p.x, q.y - p.y);
          if (!best || d < best.d) best = { d, name: q.name };
        }
        table.push(`| ${p.name} | ${r1(p.x)} | ${r1(p.y)} | ${best.name}, ${r1(best.d)} |`);
      }
      table.push("");
    }
  }
}
writeFileSync(path.join(outDir, "points.md"), table.join("\n"));
if (warned) console.warn(`${warned} layout warnings`);
