// Text size and contrast buttons: set an attribute on <html> and remember the choice.
(function () {
  var root = document.documentElement;

  function remember(key, value) {
    try {
      if (value) localStorage.setItem(key, value); else localStorage.removeItem(key);
    } catch (error) {}
  }

  function show() {
    var size = root.getAttribute("data-text-size") || "standard";
    var high = root.getAttribute("data-contrast") === "high";
    document.querySelectorAll("[data-text-size]").forEach(function (button) {
      if (button.tagName === "BUTTON") {
        button.setAttribute("aria-pressed", String(button.dataset.textSize === size));
      }
    });
    document.querySelectorAll("[data-contrast-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(high));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.textSize) {
      var size = button.dataset.textSize === "standard" ? null : button.dataset.textSize;
      if (size) root.setAttribute("data-text-size", size); else root.removeAttribute("data-text-size");
      remember("papers-text-size", size);
    } else if (button.hasAttribute("data-contrast-toggle")) {
      var high = root.getAttribute("data-contrast") !== "high";
      if (high) root.setAttribute("data-contrast", "high"); else root.removeAttribute("data-contrast");
      remember("papers-contrast", high ? "high" : null);
    } else {
      return;
    }
    show();
  });

  show();
})();
