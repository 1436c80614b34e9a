// An investigation's bulk unlock, followed live: while devices stay locked under a closed investigation, its counts
// are read again from the API every two seconds.
"use strict";
const progress = document.querySelector("[data-progress]");
if (progress) {
  const show = (id, value) => { document.getElementById(id).textContent = value; };
  const poll = async () => {
    const response = await fetch(progress.dataset.progress, { credentials: "same-origin" });
    if (!response.ok) return;
    const view = await response.json();
    const p = view.progress;
    show("locked", p.devicesLocked); show("unlocked", p.unlocked); show("remaining", p.remaining);
    const bar = document.getElementById("unlock-progress");
    bar.max = Math.max(p.devicesLocked, 1);
    bar.value = p.devicesLocked - p.remaining;
    const running = view.investigation.closedAt && p.remaining > 0;
    show("progress-note", running ? "Updating as the bulk unlock runs." : (view.investigation.closedAt ? "Done." : ""));
    if (running) setTimeout(poll, 2000);
  };
  poll();
}
