// Area names on the map as HTML markers (no glyphs: the map stays offline without a font
// server). Shown by zoom: a name appears where its area is wide enough on screen for it and
// it does not collide with a larger area's name.
import { Marker, type Map as MapLibreMap } from "maplibre-gl";
import type { FeatureCollection } from "geojson";

interface Label {
  text: string;
  at: [number, number];
  /** The area's extent (west, south, east, north), to judge its width on screen. */
  extent: [number, number, number, number];
  marker: Marker;
  element: HTMLElement;
}

/** Gap kept between two names, px. */
const GAP = 4;

function extentOf(coordinates: unknown, box: [number, number, number, number]): void {
  if (Array.isArray(coordinates) && typeof coordinates[0] === "number") {
    const [x, y] = coordinates as number[];
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  } else if (Array.isArray(coordinates)) {
    for (const part of coordinates) extentOf(part, box);
  }
}

export class AreaLabels {
  private readonly labels: Label[];
  private shown = true;

  constructor(
    private readonly map: MapLibreMap,
    areas: FeatureCollection,
  ) {
    this.labels = areas.features.flatMap((feature) => {
      const at = feature.properties?.label_point as [number, number] | undefined;
      if (!at || !feature.geometry || !("coordinates" in feature.geometry)) return [];
      const extent: [number, number, number, number] = [180, 90, -180, -90];
      extentOf(feature.geometry.coordinates, extent);
      const element = document.createElement("div");
      element.className = "area-label";
      element.textContent = String(feature.properties?.name ?? "");
      element.setAttribute("aria-hidden", "true"); // the names are in the area list too
      const marker = new Marker({ element, anchor: "center" }).setLngLat(at).addTo(map);
      return [{ text: element.textContent, at, extent, marker, element }];
    });
    // larger areas first: they keep their name when names collide
    this.labels.sort((a, b) => this.span(b) - this.span(a));
    map.on("moveend", () => this.place());
    map.on("resize", () => this.place());
    this.place();
  }

  private span(label: Label): number {
    const [west, south, east, north] = label.extent;
    return (east - west) * (north - south);
  }

  /** Shows the names that fit, hides the others. */
  place(): void {
    const canvas = this.map.getCanvas();
    const placed: DOMRect[] = [];
    // every size is read before any class changes, so the page is laid out once
    const sizes = this.labels.map((l) => [l.element.offsetWidth, l.element.offsetHeight]);
    this.labels.forEach((label, index) => {
      const [west, south, east, north] = label.extent;
      const width = this.map.project([east, north]).x - this.map.project([west, south]).x;
      const centre = this.map.project(label.at);
      const [w, h] = sizes[index];
      const box = new DOMRect(centre.x - w / 2 - GAP, centre.y - h / 2 - GAP, w + 2 * GAP, h + 2 * GAP);
      const inside = box.left >= 0 && box.top >= 0 && box.right <= canvas.clientWidth && box.bottom <= canvas.clientHeight;
      const free = placed.every((p) => box.right <= p.left || box.left >= p.right || box.bottom <= p.top || box.top >= p.bottom);
      const fits = this.shown && inside && free && width >= 0.8 * w;
      label.element.classList.toggle("area-label-hidden", !fits);
      if (fits) placed.push(box);
    });
  }

  setShown(shown: boolean): void {
    this.shown = shown;
    this.place();
  }

  /** The names shown now, for the PNG. */
  visible(): { text: string; at: [number, number] }[] {
    return this.labels
      .filter((l) => !l.element.classList.contains("area-label-hidden"))
      .map(({ text, at }) => ({ text, at }));
  }
}
