// The dataset upload (page "upload"): sends the form with XMLHttpRequest so that a progress
// bar shows the bytes sent, then the server's stage (validating and loading) until its answer
// — the validation report or the loaded snapshot — replaces the page's content. Without
// script the form posts as usual.

function showStage(progress: HTMLProgressElement, stage: HTMLElement, text: string): void {
  progress.hidden = false;
  stage.textContent = text;
}

function replaceContent(html: string): void {
  const answer = new DOMParser().parseFromString(html, "text/html");
  const main = document.querySelector("main");
  const replacement = answer.querySelector("main");
  if (main && replacement) {
    main.replaceWith(document.adoptNode(replacement));
    startUploadPage();
  }
}

export function startUploadPage(): void {
  const form = document.querySelector<HTMLFormElement>("form.upload-form");
  const progress = document.querySelector<HTMLProgressElement>("#upload-progress");
  const stage = document.querySelector<HTMLElement>("#upload-stage");
  if (!form || !progress || !stage) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
    if (button) button.disabled = true;
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", (sent) => {
      if (!sent.lengthComputable) return;
      const percent = Math.round((100 * sent.loaded) / sent.total);
      progress.value = percent;
      showStage(progress, stage, `Sender filen: ${percent} %`);
    });
    request.upload.addEventListener("load", () => {
      progress.removeAttribute("value"); // indeterminate while the server works
      showStage(progress, stage, "Filen er modtaget. Validerer og indlæser datasættet …");
    });
    request.addEventListener("load", () => replaceContent(request.responseText));
    request.addEventListener("error", () => {
      showStage(progress, stage, "Forbindelsen blev afbrudt; intet er gemt. Prøv igen.");
      if (button) button.disabled = false;
    });
    showStage(progress, stage, "Sender filen: 0 %");
    request.send(new FormData(form));
  });
}
