// "常见问题 N" links of the form /help/faq/#faq-N: when entry N is not on this page of the
// list (another page, a filter), open its own page /help/faq/N/ instead of nothing.
(function () {
  "use strict";
  var list = document.getElementById("faq-list");
  var match = /^#faq-(\d{1,6})$/.exec(window.location.hash);
  if (!list || !match || document.getElementById("faq-" + match[1])) {
    return;
  }
  var template = list.getAttribute("data-detail-url");  // "/help/faq/0/"
  window.location.replace(template.replace(/0\/$/, match[1] + "/"));
})();
