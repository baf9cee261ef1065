/* Parent script for our timeline iframes: sizes each one to its content, scrolls to
   deep-linked entries, and relays the reader's moves as a DOM event. The embed code names
   the site's namespace (the topic's embed_namespace, say "my-timeline") on this script's
   tag as data-namespace: frames are the iframes marked data-<namespace>, the event is
   "<namespace>:select" (detail.id), and <namespace> in camel case is the API:
   myTimeline.show(iframe, "event-id") moves one.
   It speaks the pym.js message protocol, as does the embed, so pym's own parent works too. */
(function () {
  "use strict";
  var X = "xPYMx", me = document.currentScript;
  var ns = (me && me.getAttribute("data-namespace")) || "explainer-timeline";
  var api = ns.replace(/-([a-z0-9])/g, function (m, c) { return c.toUpperCase(); });
  if (window[api]) return;
  var origin = new URL(me && me.src ? me.src : location.href).origin;
  var hooked = typeof WeakSet === "function" ? new WeakSet() : null;

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll("iframe[data-" + ns + "]"));
  }
  function frameOf(win) {
    return frames().filter(function (f) { return f.contentWindow === win; })[0];
  }
  function ping(f) {
    // A width message asks the embed for its height; it carries nothing private.
    if (f.contentWindow) {
      f.contentWindow.postMessage(["pym", f.name || ns, "width", f.offsetWidth].join(X), "*");
    }
  }
  function hook(f) {
    if (hooked && hooked.has(f)) return;
    if (hooked) hooked.add(f);
    f.addEventListener("load", function () { ping(f); });
    ping(f);
  }

  window.addEventListener("message", function (e) {
    if (e.origin !== origin) return;
    var f = frameOf(e.source), data = e.data, m, n;
    if (!f) return;
    if (typeof data === "string") {
      m = data.split(X);
      if (m.length !== 4 || m[0] !== "pym") return;
      n = parseInt(m[3], 10);
      if (!(n >= 0)) return;
      if (m[2] === "height") f.style.height = n + "px";
      if (m[2] === "scrollToChildPos") {
        window.scrollTo(0, f.getBoundingClientRect().top + window.pageYOffset + n);
      }
    } else if (data && data.type === ns + ":select") {
      f.dispatchEvent(new CustomEvent(ns + ":select", { bubbles: true, detail: { id: String(data.id) } }));
    }
  });

  function start() { frames().forEach(hook); }
  start();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);

  window[api] = {
    show: function (f, id) {
      f.contentWindow.postMessage({ type: ns + ":show", id: String(id) }, origin);
    }
  };
})();
