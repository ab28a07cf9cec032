// The cohort page's charts. The data comes as JSON from the address in the container's
// data-src; each chart also gets a text summary for screen readers.
(function () {
  "use strict";

  const container = document.querySelector("[data-cohort-charts]");
  if (!container || typeof Chart === "undefined") {
    return;
  }
  const colours = { line: "#0b5a7a", bar: "#1d6b3a", department: "#5b3f8c" };

  function summarise(canvas, labels, values, unit) {
    const parts = labels.map(function (label, index) {
      return label + ": " + values[index] + unit;
    });
    canvas.setAttribute("aria-label", canvas.dataset.title + ". " + parts.join(", "));
  }

  function draw(id, type, data, colour, unit, extra) {
    const canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    summarise(canvas, data.labels, data.values, unit);
    if (!data.labels.length) {
      canvas.parentElement.querySelector("[data-empty]").hidden = false;
      canvas.hidden = true;
      return;
    }
    new Chart(canvas, {
      type: type,
      data: {
        labels: data.labels,
        datasets: [{ data: data.values, backgroundColor: colour, borderColor: colour, tension: 0.2 }],
      },
      options: Object.assign(
        {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
        extra || {}
      ),
    });
  }

  fetch(container.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (data) {
      draw("chart-completion", "line", data.completion, colours.line, "");
      draw("chart-funnel", "bar", data.funnel, colours.bar, "", { indexAxis: "y" });
      draw("chart-departments", "bar", data.departments, colours.department, " %", {
        scales: { y: { beginAtZero: true, max: 100 } },
      });
      container.setAttribute("aria-busy", "false");
    })
    .catch(function () {
      container.querySelector("[data-error]").hidden = false;
      container.setAttribute("aria-busy", "false");
    });
})();
