// Progressive enhancement: without this script every table is still complete.
// Tables with class "sortable" get a button in each column header: a click sorts the rows
// by that column (numbers by their data-sort value, text by its letters), again reverses;
// empty values always sort last. The form drops empty fields so its URL stays short.
(function () {
  "use strict";
  document.documentElement.className += " js";
  function key(cell) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort")
      : cell.textContent.trim();
    if (raw === "" || raw === "\u2014") { return null; }
    var n = Number(raw);
    return isNaN(n) ? raw.toLowerCase() : n;
  }
  function compare(a, b) {
    if (typeof a === typeof b) { return a < b ? -1 : (a > b ? 1 : 0); }
    return typeof a === "number" ? -1 : 1;
  }
  function sortBy(table, column, th) {
    var body = table.tBodies[0];
    var current = th.getAttribute("aria-sort");
    var first = th.getAttribute("data-first") || "ascending";
    var order = current === null ? first
      : (current === "ascending" ? "descending" : "ascending");
    var sign = order === "ascending" ? 1 : -1;
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      return { row: row, key: key(row.cells[column]), i: i };
    });
    rows.sort(function (x, y) {
      if (x.key === null || y.key === null) {
        return x.key === y.key ? x.i - y.i : (x.key === null ? 1 : -1);
      }
      return sign * compare(x.key, y.key) || x.i - y.i;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", order);
    rows.forEach(function (r) { body.appendChild(r.row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, th); });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("form.controls"), function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && field.type !== "checkbox" && field.value === "") {
          field.disabled = true;
        }
      });
    });
  });
  window.addEventListener("pageshow", function () {  // back to a page kept in memory
    Array.prototype.forEach.call(document.querySelectorAll("form.controls [disabled]"),
      function (field) { field.disabled = false; });
  });
}());
