// The Prognose page's year map: the slider and the mode picker recolour the areas from the
// classes the server computed for every year (praksisplan.web.forecast_page.year_map).

interface AreaSeries {
  classes: (number | null)[];
  texts: string[];
}

interface Mode {
  label: string;
  legend: string[];
  areas: Record<string, AreaSeries>;
}

interface YearMapData {
  years: number[];
  colours: string[];
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
    path.setAttribute("fill", cls === null ? NO_DATA : (data.colours[cls] ?? NO_DATA));
    path.dataset.class = cls === null ? "" : String(cls);
    const title = path.querySelector("title");
    if (title !== null && series !== undefined) {
      const name = (title.textContent ?? "").split(":")[0];
      title.textContent = `${name}: ${series.texts[index]}`;
    }
  });
  document.querySelectorAll<HTMLElement>("#forecast-legend .legend-text").forEach((item, i) => {
    item.textContent = mode.legend[i] ?? "";
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
