// The map page: coverage areas coloured by threat class or an indicator, municipality
// borders and practices, from the app's own GeoJSON endpoints. No basemap, no tiles, no CDN.
import {
  type ExpressionSpecification,
  type LngLatBoundsLike,
  type MapGeoJSONFeature,
  type MapMouseEvent,
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  ScaleControl,
  setWorkerUrl,
} from "maplibre-gl";
import type { FeatureCollection } from "geojson";
import "maplibre-gl/dist/maplibre-gl.css";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";

import { type AreaDetail, type AreaStatus, type Catalogue, getJson, type Practice } from "./api";
import { formatAmount, formatInteger } from "./format";

setWorkerUrl(workerUrl);

const STATUS_COLOURS: Record<string, string> = {
  open: "#08519c",
  selective: "#7a0177",
  closed: "#252525",
};
const REGION_RUN_FORMS = ["contract", "region", "near"];
const REGION_RUN_OUTLINE = "#ff7f00";
const NO_DATA_COLOUR = "#bdbdbd";
const BACKGROUND = "#e8eef3";
/** Where the map starts before the areas are fitted (lon, lat). */
const DENMARK_CENTRE: [number, number] = [10.4, 56.1];
/** Figures the side panel shows for a clicked area (all are on the area page). */
const PANEL_INDICATORS = [
  "population",
  "need_weighted_persons",
  "capacities",
  "vacant_capacities",
  "patients_per_filled_capacity",
  "supply_pct_of_need",
  "share_persons_lt2_open",
  "share_gps_60plus",
];

interface LegendItem {
  colour: string;
  label: string;
  outline?: string;
}

interface Legend {
  title: string;
  items: LegendItem[];
}

declare global {
  interface Window {
    praksisplanMap?: MapLibreMap;
  }
}

/** "status": the committee's decision where there is one; "model": the model's class. */
type ClassMode = "status" | "model";

function classExpression(mode: ClassMode): unknown {
  return mode === "status"
    ? ["coalesce", ["feature-state", "status"], ["get", "threat_class"]]
    : ["get", "threat_class"];
}

function areaColour(catalogue: Catalogue, by: string, mode: ClassMode): ExpressionSpecification {
  if (by === "threat") {
    const pairs = catalogue.threat_classes.flatMap((c) => [c.key, c.colour]);
    return ["match", classExpression(mode), ...pairs, NO_DATA_COLOUR] as unknown as ExpressionSpecification;
  }
  const pairs = catalogue.class_colours.flatMap((colour, index) => [index, colour]);
  return [
    "match",
    ["coalesce", ["get", `class_${by}`], -1],
    ...pairs,
    NO_DATA_COLOUR,
  ] as unknown as ExpressionSpecification;
}

function classCounts(statuses: AreaStatus[], mode: ClassMode): Record<string, number> {
  const counts: Record<string, number> = { red: 0, yellow: 0, green: 0 };
  for (const s of statuses) counts[mode === "status" ? s.status : s.model_class] += 1;
  return counts;
}

function legendFor(catalogue: Catalogue, by: string, counts: Record<string, number>, mode: ClassMode): Legend[] {
  const practices: Legend = {
    title: "Praksis (størrelse: kapaciteter)",
    items: [
      ...Object.entries(STATUS_COLOURS).map(([status, colour]) => ({
        colour,
        label: catalogue.status_labels[status] ?? status,
      })),
      { colour: "#ffffff", outline: REGION_RUN_OUTLINE, label: "Regionsdrevet klinik (kant)" },
    ],
  };
  if (by === "threat") {
    return [
      {
        title: mode === "status" ? "Status (udvalgets beslutning)" : "Modellens klasse",
        items: catalogue.threat_classes.map((c) => ({
          colour: c.colour,
          label: `${c.label} (${formatInteger(counts[c.key] ?? 0)})`,
        })),
      },
      practices,
    ];
  }
  const info = catalogue.indicators.find((i) => i.key === by);
  const labels = info?.class_labels ?? [];
  return [
    {
      title: info?.label ?? by,
      items: [
        ...labels.map((label, index) => ({ colour: catalogue.class_colours[index], label })),
        { colour: NO_DATA_COLOUR, label: "Ingen data" },
      ],
    },
    practices,
  ];
}

function renderLegend(container: HTMLElement, legends: Legend[]): void {
  container.replaceChildren(
    ...legends.map((legend) => {
      const section = document.createElement("section");
      const title = document.createElement("h2");
      title.textContent = legend.title;
      const list = document.createElement("ul");
      for (const item of legend.items) {
        const entry = document.createElement("li");
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = item.colour;
        if (item.outline) swatch.style.border = `3px solid ${item.outline}`;
        swatch.setAttribute("aria-hidden", "true");
        entry.append(swatch, document.createTextNode(item.label));
        list.append(entry);
      }
      section.append(title, list);
      return section;
    }),
  );
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function showArea(panel: HTMLElement, catalogue: Catalogue, snapshot: number, area: AreaDetail) {
  const status = area.decision?.decided_class ?? area.threat_class;
  const label = (key: string) => catalogue.threat_classes.find((c) => c.key === key)?.label ?? key;
  const heading = element("h2", area.name);
  const badge = element("p", label(status), `badge badge-${status}`);
  badge.dataset.threatClass = status;
  const model = element(
    "p",
    area.decision
      ? `Udvalgets beslutning. Modellens klasse: ${label(area.threat_class)}.`
      : "Modellens klasse (ingen beslutning fra udvalget).",
    "model-class",
  );
  const explanation = element("p", area.why, "explanation");
  const figures = element("dl", undefined, "panel-figures");
  for (const key of PANEL_INDICATORS) {
    const indicator = area.indicators.find((i) => i.key === key);
    if (!indicator) continue;
    const term = element("dt", indicator.label);
    const value = element("dd", indicator.text);
    value.dataset.key = key;
    figures.append(term, value);
  }
  const practices = element("p", `${formatInteger(area.practices.length)} praksis i området.`);
  const link = element("a", "Alle tal for området →");
  link.href = `/omraade/${encodeURIComponent(area.area_id)}?snapshot=${snapshot}`;
  panel.replaceChildren(heading, badge, model, explanation, figures, practices, link);
  panel.dataset.areaId = area.area_id;
}

function showPractice(panel: HTMLElement, catalogue: Catalogue, snapshot: number, p: Practice) {
  const figures = element("dl", undefined, "panel-figures");
  const rows: [string, string][] = [
    ["Ydernummer", p.provider_number],
    ["Status", catalogue.status_labels[p.status] ?? p.status],
    ["Organisationsform", catalogue.org_form_labels[p.org_form] ?? p.org_form],
    ["Kapaciteter", formatAmount(p.capacities)],
    ["Ledige kapaciteter", formatAmount(p.vacant_capacities)],
    ["Læger", formatInteger(p.gps)],
    ["Tilmeldte patienter", formatInteger(p.listed_patients)],
    ["Patienter pr. besat kapacitet", formatInteger(p.patients_per_filled_capacity)],
  ];
  for (const [label, value] of rows) figures.append(element("dt", label), element("dd", value));
  const link = element("a", `Området: ${p.area_name} →`);
  link.href = `/omraade/${encodeURIComponent(p.area_id)}?snapshot=${snapshot}`;
  panel.replaceChildren(element("h2", p.name), figures, link);
  panel.dataset.providerNumber = p.provider_number;
}

function boundsOf(collection: FeatureCollection): LngLatBoundsLike {
  let [west, south, east, north] = [180, 90, -180, -90];
  const visit = (coords: unknown): void => {
    if (Array.isArray(coords) && typeof coords[0] === "number") {
      const [x, y] = coords as number[];
      west = Math.min(west, x);
      east = Math.max(east, x);
      south = Math.min(south, y);
      north = Math.max(north, y);
    } else if (Array.isArray(coords)) {
      coords.forEach(visit);
    }
  };
  for (const feature of collection.features) {
    if (feature.geometry && "coordinates" in feature.geometry) visit(feature.geometry.coordinates);
  }
  return [
    [west, south],
    [east, north],
  ];
}

/** The map canvas with the legend drawn beside it, as a PNG file download. */
/** Metres per CSS pixel at the map's centre (web Mercator, 512 px tiles). */
function metresPerPixel(map: MapLibreMap): number {
  const latitude = (map.getCenter().lat * Math.PI) / 180;
  return (40_075_016.686 * Math.cos(latitude)) / (512 * 2 ** map.getZoom());
}

/** A round scale-bar length (1, 2 or 5 × 10^n metres) of at most ``maxMetres``. */
function roundLength(maxMetres: number): number {
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  return [5, 2, 1].map((f) => f * power).find((m) => m <= maxMetres) ?? power;
}

interface Annotations {
  lines: string[];
  labels: { text: string; at: [number, number] }[];
}

function drawAnnotations(context: CanvasRenderingContext2D, map: MapLibreMap, notes: Annotations): void {
  context.font = "bold 12px sans-serif";
  context.textAlign = "center";
  context.lineWidth = 3;
  for (const label of notes.labels) {
    const point = map.project(label.at);
    context.strokeStyle = "rgba(255,255,255,0.9)";
    context.strokeText(label.text, point.x, point.y);
    context.fillStyle = "#111111";
    context.fillText(label.text, point.x, point.y);
  }
  context.textAlign = "left";
  const height = map.getCanvas().clientHeight;
  const metres = roundLength(metresPerPixel(map) * 150);
  const width = metres / metresPerPixel(map);
  context.fillStyle = "#111111";
  context.fillRect(16, height - 40, width, 4);
  context.font = "12px sans-serif";
  context.fillText(metres >= 1000 ? `${metres / 1000} km` : `${metres} m`, 16, height - 46);
}

function downloadPng(map: MapLibreMap, legends: Legend[], title: string, notes: Annotations): void {
  const source = map.getCanvas();
  const ratio = source.width / source.clientWidth || 1;
  const legendWidth = 300 * ratio;
  const canvas = document.createElement("canvas");
  canvas.width = source.width + legendWidth;
  canvas.height = source.height;
  const context = canvas.getContext("2d");
  if (!context) return;
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(source, 0, 0);
  context.scale(ratio, ratio);
  drawAnnotations(context, map, notes);
  let y = 24;
  const x = source.clientWidth + 16;
  context.fillStyle = "#111111";
  context.font = "bold 15px sans-serif";
  context.fillText(title, x, y);
  y += 22;
  context.font = "12px sans-serif";
  for (const line of notes.lines) {
    context.fillText(line, x, y);
    y += 18;
  }
  y += 10;
  for (const legend of legends) {
    context.font = "bold 13px sans-serif";
    context.fillStyle = "#111111";
    context.fillText(legend.title, x, y);
    y += 20;
    context.font = "13px sans-serif";
    for (const item of legend.items) {
      context.fillStyle = item.colour;
      context.fillRect(x, y - 12, 16, 16);
      context.strokeStyle = item.outline ?? "#555555";
      context.lineWidth = item.outline ? 3 : 1;
      context.strokeRect(x, y - 12, 16, 16);
      context.fillStyle = "#111111";
      context.fillText(item.label, x + 24, y + 1);
      y += 22;
    }
    y += 12;
  }
  canvas.toBlob((blob) => {
    if (!blob) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "kort.png";
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }, "image/png");
}

export async function startMapPage(snapshot: number): Promise<void> {
  const api = `/api/snapshots/${snapshot}`;
  // The data (preloaded by the page's <link rel=preload>) and the map's own start-up (style,
  // worker) run at the same time; the view is fitted to the areas once they are here.
  const data = Promise.all([
    getJson<Catalogue>("/api/indicators"),
    getJson<FeatureCollection>(`${api}/layers/areas.geojson`),
    getJson<FeatureCollection>(`${api}/layers/municipalities.geojson`),
    getJson<FeatureCollection>(`${api}/layers/practices.geojson`),
    getJson<AreaStatus[]>(`${api}/statuses`),
  ]);
  const panel = document.getElementById("details") as HTMLElement;
  const legendBox = document.getElementById("legend") as HTMLElement;
  const colourBy = document.getElementById("colour-by") as HTMLSelectElement;
  const areaPicker = document.getElementById("area-picker") as HTMLSelectElement;

  const map = new MapLibreMap({
    container: "map",
    style: {
      version: 8,
      sources: {},
      layers: [{ id: "background", type: "background", paint: { "background-color": BACKGROUND } }],
    },
    center: DENMARK_CENTRE,
    zoom: 6,
    attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  window.praksisplanMap = map;
  map.addControl(new NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new ScaleControl({ unit: "metric" }), "bottom-left");

  const styleLoaded = map.once("load");
  const [catalogue, areas, municipalities, practices, statuses] = await data;
  map.fitBounds(boundsOf(areas), { padding: 20, animate: false });
  await styleLoaded;
  map.addSource("areas", { type: "geojson", data: areas, promoteId: "area_id" });
  map.addSource("municipalities", { type: "geojson", data: municipalities });
  map.addSource("practices", { type: "geojson", data: practices, promoteId: "provider_number" });
  map.addLayer({
    id: "areas-fill",
    type: "fill",
    source: "areas",
    paint: { "fill-color": areaColour(catalogue, "threat", "status"), "fill-opacity": 0.75 },
  });
  for (const s of statuses) map.setFeatureState({ source: "areas", id: s.area_id }, { status: s.status });
  map.addLayer({
    id: "areas-line",
    type: "line",
    source: "areas",
    paint: {
      "line-color": ["case", ["boolean", ["feature-state", "selected"], false], "#000000", "#ffffff"],
      "line-width": ["case", ["boolean", ["feature-state", "selected"], false], 4, 1],
    },
  });
  map.addLayer({
    id: "municipalities-line",
    type: "line",
    source: "municipalities",
    paint: { "line-color": "#222222", "line-width": 2 },
  });
  map.addLayer({
    id: "practices-circle",
    type: "circle",
    source: "practices",
    paint: {
      "circle-color": ["match", ["get", "status"], ...Object.entries(STATUS_COLOURS).flat(), "#000000"] as unknown as ExpressionSpecification,
      "circle-radius": ["interpolate", ["linear"], ["get", "capacities"], 0, 3, 1, 4, 4, 8, 10, 13],
      "circle-stroke-color": [
        "case",
        ["in", ["get", "org_form"], ["literal", REGION_RUN_FORMS]],
        REGION_RUN_OUTLINE,
        "#ffffff",
      ],
      "circle-stroke-width": ["case", ["in", ["get", "org_form"], ["literal", REGION_RUN_FORMS]], 3, 1],
    },
  });

  const modeInputs = Array.from(document.querySelectorAll<HTMLInputElement>("input[name=class-mode]"));
  const mode = (): ClassMode => (modeInputs.find((i) => i.checked)?.value === "model" ? "model" : "status");
  let legends: Legend[] = [];
  const recolour = (): void => {
    map.setPaintProperty("areas-fill", "fill-color", areaColour(catalogue, colourBy.value, mode()));
    legends = legendFor(catalogue, colourBy.value, classCounts(statuses, mode()), mode());
    renderLegend(legendBox, legends);
  };
  recolour();
  colourBy.addEventListener("change", recolour);
  for (const input of modeInputs) input.addEventListener("change", recolour);

  const toggles: [string, string[]][] = [
    ["layer-areas", ["areas-fill", "areas-line"]],
    ["layer-municipalities", ["municipalities-line"]],
    ["layer-practices", ["practices-circle"]],
  ];
  for (const [id, layers] of toggles) {
    const box = document.getElementById(id) as HTMLInputElement;
    box.addEventListener("change", () => {
      for (const layer of layers) {
        map.setLayoutProperty(layer, "visibility", box.checked ? "visible" : "none");
      }
    });
  }

  const zoomTo = (collection: FeatureCollection, key: string, id: string): void => {
    const features = collection.features.filter((f) => String(f.properties?.[key]) === id);
    if (features.length) map.fitBounds(boundsOf({ type: "FeatureCollection", features }), { padding: 40 });
  };
  const municipalityPicker = document.getElementById("municipality-picker") as HTMLSelectElement | null;
  municipalityPicker?.addEventListener("change", () => {
    if (municipalityPicker.value) zoomTo(municipalities, "code", municipalityPicker.value);
    else map.fitBounds(boundsOf(areas), { padding: 20 });
  });

  const statusOf = new Map(statuses.map((s) => [s.area_id, s]));
  const tooltip = new Popup({ closeButton: false, closeOnClick: false, className: "map-tooltip" });
  map.on("mousemove", "areas-fill", (event) => {
    const feature = event.features?.[0];
    if (!feature) return;
    const id = String(feature.properties.area_id);
    const s = statusOf.get(id);
    const label = (key: string) => catalogue.threat_classes.find((c) => c.key === key)?.label ?? key;
    const text = s
      ? `${feature.properties.name}: ${label(s.status)}` +
        (s.decided_class ? ` (udvalgets beslutning; modellen: ${label(s.model_class)})` : " (modellens klasse)")
      : String(feature.properties.name);
    tooltip.setLngLat(event.lngLat).setText(text).addTo(map);
  });
  map.on("mouseleave", "areas-fill", () => tooltip.remove());

  let selected: string | null = null;
  const selectArea = async (areaId: string, zoom = false): Promise<void> => {
    if (zoom) zoomTo(areas, "area_id", areaId);
    if (selected !== null) map.setFeatureState({ source: "areas", id: selected }, { selected: false });
    selected = areaId;
    map.setFeatureState({ source: "areas", id: areaId }, { selected: true });
    areaPicker.value = areaId;
    const detail = await getJson<AreaDetail>(`${api}/areas/${encodeURIComponent(areaId)}`);
    showArea(panel, catalogue, snapshot, detail);
  };
  map.on("click", async (event: MapMouseEvent) => {
    const hits: MapGeoJSONFeature[] = map.queryRenderedFeatures(event.point, {
      layers: ["practices-circle", "areas-fill"].filter(
        (layer) => map.getLayoutProperty(layer, "visibility") !== "none",
      ),
    });
    const practice = hits.find((f) => f.layer.id === "practices-circle");
    if (practice) {
      const number = String(practice.properties.provider_number);
      const detail = await getJson<Practice>(`${api}/practices/${encodeURIComponent(number)}`);
      showPractice(panel, catalogue, snapshot, detail);
      return;
    }
    const area = hits.find((f) => f.layer.id === "areas-fill");
    if (area) await selectArea(String(area.properties.area_id));
  });
  for (const layer of ["areas-fill", "practices-circle"]) {
    map.on("mouseenter", layer, () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", layer, () => (map.getCanvas().style.cursor = ""));
  }
  areaPicker.addEventListener("change", () => {
    if (areaPicker.value) void selectArea(areaPicker.value, true);
  });

  const title = document.querySelector("h1")?.textContent ?? "Kort";
  document.getElementById("download-png")?.addEventListener("click", () => {
    const box = document.getElementById("map") as HTMLElement;
    const labels = areas.features.map((f) => {
      const [[west, south], [east, north]] = boundsOf({ type: "FeatureCollection", features: [f] }) as [
        [number, number],
        [number, number],
      ];
      return { text: String(f.properties?.name ?? ""), at: [(west + east) / 2, (south + north) / 2] as [number, number] };
    });
    const lines = [box.dataset.referenceDate ?? "", box.dataset.source ?? ""].filter(Boolean);
    downloadPng(map, legends, title, { lines, labels });
  });

  await map.once("idle");
  document.body.dataset.mapReady = "true";
}
