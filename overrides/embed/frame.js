/* The embedded timeline's own script: query filters, deep links, a postMessage API, and
   self-sizing that speaks pym.js ("pymxPYMx<id>xPYMx<type>xPYMx<message>"). Without it the
   page shows the full timeline. */
(function () {
  "use strict";
  var d = document, root = d.documentElement, X = "xPYMx";
  var items = Array.prototype.slice.call(d.querySelectorAll("li.tl-entry"));
  var count = d.querySelector(".tl-count"), by = d.querySelector(".tl-by a");
  var q = new URLSearchParams(location.search);
  var framed = window.parent !== window;
  var id = q.get("childId") || window.name || "nk-timeline";
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

  var DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/, f = {}, filtered = false;
  ["category", "tag", "actor", "from", "to"].forEach(function (k) {
    var v = (q.get(k) || "").trim();
    if (v && (DATE.test(v) || (k !== "from" && k !== "to"))) { f[k] = v; filtered = true; }
  });
  function has(words, w) { return (" " + words + " ").indexOf(" " + w + " ") >= 0; }
  function keep(s) {
    return (!f.category || s.category === f.category) && (!f.tag || has(s.tags, f.tag)) &&
      (!f.actor || has(s.actors, f.actor)) && (!f.from || s.date >= f.from) &&
      (!f.to || s.date.slice(0, f.to.length) <= f.to);
  }
  function filter(all) {
    var shown = 0;
    items.forEach(function (li) { li.hidden = !all && !keep(li.dataset); if (!li.hidden) shown++; });
    if (!count) return;
    if (all || shown === items.length) { count.textContent = items.length + " events"; return; }
    count.textContent = shown ? "Showing " + shown + " of " + items.length + " events. "
      : "No events match these filters. ";
    var a = d.createElement("a");
    a.href = "./"; a.target = "_self"; a.textContent = "Show all";
    count.appendChild(a);
  }

  function reveal(li) {
    // A little room above the entry, so its outline shows.
    if (managed) pym("scrollToChildPos", String(Math.max(0, Math.round(li.getBoundingClientRect().top + window.scrollY) - 12)));
    else li.scrollIntoView({ block: "start" });
  }
  function choose(eid, scroll) {
    var li = eid ? d.getElementById(eid) : null;
    if (!li || !li.classList.contains("tl-entry")) return null;
    if (li.hidden) filter(true);
    if (current) current.classList.remove("tl-current");
    current = li;
    li.classList.add("tl-current");
    if (location.hash !== "#" + eid) history.replaceState(null, "", "#" + eid);
    if (by) by.href = by.href.split("#")[0] + "#" + eid;
    if (scroll) reveal(li);
    if (framed) {
      window.parent.postMessage({ type: "nk-timeline:select", id: eid }, host || "*");
      pym("nk-timeline:select", eid);
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
    } else if (data && data.type === "nk-timeline:show") {
      eid = String(data.id);
    }
    if (eid && host && e.origin === host) choose(eid, true);
  });

  if (filtered) filter(false);
  size(true);
  if (window.ResizeObserver) new ResizeObserver(size).observe(root);
  window.addEventListener("load", size);
  if (location.hash) pending = choose(location.hash.slice(1), true);
})();
