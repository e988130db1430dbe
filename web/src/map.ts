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
import { formatAmount, formatCapacities, formatInteger } from "./format";
import { PracticeKeys } from "./map_keyboard";
import { AreaLabels } from "./map_labels";
import {
  CIRCLE_RADIUS_STOPS,
  type ClassMode,
  classCounts,
  type Legend,
  legendFor,
  NO_DATA_COLOUR,
  REGION_RUN_FORMS,
  REGION_RUN_OUTLINE,
  renderLegend,
  STATUS_COLOURS,
} from "./map_legend";
import { downloadPng, MAX_CANVAS_PX } from "./map_png";
import { addTravelLayers } from "./map_travel";

setWorkerUrl(workerUrl);

const BACKGROUND = "#e8eef3";
/** MapLibre's own texts (controls, canvas, popups) in Danish. */
const DANISH_LOCALE: Record<string, string> = {
  "Map.Title": "Kort",
  "Marker.Title": "Kortmarkør",
  "NavigationControl.ZoomIn": "Zoom ind",
  "NavigationControl.ZoomOut": "Zoom ud",
  "NavigationControl.ResetBearing": "Træk for at dreje kortet, klik for at vende nord op",
  "Popup.Close": "Luk",
  "ScaleControl.Meters": "m",
  "ScaleControl.Kilometers": "km",
  "AttributionControl.ToggleAttribution": "Vis eller skjul kilder",
  "FullscreenControl.Enter": "Fuld skærm",
  "FullscreenControl.Exit": "Afslut fuld skærm",
  "CooperativeGesturesHandler.WindowsHelpText": "Brug Ctrl + rullehjul for at zoome",
  "CooperativeGesturesHandler.MacHelpText": "Brug ⌘ + rullehjul for at zoome",
  "CooperativeGesturesHandler.MobileHelpText": "Brug to fingre for at flytte kortet",
};
/** User Timing marks of the map's start-up, read by benchmarks/web.py: ``interactive`` once
 * the map is drawn and answers clicks and keys. */
function mark(step: "module" | "data" | "style" | "layers" | "interactive"): void {
  performance.mark(`praksisplan:map-${step}`);
}
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

declare global {
  interface Window {
    praksisplanMap?: MapLibreMap;
  }
}

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
  // the vacated-provider-number page, for the roles that may use it (the server marks the
  // panel), and only where a filled capacity could become vacant (as the practice table)
  if (panel.dataset.vacancyLink === "1" && p.capacities - p.vacant_capacities >= 1) {
    const vacancy = element("a", "Ledigt ydernummer: se mulighederne →", "vacancy-link");
    vacancy.href = `/ledigt-ydernummer/${encodeURIComponent(p.provider_number)}?snapshot=${snapshot}`;
    panel.append(vacancy);
  }
  panel.dataset.providerNumber = p.provider_number;
}

/** The popup's content: name, status and capacities (all figures are in the side panel). */
function practiceSummary(catalogue: Catalogue, p: Practice): HTMLElement {
  const box = element("div");
  box.append(
    element("strong", p.name),
    element("p", `${p.provider_number} · ${catalogue.status_labels[p.status] ?? p.status}`),
    element("p", `${formatCapacities(p.capacities)}, ${formatInteger(p.listed_patients)} tilmeldte patienter`),
  );
  return box;
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

export async function startMapPage(snapshot: number): Promise<void> {
  mark("module");
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
      // no 300 ms paint transitions: the map is drawn (and idle) at once, and a recolour is
      // instant; each transition frame is a full redraw, costly on a CPU-rendered canvas
      transition: { duration: 0, delay: 0 },
    },
    fadeDuration: 0,
    center: DENMARK_CENTRE,
    zoom: 6,
    attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true },
    maxCanvasSize: MAX_CANVAS_PX,
    locale: DANISH_LOCALE,
  });
  window.praksisplanMap = map;
  map.addControl(new NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new ScaleControl({ unit: "metric" }), "bottom-left");

  const styleLoaded = map.once("load");
  const [catalogue, areas, municipalities, practices, statuses] = await data;
  mark("data");
  map.fitBounds(boundsOf(areas), { padding: 20, animate: false });
  await styleLoaded;
  mark("style");
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
      "circle-radius": ["interpolate", ["linear"], ["get", "capacities"], ...CIRCLE_RADIUS_STOPS.flat()],
      "circle-stroke-color": [
        "case",
        ["boolean", ["feature-state", "focused"], false],
        "#000000",
        ["in", ["get", "org_form"], ["literal", REGION_RUN_FORMS]],
        REGION_RUN_OUTLINE,
        "#ffffff",
      ],
      "circle-stroke-width": [
        "case",
        ["boolean", ["feature-state", "focused"], false],
        4,
        ["in", ["get", "org_form"], ["literal", REGION_RUN_FORMS]],
        3,
        1,
      ],
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

  const labels = new AreaLabels(map, areas);
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
      if (id === "layer-areas") labels.setShown(box.checked);
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

  // the focus stays on the map (the keyboard control), where Escape closes the popup
  const practicePopup = new Popup({ className: "practice-popup", maxWidth: "260px", focusAfterOpen: false });
  const openPractice = async (number: string, at: [number, number]): Promise<void> => {
    const detail = await getJson<Practice>(`${api}/practices/${encodeURIComponent(number)}`);
    showPractice(panel, catalogue, snapshot, detail);
    practicePopup.setLngLat(at).setDOMContent(practiceSummary(catalogue, detail)).addTo(map);
  };
  const describe = (p: Record<string, unknown>): string =>
    `${String(p.name)} (${String(p.provider_number)}), ${catalogue.status_labels[String(p.status)] ?? p.status}, ` +
    formatCapacities(Number(p.capacities));
  map.addControl(
    new PracticeKeys(practices, describe, (number, at) => void openPractice(number, at), () => practicePopup.remove()),
    "top-left",
  );

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
    if (practice && practice.geometry.type === "Point") {
      const at = practice.geometry.coordinates as [number, number];
      await openPractice(String(practice.properties.provider_number), at);
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
    const lines = [box.dataset.referenceDate ?? "", box.dataset.source ?? ""].filter(Boolean);
    void downloadPng(map, legends, title, { lines, labels: labels.visible() });
  });

  addTravelLayers(map, api); // fetched only when switched on
  mark("layers");
  await map.once("idle");
  document.body.dataset.mapReady = "true";
  mark("interactive");
}
