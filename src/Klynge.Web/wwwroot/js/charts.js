// Klynge's charts: Apache ECharts with the SVG renderer (sharp in print) and the Okabe-Ito colour-blind-safe
// palette. Every chart is progressive enhancement over a table on the same page holding the same figures.
(function () {
    "use strict";

    var palette = {
        blue: "#0072B2",
        sky: "#56B4E9",
        orange: "#E69F00",
        green: "#009E73",
        vermillion: "#D55E00",
        purple: "#CC79A7",
        yellow: "#F0E442",
        black: "#000000"
    };

    function numberFormat(locale, decimals, percent) {
        var format = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
        return function (value) {
            if (value === null || value === undefined || isNaN(value)) return "–";
            return format.format(value) + (percent ? " %" : "");
        };
    }

    function difference(upper, lower) {
        return upper.map(function (u, i) { return u === null || lower[i] === null ? null : u - lower[i]; });
    }

    // A fan chart: the 10-90 and 20-80 percentile bands of practices, their median, the national value and
    // an optional target, one point per quarter.
    function fan(element, data) {
        var format = numberFormat(data.locale, data.decimals, data.percent);
        var axisFormat = new Intl.NumberFormat(data.locale, { maximumFractionDigits: data.decimals });
        var band = { type: "line", symbol: "none", lineStyle: { opacity: 0 }, silent: true, emphasis: { disabled: true } };
        function base(stack, values) {
            return Object.assign({}, band, { name: stack + "-base", stack: stack, data: values, areaStyle: { opacity: 0 } });
        }
        function fill(stack, name, upper, lower, opacity) {
            // The item colour is the legend's swatch, so it matches the band.
            return Object.assign({}, band, {
                name: name, stack: stack, data: difference(upper, lower),
                areaStyle: { color: palette.sky, opacity: opacity }, itemStyle: { color: palette.sky, opacity: opacity + 0.15 }
            });
        }
        var series = [
            base("outer", data.p10),
            fill("outer", data.labels.outer, data.p90, data.p10, 0.28),
            base("inner", data.p20),
            fill("inner", data.labels.inner, data.p80, data.p20, 0.45),
            { name: data.labels.median, type: "line", data: data.p50, symbol: "circle", symbolSize: 5, lineStyle: { color: palette.blue, width: 2 }, itemStyle: { color: palette.blue } },
            { name: data.labels.national, type: "line", data: data.national, symbol: "diamond", symbolSize: 8, lineStyle: { color: palette.vermillion, width: 2.5, type: "dashed" }, itemStyle: { color: palette.vermillion } }
        ];
        var legend = [
            { name: data.labels.outer, icon: "rect" }, { name: data.labels.inner, icon: "rect" },
            { name: data.labels.median }, { name: data.labels.national }
        ];
        if (data.target !== null && data.target !== undefined) {
            series.push({
                name: data.labels.target, type: "line", symbol: "none", data: data.quarters.map(function () { return data.target; }),
                lineStyle: { color: palette.black, width: 1.5, type: [6, 4] }, itemStyle: { color: palette.black }
            });
            legend.push({ name: data.labels.target });
        }
        var rows = [
            [data.labels.national, data.national],
            ["P90", data.p90], ["P80", data.p80], [data.labels.median, data.p50], ["P20", data.p20], ["P10", data.p10]
        ];
        var chart = echarts.init(element, null, { renderer: "svg" });
        chart.setOption({
            animation: false,
            textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
            grid: { left: 56, right: 24, top: 48, bottom: 36 },
            legend: { data: legend, top: 0, itemGap: 18 },
            tooltip: {
                trigger: "axis",
                formatter: function (points) {
                    var i = points[0].dataIndex;
                    var lines = ["<strong>" + data.quarters[i] + "</strong>"];
                    rows.forEach(function (row) { lines.push(row[0] + ": " + format(row[1][i])); });
                    if (data.target !== null && data.target !== undefined) lines.push(data.labels.target + ": " + format(data.target));
                    return lines.join("<br>");
                }
            },
            xAxis: { type: "category", data: data.quarters, boundaryGap: false, axisLabel: { color: "#1d2733" } },
            yAxis: { type: "value", name: data.labels.unit, nameTextStyle: { align: "left", color: "#5b6776" }, axisLabel: { color: "#1d2733", formatter: function (v) { return axisFormat.format(v); } } },
            series: series
        });
        window.addEventListener("resize", function () { chart.resize(); });
        return chart;
    }

    function start() {
        if (typeof echarts === "undefined") return;
        document.querySelectorAll("[data-chart='fan']").forEach(function (element) {
            var source = document.getElementById(element.getAttribute("data-chart-source"));
            if (!source) return;
            element.classList.add("chart-ready");
            fan(element, JSON.parse(source.textContent));
        });
    }

    window.KlyngeCharts = { palette: palette, fan: fan };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
})();
