/* The timeline page's filters: change the list in place, keep the choice in the address
   (?category=missile-test&from=2017&to=2017&order=newest), count the matches, switch to
   one line per entry. Parsing and matching are NKFilters' (assets/filters.js), from the
   description Python wrote into the page. Without JavaScript the form stays hidden and
   the page offers static category pages and year links instead.
   A split timeline (.tl-controls[data-entries]) shows its newest entries; a filter fetches
   every entry (timeline/entries.html, the same markup as the year pages) and filters them.
   Its Order box then has a first choice, "Latest N" (value ""), which is what that first
   view shows: with a filter it keeps the newest N matches (order=newest&limit=N). Choosing
   a filter from the first view moves the box to the order then used (oldest first), and
   "Oldest first" without a filter lists every entry (?order=oldest), so that the box always
   says what the list shows. */
(function () {
  "use strict";
  var F = window.NKFilters;

  // The year blocks of a document: each year's list of entries, with its heading if any.
  function yearBlocks(root, headed) {
    return Array.prototype.map.call(root.querySelectorAll("div.timeline[data-year]"), function (div) {
      var year = div.getAttribute("data-year"), heading = headed ? document.getElementById("year-" + year) : null;
      if (!heading) {
        heading = document.createElement("h2");
        heading.className = "tl-year-head";
        heading.textContent = year;
      }
      var items = Array.prototype.slice.call(div.querySelectorAll("li.tl-entry"));
      return { div: div, heading: heading, list: div.querySelector("ol"), items: items,
        records: items.map(F.record) };
    });
  }

  function init() {
    var box = document.querySelector(".tl-controls");
    if (!F || !box || box.hasAttribute("data-ready")) return;
    box.setAttribute("data-ready", "");
    var spec = F.readSpec(document), form = box.querySelector("form.tl-filters");
    var count = box.querySelector(".tl-match"), end = document.querySelector(".tl-end");
    var article = box.closest("article") || document.body;
    var entries = box.getAttribute("data-entries");
    var latest = document.querySelector(".tl-latest"), note = document.querySelector(".tl-split-note");
    var total = +(box.getAttribute("data-total") || 0), latestN = +(box.getAttribute("data-latest") || 0);
    var blocks = entries ? null : yearBlocks(document, true), loading = null, wanted = null;
    var surface = spec.surfaces.timeline, shownFiltered = false;
    form.hidden = false;
    box.classList.add("tl-live");

    // A long select's choices wait in a <template> beside it (timeline.py's _select), out of
    // the styles the phone recomputes while Material's script starts. They move in when the
    // address asks for a filter, at the first touch, key or pointer on the form, or once
    // the page is idle.
    function fill() {
      Array.prototype.forEach.call(form.querySelectorAll("template.tl-options"), function (t) {
        var select = t.previousElementSibling;
        if (select && select.tagName === "SELECT") select.appendChild(t.content);
        t.parentNode.removeChild(t);
      });
    }
    if (location.search) fill();
    ["focusin", "pointerdown", "mouseover", "touchstart", "keydown"].forEach(function (type) {
      form.addEventListener(type, fill, { capture: true, passive: true });
    });
    if (window.requestIdleCallback) window.requestIdleCallback(fill, { timeout: 1500 });
    else setTimeout(fill, 200);

    function option(select, value) {
      if (!value || Array.prototype.some.call(select.options, function (o) { return o.value === value; })) return;
      var o = document.createElement("option");
      o.value = o.textContent = value;
      select.appendChild(o);
    }
    // What the Order box shows for an address: on a split timeline "" (Latest N) for its
    // first view and for the newest N of a filter, else the order the list is in.
    function orderFor(params) {
      var order = params.get("order") || "", limit = params.get("limit") || "";
      if (!latestN) return order || surface.order;
      if (order === "newest" && limit === String(latestN)) return "";
      if (!order && !limit && !F.parse(spec, params, "timeline").filtered) return "";
      return order || surface.order;
    }
    // True when a field of the form narrows the entries (any but the order and the view).
    function formFilters() {
      return Array.prototype.some.call(form.elements, function (el) {
        return el.name && el.name !== "order" && el.name !== "view" && !!el.value.trim();
      });
    }
    function fromAddress() {
      var params = new URLSearchParams(location.search);
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name) return;
        var value = params.get(el.name) || "";
        if (el.name === "order") value = orderFor(params);
        if (el.name === "view") value = value === "compact" ? "compact" : "cards";
        if (el.tagName === "SELECT") option(el, value);
        if (el.value !== value) el.value = value;
      });
      return params;
    }
    function fromForm() {
      var params = new URLSearchParams();
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value) params.set(el.name, el.value);
      });
      // "Latest N" with a filter: the newest N matches (without one it is the first view).
      if (latestN && !form.elements.order.value && formFilters()) {
        params.set("order", "newest");
        params.set("limit", String(latestN));
      }
      return params;
    }
    function resetLink() {
      var reset = document.createElement("a");
      reset.href = location.pathname;
      reset.textContent = "Clear filters";
      reset.addEventListener("click", function (e) { e.preventDefault(); form.reset(); });
      count.appendChild(reset);
    }
    function writeAddress(query, params) {
      var out = F.toParams(query, surface);
      // Every entry, oldest first, is not the first view: the address says so.
      if (latestN && !query.filtered && query.limit == null && params.get("order") === surface.order) {
        out.set("order", surface.order);
      }
      if (params.get("view") === "compact") out.set("view", "compact");
      var qs = out.toString();
      history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
    }
    // A split timeline's first view: its newest entries, the year blocks out of the page.
    function showLatest(on) {
      if (!latest) return;
      if (on && !latest.isConnected) end.parentNode.insertBefore(latest, end);
      if (!on && latest.isConnected) latest.parentNode.removeChild(latest);
      if (on && blocks) blocks.forEach(function (b) { b.div.remove(); b.heading.remove(); });
    }

    function show(params, write) {
      var query = F.parse(spec, params, "timeline"), shown = 0, left = query.limit;
      article.classList.toggle("tl-compact", params.get("view") === "compact");
      if (write) writeAddress(query, params);
      // The first view: no filter, and no order or number (or the newest N, the same list).
      var first = !query.filtered && ((!params.get("order") && query.limit == null) ||
        (query.order === "newest" && query.limit === latestN));
      shownFiltered = query.filtered;
      // The script's count says what the no-script sentence says: one of them is enough.
      if (note) note.hidden = true;
      if (entries && (query.problems.length || first)) {
        showLatest(!query.problems.length);
        count.classList.toggle("tl-problem", query.problems.length > 0);
        if (query.problems.length) {
          count.textContent = query.problems.join(" ") + " No entries shown. ";
          resetLink();
        } else {
          count.textContent = "The latest " + latest.querySelectorAll("li.tl-entry").length + " of " +
            total.toLocaleString("en") + " events, newest first. Choose a filter to search them all.";
        }
        return;
      }
      if (!blocks) {
        wanted = params;
        count.textContent = "Loading every entry\u2026";
        if (!loading) {
          loading = F.load(entries).then(function (doc) {
            blocks = yearBlocks(doc, false);
            show(wanted, false);
          }, function () {
            loading = null;
            count.textContent = "The entries could not be loaded: open a year's page below instead.";
          });
        }
        return;
      }
      showLatest(false);
      var ordered = query.order === "newest" ? blocks.slice().reverse() : blocks, matched = 0;
      ordered.forEach(function (b) {
        var inBlock = 0, items = b.items.slice();
        if (query.order === "newest") items.reverse();
        items.forEach(function (li) {
          var rec = b.records[b.items.indexOf(li)];
          var match = F.matches(spec, query, rec);
          if (match) matched++;
          var keep = match && (left === null || left === undefined || left > 0);
          if (keep && left !== null && left !== undefined) left--;
          li.hidden = !keep;
          if (keep) { inBlock++; shown++; }
          // Fetched entries that do not match leave the page, so that it stays light.
          if (keep || !entries) b.list.appendChild(li);
          else li.remove();
        });
        b.heading.hidden = !inBlock;
        b.div.hidden = !inBlock;
        if (inBlock || !entries) {
          end.parentNode.insertBefore(b.heading, end);
          end.parentNode.insertBefore(b.div, end);
        } else {
          b.heading.remove();
          b.div.remove();
        }
      });
      count.textContent = "";
      if (query.problems.length) {
        count.textContent = query.problems.join(" ") + " No entries shown. ";
      } else if (!query.filtered && query.limit == null) {
        count.textContent = total.toLocaleString("en") + " events" +
          (query.order === "newest" ? ", newest first." : ", oldest first.");
      } else {
        // A number cut the list short: say of how many, and from which end.
        var cut = matched > shown ? (query.filtered ? " of the " + matched.toLocaleString("en") +
          " matching events (" + total.toLocaleString("en") + " in all)" : " of " +
          total.toLocaleString("en") + " events") + ", " + query.order + " first. " : null;
        count.textContent = !shown ? "No events match these filters. " :
          "Showing " + shown.toLocaleString("en") + (cut || " of " + total.toLocaleString("en") + " events. ");
      }
      count.classList.toggle("tl-problem", query.problems.length > 0);
      if (query.problems.length || query.filtered) resetLink();
    }

    show(fromAddress(), false);
    // A filter chosen from the first view searches every entry: the Order box moves from
    // "Latest N" to the order then used.
    function changed(e) {
      if (latestN && e.target.name !== "order" && !shownFiltered && !form.elements.order.value &&
          formFilters()) {
        form.elements.order.value = surface.order;
      }
      show(fromForm(), true);
    }
    form.addEventListener("change", changed);
    form.addEventListener("input", function (e) { if (e.target.name === "text") changed(e); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () {
      setTimeout(function () {
        form.elements.order.value = latestN ? "" : surface.order;
        form.elements.view.value = "cards";
        show(fromForm(), true);
      }, 0);
    });
    // An entry's deep link shows the entry even if the filters hide it.
    function reveal() {
      var li = location.hash ? document.getElementById(location.hash.slice(1)) : null;
      if (li && li.classList.contains("tl-entry") && li.hidden) {
        form.reset();
        setTimeout(function () { li.scrollIntoView(); }, 10);
      }
    }
    window.addEventListener("hashchange", reveal);
    reveal();
  }
  // Material's instant navigation swaps pages without a reload; document$ tells us when.
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
