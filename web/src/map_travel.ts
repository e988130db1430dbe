// The travel model's layers on the map: ferries and fixed links, bed sites (temporary beds
// and care homes) and the areas' patients beyond 15 km of their GP. Each is OFF at start and
// fetched the first time its box is ticked, so the map's start-up loads nothing extra.
// Links and sites carry a text marker (a button: keyboard focus, Enter opens its popup), so
// nothing is told by colour alone; the legend under the boxes says what each mark means.
import { type ExpressionSpecification, type Map as MapLibreMap, Marker, Popup } from "maplibre-gl";
import type { Feature, FeatureCollection, LineString, Point } from "geojson";

import { getJson } from "./api";
import { formatInteger } from "./format";

/** Fill colours of the classes of patients beyond 15 km (0, 1–99, 100–499, ≥ 500): the
 * server's ``travel_layers.BEYOND_CLASSES``. */
const BEYOND_COLOURS = ["#f7f7f7", "#fdd49e", "#fc8d59", "#b30000"];
const BEYOND_LABELS = ["Ingen", "1–99", "100–499", "500 eller flere"];
const LINK_COLOUR = "#0b3d91";
const SITE_LETTERS: Record<string, string> = { temporary: "M", care_home: "P" };

type Props = Record<string, unknown>;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function count(value: unknown): string {
  return typeof value === "number" ? formatInteger(value) : "–";
}

function linkLines(p: Props): string[] {
  const lines = [String(p.label)];
  if (typeof p.crossing_minutes === "number") lines.push(`Overfart: ${count(p.crossing_minutes)} min`);
  if (typeof p.departures_per_day === "number") lines.push(`Afgange pr. dag: ${count(p.departures_per_day)}`);
  return lines;
}

function siteLines(p: Props): string[] {
  const lines = [
    `${String(p.site_label)}: ${String(p.name)}`,
    `Pladser: ${count(p.places)}`,
    `Praksisser inden for 15 km: ${count(p.practices_within_15_km)}`,
    `Sandsynlige patienter med egen læge over 15 km væk: ${String(p.share_text)}`,
  ];
  if (p.site === "care_home") lines.push(p.fixed_gp ? "Fast læge: ja" : "Fast læge: nej");
  return lines;
}

/** A marker button at ``at`` with visible ``text`` that opens a popup of ``lines``. */
function markerButton(map: MapLibreMap, popup: Popup, at: [number, number], text: string, lines: string[], className: string): Marker {
  const button = element("button", text, `travel-mark ${className}`);
  button.type = "button";
  button.setAttribute("aria-label", `${text}: ${lines.join(". ")}`); // the visible text first (WCAG 2.5.3)
  button.addEventListener("click", (event) => {
    event.stopPropagation(); // not a click on the area under it
    const box = element("div");
    box.append(element("strong", lines[0]), ...lines.slice(1).map((l) => element("p", l)));
    popup.setLngLat(at).setDOMContent(box).addTo(map);
  });
  return new Marker({ element: button, anchor: "center" }).setLngLat(at);
}

function midpoint(line: LineString): [number, number] {
  const [a, b] = [line.coordinates[0], line.coordinates[line.coordinates.length - 1]];
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

interface Added {
  layers: string[];
  markers: Marker[];
  /** Shown with the layer: the figures as text (the colours' keyboard and screen-reader twin). */
  panel?: HTMLElement;
}

/** The areas with patients beyond 15 km, most first, as a list under the legend. */
function beyondList(data: FeatureCollection): HTMLElement {
  const areas = data.features
    .map((f) => f.properties as Props)
    .filter((p) => Number(p.patients_beyond_15_km) > 0)
    .sort((a, b) => Number(b.patients_beyond_15_km) - Number(a.patients_beyond_15_km));
  const box = element("details", undefined, "legend");
  box.id = "beyond-list";
  box.append(element("summary", `Områder med patienter over 15 km fra egen læge (${formatInteger(areas.length)})`));
  const list = element("ul");
  list.append(...areas.map((p) => element("li", `${String(p.name)}: ${String(p.beyond_text)}`)));
  box.append(list);
  return box;
}

interface TravelLayer {
  box: string;
  legend: () => HTMLElement[];
  /** Adds the layer to the map (once, when first shown); returns its map layers and markers. */
  add: (data: FeatureCollection) => Added;
  path: string;
}

function legendItem(swatch: HTMLElement, label: string): HTMLElement {
  const item = element("li");
  swatch.setAttribute("aria-hidden", "true");
  item.append(swatch, element("span", label));
  return item;
}

export function addTravelLayers(map: MapLibreMap, api: string): void {
  const popup = new Popup({ className: "practice-popup", maxWidth: "280px", focusAfterOpen: false });
  const legendBox = document.getElementById("travel-legend") as HTMLElement;
  const layers: TravelLayer[] = [
    {
      box: "layer-links",
      path: "links",
      legend: () => [
        legendItem(element("span", undefined, "line-swatch line-swatch-ferry"), "Færge (stiplet linje, minutter på mærket)"),
        legendItem(element("span", undefined, "line-swatch"), "Bro, tunnel eller dæmning (fuld linje)"),
      ],
      add: (data) => {
        map.addSource("travel-links", { type: "geojson", data, promoteId: "link_id" });
        const paint = { "line-color": LINK_COLOUR, "line-width": 3 };
        map.addLayer({ id: "travel-ferries", type: "line", source: "travel-links", filter: ["==", ["get", "kind"], "ferry"], paint: { ...paint, "line-dasharray": [2, 1.5] } });
        map.addLayer({ id: "travel-fixed", type: "line", source: "travel-links", filter: ["!=", ["get", "kind"], "ferry"], paint });
        const markers = data.features.map((f: Feature) => {
          const p = f.properties as Props;
          const text = typeof p.crossing_minutes === "number" ? `${String(p.kind_label)} ${count(p.crossing_minutes)} min` : String(p.kind_label);
          const marker = markerButton(map, popup, midpoint(f.geometry as LineString), text, linkLines(p), "travel-link");
          // a fixed link's mark below its line, a ferry's above: two links to one island stay apart
          marker.setOffset([0, p.kind === "ferry" ? -12 : 12]);
          marker.getElement().dataset.linkId = String(p.link_id);
          return marker;
        });
        return { layers: ["travel-ferries", "travel-fixed"], markers };
      },
    },
    {
      box: "layer-sites",
      path: "sites",
      legend: () => [
        legendItem(element("span", "M", "travel-mark travel-site-temporary"), "M: midlertidig plads eller akutplads"),
        legendItem(element("span", "P", "travel-mark travel-site-care_home"), "P: plejehjem (P! uden fast læge)"),
      ],
      add: (data) => {
        const markers = data.features.map((f: Feature) => {
          const p = f.properties as Props;
          const letter = SITE_LETTERS[String(p.site)] + (p.site === "care_home" && !p.fixed_gp ? "!" : "");
          const at = (f.geometry as Point).coordinates as [number, number];
          const marker = markerButton(map, popup, at, letter, siteLines(p), `travel-site travel-site-${String(p.site)}`);
          marker.getElement().dataset.siteId = String(p.id);
          return marker;
        });
        return { layers: [], markers };
      },
    },
    {
      box: "layer-beyond",
      path: "patients-beyond",
      legend: () => [
        element("li", "Patienter over 15 km fra egen læge (tilmeldingsmodellen):", "legend-title"),
        ...BEYOND_COLOURS.map((colour, i) => {
          const swatch = element("span", undefined, "swatch");
          swatch.style.background = colour;
          return legendItem(swatch, BEYOND_LABELS[i]);
        }),
      ],
      add: (data) => {
        map.addSource("travel-beyond", { type: "geojson", data, promoteId: "area_id" });
        const colour = ["match", ["get", "beyond_class"], ...BEYOND_COLOURS.flatMap((c, i) => [i, c]), "#bdbdbd"];
        map.addLayer(
          { id: "travel-beyond-fill", type: "fill", source: "travel-beyond", paint: { "fill-color": colour as unknown as ExpressionSpecification, "fill-opacity": 0.9, "fill-outline-color": "#666666" } },
          "municipalities-line",
        );
        const tooltip = new Popup({ closeButton: false, closeOnClick: false, className: "map-tooltip" });
        map.on("mousemove", "travel-beyond-fill", (event) => {
          const p = event.features?.[0]?.properties;
          if (p) tooltip.setLngLat(event.lngLat).setText(`${String(p.name)}: ${String(p.beyond_text)} patienter over 15 km fra egen læge`).addTo(map);
        });
        map.on("mouseleave", "travel-beyond-fill", () => tooltip.remove());
        const panel = beyondList(data);
        legendBox.after(panel);
        return { layers: ["travel-beyond-fill"], markers: [], panel };
      },
    },
  ];

  const renderLegend = (): void => {
    const items = layers.filter((l) => (document.getElementById(l.box) as HTMLInputElement).checked).flatMap((l) => l.legend());
    const list = element("ul");
    list.append(...items);
    legendBox.replaceChildren(...(items.length ? [list] : []));
    legendBox.hidden = items.length === 0;
  };

  for (const layer of layers) {
    const box = document.getElementById(layer.box) as HTMLInputElement;
    let added: Promise<Added> | null = null;
    const show = async (): Promise<void> => {
      renderLegend();
      if (box.checked && added === null) {
        added = getJson<FeatureCollection>(`${api}/travel/${layer.path}.geojson`).then(layer.add);
      }
      if (added === null) return;
      const { layers: ids, markers, panel } = await added;
      if (panel) panel.hidden = !box.checked;
      for (const id of ids) map.setLayoutProperty(id, "visibility", box.checked ? "visible" : "none");
      for (const marker of markers) {
        if (box.checked) marker.addTo(map);
        else marker.remove();
      }
      if (!box.checked) popup.remove();
      box.dataset.shown = String(box.checked);
    };
    box.addEventListener("change", () => void show());
    if (box.checked) void show(); // ticked before the map was ready
  }
}
