/* guong default theme: font-size control ("Cỡ chữ"), print button, menu position. */
(function () {
  "use strict";
  var root = document.documentElement;
  function setFont(size) {
    if (size === "normal") { delete root.dataset.font; } else { root.dataset.font = size; }
    try { localStorage.setItem("guong-font", size === "normal" ? "" : size); } catch (e) { /* private mode */ }
    var buttons = document.querySelectorAll("[data-font]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].dataset.font === (root.dataset.font || "normal")));
    }
  }
  document.addEventListener("click", function (e) {
    var t = e.target.closest ? e.target.closest("[data-font],[data-print]") : null;
    if (!t) return;
    if (t.hasAttribute("data-print")) { window.print(); return; }
    setFont(t.dataset.font);
  });
  if (document.querySelector("[data-font]")) setFont(root.dataset.font || "normal");
  /* On a phone the menu scrolls sideways: bring the current section into view (the menu
     scrolls, not the page). */
  var menu = document.querySelector(".menu"), here = menu && menu.querySelector("[aria-current]");
  if (here && menu.scrollWidth > menu.clientWidth) menu.scrollLeft = Math.max(0, here.parentNode.offsetLeft - 24);
})();
