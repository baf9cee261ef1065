/* The timeline's filters in the browser: the same rules as macros/engine/filters.py, read
   from the description Python writes into the page (<div class="tl-filter-spec" data-spec>).
   parse(spec, search, surface) -> query; matches(spec, query, record); apply(...);
   toParams(query, surface). Used by the timeline page, the embed and the embed code;
   the boundary-case table in tests/browser/test_filters.py runs against both. */
(function (root) {
  "use strict";
  var ORDERS = ["oldest", "newest"];
  var DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
  var INT = /^[1-9]\d{0,5}$/;

  function days(year, month) { return new Date(Date.UTC(+year, +month, 0)).getUTCDate(); }
  function validDate(value) {
    var m = DATE.exec(value);
    if (!m) return false;
    if (m[2] === undefined) return true;
    if (+m[2] < 1 || +m[2] > 12) return false;
    return m[3] === undefined || (+m[3] >= 1 && +m[3] <= days(m[1], m[2]));
  }
  function firstDay(value) {
    var p = String(value).split("-");
    return [p[0], p[1] || "01", p[2] || "01"].join("-");
  }
  function lastDay(value) {
    var p = String(value).split("-");
    if (p.length === 3) return value;
    if (p.length === 1) return value + "-12-31";
    var d = days(p[0], p[1]);
    return value + "-" + (d < 10 ? "0" : "") + d;
  }
  function get(params, name) {
    var v = typeof params.get === "function" ? params.get(name) : params[name];
    return v === null || v === undefined ? "" : String(v).trim();
  }
  function choice(spec, name) {
    for (var i = 0; i < spec.choices.length; i++) if (spec.choices[i].name === name) return spec.choices[i];
    return null;
  }

  function parse(spec, params, surface) {
    if (typeof params === "string") params = new URLSearchParams(params);
    var defaults = spec.surfaces[surface || "timeline"], problems = [], chosen = {};
    spec.choices.forEach(function (c) {
      var value = get(params, c.name);
      if (!value) return;
      var known = c.values.some(function (v) { return v[0] === value; });
      if (!known) problems.push("There is no " + c.label.toLowerCase() + " \u201c" + value + "\u201d.");
      chosen[c.name] = value;
    });
    var dates = {};
    ["from", "to"].forEach(function (name) {
      var value = get(params, name);
      dates[name] = value || null;
      if (value && !validDate(value)) {
        problems.push("\u201c" + name + "=" + value + "\u201d is not a date: write a year, YYYY-MM or YYYY-MM-DD.");
      }
    });
    var start = dates.from, end = dates.to;
    if (start && end && !problems.length && lastDay(end) < firstDay(start)) {
      problems.push("\u201cto=" + end + "\u201d comes before \u201cfrom=" + start + "\u201d.");
    }
    var order = get(params, "order") || defaults.order;
    if (ORDERS.indexOf(order) < 0) {
      problems.push("\u201corder=" + order + "\u201d is not an order: use oldest or newest.");
      order = defaults.order;
    }
    var limit = defaults.limit, rawLimit = get(params, "limit");
    if (rawLimit) {
      if (INT.test(rawLimit) && +rawLimit <= spec.maxLimit) limit = +rawLimit;
      else problems.push("\u201climit=" + rawLimit + "\u201d is not a number from 1 to " + spec.maxLimit + ".");
    }
    var text = get(params, "text").split(/\s+/).filter(Boolean).join(" ");
    return { choices: chosen, start: start, end: end, text: text, order: order, limit: limit,
      problems: problems,
      filtered: !!(Object.keys(chosen).length || start || end || text) };
  }

  function matches(spec, query, record) {
    if (query.problems.length) return false;
    for (var name in query.choices) {
      var c = choice(spec, name), have = record[c.field] || "", value = query.choices[name];
      if (c.many ? have.split(/\s+/).indexOf(value) < 0 : have !== value) return false;
    }
    var day = firstDay(record.date || "");
    if (query.start && day < firstDay(query.start)) return false;
    if (query.end && day > lastDay(query.end)) return false;
    if (query.text) {
      var words = (record.text || "").toLowerCase();
      var wanted = query.text.toLowerCase().split(" ");
      for (var i = 0; i < wanted.length; i++) if (words.indexOf(wanted[i]) < 0) return false;
    }
    return true;
  }

  function apply(spec, query, records) {
    var kept = records.filter(function (r) { return matches(spec, query, r); });
    if (query.order === "newest") kept.reverse();
    return query.limit === null || query.limit === undefined ? kept : kept.slice(0, query.limit);
  }

  function toParams(query, surface) {
    var out = new URLSearchParams();
    Object.keys(query.choices).forEach(function (k) { out.append(k, query.choices[k]); });
    if (query.start) out.append("from", query.start);
    if (query.end) out.append("to", query.end);
    if (query.text) out.append("text", query.text);
    if (query.order !== surface.order) out.append("order", query.order);
    if (query.limit !== surface.limit && query.limit !== null && query.limit !== undefined) {
      out.append("limit", String(query.limit));
    }
    return out;
  }

  function readSpec(doc) {
    var el = (doc || document).querySelector(".tl-filter-spec[data-spec]");
    return el ? JSON.parse(el.getAttribute("data-spec")) : null;
  }
  // An entry's record: the same strings Python filters on (macros/engine/timeline.py's
  // entry_record): its data-* attributes, the topic's facets among them, and its text.
  function record(li) {
    var d = li.dataset, title = li.querySelector(".tl-title"), summary = li.querySelector(".tl-summary");
    var out = { category: "", tags: "", actors: "", date: "" };
    Object.keys(d).forEach(function (k) { out[k] = d[k]; });
    out.text = ((title ? title.textContent : "") + " " + (summary ? summary.textContent : "")).trim();
    return out;
  }

  // True when an address asks for more than a page's default view: a filter, an order or
  // a number (the embed's own parameters, such as theme or childId, do not count).
  function asks(spec, params) {
    if (typeof params === "string") params = new URLSearchParams(params);
    var names = spec.choices.map(function (c) { return c.name; }).concat(["from", "to", "text", "order", "limit"]);
    return names.some(function (n) { return !!get(params, n); });
  }
  // Fetch a file of entries (the same markup as the page's, written by Python) and return
  // its entries, their links made absolute so that they work from any page.
  var loaded = {};
  function load(url) {
    var base = new URL(url, location.href).href;
    if (!loaded[base]) {
      loaded[base] = fetch(base).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      }).then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        Array.prototype.forEach.call(doc.querySelectorAll("[href]"), function (a) {
          var h = a.getAttribute("href");
          if (h && h.charAt(0) !== "#") a.setAttribute("href", new URL(h, base).href);
        });
        return doc;
      });
    }
    return loaded[base].then(function (doc) { return document.importNode(doc.documentElement, true); });
  }

  root.NKFilters = { parse: parse, matches: matches, apply: apply, toParams: toParams,
    validDate: validDate, firstDay: firstDay, lastDay: lastDay, readSpec: readSpec, record: record,
    asks: asks, load: load };
})(window);
