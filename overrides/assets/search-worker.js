/* Material's search worker, started through this wrapper (see partials/search-lazy.html).
   Lunr reads a query with its own copy of the word separator, set when Lunr loads
   (white space and hyphens); Material replaces only the tokenizer's copy. Without this,
   "Hwasong-17" is searched as "hwasong" and "17" and finds "Resolution 1718". Here the
   query lexer gets the index's separator too, so that names are searched as typed. */
/* global importScripts, lunr */
(function () {
  "use strict";
  var worker = new URLSearchParams(self.location.search).get("worker");
  if (!worker || new URL(worker, self.location.href).origin !== self.location.origin) return;
  importScripts(worker);
  self.addEventListener("message", function (event) {
    var data = event.data;
    if (data && data.data && data.data.config && typeof data.data.config.separator === "string" &&
        self.lunr && lunr.QueryLexer) {
      lunr.QueryLexer.termSeparator = new RegExp(data.data.config.separator);
    }
  });
})();
