/* tahqiq workbench: the three forms (check a claim, edit a verdict, upload articles).
 *
 * The pages are rendered on the server; this script only sends the forms to the JSON API and
 * then loads the page that shows the result. It never parses HTML: the little it shows itself
 * (a status line, links to new articles) is built with createElement and text nodes. Its words
 * come from the page (#ui-text), which takes them from the same label file as everything else.
 */
"use strict";

(function () {
  const ui = () => document.getElementById("ui-text").dataset;
  const arabic = () => ui().lang === "ar";
  const digits = (n) => new Intl.NumberFormat(arabic() ? "ar-EG-u-nu-arab" : "en-GB", { useGrouping: false }).format(n);

  // The write token stays in this tab (sessionStorage); the reviewer's name is remembered.
  const settings = {
    get token() { return sessionStorage.getItem("tahqiq.token") || ""; },
    set token(v) { if (v) sessionStorage.setItem("tahqiq.token", v); else sessionStorage.removeItem("tahqiq.token"); },
    get reviewer() { return localStorage.getItem("tahqiq.reviewer") || ""; },
    set reviewer(v) { localStorage.setItem("tahqiq.reviewer", v); },
  };

  // This tab's name for itself: the server keeps a rate-limit bucket per tab on this machine.
  function clientId() {
    let id = sessionStorage.getItem("tahqiq.client");
    if (!id) {
      // randomUUID exists only in secure contexts; a page served over plain http on a LAN name is not one.
      id = crypto.randomUUID
        ? crypto.randomUUID()
        : Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(16).padStart(8, "0")).join("-");
      sessionStorage.setItem("tahqiq.client", id);
    }
    return id;
  }

  const RETRIES = 3; // polite retries of a request the server says to repeat later (429, or busy 503)
  const MAX_WAIT_S = 30;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function fetchPolitely(path, opts) {
    const note = document.getElementById("busy-note");
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(path, opts);
      const later = res.status === 429 || (res.status === 503 && res.headers.has("Retry-After"));
      if (!later || attempt >= RETRIES) {
        note.hidden = true;
        return res;
      }
      const n = Number.parseInt(res.headers.get("Retry-After") || "", 10);
      note.textContent = ui().busyWait;
      note.hidden = false;
      await sleep(Math.min(Math.max(Number.isFinite(n) ? n : 2, 1), MAX_WAIT_S) * 1000);
    }
  }

  class ApiError extends Error {
    constructor(detail, problems) {
      super(detail);
      this.problems = problems || [];
    }
  }

  async function api(path, opts) {
    const headers = { Accept: "application/json", "X-Tahqiq-Client": clientId() };
    if (settings.token) headers.Authorization = "Bearer " + settings.token;
    const init = { method: opts.method || "GET", headers: headers, body: opts.body };
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(opts.json);
    }
    const res = await fetchPolitely(path, init);
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      let detail = data && typeof data.detail === "string" ? data.detail : res.status + " " + res.statusText;
      if (res.status === 429) detail = ui().busyGiveup; // still told to wait after the polite retries
      throw new ApiError(detail, data && data.problems);
    }
    return data;
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showError(status, err) {
    const box = el("div", { class: "error", role: "alert" });
    box.append(el("strong", {}, ui().error + ": "), el("span", { dir: "auto" }, err.message));
    if (err.problems.length) {
      const list = el("ul");
      for (const p of err.problems) list.append(el("li", { dir: "auto" }, (p.source || p.where || "") + ": " + (p.reason || "")));
      box.append(list);
    }
    status.replaceChildren(box);
  }

  function needsToken(status) {
    if (settings.token && settings.reviewer) return false;
    status.replaceChildren(el("p", {}, ui().needToken));
    const panel = document.getElementById("settings");
    panel.open = true;
    document.getElementById("reviewer-name").focus();
    return true;
  }

  function onSubmit(id, handler) {
    const form = document.getElementById(id);
    if (!form) return;
    const status = form.querySelector(".status");
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        await handler(form, status);
      } catch (err) {
        showError(status, err instanceof ApiError ? err : new ApiError(String(err)));
      } finally {
        button.disabled = false;
      }
    });
  }

  onSubmit("claim-form", async (form, status) => {
    status.replaceChildren(el("p", { class: "muted" }, ui().checking));
    const body = { claim: form.elements.claim.value, limit: Number(form.elements.limit.value) };
    const report = await api("/api/check", { method: "POST", json: body });
    location.assign("/checks/" + Number(report.check_id));
  });

  // The claims page: each claim's button checks it and opens the saved check (without this
  // script the form opens the claim form filled in with the claim instead).
  for (const form of document.querySelectorAll("form.claim-check")) {
    const status = form.querySelector(".status");
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        status.replaceChildren(el("p", { class: "muted" }, ui().checking));
        const report = await api("/api/check", { method: "POST", json: { claim: form.elements.claim.value, limit: 10 } });
        location.assign("/checks/" + Number(report.check_id));
      } catch (err) {
        showError(status, err instanceof ApiError ? err : new ApiError(String(err)));
      } finally {
        button.disabled = false;
      }
    });
  }

  onSubmit("review-form", async (form, status) => {
    if (needsToken(status)) return;
    const body = {
      reviewer: settings.reviewer,
      rating: form.elements.rating.value,
      verdict_text: form.elements.verdict_text.value,
      explanation: form.elements.explanation.value,
    };
    await api("/api/checks/" + Number(form.dataset.checkId) + "/reviews", { method: "POST", json: body });
    status.replaceChildren(el("p", {}, ui().saved));
    location.reload();
  });

  // Each evidence card's stance correction: the desk model learns from these (tahqiq train --from-reviews).
  for (const form of document.querySelectorAll("form.stance-form")) {
    const status = form.querySelector(".status");
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (needsToken(status)) return;
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const body = { article_id: Number(form.dataset.articleId), stance: form.elements.stance.value, reviewer: settings.reviewer };
        await api("/api/checks/" + Number(form.dataset.checkId) + "/stances", { method: "POST", json: body });
        status.replaceChildren(el("p", {}, ui().saved));
      } catch (err) {
        showError(status, err instanceof ApiError ? err : new ApiError(String(err)));
      } finally {
        button.disabled = false;
      }
    });
  }

  onSubmit("upload-form", async (form, status) => {
    if (needsToken(status)) return;
    const data = new FormData();
    for (const f of form.elements.files.files) data.append("files", f, f.name);
    const outlet = form.elements.outlet.value.trim();
    if (outlet) data.append("outlet", outlet);
    const r = await api("/api/articles/upload", { method: "POST", body: data });
    const words = status.dataset;
    const line = el("p", {}, words.added + ": " + digits(r.added.length) + " · " + words.duplicates + ": " + digits(r.duplicates.length) + " · " + words.unchanged + ": " + digits(r.unchanged.length));
    const links = el("p", { class: "added" });
    for (const id of r.added) links.append(el("a", { href: "/articles/" + Number(id), dir: "ltr" }, "#" + digits(Number(id))), " ");
    status.replaceChildren(line, links);
  });

  const settingsForm = document.getElementById("settings-form");
  settingsForm.elements.reviewer.value = settings.reviewer;
  settingsForm.elements.token.value = settings.token;
  settingsForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    settings.reviewer = settingsForm.elements.reviewer.value.trim();
    settings.token = settingsForm.elements.token.value.trim();
    document.getElementById("settings").open = false;
  });

  // The header's alert badge: the store's alert count, asked every ALERT_POLL_MS (a watch may be
  // ingesting beside the server), shown once there is one.
  const ALERT_POLL_MS = 5000;
  const badge = document.getElementById("alert-badge");
  async function pollAlerts() {
    try {
      const res = await fetch(badge.dataset.poll, { headers: { Accept: "application/json", "X-Tahqiq-Client": clientId() } });
      if (res.ok) {
        const n = Number((await res.json()).count) || 0;
        badge.textContent = digits(n);
        badge.dataset.count = String(n);
        badge.hidden = n === 0;
      }
    } catch (e) {
      // the server is away for a moment: ask again at the next tick
    }
    setTimeout(pollAlerts, ALERT_POLL_MS);
  }
  if (badge) pollAlerts();

  // A link to a sentence (?hl= or #s-N) brings it into view.
  const first = document.querySelector("mark.rationale");
  if (first && !location.hash && document.querySelector(".article-head")) first.scrollIntoView({ block: "center" });
})();
