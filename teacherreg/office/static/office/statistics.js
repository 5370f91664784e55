// The statistics page's charts (office/statistics/index.html). The page is complete without
// this script: every number is in a table. With it, each table that has a chart gets one,
// drawn from the JSON the page embeds, which holds the same labels and counts as the table.
(function () {
  "use strict";
  var source = document.getElementById("statistics-charts");
  if (!source || typeof window.Chart !== "function") {
    return;
  }
  var specs = JSON.parse(source.textContent);
  var root = getComputedStyle(document.documentElement);
  function token(name, fallback) {
    return (root.getPropertyValue(name) || "").trim() || fallback;
  }
  var bar = token("--tr-brand", "#0b4a8b");
  var grid = token("--tr-border", "#c9d1da");
  window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.color = token("--tr-text", "#1b1b1b");
  window.Chart.defaults.font.size = 13;

  // A long label on a narrow chart would push the bars out of sight: keep it to about a third
  // of the chart's width (13 px per character). The tooltip and the table show it whole.
  function fitted(label, chartWidth) {
    var room = Math.max(4, Math.floor((chartWidth * 0.35) / 13));
    return label.length > room ? label.slice(0, room - 1) + "…" : label;
  }

  function draw(holder, spec) {
    var horizontal = spec.kind === "hbar";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", holder.getAttribute("data-label") || "");
    holder.appendChild(canvas);
    holder.hidden = false;
    if (horizontal) {
      // One band per label, so a long list of subjects or findings stays readable.
      holder.style.height = Math.max(10, spec.labels.length * 1.9 + 3) + "rem";
    }
    var valueAxis = { beginAtZero: true, ticks: { precision: 0 }, grid: { color: grid } };
    var labelAxis = { grid: { display: false }, ticks: { autoSkip: !horizontal } };
    if (horizontal) {
      labelAxis.ticks.callback = function (value) {
        return fitted(spec.labels[value], this.chart.width);
      };
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: [{ label: spec.series, data: spec.values, backgroundColor: bar, maxBarThickness: 36 }]
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              // The axis may show a shortened label; the tooltip shows it whole, as the table does.
              title: function (items) { return items.length ? spec.titles[items[0].dataIndex] : ""; }
            }
          }
        },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis }
      }
    });
  }

  document.querySelectorAll("[data-chart]").forEach(function (holder) {
    var spec = specs[holder.getAttribute("data-chart")];
    if (spec && spec.values.length) {
      draw(holder, spec);
    }
  });
})();
