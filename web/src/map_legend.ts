// The map's legends: what the area colours, the practices' colours, outlines and circle
// sizes mean — drawn beside the map and into the PNG (map_png.ts).
import type { AreaStatus, Catalogue } from "./api";
import { formatCapacities, formatInteger } from "./format";

export const STATUS_COLOURS: Record<string, string> = {
  open: "#08519c",
  selective: "#7a0177",
  closed: "#252525",
};
export const REGION_RUN_FORMS = ["contract", "region", "near"];
export const REGION_RUN_OUTLINE = "#ff7f00";
export const NO_DATA_COLOUR = "#bdbdbd";
/** A practice's circle radius (px) by its capacities: [capacities, radius] stops, linear
 * between them; the map's paint expression and the size legend both read it. */
export const CIRCLE_RADIUS_STOPS: [number, number][] = [
  [0, 3],
  [1, 4],
  [4, 8],
  [10, 13],
];
/** The capacities the size legend shows a circle for. */
const SIZE_LEGEND_CAPACITIES = [1, 4, 10];

export interface LegendItem {
  colour: string;
  label: string;
  outline?: string;
  /** Drawn as a circle of this radius (px) instead of a square swatch. */
  radius?: number;
}

export interface Legend {
  title: string;
  items: LegendItem[];
}

/** "status": the committee's decision where there is one; "model": the model's class. */
export type ClassMode = "status" | "model";

export function circleRadius(capacities: number): number {
  const stops = CIRCLE_RADIUS_STOPS;
  if (capacities <= stops[0][0]) return stops[0][1];
  for (let i = 1; i < stops.length; i++) {
    const [x0, r0] = stops[i - 1];
    const [x1, r1] = stops[i];
    if (capacities <= x1) return r0 + ((capacities - x0) / (x1 - x0)) * (r1 - r0);
  }
  return stops[stops.length - 1][1];
}

export function classCounts(statuses: AreaStatus[], mode: ClassMode): Record<string, number> {
  const counts: Record<string, number> = { red: 0, yellow: 0, green: 0 };
  for (const s of statuses) counts[mode === "status" ? s.status : s.model_class] += 1;
  return counts;
}

function practiceLegends(catalogue: Catalogue): Legend[] {
  return [
    {
      title: "Praksis (farve: status)",
      items: [
        ...Object.entries(STATUS_COLOURS).map(([status, colour]) => ({
          colour,
          label: catalogue.status_labels[status] ?? status,
        })),
        { colour: "#ffffff", outline: REGION_RUN_OUTLINE, label: "Regionsdrevet klinik (kant)" },
      ],
    },
    {
      title: "Praksis (størrelse: kapaciteter)",
      items: SIZE_LEGEND_CAPACITIES.map((capacities) => ({
        colour: "#8c8c8c",
        radius: circleRadius(capacities),
        label: formatCapacities(capacities),
      })),
    },
  ];
}

export function legendFor(
  catalogue: Catalogue,
  by: string,
  counts: Record<string, number>,
  mode: ClassMode,
): Legend[] {
  if (by === "threat") {
    return [
      {
        title: mode === "status" ? "Status (udvalgets beslutning)" : "Modellens klasse",
        items: catalogue.threat_classes.map((c) => ({
          colour: c.colour,
          label: `${c.label} (${formatInteger(counts[c.key] ?? 0)})`,
        })),
      },
      ...practiceLegends(catalogue),
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
    ...practiceLegends(catalogue),
  ];
}

/** Width of the widest circle in the size legend, so every label starts at the same x. */
export const LEGEND_SYMBOL_PX = 2 * CIRCLE_RADIUS_STOPS[CIRCLE_RADIUS_STOPS.length - 1][1];

export function renderLegend(container: HTMLElement, legends: Legend[]): void {
  container.replaceChildren(
    ...legends.map((legend) => {
      const section = document.createElement("section");
      const title = document.createElement("h2");
      title.textContent = legend.title;
      const list = document.createElement("ul");
      for (const item of legend.items) {
        const entry = document.createElement("li");
        const symbol = document.createElement("span");
        symbol.setAttribute("aria-hidden", "true");
        symbol.style.background = item.colour;
        if (item.radius !== undefined) {
          symbol.className = "size-swatch";
          symbol.style.width = symbol.style.height = `${2 * item.radius}px`;
          const frame = document.createElement("span");
          frame.className = "size-frame";
          frame.style.width = `${LEGEND_SYMBOL_PX}px`;
          frame.append(symbol);
          entry.append(frame, document.createTextNode(item.label));
        } else {
          symbol.className = "swatch";
          if (item.outline) symbol.style.border = `3px solid ${item.outline}`;
          entry.append(symbol, document.createTextNode(item.label));
        }
        list.append(entry);
      }
      section.append(title, list);
      return section;
    }),
  );
}
