// Live progress of a running import: poll the run's JSON once a second, update the bar
// and counts, and reload the page when the run has finished (to show the final result).
(function () {
  var section = document.getElementById("run");
  if (!section) { return; }
  var url = section.getAttribute("data-progress-url");
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (facts) {
        document.getElementById("run-progress").value = facts.percent;
        document.getElementById("run-status").textContent = facts.status_label;
        ["read", "created", "updated", "unchanged", "failed"].forEach(function (name) {
          document.getElementById("count-" + name).textContent = facts[name];
        });
        if (facts.finished) { window.location.reload(); } else { setTimeout(tick, 1000); }
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 1000);
})();
