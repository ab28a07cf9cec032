// Charts of the exercises (the experience profile beside the cohort, the journey's
// priority matrix). Data comes from json_script elements; nothing runs inline (CSP).
(function () {
  "use strict";

  function readData(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    return source ? JSON.parse(source.textContent) : null;
  }

  function profileChart(canvas, data) {
    var datasets = [{ label: data.mine_label, data: data.mine, backgroundColor: "#0b5a7a" }];
    if (data.cohort) {
      datasets.push({ label: data.cohort_label, data: data.cohort, backgroundColor: "#9bb7c4" });
    }
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        scales: { x: { min: 0, max: 5, ticks: { stepSize: 1 } } },
      },
    });
  }

  function journeyChart(canvas, data) {
    return new window.Chart(canvas, {
      type: "scatter",
      data: {
        datasets: [{ data: data.points, backgroundColor: "#0b5a7a", pointRadius: 6 }],
      },
      options: {
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.raw.label + " (" + item.raw.x + ", " + item.raw.y + ")";
              },
            },
          },
        },
        scales: {
          x: { min: 0.5, max: 5.5, title: { display: true, text: data.x_label } },
          y: { min: 0.5, max: 5.5, title: { display: true, text: data.y_label } },
        },
      },
    });
  }

  function draw(root) {
    if (!window.Chart) {
      return;
    }
    root.querySelectorAll("canvas[data-exercise-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) {
        return;
      }
      var data = readData(canvas);
      if (!data) {
        return;
      }
      canvas.dataset.drawn = "1";
      if (canvas.dataset.exerciseChart === "profile") {
        profileChart(canvas, data);
      } else {
        journeyChart(canvas, data);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    draw(event.target);
  });
})();
