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

    // A chart drawn at a size measured beforehand: a document with many charts measures them all first, so
    // that drawing one does not make the browser lay the whole document out again before the next.
    function init(element, size) {
        return echarts.init(element, null, size ? { renderer: "svg", width: size.width, height: size.height } : { renderer: "svg" });
    }

    // The size ECharts itself would take from the element: its box without padding.
    function size(element) {
        var style = getComputedStyle(element);
        return {
            width: element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
            height: element.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
        };
    }

    // Redraws a chart when its box has changed size, and only then; the box decides the size from now on.
    function fit(chart) {
        var now = size(chart.getDom());
        if (now.width === chart.getWidth() && now.height === chart.getHeight()) return;
        chart.resize({ width: "auto", height: "auto" });
    }

    function difference(upper, lower) {
        return upper.map(function (u, i) { return u === null || lower[i] === null ? null : u - lower[i]; });
    }

    // A fan chart: the 10-90 and 20-80 percentile bands of practices, their median, the national value and
    // an optional target, one point per quarter.
    function fan(element, data, size) {
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
        var chart = init(element, size);
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

    // Shared settings of the package charts: fixed fonts and no animation, so print shows the finished chart.
    function common(data) {
        return {
            animation: false,
            textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
            format: numberFormat(data.locale, data.decimals, data.percent),
            axisFormat: new Intl.NumberFormat(data.locale, { maximumFractionDigits: data.decimals })
        };
    }

    function line(name, value, colour, dash, position) {
        return { name: name, yAxis: value, lineStyle: { color: colour, width: 2, type: dash }, label: { formatter: name, position: position, color: colour } };
    }

    // Bars for every shown practice at the cut-off, lowest first, the viewer's own in vermillion; lines for the
    // cluster, the country and the target.
    function bar(element, data, size) {
        var c = common(data.base);
        var lines = [];
        if (data.cluster !== null && data.cluster !== undefined) lines.push(line(data.labels.cluster, data.cluster, palette.blue, "solid", "insideEndTop"));
        if (data.country !== null && data.country !== undefined) lines.push(line(data.labels.country, data.country, palette.black, "dashed", "insideEndBottom"));
        if (data.target !== null && data.target !== undefined) lines.push(line(data.labels.target, data.target, palette.green, [6, 4], "insideStartTop"));
        var reach = Math.max.apply(null, [0].concat(lines.map(function (l) { return l.yAxis * 1.05; })));
        var chart = init(element, size);
        chart.setOption({
            animation: false,
            textStyle: c.textStyle,
            grid: { left: 56, right: 72, top: 24, bottom: 56 },
            tooltip: { trigger: "axis", formatter: function (p) { return p[0].name + ": " + c.format(p[0].value); } },
            xAxis: { type: "category", data: data.bars.map(function (b) { return b.label; }), axisLabel: { color: "#1d2733", interval: 0, rotate: data.bars.length > 8 ? 40 : 0, width: 120, overflow: "truncate" } },
            // The axis reaches the reference lines too, so they show even when every bar is low or suppressed.
            yAxis: { type: "value", name: data.base.unit, nameTextStyle: { align: "left", color: "#5b6776" }, max: function (v) { return Math.max(v.max, reach); }, axisLabel: { color: "#1d2733", formatter: function (v) { return c.axisFormat.format(v); } } },
            series: [{
                type: "bar",
                barMaxWidth: 48,
                data: data.bars.map(function (b) {
                    return { value: b.value, itemStyle: { color: b.own ? palette.vermillion : palette.sky, borderColor: b.own ? "#000" : undefined, borderWidth: b.own ? 1.5 : 0 } };
                }),
                markLine: { symbol: "none", silent: true, data: lines }
            }]
        });
        return chart;
    }

    // Own practice(s), cluster and country over the quarters, with the target as a dashed line.
    function trend(element, data, size) {
        var c = common(data.base);
        var styles = {
            own: { color: palette.vermillion, width: 3, type: "solid", symbol: "circle" },
            cluster: { color: palette.blue, width: 2, type: "solid", symbol: "rect" },
            country: { color: palette.black, width: 2, type: "dashed", symbol: "diamond" }
        };
        var series = data.series.map(function (s) {
            var style = styles[s.kind];
            return { name: s.name, type: "line", data: s.values, symbol: style.symbol, symbolSize: 7, connectNulls: false,
                lineStyle: { color: style.color, width: style.width, type: style.type }, itemStyle: { color: style.color } };
        });
        if (data.target !== null && data.target !== undefined) {
            series.push({ name: data.targetLabel, type: "line", symbol: "none", data: data.quarters.map(function () { return data.target; }),
                lineStyle: { color: palette.green, width: 1.5, type: [6, 4] }, itemStyle: { color: palette.green } });
        }
        var chart = init(element, size);
        chart.setOption({
            animation: false,
            textStyle: c.textStyle,
            grid: { left: 56, right: 36, top: 48, bottom: 36 },
            legend: { top: 0, itemGap: 18 },
            tooltip: { trigger: "axis", valueFormatter: c.format },
            xAxis: { type: "category", data: data.quarters, boundaryGap: false, axisLabel: { color: "#1d2733" } },
            yAxis: { type: "value", name: data.base.unit, nameTextStyle: { align: "left", color: "#5b6776" }, axisLabel: { color: "#1d2733", formatter: function (v) { return c.axisFormat.format(v); } } },
            series: series
        });
        return chart;
    }

    // Value against size: the country's practices as faint dots, the cluster's marked, the viewer's own
    // emphasised, and the 95 % and 99.8 % limits around the national value.
    function funnel(element, data, size) {
        var c = common(data.base);
        function limit(index) { return data.limits.map(function (l) { return [l[0], l[index]]; }); }
        function curve(name, index, dash) {
            return { name: name, type: "line", data: limit(index), symbol: "none", silent: true,
                lineStyle: { color: palette.black, width: 1.2, type: dash }, itemStyle: { color: palette.black } };
        }
        // The axis reaches the largest practice shown, national or in the cluster.
        var maxX = Math.max.apply(null, data.limits.map(function (l) { return l[0]; })
            .concat(data.points.map(function (p) { return p[0]; }), data.cluster.map(function (p) { return p.x; })));
        // A closed cluster's members get no national dots (they could give a peer's size away): no series for them.
        var national = data.points.length > 0
            ? [{ name: data.labels.national, type: "scatter", data: data.points, symbolSize: 5, silent: true, large: true, largeThreshold: 0, itemStyle: { color: "#7b8794", opacity: 0.55 } }]
            : [];
        var series = national.concat([
            curve(data.labels.limit95, 2, "dashed"), curve(data.labels.limit95, 3, "dashed"),
            curve(data.labels.limit998, 1, "solid"), curve(data.labels.limit998, 4, "solid"),
            { name: data.labels.cluster, type: "scatter", symbolSize: 10, itemStyle: { color: palette.blue, borderColor: "#fff", borderWidth: 1 },
              data: data.cluster.filter(function (p) { return !p.own; }).map(function (p) { return { name: p.label, value: [p.x, p.y] }; }),
              label: { show: true, formatter: "{b}", position: "right", color: "#1d2733", fontSize: 10 } },
            { name: data.labels.own, type: "scatter", symbol: "diamond", symbolSize: 16, itemStyle: { color: palette.vermillion, borderColor: "#000", borderWidth: 1.5 },
              data: data.cluster.filter(function (p) { return p.own; }).map(function (p) { return { name: p.label, value: [p.x, p.y] }; }),
              label: { show: true, formatter: "{b}", position: "right", color: "#000", fontWeight: "bold" } }
        ]);
        if (data.country !== null && data.country !== undefined) {
            series.push({ name: data.labels.country, type: "line", symbol: "none", silent: true,
                data: [[data.limits.length ? data.limits[0][0] : 0, data.country], [maxX, data.country]],
                lineStyle: { color: palette.orange, width: 2 }, itemStyle: { color: palette.orange } });
        }
        var chart = init(element, size);
        chart.setOption({
            animation: false,
            textStyle: c.textStyle,
            // Six legend entries take two lines on a printed page; the plot and its unit start below them.
            grid: { left: 56, right: 32, top: (size ? size.width : element.clientWidth) < 760 ? 86 : 48, bottom: 44 },
            legend: { top: 0, itemGap: 14, data: (national.length ? [data.labels.national] : []).concat([data.labels.cluster, data.labels.own, data.labels.country, data.labels.limit95, data.labels.limit998]) },
            tooltip: { trigger: "item", formatter: function (p) {
                var v = Array.isArray(p.value) ? p.value : [null, p.value];
                return (p.name ? p.name + "<br>" : "") + data.labels.denominator + ": " + c.axisFormat.format(v[0]) + "<br>" + data.labels.value + ": " + c.format(v[1]);
            } },
            xAxis: { type: "value", name: data.labels.denominator, nameLocation: "middle", nameGap: 28, axisLabel: { color: "#1d2733" } },
            yAxis: { type: "value", name: data.base.unit, nameTextStyle: { align: "left", color: "#5b6776" }, scale: true, axisLabel: { color: "#1d2733", formatter: function (v) { return c.axisFormat.format(v); } } },
            series: series
        });
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

    window.KlyngeCharts = { palette: palette, fan: fan, bar: bar, trend: trend, funnel: funnel, size: size, fit: fit };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
})();
