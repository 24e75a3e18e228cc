// Draws a package's charts from their data-series attributes with KlyngeCharts, then marks the document as
// ready (data-charts-ready) so that a printer knows when to print; the tables beside the charts hold the same
// figures when scripts or the chart library are missing.
//
// KlyngePrint is how the PDF printer uses a loaded document again: show(title, html) puts another package's
// content in the document's main element ([data-print-content]) and draws its charts before it returns; clear()
// empties it. A print then costs the drawing only, not loading the chart library again.
(function () {
    "use strict";

    var charts = [];

    function draw() {
        if (typeof echarts === "undefined" || !window.KlyngeCharts) return;
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
    }

    function clear() {
        charts.forEach(function (chart) { chart.dispose(); });
        charts = [];
    }

    function fitAll() {
        if (window.KlyngeCharts) charts.forEach(window.KlyngeCharts.fit);
    }

    function content() {
        var main = document.querySelector("[data-print-content]");
        if (!main) throw new Error("The document has no [data-print-content] element to show a package in.");
        return main;
    }

    window.addEventListener("resize", fitAll);
    // Print may lay the page out narrower than the screen: redraw the charts whose box changed.
    window.addEventListener("beforeprint", fitAll);

    window.KlyngePrint = {
        show: function (title, html) {
            clear();
            document.title = title;
            content().innerHTML = html;
            draw();
        },
        clear: function () {
            clear();
            content().innerHTML = "";
        }
    };

    function start() {
        draw();
        document.documentElement.dataset.chartsReady = "true";
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
})();
