/* The embedded timeline's own script: query filters, deep links, a postMessage API, and
   self-sizing that speaks pym.js ("pymxPYMx<id>xPYMx<type>xPYMx<message>"), and a light or
   dark theme (?theme=). Without it the page shows the newest 20 entries and says that
   the address's filters need JavaScript; with it, an address that asks for more fetches
   every entry (embed/timeline/entries.html) and filters them. */
(function () {
  "use strict";
  var d = document, root = d.documentElement, X = "xPYMx";
  var items = Array.prototype.slice.call(d.querySelectorAll("li.tl-entry"));  // newest first
  var count = d.querySelector(".tl-count"), by = d.querySelector(".tl-by a");
  var q = new URLSearchParams(location.search);
  var framed = window.parent !== window;
  // The topic's embed namespace (Topic.embed_namespace), written on <html> by embed.html.
  var ns = root.getAttribute("data-namespace") || "explainer-timeline";
  var id = q.get("childId") || window.name || ns;
  // Sized by a parent script: pym.js passes childId, ours (embed.js) sends a width message.
  var managed = q.has("childId");
  var current = null, pending = null, sent = 0;

  // Only the page that embeds us may change what we show.
  var host = null;
  try {
    host = (location.ancestorOrigins && location.ancestorOrigins[0]) ||
      new URL(q.get("parentUrl") || d.referrer).origin;
  } catch (e) { host = null; }
  if (host === "null") host = null;

  function pym(type, message) {
    if (framed) window.parent.postMessage(["pym", id, type, message].join(X), "*");
  }
  function size(force) {
    var h = Math.ceil(root.getBoundingClientRect().height);
    if (force === true || h !== sent) { sent = h; pym("height", String(h)); }
  }

  // The address's filters, order and number, read through the one filter description
  // (assets/filters.js, from the JSON Python wrote into this page). The page holds only
  // its newest entries; an address that asks for more fetches them all (the same markup).
  var F = window.NKFilters, spec = F && F.readSpec(d);
  var list = d.querySelector("ol.tl-list");
  var where = new URLSearchParams(list ? list.getAttribute("data-where") || "" : "");
  var params = new URLSearchParams(location.search);
  where.forEach(function (v, k) { params.set(k, v); });
  var query = spec ? F.parse(spec, params, "embed") : null;
  var chrono = [], records = [], all = null, complete = false;
  function index() {
    chrono = items.slice().reverse();
    records = chrono.map(function (li) { return F ? F.record(li) : {}; });
  }
  index();
  // Every entry, fetched once: resolves when the list holds them.
  function loadAll() {
    if (!all) {
      all = F.load(list.getAttribute("data-entries")).then(function (doc) {
        var slice = F.parse(spec, where, "embed");
        items = Array.prototype.filter.call(doc.querySelectorAll("li.tl-entry"), function (li) {
          return F.matches(spec, slice, F.record(li));
        });
        items.forEach(function (li) { li.hidden = true; list.appendChild(li); });
        Array.prototype.forEach.call(list.querySelectorAll("li.tl-entry"), function (li) {
          if (items.indexOf(li) < 0) list.removeChild(li);
        });
        index();
        complete = true;
      });
    }
    return all;
  }
  var theme = q.get("theme");
  if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
  var initial = count ? count.textContent : "";
  function filter(everything) {
    if (!query || !list) return;
    var shown = 0;
    if (everything) {
      items.forEach(function (li) { li.hidden = false; list.appendChild(li); });
      if (count) count.textContent = items.length + " events";
      return;
    }
    var kept = F.apply(spec, query, records);
    var order = query.order === "newest" ? items : chrono;
    var keep = new Set(kept), recordOf = new Map();
    chrono.forEach(function (li, i) { recordOf.set(li, records[i]); });
    order.forEach(function (li) {
      var on = keep.has(recordOf.get(li));
      li.hidden = !on;
      if (on) shown++;
      // Fetched entries that do not match leave the frame, so that it stays light.
      if (on || !complete) list.appendChild(li);
      else if (li.parentNode) li.parentNode.removeChild(li);
    });
    if (!count) return;
    if (query.problems.length) {
      count.textContent = query.problems.join(" ") + " ";
    } else if (!F.asks(spec, q)) {
      count.textContent = initial;
      return;
    } else {
      var matching = records.filter(function (r) { return F.matches(spec, query, r); }).length;
      count.textContent = !shown ? "No events match these filters. "
        : (shown < matching ? "Showing " + shown + " of " + matching + " matching events" : shown + " events") +
          (query.order === "newest" ? ", newest first. " : ", oldest first. ");
    }
    var a = d.createElement("a");
    a.href = "./"; a.target = "_self"; a.textContent = "Show the default view";
    count.appendChild(a);
  }

  function reveal(li) {
    // A little room above the entry, so its outline shows.
    if (managed) pym("scrollToChildPos", String(Math.max(0, Math.round(li.getBoundingClientRect().top + window.scrollY) - 12)));
    else li.scrollIntoView({ block: "start" });
  }
  function choose(eid, scroll) {
    var li = eid ? d.getElementById(eid) : null;
    if (!li && eid && list && F && !complete) {
      // An entry older than the page holds: fetch them all, then open it.
      loadAll().then(function () { filter(true); size(true); choose(eid, true); });
      return null;
    }
    if (!li || !li.classList.contains("tl-entry")) return null;
    // An entry beyond the shown ones: show them all, and tell the host the new height first.
    if (li.hidden) { filter(true); size(true); }
    if (current) current.classList.remove("tl-current");
    current = li;
    li.classList.add("tl-current");
    if (location.hash !== "#" + eid) history.replaceState(null, "", "#" + eid);
    if (by) by.href = by.href.split("#")[0] + "#" + eid;
    if (scroll) reveal(li);
    if (framed) {
      window.parent.postMessage({ type: ns + ":select", id: eid }, host || "*");
      pym(ns + ":select", eid);
    }
    return li;
  }

  d.addEventListener("click", function (e) {
    var li = e.target.closest("li.tl-entry"), a = e.target.closest("a");
    if (!li || (a && a.getAttribute("href") !== "#" + li.id)) return;
    e.preventDefault();
    choose(li.id, false);
  });
  window.addEventListener("hashchange", function () { choose(location.hash.slice(1), true); });
  window.addEventListener("message", function (e) {
    if (!framed || e.source !== window.parent) return;
    var data = e.data, eid = null, m;
    if (typeof data === "string") {
      m = data.split(X);
      if (m.length !== 4 || m[0] !== "pym" || m[1] !== id) return;
      if (m[2] === "width") {
        managed = true;
        size(true);
        if (pending) { reveal(pending); pending = null; }
        return;
      }
      if (m[2] === "show") eid = m[3];
    } else if (data && data.type === ns + ":show") {
      eid = String(data.id);
    }
    if (eid && host && e.origin === host) choose(eid, true);
  });

  if (query && list && !query.problems.length && F.asks(spec, q)) {
    if (count) count.textContent = "Loading the entries\u2026";
    loadAll().then(function () { filter(false); size(true); }, function () {
      if (count) count.textContent = "The entries could not be loaded: the frame shows its newest ones.";
      query = F.parse(spec, where, "embed");
      filter(false);
    });
  } else {
    filter(false);
  }
  size(true);
  if (window.ResizeObserver) new ResizeObserver(size).observe(root);
  window.addEventListener("load", size);
  if (location.hash) pending = choose(location.hash.slice(1), true);
})();
