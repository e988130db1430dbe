// The "Fordeling af kapaciteter" page: the form starts a background run instead of waiting
// for the solve, polls its status (the solver's stage text and elapsed seconds) into the
// progress box, and loads the finished job's result page. The box's cancel button stops the
// run; a job the server no longer knows (e.g. after a restart) ends the wait with the server's
// Danish 404 message. The fields (the candidate file included) go as multipart; the result
// page's URL carries every field but the file, which the job keeps. Without script the form
// is a multipart POST that renders the result.
import { formatInteger } from "./format";
import { send } from "./scenario";

interface JobStatus {
  job: string;
  stage: string;
  elapsed_seconds: number;
  done: boolean;
  failed: boolean;
  cancelled: boolean;
  error: string | null;
}

const POLL_MS = 500;

// The result page's URL: every field but the file; a file chosen is named
// (candidates_file), so that the page refuses to recompute that URL without it.
function query(fields: FormData): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of fields) {
    if (typeof value === "string") params.append(name, value);
    else if (value.size > 0) params.append("candidates_file", value.name);
  }
  return params;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, ms));
}

export function startAllocationPage(): void {
  const form = document.querySelector<HTMLFormElement>("#allocation-form");
  const box = document.querySelector<HTMLElement>("#allocation-progress");
  if (!form || !box) return;
  const stage = box.querySelector<HTMLElement>(".stage")!;
  const elapsed = box.querySelector<HTMLElement>(".elapsed")!;
  const error = box.querySelector<HTMLElement>(".error")!;
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
  const cancel = box.querySelector<HTMLButtonElement>("#cancel-allocation")!;
  const bar = box.querySelector<HTMLProgressElement>("progress")!;
  const show = (status: JobStatus): void => {
    stage.textContent = status.stage;
    elapsed.textContent = `${formatInteger(Math.floor(status.elapsed_seconds))} s`;
  };
  let running: string | null = null;
  cancel.addEventListener("click", async () => {
    if (running === null) return;
    cancel.disabled = true;
    try {
      show(await send<JobStatus>(`/fordeling/beregning/${running}/annuller`, "POST"));
    } catch (problem) {
      error.textContent = (problem as Error).message;
      error.hidden = false;
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields = new FormData(form);
    const params = query(fields);
    box.hidden = false;
    bar.hidden = false;
    error.hidden = true;
    button.disabled = true;
    try {
      let status = await send<JobStatus>("/fordeling/beregning", "POST", fields);
      running = status.job;
      cancel.hidden = false;
      cancel.disabled = false;
      show(status);
      while (!status.done) {
        await wait(POLL_MS);
        status = await send<JobStatus>(`/fordeling/beregning/${status.job}`, "GET");
        show(status);
      }
      if (status.cancelled) throw new Error("Beregningen blev annulleret");
      if (status.failed) throw new Error(status.error ?? "Beregningen fejlede");
      box.dataset.done = "true";
      params.append("job", status.job);
      window.location.assign(`/fordeling?${params}`);
    } catch (problem) {
      error.textContent = (problem as Error).message;
      error.hidden = false;
      button.disabled = false;
    } finally {
      running = null;
      bar.hidden = true;
      cancel.hidden = true;
    }
  });
  // until this is set the button submits the script-free POST (the page's modules load after
  // the page itself): a test clicking earlier would not get a background run
  form.dataset.ready = "true";
}
