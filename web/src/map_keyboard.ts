// Practices by keyboard: one tab stop on the map (a control in its top-left corner); the
// arrow keys move to the nearest practice in that direction, Enter (or space) opens it,
// Escape closes it. The practice in focus is ringed on the map and read out.
import type { IControl, Map as MapLibreMap } from "maplibre-gl";
import type { FeatureCollection, Point } from "geojson";

interface Spot {
  number: string;
  at: [number, number];
  text: string;
}

const DIRECTIONS: Record<string, [number, number]> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};
/** Keep this far (px) inside the map's edge, panning when a practice is outside it. */
const MARGIN = 40;

/** The practice nearest ``from`` on screen in direction ``d``, within 45° of it. */
function nextIn(map: MapLibreMap, spots: Spot[], from: Spot, d: [number, number]): Spot | null {
  const origin = map.project(from.at);
  let best: Spot | null = null;
  let bestScore = Infinity;
  for (const spot of spots) {
    if (spot === from) continue;
    const p = map.project(spot.at);
    const along = (p.x - origin.x) * d[0] + (p.y - origin.y) * d[1];
    const across = Math.abs((p.x - origin.x) * d[1] - (p.y - origin.y) * d[0]);
    if (along <= 0 || across > along) continue;
    const score = along + 2 * across;
    if (score < bestScore) [best, bestScore] = [spot, score];
  }
  return best;
}

export class PracticeKeys implements IControl {
  private readonly box = document.createElement("div");
  private readonly current = document.createElement("span");
  private readonly spots: Spot[];
  private focused: Spot | null = null;
  private map: MapLibreMap | null = null;

  constructor(
    practices: FeatureCollection,
    describe: (properties: Record<string, unknown>) => string,
    private readonly open: (providerNumber: string, at: [number, number]) => void,
    private readonly close: () => void,
  ) {
    this.spots = practices.features.map((f) => ({
      number: String(f.properties?.provider_number),
      at: (f.geometry as Point).coordinates as [number, number],
      text: describe(f.properties ?? {}),
    }));
    this.box.className = "maplibregl-ctrl practice-keys";
    this.box.tabIndex = 0;
    this.box.setAttribute("role", "application");
    this.box.setAttribute("aria-label", "Praksis på kortet");
    const help = document.createElement("span");
    help.className = "practice-keys-help";
    help.textContent = "Praksis: piletasterne vælger, Enter åbner";
    this.current.className = "practice-keys-current";
    this.current.setAttribute("aria-live", "polite");
    this.box.append(help, this.current);
    this.box.addEventListener("keydown", (event) => this.onKey(event));
    this.box.addEventListener("focus", () => this.mark(true));
    this.box.addEventListener("blur", () => this.mark(false));
  }

  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    return this.box;
  }

  onRemove(): void {
    this.box.remove();
    this.map = null;
  }

  private mark(on: boolean): void {
    if (this.map && this.focused) {
      this.map.setFeatureState({ source: "practices", id: this.focused.number }, { focused: on });
    }
  }

  private nearestCentre(map: MapLibreMap): Spot | null {
    const centre = map.project(map.getCenter());
    let best: Spot | null = null;
    let bestDistance = Infinity;
    for (const spot of this.spots) {
      const p = map.project(spot.at);
      const distance = Math.hypot(p.x - centre.x, p.y - centre.y);
      if (distance < bestDistance) [best, bestDistance] = [spot, distance];
    }
    return best;
  }

  private onKey(event: KeyboardEvent): void {
    const map = this.map;
    if (!map) return;
    const direction = DIRECTIONS[event.key];
    if (direction) {
      event.preventDefault();
      const next = this.focused ? nextIn(map, this.spots, this.focused, direction) : this.nearestCentre(map);
      if (next) this.focus(map, next);
    } else if ((event.key === "Enter" || event.key === " ") && this.focused) {
      event.preventDefault();
      this.open(this.focused.number, this.focused.at);
    } else if (event.key === "Escape") {
      this.close();
    }
  }

  private focus(map: MapLibreMap, spot: Spot): void {
    this.mark(false);
    this.focused = spot;
    this.mark(true);
    this.box.dataset.providerNumber = spot.number;
    this.current.textContent = spot.text;
    const p = map.project(spot.at);
    const canvas = map.getCanvas();
    const outside =
      p.x < MARGIN || p.y < MARGIN || p.x > canvas.clientWidth - MARGIN || p.y > canvas.clientHeight - MARGIN;
    if (outside) map.panTo(spot.at);
  }
}
