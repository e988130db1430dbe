// The scenario editor (page "scenarie") and the new-scenario form (page "scenarier").
// Clicking a practice offers close/open/capacities; clicking elsewhere on the map offers a
// new near clinic at that point. Every edit is POSTed to the API; the diff panel and the
// area colours are redrawn from /api/scenarios/{id}/diff after each change.
import { formatAmount } from "./format";

interface StoredEdit {
  seq: number;
  table: string;
  key: string | string[];
  op: string;
  values: Record<string, unknown>;
  /** the edit as a Danish sentence (praksisplan.scenario.wording) */
  description: string;
}

interface ScenarioJson {
  id: number;
  status: string;
  edits: StoredEdit[];
}

/** An indicator's base and scenario value with its Danish label and texts. */
interface ChangedValue {
  base: number | null;
  scenario: number | null;
  label: string;
  base_text: string;
  scenario_text: string;
  change_text: string;
}

interface AreaDiff {
  area_id: string;
  name: string;
  class_base: string;
  class_scenario: string;
  label_base: string;
  label_scenario: string;
  criteria_started: string;
  criteria_stopped: string;
  changed: Record<string, ChangedValue>;
}

interface DiffJson {
  areas: AreaDiff[];
  region_changed: (ChangedValue & { indicator: string })[];
  persons_gaining_free_choice: number;
  persons_losing_free_choice: number;
}

const COLOURS: Record<string, string> = { red: "#d7191c", yellow: "#fdd835", green: "#1a9641" };
const RANK: Record<string, number> = { green: 0, yellow: 1, red: 2 };

/** The session's CSRF token, which every write must carry (docs/security.md). */
function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";
}

export async function send<T>(url: string, method: string, body?: unknown): Promise<T> {
  // a FormData body goes as multipart (its files included); anything else as JSON
  const form = body instanceof FormData;
  const headers: Record<string, string> = { "X-CSRF-Token": csrfToken() };
  if (!form) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) {
    const detail = data.detail;
    throw new Error(typeof detail === "string" ? detail : (detail?.message ?? "Fejl"));
  }
  return data as T;
}

function text(tag: string, content: string, className?: string): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

function startNewScenarioForm(): void {
  const form = document.querySelector<HTMLFormElement>("#new-scenario");
  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = form.querySelector<HTMLElement>(".error")!;
    try {
      const created = await send<ScenarioJson>("/api/scenarios", "POST", {
        snapshot_id: Number(form.dataset.snapshot),
        name: (form.elements.namedItem("name") as HTMLInputElement).value,
        description: (form.elements.namedItem("description") as HTMLInputElement).value,
      });
      window.location.assign(`/scenarier/${created.id}`);
    } catch (problem) {
      error.textContent = (problem as Error).message;
      error.hidden = false;
    }
  });
}

function startSaveProposalForm(): void {
  const form = document.querySelector<HTMLFormElement>("#save-proposal");
  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = form.querySelector<HTMLElement>(".error")!;
    // one proposal on the form (Fordeling), or one per option to choose from (Ledigt ydernummer)
    const source = form.querySelector<HTMLInputElement>("input[name=option]:checked") ?? form;
    try {
      const created = await send<ScenarioJson>("/api/scenarios", "POST", {
        snapshot_id: Number(form.dataset.snapshot),
        name: (form.elements.namedItem("name") as HTMLInputElement).value,
        description: source.dataset.description ?? "Forslag fra Fordeling af kapaciteter",
        edits: JSON.parse(source.dataset.edits ?? "[]"),
        status: "forslag",
      });
      window.location.assign(`/scenarier/${created.id}`);
    } catch (problem) {
      error.textContent = (problem as Error).message;
      error.hidden = false;
    }
  });
}

function startEditor(editor: HTMLElement): void {
  const id = Number(editor.dataset.scenario);
  const x0 = Number(editor.dataset.x0);
  const y1 = Number(editor.dataset.y1);
  const scale = Number(editor.dataset.scale);
  const svg = editor.querySelector<SVGSVGElement>("#scenario-map")!;
  const panel = editor.querySelector<HTMLElement>("#edit-panel")!;
  const title = editor.querySelector<HTMLElement>("#edit-title")!;
  const errorBox = editor.querySelector<HTMLElement>("#edit-error")!;
  const practiceActions = editor.querySelector<HTMLElement>("#practice-actions")!;
  const clinicActions = editor.querySelector<HTMLElement>("#clinic-actions")!;
  const list = editor.querySelector<HTMLOListElement>("#edit-list")!;
  const diffPanel = editor.querySelector<HTMLElement>("#diff-panel")!;
  const clinics = editor.querySelector<SVGGElement>("#new-clinics")!;
  let selectedProvider: string | null = null;
  let clickedPoint: { x: number; y: number; svgX: number; svgY: number } | null = null;
  let lastDiff: DiffJson | null = null;

  function colour(): void {
    const mode =
      editor.querySelector<HTMLInputElement>("input[name=colouring]:checked")?.value ?? "scenario";
    const byArea = new Map((lastDiff?.areas ?? []).map((a) => [a.area_id, a]));
    for (const path of svg.querySelectorAll<SVGPathElement>("path.area")) {
      const area = byArea.get(path.dataset.area ?? "");
      if (!area) continue;
      let fill = COLOURS[mode === "base" ? area.class_base : area.class_scenario] ?? "#eef2f5";
      if (mode === "change") {
        const delta = (RANK[area.class_scenario] ?? 0) - (RANK[area.class_base] ?? 0);
        fill = delta > 0 ? "#d7191c" : delta < 0 ? "#1a9641" : "#eef2f5";
      }
      path.setAttribute("fill", fill);
      path.dataset.class = area.class_scenario;
    }
  }

  function showDiff(diff: DiffJson): void {
    lastDiff = diff;
    diffPanel.replaceChildren();
    const moved = diff.areas.filter((a) => a.class_base !== a.class_scenario);
    const classes = document.createElement("ul");
    classes.id = "class-changes";
    for (const area of moved) {
      classes.append(
        text("li", `${area.area_id} ${area.name}: ${area.label_base} → ${area.label_scenario}`, "class-change"),
      );
    }
    if (moved.length === 0) classes.append(text("li", "Ingen områder skifter trusselsklasse."));
    diffPanel.append(text("h3", "Trusselsklasser"), classes);
    diffPanel.append(
      text(
        "p",
        `Borgere der får frit valg: ${formatAmount(diff.persons_gaining_free_choice)}; ` +
          `mister frit valg: ${formatAmount(diff.persons_losing_free_choice)}.`,
        "free-choice",
      ),
    );
    const table = document.createElement("table");
    table.id = "region-changes";
    table.append(text("caption", "Regionens nøgletal der flytter sig"));
    const head = document.createElement("tr");
    head.append(text("th", "Nøgletal"), text("th", "I dag"), text("th", "Scenariet"), text("th", "Forskel"));
    for (const cell of head.children) cell.setAttribute("scope", "col");
    const thead = document.createElement("thead");
    const tbody = document.createElement("tbody");
    thead.append(head);
    table.append(thead, tbody);
    for (const row of diff.region_changed) {
      const tr = document.createElement("tr");
      const label = text("th", row.label);
      label.setAttribute("scope", "row");
      tr.dataset.indicator = row.indicator;
      tr.append(
        label,
        text("td", row.base_text, "num"),
        text("td", row.scenario_text, "num"),
        text("td", row.change_text, "num"),
      );
      tbody.append(tr);
    }
    if (diff.region_changed.length === 0) {
      const tr = document.createElement("tr");
      const none = text("td", "Ingen af regionens nøgletal flytter sig.");
      none.setAttribute("colspan", "4");
      tr.append(none);
      tbody.append(tr);
    }
    diffPanel.append(table);
    colour();
  }

  const practiceCircles = new Map<string, SVGCircleElement>();
  for (const circle of svg.querySelectorAll<SVGCircleElement>("circle.practice")) {
    circle.dataset.cx = circle.getAttribute("cx") ?? "";
    circle.dataset.cy = circle.getAttribute("cy") ?? "";
    practiceCircles.set(circle.dataset.provider ?? "", circle);
  }

  function showEdits(scenario: ScenarioJson): void {
    list.replaceChildren(...scenario.edits.map((edit) => text("li", edit.description)));
    clinics.replaceChildren();
    for (const circle of practiceCircles.values()) {
      circle.setAttribute("cx", circle.dataset.cx ?? "");
      circle.setAttribute("cy", circle.dataset.cy ?? "");
    }
    for (const edit of scenario.edits) {
      const moved = practiceCircles.get(String(edit.key));
      if (edit.table === "practices" && edit.op === "update" && moved && "x" in edit.values) {
        moved.setAttribute("cx", String((Number(edit.values.x) - x0) * scale));
        moved.setAttribute("cy", String((y1 - Number(edit.values.y)) * scale));
      }
      if (edit.table === "practices" && edit.op === "insert") {
        const circle = document.createElementNS("http://www.w3.org/2000/svg", "circle");
        const x = Number(edit.values.x);
        const y = Number(edit.values.y);
        circle.setAttribute("cx", String((x - x0) * scale));
        circle.setAttribute("cy", String((y1 - y) * scale));
        circle.setAttribute("r", "6");
        circle.setAttribute("class", "new-clinic");
        circle.setAttribute("fill", "#d9480f");
        clinics.append(circle);
      }
    }
  }

  async function refresh(): Promise<void> {
    const [scenario, diff] = await Promise.all([
      send<ScenarioJson>(`/api/scenarios/${id}`, "GET"),
      send<DiffJson>(`/api/scenarios/${id}/diff`, "GET"),
    ]);
    showEdits(scenario);
    showDiff(diff);
  }

  async function edit(edits: unknown[]): Promise<void> {
    errorBox.hidden = true;
    try {
      await send<ScenarioJson>(`/api/scenarios/${id}/edits`, "POST", edits);
      panel.hidden = true;
      diffPanel.replaceChildren(text("p", "Beregner …"));
      await refresh();
    } catch (problem) {
      errorBox.textContent = (problem as Error).message;
      errorBox.hidden = false;
      await refresh(); // a refused move puts the practice back
    }
  }

  // drag a practice to move it: pointer down on it, move, release (a click stays a click)
  let dragging: { circle: SVGCircleElement; x: number; y: number; moved: boolean } | null = null;
  let suppressClick = false;
  const toLocal = (event: MouseEvent): DOMPoint => {
    const point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM()!.inverse());
  };
  svg.addEventListener("pointerdown", (event) => {
    const target = event.target as Element;
    if (!target.classList.contains("practice")) return;
    const local = toLocal(event);
    dragging = { circle: target as SVGCircleElement, x: local.x, y: local.y, moved: false };
  });
  svg.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    const local = toLocal(event);
    if (Math.hypot(local.x - dragging.x, local.y - dragging.y) > 3) dragging.moved = true;
    if (dragging.moved) {
      dragging.circle.setAttribute("cx", String(local.x));
      dragging.circle.setAttribute("cy", String(local.y));
    }
  });
  svg.addEventListener("pointerup", (event) => {
    const drag = dragging;
    dragging = null;
    if (!drag?.moved) return;
    suppressClick = true;
    const local = toLocal(event);
    void edit([
      {
        table: "practices",
        key: drag.circle.dataset.provider,
        op: "update",
        values: { x: x0 + local.x / scale, y: y1 - local.y / scale },
      },
    ]);
  });

  svg.addEventListener("click", (event) => {
    if (suppressClick) {
      suppressClick = false;
      return;
    }
    const target = event.target as Element;
    panel.hidden = false;
    errorBox.hidden = true;
    if (target.classList.contains("practice")) {
      const circle = target as SVGCircleElement;
      selectedProvider = circle.dataset.provider ?? null;
      title.textContent = `${selectedProvider} ${circle.dataset.name ?? ""}`;
      editor.querySelector<HTMLInputElement>("#new-capacities")!.value = circle.dataset.capacities ?? "";
      practiceActions.hidden = false;
      clinicActions.hidden = true;
      return;
    }
    const local = toLocal(event);
    clickedPoint = { x: x0 + local.x / scale, y: y1 - local.y / scale, svgX: local.x, svgY: local.y };
    title.textContent = "Ny nærklinik";
    practiceActions.hidden = true;
    clinicActions.hidden = false;
  });

  const update = (values: Record<string, unknown>) =>
    selectedProvider && edit([{ table: "practices", key: selectedProvider, op: "update", values }]);
  editor.querySelector("#close-practice")!.addEventListener("click", () => update({ status: "closed" }));
  editor.querySelector("#open-practice")!.addEventListener("click", () => update({ status: "open" }));
  editor.querySelector("#set-capacities")!.addEventListener("click", () =>
    update({ capacities: Number(editor.querySelector<HTMLInputElement>("#new-capacities")!.value) }),
  );
  editor.querySelector("#add-clinic")!.addEventListener("click", () => {
    if (!clickedPoint) return;
    const capacities = Number(editor.querySelector<HTMLInputElement>("#clinic-capacities")!.value);
    const key = `NK${Date.now().toString(36).toUpperCase()}`;
    void edit([
      {
        table: "practices",
        key,
        op: "insert",
        values: {
          name: "Ny nærklinik",
          x: clickedPoint.x,
          y: clickedPoint.y,
          org_form: "near",
          capacities,
          vacant_capacities: 0,
          listed_patients: 0,
          status: "open",
        },
      },
    ]);
  });
  editor.querySelector("#cancel-edit")!.addEventListener("click", () => {
    panel.hidden = true;
  });
  editor.querySelector("#undo-edit")!.addEventListener("click", async () => {
    try {
      await send<ScenarioJson>(`/api/scenarios/${id}/undo`, "POST");
      await refresh();
    } catch (problem) {
      errorBox.textContent = (problem as Error).message;
      errorBox.hidden = false;
    }
  });
  for (const radio of editor.querySelectorAll("input[name=colouring]")) {
    radio.addEventListener("change", colour);
  }
  void refresh();
}

export function startScenarioPages(): void {
  startNewScenarioForm();
  startSaveProposalForm();
  const editor = document.querySelector<HTMLElement>("#scenario-editor");
  if (editor) startEditor(editor);
}
