/* "Embed this" on /timeline/: rebuild the embed code for the chosen filters, and copy it.
   Builds the same code as macros/engine/embed.py's embed_snippet (a browser test compares them). */
(function () {
  "use strict";
  var ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
  var DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }
  // A title in double quotes keeps its apostrophe, as frame_snippet writes it in Python.
  function escTitle(s) { return String(s).replace(/[&<>"]/g, function (c) { return ESC[c]; }); }
  function label(select) { return select.value ? select.options[select.selectedIndex].text : ""; }

  function code(box, form) {
    // data-site is the published address; without one (no SITE_URL) the code names the
    // site's root as this page was loaded from it (Material's config gives the way there).
    var site = box.getAttribute("data-site");
    if (!site) {
      var config = document.getElementById("__config");
      var base = config ? JSON.parse(config.textContent).base || "." : ".";
      site = new URL(base + "/", location.href).href;
    }
    site = site.replace(/\/$/, "") + "/";
    // The topic's embed namespace (Topic.embed_namespace), written on the box by Python.
    var ns = esc(box.getAttribute("data-namespace") || "explainer-timeline");
    var el = form.elements, v = {}, F = window.NKFilters, spec = F && F.readSpec(document);
    ["category", "tag", "actor", "class", "from", "to", "order", "limit", "theme"].forEach(function (k) {
      v[k] = el[k] ? el[k].value.trim() : "";
    });
    if (!DATE.test(v.from)) v.from = "";
    if (!DATE.test(v.to)) v.to = "";
    // The address, as Python's embed_snippet writes it: through the one filter description.
    var params = {};
    ["tag", "actor", "class", "from", "to", "order", "limit"].forEach(function (k) { if (v[k]) params[k] = v[k]; });
    var query = F.parse(spec, params, "embed");
    if (query.problems.length) {
      delete params.limit;
      delete params.order;
      query = F.parse(spec, params, "embed");
    }
    var out = F.toParams(query, spec.surfaces.embed);
    if (v.theme && v.theme !== "auto") out.append("theme", v.theme);
    var src = site + "embed/timeline/" + (v.category ? v.category + "/" : "") +
      (out.toString() ? "?" + out.toString() : "");
    var extras = [];
    if (v.tag) extras.push("tag " + v.tag);
    if (v.actor) extras.push(label(el.actor));
    if (v["class"]) extras.push(label(el["class"]));
    if (v.from) extras.push("from " + v.from);
    if (v.to) extras.push("to " + v.to);
    var title = "Timeline" + (v.category ? ": " + label(el.category) : "") +
      (extras.length ? ", " + extras.join(", ") : "") + " \u2013 " + box.getAttribute("data-name");
    return '<iframe src="' + esc(src) + '" title="' + escTitle(title) + '" width="100%" height="600" ' +
      'style="border:0" loading="lazy" data-' + ns + '></iframe>\n' +
      '<script src="' + esc(site + "embed/embed.js") + '" data-namespace="' + ns + '" async></' +
      "script>";
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".embed-this"), function (box) {
      var form = box.querySelector("form"), area = box.querySelector("textarea");
      var button = box.querySelector(".embed-copy");
      if (!form || !area || box.hasAttribute("data-ready")) return;
      box.setAttribute("data-ready", "");
      function update() { area.value = code(box, form); }
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      area.addEventListener("focus", function () { area.select(); });
      if (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          area.select();
          var done = function () { button.textContent = "Copied"; };
          if (navigator.clipboard) navigator.clipboard.writeText(area.value).then(done, function () {});
          else if (document.execCommand("copy")) done();
        });
      }
      update();
    });
  }
  // Material's instant navigation swaps pages without a reload; document$ tells us when.
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
