// Entry of the front-end bundle: shared behaviour, then the current page's script.
import "./style.css";

function autoSubmitSnapshotPicker(): void {
  const select = document.querySelector<HTMLSelectElement>(".snapshot-picker select");
  select?.addEventListener("change", () => select.form?.submit());
}

async function main(): Promise<void> {
  autoSubmitSnapshotPicker();
  const page = document.body.dataset.page;
  const snapshot = Number(document.body.dataset.snapshot);
  if (page === "kort" && snapshot > 0) {
    const { startMapPage } = await import("./map");
    await startMapPage(snapshot);
  }
  if (["scenarier", "scenarie", "fordeling", "ledigt-ydernummer"].includes(page ?? "")) {
    (await import("./scenario")).startScenarioPages();
  }
  if (page === "fordeling") {
    (await import("./allocation")).startAllocationPage();
  }
  if (page === "prognose") {
    (await import("./forecast")).startForecastPage();
  }
  if (page === "upload") {
    (await import("./upload")).startUploadPage();
  }
}

void main();
