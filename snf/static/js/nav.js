// The main menu is one row to swipe on a phone (app.css): show the current
// page's entry rather than always the first ones.
(function () {
  "use strict";
  var current = document.querySelector(".mainnav [aria-current]");
  if (current && current.parentNode.scrollWidth > current.parentNode.clientWidth) {
    current.parentNode.scrollLeft = current.offsetLeft - 12;
  }
})();
