// Progressive enhancement: the petition page's "Print" button (hidden without JavaScript,
// where the browser's own Print command and the PDF download remain).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
