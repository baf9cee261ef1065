/* Parent script for our timeline iframes (<iframe data-nk-timeline>): sizes each one to its
   content, scrolls to deep-linked entries, and relays the reader's moves as a DOM event,
   "nk-timeline:select" (detail.id). Call nkTimeline.show(iframe, "event-id") to move one.
   It speaks the pym.js message protocol, as does the embed, so pym's own parent works too. */
(function () {
  "use strict";
  if (window.nkTimeline) return;
  var X = "xPYMx", me = document.currentScript;
  var origin = new URL(me && me.src ? me.src : location.href).origin;
  var hooked = typeof WeakSet === "function" ? new WeakSet() : null;

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll("iframe[data-nk-timeline]"));
  }
  function frameOf(win) {
    return frames().filter(function (f) { return f.contentWindow === win; })[0];
  }
  function ping(f) {
    // A width message asks the embed for its height; it carries nothing private.
    if (f.contentWindow) {
      f.contentWindow.postMessage(["pym", f.name || "nk-timeline", "width", f.offsetWidth].join(X), "*");
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
    } else if (data && data.type === "nk-timeline:select") {
      f.dispatchEvent(new CustomEvent("nk-timeline:select", { bubbles: true, detail: { id: String(data.id) } }));
    }
  });

  function start() { frames().forEach(hook); }
  start();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);

  window.nkTimeline = {
    show: function (f, id) {
      f.contentWindow.postMessage({ type: "nk-timeline:show", id: String(id) }, origin);
    }
  };
})();
