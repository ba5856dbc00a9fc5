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

  // "Until further notice" disables the end date (a disabled field is not posted).
  const openEnded = document.getElementById("f-open");
  const ends = document.getElementById("f-ends");
  if (openEnded && ends) {
    const sync = () => {
      ends.disabled = openEnded.checked;
      ends.required = !openEnded.checked;
    };
    openEnded.addEventListener("change", sync);
    sync();
  }

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
        // As the customer gets it: the HTML part the helpdesk receives (sanitised by the
        // server; the page's CSP blocks scripts and outside images), else the text.
        text.dataset.shown = body.shown || "text";
        if (body.shown === "html") {
          const doc = new DOMParser().parseFromString(body.html, "text/html");
          text.replaceChildren(...doc.body.childNodes);
        } else {
          text.textContent = body.text;
        }
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

// The contact-log form's "Check": the lint's answer (refused words, redactions) without saving.
// Without JS the same button posts the form and the page comes back with the answer.
(function () {
  const form = document.getElementById("contact-log-form");
  const button = document.getElementById("check-button");
  const out = document.getElementById("check-answer");
  if (!form || !button || !out) return;
  const token = document.querySelector('meta[name="csrf-token"]').content;

  function item(field, labelText, text) {
    const li = document.createElement("li");
    if (labelText) {
      const a = document.createElement("a");
      a.href = "#f-" + field.replace(/\./g, "-");
      a.textContent = labelText;
      li.append(a, ": ");
    }
    li.append(text);
    return li;
  }

  function show(body) {
    out.replaceChildren();
    const verdict = document.createElement("p");
    verdict.className = "check-verdict " + (body.ok ? "ok" : "bad");
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = body.ok ? "✓" : "✕";
    verdict.append(icon, " " + body.message);
    out.append(verdict);
    if (body.refused.length) {
      const ul = document.createElement("ul");
      ul.className = "check-refused";
      body.refused.forEach((r) => ul.append(item(r.field, r.label, r.messages.join("; "))));
      out.append(ul);
    }
    if (body.redacted.length) {
      const intro = document.createElement("p");
      intro.textContent = body.redacted_intro;
      const ul = document.createElement("ul");
      ul.className = "check-redacted";
      body.redacted.forEach((r) => {
        const q = document.createElement("q");
        q.textContent = r.text;
        const li = item(r.field, r.label, "");
        li.append(q);
        ul.append(li);
      });
      out.append(intro, ul);
    } else if (body.ok && body.nothing_redacted) {
      const p = document.createElement("p");
      p.className = "muted";
      p.textContent = body.nothing_redacted;
      out.append(p);
    }
  }

  button.addEventListener("click", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    data.delete("action");
    try {
      const resp = await fetch(form.dataset.check, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": token },
      });
      show(await resp.json());
    } catch (e) {
      form.requestSubmit(button); // fall back to the page's own check
    }
  });
})();

// Notice editor: a placeholder button inserts {placeholder} into the field last focused.
(function () {
  const form = document.getElementById("template-form");
  if (!form) return;
  let target = form.querySelector("[data-placeholders]");
  form.querySelectorAll("[data-placeholders]").forEach((el) => {
    el.addEventListener("focus", () => { target = el; });
  });
  form.querySelectorAll("button[data-insert]").forEach((button) => {
    button.addEventListener("click", () => {
      if (!target) return;
      const text = button.dataset.insert;
      const start = target.selectionStart ?? target.value.length;
      const end = target.selectionEnd ?? start;
      target.value = target.value.slice(0, start) + text + target.value.slice(end);
      target.focus();
      target.setSelectionRange(start + text.length, start + text.length);
    });
  });
})();
