// Inside the helpdesk's app frame: ask the helpdesk which ticket or user this is, then show
// Stand-in's page for it. The helpdesk's SDK (ZAFClient) was loaded just before this file.
(function () {
  "use strict";
  var el = document.getElementById("standin-app");
  if (!el || !window.ZAFClient) { return; }
  var kind = el.getAttribute("data-kind");
  var base = el.getAttribute("data-base");
  var path = kind === "ticket_sidebar" ? "ticket.id" : "user.id";
  var client = window.ZAFClient.init();
  client.get(path).then(function (data) {
    var id = String(data[path]);
    if (!/^[0-9]+$/.test(id)) { return; }
    var where = kind === "ticket_sidebar" ? "/tickets/" : "/agents/";
    window.location.replace(base + where + id);
  });
}());
