// Suggests similar listed petitions while the author types a title (progressive enhancement:
// without JavaScript the review page lists them before the petition is submitted).
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  var title = form && form.querySelector("input[name=title]");
  var box = document.getElementById("similar-petitions");
  if (!title || !box || !window.fetch) {
    return;
  }
  var list = box.querySelector("ul");
  var minLength = 8;
  var timer = null;
  var latest = 0;

  function show(petitions) {
    list.textContent = "";
    petitions.forEach(function (petition) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = petition.url;
      link.textContent = petition.title;
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " (" + petition.addressee + ", " + petition.status + ")";
      item.appendChild(link);
      item.appendChild(meta);
      list.appendChild(item);
    });
    box.hidden = petitions.length === 0;
  }

  function lookUp() {
    var text = title.value.trim();
    if (text.length < minLength) {
      show([]);
      return;
    }
    var asked = ++latest;
    var url = form.getAttribute("data-similar-url") + "?title=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { petitions: [] };
      })
      .then(function (data) {
        if (asked === latest) {
          show(data.petitions || []);
        }
      })
      .catch(function () {
        // Suggestions are a help, not a step: a failed look-up changes nothing.
      });
  }

  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 400);
  });
  if (title.value) {
    lookUp();
  }
})();
