// A verification started from the integrity page, followed until it ends; then the page is read again without it.
"use strict";
const followed = document.querySelector("[data-job]");
if (followed) {
  const bar = document.getElementById("job-progress");
  const note = document.getElementById("job-note");
  const poll = async () => {
    const response = await fetch(followed.dataset.job, { credentials: "same-origin" });
    if (!response.ok) { note.textContent = `The ledger answered ${response.status}.`; return; }
    const job = await response.json();
    bar.max = Math.max(job.eventsTotal, 1);
    bar.value = job.eventsVerified;
    note.textContent = `${job.status}: ${job.eventsVerified} of ${job.eventsTotal} events`;
    if (job.status === "running") setTimeout(poll, 1000);
    else location.assign(location.pathname);
  };
  poll();
}
