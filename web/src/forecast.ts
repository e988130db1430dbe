// The Prognose page's year map: the slider and the mode picker recolour the areas from the
// classes the server computed for every year (praksisplan.web.forecast_page.year_map).

interface AreaSeries {
  classes: (number | null)[];
  texts: string[];
}

interface Mode {
  label: string;
  legend: string[];
  colours: string[];
  areas: Record<string, AreaSeries>;
}

interface YearMapData {
  years: number[];
  modes: Record<string, Mode>;
}

const NO_DATA = "#cccccc";

function recolour(data: YearMapData, year: number, modeKey: string): void {
  const index = data.years.indexOf(year);
  const mode = data.modes[modeKey];
  if (index < 0 || mode === undefined) return;
  document.querySelectorAll<SVGPathElement>("#forecast-map path[data-area]").forEach((path) => {
    const series = mode.areas[path.dataset.area ?? ""];
    const cls = series?.classes[index] ?? null;
    path.setAttribute("fill", cls === null ? NO_DATA : (mode.colours[cls] ?? NO_DATA));
    path.dataset.class = cls === null ? "" : String(cls);
    const title = path.querySelector("title");
    if (title !== null && series !== undefined) {
      const name = (title.textContent ?? "").split(":")[0];
      title.textContent = `${name}: ${series.texts[index]}`;
    }
  });
  // the legend has as many items as the mode with the most classes; a mode with fewer
  // hides the rest
  document.querySelectorAll<HTMLElement>("#forecast-legend li").forEach((item, i) => {
    const text = item.querySelector<HTMLElement>(".legend-text");
    const swatch = item.querySelector<HTMLElement>(".swatch");
    if (text !== null) text.textContent = mode.legend[i] ?? "";
    if (swatch !== null) swatch.style.background = mode.colours[i] ?? NO_DATA;
    item.hidden = i >= mode.legend.length;
  });
  const label = document.getElementById("forecast-year-label");
  if (label !== null) label.textContent = String(year);
  document.getElementById("forecast-map")?.setAttribute("data-year", String(year));
}

export function startForecastPage(): void {
  const source = document.getElementById("forecast-data");
  const slider = document.querySelector<HTMLInputElement>("#forecast-year");
  const picker = document.querySelector<HTMLSelectElement>("#forecast-mode");
  if (source === null || slider === null || picker === null) return;
  const data = JSON.parse(source.textContent ?? "{}") as YearMapData;
  const update = (): void => recolour(data, Number(slider.value), picker.value);
  slider.addEventListener("input", update);
  picker.addEventListener("change", update);
  update();
}
