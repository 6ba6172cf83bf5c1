// Dashboard and indicator charts drawn with the vendored ECharts from data in <script type="application/json">
// blocks (no inline scripts). Each chart also has a table next to it, so nothing depends on this file.
(function () {
  "use strict";
  var COLORS = {
    "已达标": "#1e7b34", "基本达标": "#2457a5", "未达标": "#b3261e", "力争未达": "#d98b00",
    "待评估": "#b8c0ca", "待审核": "#7e6bc4", "未报送": "#52606d", "未到期": "#e4e7eb"
  };
  var FONT = '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  // Tooltips in richText mode are drawn on the canvas: ECharts' HTML tooltips carry style attributes, which the
  // Content-Security-Policy refuses.

  function data(el) {
    return JSON.parse(document.getElementById(el.dataset.source).textContent);
  }

  function stacked(d) {
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: d.labels, inverse: true },
      series: d.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "total", data: s.data, itemStyle: { color: COLORS[s.name] } };
      })
    };
  }

  // Each year's standings stacked: 待审核 (handed in, not yet reviewed) is a series of its own, drawn pale with a
  // dashed outline, so that a year with figures awaiting review reads as pending, not as a fall in those met.
  var TREND = ["已达标", "基本达标", "未达标", "力争未达", "待评估", "待审核", "未报送", "未到期"];
  var PENDING = { color: "#ece9fb", borderColor: COLORS["待审核"], borderType: "dashed", borderWidth: 1.5 };

  function trend(d) {
    var names = TREND.filter(function (s) { return d.some(function (t) { return t.counts[s]; }); });
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: d.map(function (t) { return t.year + "年"; }) },
      yAxis: { type: "value", min: 0, minInterval: 1, max: d.length ? d[0].total : null },
      series: names.map(function (s) {
        return { name: s, type: "bar", stack: "total", barMaxWidth: 56,
                 data: d.map(function (t) { return t.counts[s] || null; }),  // null: no empty outline
                 label: { show: true, formatter: function (p) { return p.value || ""; },
                          color: s === "待审核" || s === "未到期" ? "#3e2f86" : "#fff" },
                 itemStyle: s === "待审核" ? PENDING : { color: COLORS[s] } };
      })
    };
  }

  function pad(values, count) {
    return values.concat(new Array(count).fill(null));
  }

  // Bars start at 0 (no `scale`), so a bar's length is its value. The unit is written above the axis, starting
  // at it, so that a long unit (万元/人) is not cut off at the left edge. A relative target (indicator 5) has no
  // value of its own: the companion series it is judged against is drawn instead of an empty 目标 line.
  function indicator(d) {
    var ytdLabels = d.ytd.map(function (p) { return p.label; });
    var extra = ytdLabels.length;
    var series = [];
    if (d.targets.some(function (v) { return v !== null; })) {
      series.push({ name: "目标", type: "line", data: pad(d.targets, extra), lineStyle: { type: "dashed" },
                    itemStyle: { color: "#616e7c" }, connectNulls: true });
    }
    if (d.reference) {
      series.push({ name: d.reference.name + "（参照）", type: "line", data: pad(d.reference.values, extra),
                    lineStyle: { type: "dashed" }, itemStyle: { color: "#2457a5" }, symbol: "diamond",
                    label: { show: true, position: "right", color: "#1d4f96", backgroundColor: "#fff", padding: [1, 3] } });
    }
    series.push({ name: "完成值（" + d.baseline_year + "年为基数）", type: "bar", data: pad(d.actuals, extra),
                  itemStyle: { color: "#b3261e" }, label: { show: true, position: "top" } });
    if (extra) {  // on categories of their own: overlapping the annual bars' slot keeps them centred
      series.push({ name: "年中累计", type: "bar", barGap: "-100%", itemStyle: { color: "#e0908a" },
                    data: d.years.map(function () { return null; }).concat(d.ytd.map(function (p) { return p.value; })),
                    label: { show: true, position: "top" } });
    }
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: d.years.concat(ytdLabels) },
      yAxis: { type: "value", name: d.unit, nameGap: 14, nameTextStyle: { align: "left", color: "#3e4c59" } },
      series: series
    };
  }

  // 考核: one bar per unit, best first, its score at the bar's end; the chart grows with the number of units.
  function scores(d, el) {
    el.style.height = Math.max(200, d.labels.length * 26 + 48) + "px";
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100 },
      yAxis: { type: "category", data: d.labels, inverse: true },
      series: [{ name: "得分", type: "bar", data: d.values.map(Number), itemStyle: { color: "#2457a5" },
                 label: { show: true, position: "right" } }]
    };
  }

  var BUILDERS = { stacked: stacked, trend: trend, indicator: indicator, scores: scores };

  function draw() {
    if (!window.echarts) { return; }
    var charts = document.querySelectorAll("[data-chart]");
    // Every chart shown (its table hidden) before any is drawn: ECharts sizes its canvas from the element's box,
    // and a table still showing beside it would widen the grid they share.
    charts.forEach(function (el) { el.classList.add("drawn"); });
    charts.forEach(function (el) {
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      var option = BUILDERS[el.dataset.chart](data(el), el);
      chart.resize();
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
