// Solves the form's proof-of-work challenge (ALTCHA, SHA-256) in the browser and puts the
// solution in a hidden field. Without JavaScript the server accepts the form after a short wait.
(function () {
  "use strict";
  var box = document.querySelector("[data-proof-of-work]");
  if (!box || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    return;
  }
  var form = box.closest("form");
  var field = box.querySelector("input[name=proof_of_work]");
  var status = box.querySelector("[data-proof-of-work-status]");
  var data = box.dataset;
  var encoder = new TextEncoder();

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (byte) {
      return byte.toString(16).padStart(2, "0");
    }).join("");
  }

  function attempt(number) {
    return crypto.subtle.digest("SHA-256", encoder.encode(data.salt + number)).then(hex);
  }

  // Numbers are tried in batches, so the page stays responsive.
  async function solve() {
    var max = parseInt(data.maxNumber, 10);
    for (var start = 0; start <= max; start += 500) {
      var batch = [];
      for (var number = start; number < start + 500 && number <= max; number++) {
        batch.push(attempt(number));
      }
      var found = (await Promise.all(batch)).indexOf(data.challenge);
      if (found >= 0) {
        return start + found;
      }
    }
    return null;
  }

  status.textContent = data.solving;
  var solved = solve().then(function (number) {
    if (number === null) {
      return;
    }
    field.value = btoa(JSON.stringify({
      algorithm: data.algorithm, challenge: data.challenge, number: number,
      salt: data.salt, signature: data.signature
    }));
    status.textContent = data.solved;
  });

  form.addEventListener("submit", function (event) {
    if (field.value) {
      return;
    }
    event.preventDefault();
    solved.then(function () {
      // Sent as it is when no solution was found: the server then explains the wait.
      HTMLFormElement.prototype.submit.call(form);
    });
  });
})();
