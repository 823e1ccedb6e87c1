/* Dashboard charts: data comes from the page (json_script "chart-data"); every chart has a table beside it. */
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!node || typeof Chart === "undefined") { return; }
  var charts = JSON.parse(node.textContent);
  var palette = ["#0b6e4f", "#2f6fb0", "#b36b00", "#8e3b8e", "#b3261e", "#4d7c0f", "#5b6675", "#0e7490"];
  var percentKeys = { handling: true, compliance: true };
  // Long category names (violation types, agencies) are cut on the axis; the tooltip and the table
  // beside the chart keep the full text.
  var MAX_LABEL = 28;
  function shortLabel(value) {
    var label = String(this.getLabelForValue(value));
    return label.length > MAX_LABEL ? label.slice(0, MAX_LABEL - 1) + "\u2026" : label;
  }
  Chart.defaults.font.family = "system-ui, sans-serif";
  Chart.defaults.animation = false;
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var key = canvas.getAttribute("data-chart");
    var spec = charts[key];
    if (!spec) { return; }
    var config;
    if (key === "trend") {
      config = {
        type: "line",
        data: {
          labels: spec.labels,
          datasets: spec.series.map(function (s, i) {
            return { label: s.label + " (" + s.unit + ")", data: s.data, borderColor: palette[i], backgroundColor: palette[i], tension: 0.2 };
          })
        },
        options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      };
    } else {
      var horizontal = spec.labels.length > 6;
      config = {
        type: "bar",
        data: { labels: spec.labels, datasets: [{ data: spec.data, backgroundColor: palette[0] }] },
        options: {
          indexAxis: horizontal ? "y" : "x",
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: {}
        }
      };
      var axis = horizontal ? "x" : "y";
      config.options.scales[axis] = percentKeys[key] ? { beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + "%"; } } }
                                                    : { beginAtZero: true, ticks: { precision: 0 } };
      config.options.scales[horizontal ? "y" : "x"] = { ticks: { autoSkip: false, callback: shortLabel } };
      if (horizontal) { canvas.parentNode.style.height = Math.max(180, spec.labels.length * 26 + 40) + "px"; }
      // Clicking a bar opens the rows behind it: the matching link in the table beside the chart.
      var table = canvas.closest(".chart-card") && canvas.closest(".chart-card").querySelector("table[data-figure]");
      config.options.onClick = function (evt, elements) {
        if (!elements.length || !table) { return; }
        var row = table.querySelectorAll("tbody tr")[elements[0].index];
        var link = row && row.querySelector("a[href]");
        if (link) { window.location.href = link.href; }
      };
    }
    new Chart(canvas, config);
  });
})();
