// A console form with data-api is sent to that API endpoint as JSON, with the session's antiforgery token: the same
// endpoint, roles and validation as any other client's. A problem document's messages are shown next to the fields
// they name (errors), or above the button (detail). data-if-match sends the version the page was rendered from;
// data-download saves a file answer (an export bundle) under the name the API gives it.
"use strict";
const antiforgery = document.querySelector("meta[name=antiforgery]")?.content ?? "";

function body(form) {
  const json = {};
  for (const field of form.elements) {
    if (!field.name || field.disabled || field.type === "submit" || ((field.type === "checkbox" || field.type === "radio") && !field.checked)) continue;
    const value = field.value.trim();
    if (value === "") continue;
    if (field.dataset.list !== undefined) (json[field.name] ??= []).push(...value.split(/[\s,]+/).filter(v => v));
    else json[field.name] = field.dataset.number !== undefined ? Number(value) : value;
  }
  return json;
}

function clear(form) {
  form.querySelectorAll("[data-error-for]").forEach(e => { e.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach(e => e.removeAttribute("aria-invalid"));
}

function show(form, problem) {
  const unplaced = [];
  for (const [key, messages] of Object.entries(problem.errors ?? {})) {
    const name = key.split(/[.[]/)[0].toLowerCase();
    const field = [...form.elements].find(f => f.name && f.name.toLowerCase() === name);
    const slot = field && form.querySelector(`[data-error-for="${field.name}"]`);
    if (slot) { slot.textContent = messages.join(" "); field.setAttribute("aria-invalid", "true"); }
    else unplaced.push(...messages);
  }
  const summary = form.querySelector("[data-outcome]");
  summary.className = "error";
  summary.textContent = [problem.title, problem.detail, ...unplaced].filter(t => t).join(": ");
  form.querySelector("[aria-invalid]")?.focus();
}

async function save(response) {
  const name = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "download";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}

document.querySelectorAll("form[data-api]").forEach(form => {
  let key = crypto.randomUUID(); // one per intended write: a resend after a lost answer is not applied twice
  form.addEventListener("input", () => { key = crypto.randomUUID(); });
  form.addEventListener("submit", async event => {
    event.preventDefault();
    clear(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const headers = { "Content-Type": "application/json", "RequestVerificationToken": antiforgery, "Idempotency-Key": key };
    if (form.dataset.ifMatch) headers["If-Match"] = `"${form.dataset.ifMatch}"`;
    try {
      const response = await fetch(form.dataset.api, { method: "POST", headers, body: JSON.stringify(body(form)), credentials: "same-origin" });
      if (!response.ok) { show(form, await response.json().catch(() => ({}))); return; }
      const file = form.dataset.download !== undefined;
      if (file) await save(response);
      const answer = file ? {} : await response.json().catch(() => ({}));
      const outcome = form.querySelector("[data-outcome]");
      outcome.className = "done";
      outcome.textContent = form.dataset.done ?? "Done.";
      if (form.dataset.then) location.assign(form.dataset.then.replace("{id}", answer.id ?? answer.appealId ?? answer.investigationId ?? ""));
    } catch (failure) {
      show(form, { title: "Not sent", detail: String(failure) });
    } finally {
      button.disabled = false;
    }
  });
});
