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

  function trend(d) {
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", renderMode: "richText" },
      grid: { left: 8, right: 16, top: 24, bottom: 24, containLabel: true },
      xAxis: { type: "category", data: d.map(function (t) { return t.year + "年"; }) },
      yAxis: { type: "value", minInterval: 1, max: d.length ? d[0].total : null },
      series: [{ name: "达标（含基本达标）", type: "line", data: d.map(function (t) { return t.on_track; }),
                 label: { show: true }, itemStyle: { color: COLORS["已达标"] } }]
    };
  }

  function indicator(d) {
    var ytdLabels = d.ytd.map(function (p) { return p.label; });
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 24, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: d.years.concat(ytdLabels) },
      yAxis: { type: "value", scale: true, name: d.unit },
      series: [
        { name: "目标", type: "line", data: d.targets, lineStyle: { type: "dashed" }, itemStyle: { color: "#8a96a3" },
          connectNulls: true },
        { name: "完成值（2022年为基数）", type: "bar", data: d.actuals, itemStyle: { color: "#b3261e" },
          label: { show: true, position: "top" } },
        { name: "年中累计", type: "bar", data: d.years.map(function () { return null; })
            .concat(d.ytd.map(function (p) { return p.value; })), itemStyle: { color: "#e0908a" } }
      ]
    };
  }

  var BUILDERS = { stacked: stacked, trend: trend, indicator: indicator };

  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      el.classList.add("drawn"); // shown first: ECharts sizes its canvas from the element's box
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(BUILDERS[el.dataset.chart](data(el)));
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
