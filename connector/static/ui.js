// Stand-in web page: agent look-up when an e-mail field is left, and the live notice preview.
// Plain JS, no build step; the page works without it (the form posts normally).
"use strict";
(function () {
  const form = document.getElementById("period-form");
  if (!form) return;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const helpdesk = () => {
    const el = form.querySelector('[name="helpdesk"]') || document.getElementById("f-helpdesk");
    return el ? el.value : "";
  };

  form.querySelectorAll("input[data-lookup]").forEach((input) => {
    input.addEventListener("blur", async () => {
      const out = document.getElementById("l-" + input.name);
      if (!out) return;
      const email = input.value.trim();
      if (!email.includes("@")) { out.textContent = ""; return; }
      const url = form.dataset.agents + "?" + new URLSearchParams({ helpdesk: helpdesk(), email });
      try {
        const resp = await fetch(url, { credentials: "same-origin" });
        const body = await resp.json();
        out.textContent = body.message || "";
        out.classList.toggle("bad", !body.found);
      } catch (e) {
        out.textContent = "";
      }
    });
  });

  const subject = document.getElementById("preview-subject");
  const text = document.getElementById("preview-text");
  const error = document.getElementById("preview-error");
  let pending = null;
  async function preview() {
    const data = new FormData(form);
    if (!data.has("helpdesk")) data.set("helpdesk", helpdesk());
    try {
      const resp = await fetch(form.dataset.preview, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": token },
      });
      const body = await resp.json();
      if (body.error) {
        error.textContent = body.error;
      } else {
        error.textContent = "";
        subject.textContent = body.subject;
        text.textContent = body.text;
      }
    } catch (e) {
      error.textContent = String(e);
    }
  }
  function soon() { clearTimeout(pending); pending = setTimeout(preview, 300); }
  // "change" fires when a field is left (or a box ticked), not on every key: the server may
  // ask the helpdesk for the replacement's name.
  form.addEventListener("change", soon);
  const lang = document.getElementById("f-preview-lang");
  if (lang) lang.addEventListener("change", soon);
  preview();
})();
