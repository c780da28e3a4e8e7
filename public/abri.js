// Abri: optional enhancements. Every page works without this file.
(function () {
  'use strict';
  // Quick exit: leave at once and replace this page in the history, so Back does not return here.
  function quickExit(event) {
    var link = document.getElementById('quick-exit');
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.display = 'none';
    try { window.location.replace(link.href); } catch (e) { window.location.href = link.href; }
  }
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.closest && target.closest('[data-quick-exit]')) quickExit(event);
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && document.getElementById('quick-exit')) quickExit(event);
  });
  // Move focus to the error summary so screen-reader users hear what to fix.
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.querySelector('.error-summary');
    if (summary) summary.focus();
  });
})();
// Certificates: a print button, shown only when this script runs (without it, the browser's Print command works).
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var buttons = document.querySelectorAll('[data-print]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener('click', function () { window.print(); });
    }
  });
})();
