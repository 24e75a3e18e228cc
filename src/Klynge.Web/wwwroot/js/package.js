// Draws a package's charts from their data-series attributes with KlyngeCharts, then marks the document as
// ready (data-charts-ready) so that a printer knows when to print; the tables beside the charts hold the same
// figures when scripts or the chart library are missing.
(function () {
    "use strict";

    var charts = [];

    function draw() {
        if (typeof echarts !== "undefined" && window.KlyngeCharts) {
            var boxes = [];
            document.querySelectorAll(".package [data-chart][data-series]").forEach(function (element) {
                var kind = element.getAttribute("data-chart");
                if (typeof window.KlyngeCharts[kind] !== "function") return;
                element.classList.add("chart-ready");
                boxes.push({ element: element, kind: kind });
            });
            // Measured in one go before any is drawn: see init in charts.js.
            boxes.forEach(function (box) { box.size = window.KlyngeCharts.size(box.element); });
            boxes.forEach(function (box) {
                charts.push(window.KlyngeCharts[box.kind](box.element, JSON.parse(box.element.getAttribute("data-series")), box.size));
            });
            function fitAll() { charts.forEach(window.KlyngeCharts.fit); }
            window.addEventListener("resize", fitAll);
            // Print may lay the page out narrower than the screen: redraw the charts whose box changed.
            window.addEventListener("beforeprint", fitAll);
        }
        document.documentElement.dataset.chartsReady = "true";
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
    else draw();
})();
