// Draws a package's charts from their data-series attributes with KlyngeCharts, then marks the document as
// ready (data-charts-ready) so that a printer knows when to print; the tables beside the charts hold the same
// figures when scripts or the chart library are missing.
(function () {
    "use strict";

    var charts = [];

    function draw() {
        if (typeof echarts !== "undefined" && window.KlyngeCharts) {
            document.querySelectorAll(".package [data-chart][data-series]").forEach(function (element) {
                var kind = element.getAttribute("data-chart");
                var draw = window.KlyngeCharts[kind];
                if (typeof draw !== "function") return;
                element.classList.add("chart-ready");
                charts.push(draw(element, JSON.parse(element.getAttribute("data-series"))));
            });
            window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
            // Print may lay the page out narrower than the screen: redraw at the printed width.
            window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
        }
        document.documentElement.dataset.chartsReady = "true";
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
    else draw();
})();
