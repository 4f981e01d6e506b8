// Follows a brief being built: polls its status (GET /api/briefs/{id}) and shows the files when done.
(function () {
  "use strict";
  var job = document.getElementById("job");
  if (!job) { return; }
  var bar = document.getElementById("progress");
  var text = document.getElementById("status-text");
  var links = { html: "view-html", pdf: "download-pdf", md: "download-md", json: "download-json" };

  function show(status) {
    bar.value = status.percent;
    bar.textContent = status.percent + "%";
    job.dataset.status = status.status;
    if (status.status === "done") {
      text.textContent = "Done.";
      if (status.title) { document.getElementById("brief-title").textContent = status.title; }
      Object.keys(links).forEach(function (format) {
        var link = document.getElementById(links[format]);
        if (status.files[format]) { link.href = status.files[format]; link.hidden = false; }
      });
      document.getElementById("files").hidden = false;
      showProblems(status.problems);
    } else if (status.status === "failed") {
      text.textContent = "Failed: " + (status.message || "see the service's log");
    } else {
      text.textContent = status.status.charAt(0).toUpperCase() + status.status.slice(1) +
        (status.stage ? ": " + status.stage + (status.total ? " (" + status.done + " of " + status.total + ")" : "") : "") + "…";
    }
  }

  function showProblems(problems) {
    var box = document.getElementById("problems");
    if (!problems.length || box.childElementCount) { return; }
    var heading = document.createElement("h2");
    heading.textContent = "Inputs skipped, and notes";
    var list = document.createElement("ul");
    problems.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p.path + ": " + p.message;
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
  }

  function poll() {
    fetch(job.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 429) { return null; }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (status) {
        if (status) { show(status); }
        if (!status || (status.status !== "done" && status.status !== "failed")) { setTimeout(poll, 1000); }
      })
      .catch(function (error) {
        text.textContent = "Cannot read the brief's status (" + error.message + "); retrying…";
        setTimeout(poll, 3000);
      });
  }

  if (job.dataset.status !== "done" && job.dataset.status !== "failed") { poll(); }
})();
