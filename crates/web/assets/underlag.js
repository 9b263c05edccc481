// Progressive enhancement only: every flow works without this file.
// Moves focus to the error summary when a form comes back with errors.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-testid='error-summary']");
  if (summary) { summary.focus(); }
});
