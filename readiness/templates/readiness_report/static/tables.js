// Sortable and filterable tables for the static report: click a header to sort, type to filter.
// No library, no network: the report must work when opened from a file, offline.
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }
  function compare(a, b) {
    return a.localeCompare(b, undefined, {numeric: true, sensitivity: "base"});
  }
  function sortBy(table, header, index) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var order = compare(cellValue(r1, index), cellValue(r2, index));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function addFilter(table, placeholder) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "rd-filter";
    input.placeholder = placeholder;
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.style.display = row.textContent.toLowerCase().indexOf(needle) === -1 ? "none" : "";
      });
    });
    table.parentNode.insertBefore(input, table);
  }
  function enhance(table, placeholder) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(table, th, index); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { sortBy(table, th, index); }
      });
    });
    addFilter(table, placeholder);
  }
  // Printing (Ctrl+P, or `readiness report --pdf`): every finding unfolded, every chart laid out
  // again at the width of the page rather than the screen's.
  var PRINT_CHART_HEIGHT = 420;
  function preparePrint() {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
    if (window.Plotly) {
      // A tall chart no longer fits beside the text above it and would leave half a page blank.
      return Promise.all(Array.prototype.map.call(document.querySelectorAll(".plotly-graph-div"), function (div) {
        var tall = div._fullLayout && div._fullLayout.height > PRINT_CHART_HEIGHT;
        if (!tall) { return window.Plotly.Plots.resize(div); }
        div.style.height = PRINT_CHART_HEIGHT + "px";
        div.parentElement.style.height = "auto";  // plotly's wrapper repeats the height
        return window.Plotly.relayout(div, {height: PRINT_CHART_HEIGHT});
      }));
    }
    return Promise.resolve();
  }
  window.rdPreparePrint = preparePrint;
  window.addEventListener("beforeprint", preparePrint);
  document.addEventListener("DOMContentLoaded", function () {
    var meta = document.querySelector('meta[name="rd-filter-placeholder"]');
    var placeholder = meta ? meta.getAttribute("content") : "";
    Array.prototype.forEach.call(document.querySelectorAll("table.rd-table"), function (table) {
      enhance(table, placeholder);
    });
  });
})();
