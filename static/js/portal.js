/* Progressive enhancement of the portal; every page works without it.
   - Starts only the gov.br Design System components the portal uses (header, menu). The DS's own
     core-init starts every component on the page, and its card starter stamps id="cardundefined" on
     every .br-card, so it is not loaded.
   - Moves the focus to the form error summary, when there is one. */
(function () {
  "use strict";

  function iniciarDesignSystem() {
    var ds = window.core;
    if (!ds) {
      return;
    }
    document.querySelectorAll(".br-header").forEach(function (el) {
      new ds.BRHeader("br-header", el);
    });
    document.querySelectorAll(".br-menu").forEach(function (el) {
      new ds.BRMenu("br-menu", el);
    });
    // Without JavaScript the menu button is a link to #menu-principal (opened by :target in CSS);
    // with it, the DS menu opens in place and the page must not jump.
    document.querySelectorAll('a[data-toggle="menu"]').forEach(function (el) {
      el.addEventListener("click", function (evento) {
        evento.preventDefault();
      });
    });
  }

  function focarResumoDeErros() {
    var resumo = document.getElementById("resumo-erros");
    if (resumo) {
      resumo.focus();
    }
  }

  iniciarDesignSystem();
  focarResumoDeErros();
})();
