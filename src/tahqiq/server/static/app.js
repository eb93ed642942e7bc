/* tahqiq workbench: a claim box, the verdict, the evidence, the origin graph, review and export.
 *
 * Article text is untrusted. Nothing here parses HTML: every element is built with
 * createElement and every piece of text is set as a text node, so markup in an article stays
 * text. Links to the outside are kept only when they are http(s) addresses. The server's
 * Content-Security-Policy forbids inline scripts and styles as a second line of defence.
 */
"use strict";

(function () {
  // ---------------------------------------------------------------- labels (Arabic first)
  const LABELS = {
    ar: {
      "app.name": "تحقيق",
      "nav.check": "تحقّق من ادعاء",
      "nav.stories": "القصص",
      "nav.upload": "إضافة مقالات",
      "settings.open": "الهوية والرمز",
      "settings.reviewer": "اسم المراجِع",
      "settings.token": "رمز الكتابة (من المشغّل)",
      "settings.save": "حفظ",
      "settings.saved": "حُفظ.",
      "settings.hint": "يُحفظ الرمز في هذه النافذة فقط، ويلزم لإضافة المقالات وتعديل الأحكام.",
      "footer": "تحقيق: التحقق من الأخبار العربية دون اتصال بالإنترنت",
      "claim.label": "الادعاء",
      "claim.placeholder": "اكتب الادعاء المراد التحقق منه، مثلاً: القوات الأمريكية تدرب منشقين عن داعش في الحسكة",
      "claim.submit": "تحقّق",
      "claim.limit": "عدد المقالات",
      "checking": "جارٍ التحقق…",
      "loading": "جارٍ التحميل…",
      "recent": "آخر عمليات التحقق",
      "recent.none": "لا توجد عمليات تحقق محفوظة بعد.",
      "verdict": "الحكم",
      "verdict.supported": "مؤكَّد",
      "verdict.refuted": "مُفنَّد",
      "verdict.disputed": "متنازع عليه",
      "verdict.unverified": "غير متحقَّق منه",
      "confidence": "الثقة",
      "explanation": "الشرح",
      "explanation.machine": "شرح النظام",
      "speech.claim": "ادعاء عن تصريح:",
      "speech.said": "الحكم يخص ما إذا كان قد قاله",
      "speech.statement": "— أما صحة ما قيل فادعاء منفصل يُتحقق منه وحده:",
      "counts.articles": "مقالات",
      "counts.agree": "تؤيد",
      "counts.disagree": "تعارض",
      "counts.discuss": "تناقش",
      "counts.unrelated": "غير ذات صلة",
      "counts.agree_origins": "أصول مستقلة مؤيدة",
      "counts.disagree_origins": "أصول مستقلة معارضة",
      "reviewed.by": "راجعه",
      "reviewed.machine": "حكم النظام",
      "evidence": "الأدلة",
      "evidence.none": "لم يُعثر على مقالات ذات صلة.",
      "stance.agree": "يؤيد",
      "stance.disagree": "يعارض",
      "stance.discuss": "يناقش",
      "stance.unrelated": "غير ذي صلة",
      "rationales": "الجمل الدالة",
      "sentence": "الجملة",
      "text.show": "عرض النص مع تظليل الجمل الدالة",
      "text.hide": "إخفاء النص",
      "article.open": "صفحة المقال",
      "copies": "المقاطع المنسوخة",
      "copies.none": "لا مقاطع منسوخة بين المقالات ذات الصلة.",
      "words": "كلمة",
      "graph": "شبكة المصادر",
      "graph.show": "عرض شبكة المصادر",
      "graph.hide": "إخفاء الشبكة",
      "graph.empty": "لا مصادر ولا روابط نسخ لرسمها.",
      "graph.legend.cites": "يستشهد بـ",
      "graph.legend.quotes": "ينقل قول",
      "graph.legend.traces_to": "يعود إلى",
      "graph.legend.copies": "نسخ مقطعاً",
      "origin": "أصل",
      "origin.unnamed": "مصدر غير مسمّى",
      "origin.others": "مقالات أخرى",
      "side.agree": "مؤيد",
      "side.disagree": "معارض",
      "side.discuss": "يناقش",
      "review": "المراجعة والنشر",
      "review.rating": "التقييم",
      "review.text": "نص الحكم المنشور",
      "review.explanation": "الشرح المنشور",
      "review.reviewer": "المراجِع",
      "review.save": "حفظ التعديل",
      "review.saved": "حُفظ التعديل.",
      "review.history": "سجل التعديلات",
      "review.none": "لم يُعدَّل الحكم بعد.",
      "review.needToken": "أدخل اسمك ورمز الكتابة من زر «الهوية والرمز».",
      "export.jsonld": "تنزيل ClaimReview (JSON-LD)",
      "export.show": "عرض JSON-LD",
      "export.print": "تقرير للطباعة",
      "article": "المقال",
      "article.sources": "أُخذ من",
      "article.quotes": "من قال ماذا",
      "article.quotes.none": "لا أقوال منسوبة.",
      "article.attributions": "المصادر المذكورة",
      "article.attributions.none": "لا مصادر مذكورة.",
      "article.reuse": "مقالات تشترك معه في مقاطع",
      "article.reuse.none": "لا يشترك في مقاطع مع مقالات أخرى.",
      "article.share": "نسبة المنسوخ",
      "article.first": "الأسبق",
      "first.article": "هذا المقال",
      "first.other": "المقال الآخر",
      "first.unknown": "غير معروف",
      "distanced": "بتحفّظ",
      "verb.asserts": "يؤكد",
      "verb.denies": "ينفي",
      "verb.accuses": "يتهم",
      "verb.admits": "يقر",
      "verb.claims": "يزعم",
      "verb.warns": "يحذر",
      "via": "عبر",
      "stories": "القصص",
      "stories.hint": "القصة حدث واحد عبر المنافذ والأيام: مقالات تشترك في مقاطع منسوخة أو تتشابه عناوينها ومقدماتها.",
      "stories.none": "لا توجد قصص تضم أكثر من مقال واحد.",
      "story.articles": "مقالات",
      "story.outlets": "منافذ",
      "story.timeline": "الخط الزمني للمنافذ",
      "story.list": "المقالات بترتيب النشر",
      "story.claims": "الادعاءات المركزية ومن يؤكدها أو ينفيها",
      "story.claims.none": "لا ادعاءات متكررة في هذه القصة.",
      "voice.asserts": "يؤكد",
      "voice.denies": "ينفي",
      "outlet.unknown": "منفذ غير معروف",
      "date.unknown": "دون تاريخ",
      "upload": "إضافة مقالات",
      "upload.hint": "ملفات نصية أو HTML أو JSON/JSONL أو RSS/Atom. تُضاف الدفعة كاملة أو لا يُضاف منها شيء.",
      "upload.files": "الملفات",
      "upload.outlet": "المنفذ (للمقالات التي لا تذكره)",
      "upload.submit": "إضافة",
      "upload.done": "أُضيف {added}، مكرر {dup}، موجود مسبقاً {same}.",
      "error": "خطأ",
      "busy.wait": "الخادم مشغول الآن؛ ستُعاد المحاولة تلقائياً بعد {s} ثانية…",
      "busy.giveup": "الخادم مشغول جداً الآن؛ انتظر قليلاً ثم أعد المحاولة.",
      "notFound": "الصفحة غير موجودة.",
      "lang.other": "English",
    },
    en: {
      "app.name": "tahqiq",
      "nav.check": "Check a claim",
      "nav.stories": "Stories",
      "nav.upload": "Add articles",
      "settings.open": "Identity & token",
      "settings.reviewer": "Reviewer name",
      "settings.token": "Write token (from the operator)",
      "settings.save": "Save",
      "settings.saved": "Saved.",
      "settings.hint": "The token is kept in this tab only; it is needed to add articles and edit verdicts.",
      "footer": "tahqiq: offline verification of Arabic news",
      "claim.label": "Claim",
      "claim.placeholder": "Type the claim to check, in Arabic",
      "claim.submit": "Check",
      "claim.limit": "Articles",
      "checking": "Checking…",
      "loading": "Loading…",
      "recent": "Recent checks",
      "recent.none": "No saved checks yet.",
      "verdict": "Verdict",
      "verdict.supported": "Supported",
      "verdict.refuted": "Refuted",
      "verdict.disputed": "Disputed",
      "verdict.unverified": "Unverified",
      "confidence": "Confidence",
      "explanation": "Explanation",
      "explanation.machine": "Machine explanation",
      "speech.claim": "A claim about speech:",
      "speech.said": "the verdict is about whether it was said by",
      "speech.statement": "— whether what was said is true is a separate claim to check:",
      "counts.articles": "articles",
      "counts.agree": "agree",
      "counts.disagree": "disagree",
      "counts.discuss": "discuss",
      "counts.unrelated": "unrelated",
      "counts.agree_origins": "independent origins agreeing",
      "counts.disagree_origins": "independent origins disagreeing",
      "reviewed.by": "Reviewed by",
      "reviewed.machine": "Machine verdict",
      "evidence": "Evidence",
      "evidence.none": "No related articles found.",
      "stance.agree": "agrees",
      "stance.disagree": "disagrees",
      "stance.discuss": "discusses",
      "stance.unrelated": "unrelated",
      "rationales": "Rationale sentences",
      "sentence": "sentence",
      "text.show": "Show the text with rationales highlighted",
      "text.hide": "Hide the text",
      "article.open": "Article page",
      "copies": "Copied passages",
      "copies.none": "No copied passages among the related articles.",
      "words": "words",
      "graph": "Origin graph",
      "graph.show": "Show the origin graph",
      "graph.hide": "Hide the graph",
      "graph.empty": "No sources or copy links to draw.",
      "graph.legend.cites": "cites",
      "graph.legend.quotes": "quotes",
      "graph.legend.traces_to": "traces to",
      "graph.legend.copies": "copies a passage",
      "origin": "Origin",
      "origin.unnamed": "unnamed source",
      "origin.others": "other articles",
      "side.agree": "agreeing",
      "side.disagree": "disagreeing",
      "side.discuss": "discussing",
      "review": "Review and publish",
      "review.rating": "Rating",
      "review.text": "Published verdict text",
      "review.explanation": "Published explanation",
      "review.reviewer": "Reviewer",
      "review.save": "Save edit",
      "review.saved": "Edit saved.",
      "review.history": "Edit history",
      "review.none": "The verdict has not been edited yet.",
      "review.needToken": "Enter your name and the write token under “Identity & token”.",
      "export.jsonld": "Download ClaimReview (JSON-LD)",
      "export.show": "Show JSON-LD",
      "export.print": "Printable report",
      "article": "Article",
      "article.sources": "Ingested from",
      "article.quotes": "Who said what",
      "article.quotes.none": "No attributed statements.",
      "article.attributions": "Cited sources",
      "article.attributions.none": "No cited sources.",
      "article.reuse": "Articles sharing passages",
      "article.reuse.none": "Shares no passage with other articles.",
      "article.share": "share copied",
      "article.first": "first",
      "first.article": "this article",
      "first.other": "the other",
      "first.unknown": "unknown",
      "distanced": "distanced",
      "verb.asserts": "asserts",
      "verb.denies": "denies",
      "verb.accuses": "accuses",
      "verb.admits": "admits",
      "verb.claims": "claims",
      "verb.warns": "warns",
      "via": "via",
      "stories": "Stories",
      "stories.hint": "A story is one event across outlets and days: articles sharing copied passages or similar titles and leads.",
      "stories.none": "No story holds more than one article.",
      "story.articles": "articles",
      "story.outlets": "outlets",
      "story.timeline": "Timeline of outlets",
      "story.list": "Articles in publication order",
      "story.claims": "Central claims, and who asserts or denies them",
      "story.claims.none": "No repeated claim in this story.",
      "voice.asserts": "asserts",
      "voice.denies": "denies",
      "outlet.unknown": "unknown outlet",
      "date.unknown": "undated",
      "upload": "Add articles",
      "upload.hint": "Text, HTML, JSON/JSONL or RSS/Atom files. The batch goes in whole or not at all.",
      "upload.files": "Files",
      "upload.outlet": "Outlet (for articles that name none)",
      "upload.submit": "Add",
      "upload.done": "{added} added, {dup} duplicates, {same} already stored.",
      "error": "Error",
      "busy.wait": "The server is busy; trying again in {s} s…",
      "busy.giveup": "The server is very busy right now; wait a little and try again.",
      "notFound": "Page not found.",
      "lang.other": "العربية",
    },
  };
  const VERDICTS = ["supported", "refuted", "disputed", "unverified"];
  const STANCES = ["agree", "disagree", "discuss", "unrelated"];

  let lang = localStorage.getItem("tahqiq.lang") === "en" ? "en" : "ar";
  const t = (key, vars) => {
    let s = (LABELS[lang] && LABELS[lang][key]) || LABELS.ar[key] || key;
    if (vars) for (const k of Object.keys(vars)) s = s.split("{" + k + "}").join(String(vars[k]));
    return s;
  };
  const numberFmt = () => new Intl.NumberFormat(lang === "ar" ? "ar-EG-u-nu-arab" : "en-GB");
  const num = (n) => numberFmt().format(n);
  const pct = (x) =>
    new Intl.NumberFormat(lang === "ar" ? "ar-EG-u-nu-arab" : "en-GB", { style: "percent" }).format(x);
  const dateText = (iso) => {
    if (!iso) return t("date.unknown");
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    if (!m) return iso;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    const locale = lang === "ar" ? "ar-EG-u-nu-arab" : "en-GB";
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(d);
  };
  const timeText = (iso) => {
    if (!iso) return "";
    const d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    const locale = lang === "ar" ? "ar-EG-u-nu-arab" : "en-GB";
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
  };

  // ---------------------------------------------------------------- safe DOM building
  const SVG_NS = "http://www.w3.org/2000/svg";

  function isWebUrl(u) {
    return typeof u === "string" && /^https?:\/\/[^\s]+$/i.test(u);
  }

  function append(node, children) {
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) append(node, c);
      else if (c instanceof Node) node.appendChild(c);
      else node.appendChild(document.createTextNode(String(c)));
    }
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "on") {
        for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
      } else if (k === "href") {
        // Internal paths are built from numbers here; outside links must be http(s).
        if (typeof v === "string" && (v.startsWith("/") || isWebUrl(v))) node.setAttribute("href", v);
      } else if (k === "style") {
        throw new Error("inline styles are not allowed");
      } else if (/^on/i.test(k)) {
        throw new Error("inline handlers are not allowed");
      } else {
        node.setAttribute(k, v === true ? "" : String(v));
      }
    }
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    return append(node, children);
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    return append(node, children);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  // Bidi controls (embeddings, overrides, isolates, LRM/RLM, the Arabic letter mark): an override in
  // an outlet name would reverse the rest of the line it is placed in (as tahqiq.text.bidi).
  const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
  const FSI = "\u2068";
  const PDI = "\u2069";

  // An untrusted string to concatenate into other text: its controls dropped, wrapped in an isolate.
  function iso(text) {
    return FSI + String(text || "").replace(BIDI_CONTROLS, "") + PDI;
  }

  // Machine text kept from an older version may hold an outlet's raw override: keep only the
  // isolates that pair up (those tahqiq wrote), drop every other control.
  function contained(text) {
    let depth = 0;
    let out = "";
    for (const ch of String(text || "")) {
      if (ch === FSI) {
        depth += 1;
        out += ch;
      } else if (ch === PDI) {
        if (depth > 0) {
          depth -= 1;
          out += ch;
        }
      } else if (!/^[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]$/.test(ch)) {
        out += ch;
      }
    }
    return out + PDI.repeat(depth);
  }

  // Untrusted text in its own direction: Arabic articles stay right-to-left in the English UI.
  function textBlock(tag, text, language, attrs) {
    const a = Object.assign({ dir: language === "ar" ? "rtl" : "auto" }, attrs || {});
    if (language) a.lang = language;
    return el(tag, a, text || "");
  }

  // ---------------------------------------------------------------- settings and API
  const settings = {
    get token() {
      return sessionStorage.getItem("tahqiq.token") || "";
    },
    set token(v) {
      if (v) sessionStorage.setItem("tahqiq.token", v);
      else sessionStorage.removeItem("tahqiq.token");
    },
    get reviewer() {
      return localStorage.getItem("tahqiq.reviewer") || "";
    },
    set reviewer(v) {
      localStorage.setItem("tahqiq.reviewer", v);
    },
  };

  class ApiError extends Error {
    constructor(status, detail, problems) {
      super(detail);
      this.status = status;
      this.problems = problems || [];
    }
  }

  // This tab's name for itself: the server keeps one rate-limit bucket per tab on this machine, so a
  // script hammering the server from the same laptop cannot use up this page's share.
  function clientId() {
    let id = sessionStorage.getItem("tahqiq.client");
    if (!id) {
      id = crypto.randomUUID ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(16).padStart(8, "0")).join("-");
      sessionStorage.setItem("tahqiq.client", id);
    }
    return id;
  }

  const RETRIES = 3; // polite retries of a request the server says to repeat later (429, or busy 503)
  const MAX_RETRY_WAIT_S = 30; // a longer Retry-After is shortened to this
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function retryAfterSeconds(res) {
    const n = Number.parseInt(res.headers.get("Retry-After") || "", 10);
    return Math.min(Math.max(Number.isFinite(n) ? n : 2, 1), MAX_RETRY_WAIT_S);
  }

  // A polite line at the top of the page while a request waits to be repeated.
  function showWaiting(seconds) {
    let note = document.getElementById("busy-note");
    if (!note) {
      note = el("p", { id: "busy-note", class: "busy", role: "status" });
      document.body.insertBefore(note, document.getElementById("main"));
    }
    note.textContent = t("busy.wait", { s: num(seconds) });
    note.hidden = false;
  }

  function hideWaiting() {
    const note = document.getElementById("busy-note");
    if (note) note.hidden = true;
  }

  async function fetchPolitely(path, opts) {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(path, opts);
      const later = res.status === 429 || (res.status === 503 && res.headers.has("Retry-After"));
      if (!later || attempt >= RETRIES) {
        hideWaiting();
        return res;
      }
      const seconds = retryAfterSeconds(res);
      showWaiting(seconds);
      await sleep(seconds * 1000);
    }
  }

  async function api(path, options) {
    const opts = Object.assign({ method: "GET", headers: {} }, options || {});
    opts.headers = Object.assign({ Accept: "application/json", "X-Tahqiq-Client": clientId() }, opts.headers);
    if (settings.token) opts.headers.Authorization = "Bearer " + settings.token;
    if (opts.json !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(opts.json);
      delete opts.json;
    }
    const res = await fetchPolitely(path, opts);
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    if (!res.ok) {
      let detail = data && typeof data.detail === "string" ? data.detail : res.status + " " + res.statusText;
      if (res.status === 429) detail = t("busy.giveup"); // still told to wait after the polite retries
      throw new ApiError(res.status, detail, data && data.problems);
    }
    return data;
  }

  function errorBox(err) {
    const box = el("div", { class: "error", role: "alert" }, el("strong", {}, t("error") + ": "), el("span", { dir: "auto" }, err.message));
    if (err.problems && err.problems.length) {
      box.appendChild(
        el("ul", {}, err.problems.map((p) => el("li", { dir: "auto" }, iso(p.source || p.where || "") + ": " + (p.reason || ""))))
      );
    }
    return box;
  }

  // ---------------------------------------------------------------- pieces of a report
  function stanceBadge(stance) {
    return el("span", { class: "badge stance-" + stance, "data-stance": stance }, t("stance." + stance));
  }

  function verdictBadge(label) {
    return el("span", { class: "badge verdict-" + label, "data-label": label }, t("verdict." + label));
  }

  function meter(value, cls) {
    const m = el("meter", { min: "0", max: "1", value: String(value), class: cls || "" });
    return m;
  }

  function countsList(counts) {
    const keys = ["articles", "agree", "disagree", "discuss", "unrelated", "agree_origins", "disagree_origins"];
    return el(
      "dl",
      { class: "counts" },
      keys.filter((k) => counts[k] !== undefined).map((k) => el("div", {}, el("dt", {}, t("counts." + k)), el("dd", {}, num(counts[k]))))
    );
  }

  function verdictCard(report) {
    const v = report.verdict;
    const review = report.review;
    const label = review ? review.rating : v.label;
    const card = el("section", { class: "card verdict-card verdict-" + label, id: "verdict", "data-label": label, "aria-live": "polite" });
    append(card, [
      el("p", { class: "claim-echo" }, el("span", { class: "muted" }, t("claim.label") + ": "), textBlock("q", report.claim, "ar")),
      el("div", { class: "verdict-head" }, el("h2", {}, t("verdict")), verdictBadge(label)),
    ]);
    if (review) {
      append(card, [
        textBlock("p", review.verdict_text, "", { class: "verdict-text", "data-testid": "verdict-text" }),
        el("p", { class: "muted reviewed" }, t("reviewed.by") + " ", el("b", { dir: "auto" }, review.reviewer), " · ", el("time", { datetime: review.edited_at }, timeText(review.edited_at))),
        el("p", { class: "muted" }, t("reviewed.machine") + ": ", t("verdict." + v.label)),
      ]);
    }
    if (v.claim_kind === "speech") {
      // A claim that reports speech is judged as whether it was said; what was said is another claim.
      append(card, [
        el("p", { class: "speech-claim", "data-testid": "speech-claim" },
          el("b", {}, t("speech.claim") + " "),
          t("speech.said") + " ", textBlock("bdi", v.speaker || "—", "ar"), "؟ ",
          t("speech.statement") + " ", textBlock("q", v.statement || "", "ar")),
      ]);
    }
    append(card, [
      el("div", { class: "confidence" }, el("span", {}, t("confidence")), meter(v.confidence), el("b", { class: "pct" }, pct(v.confidence))),
      countsList(v.counts || {}),
    ]);
    if (review && review.explanation) {
      append(card, [el("h3", {}, t("explanation")), textBlock("p", review.explanation, "", { class: "explanation" })]);
    }
    append(card, [
      el("h3", {}, t("explanation.machine")),
      el("p", { class: "explanation", lang: "en", dir: "ltr" }, contained(v.explanation)),
    ]);
    return card;
  }

  // The article text, sentence by sentence, rationale sentences marked.
  function articleText(article, highlight) {
    const wanted = new Set(highlight || []);
    const root = el("div", { class: "article-text", dir: article.language === "ar" ? "rtl" : "auto", lang: article.language || "ar" });
    const text = article.text || "";
    let pos = 0;
    let para = el("p", {});
    const flush = () => {
      if (para.childNodes.length) root.appendChild(para);
      para = el("p", {});
    };
    const addPlain = (s) => {
      const parts = s.split(/\n+/);
      parts.forEach((part, i) => {
        if (i > 0) flush();
        if (part) para.appendChild(document.createTextNode(part));
      });
    };
    for (const s of article.sentences || []) {
      if (s.start > pos) addPlain(text.slice(pos, s.start));
      const body = text.slice(s.start, s.end);
      const isRationale = wanted.has(s.index);
      const node = el(isRationale ? "mark" : "span", { class: isRationale ? "rationale" : "sentence", "data-index": String(s.index), id: "s-" + s.index });
      append(node, [el("sup", { class: "sidx", "aria-hidden": "true" }, num(s.index)), body]);
      para.appendChild(node);
      pos = s.end;
    }
    if (pos < text.length) addPlain(text.slice(pos));
    flush();
    return root;
  }

  const articleCache = new Map();
  async function loadArticle(id, withReuse) {
    const key = id + (withReuse ? "+r" : "");
    if (!articleCache.has(key)) articleCache.set(key, api("/api/articles/" + Number(id) + (withReuse ? "" : "?reuse=false")));
    try {
      return await articleCache.get(key);
    } catch (e) {
      articleCache.delete(key);
      throw e;
    }
  }

  function evidenceCard(e) {
    const id = Number(e.article_id);
    const rationaleIdx = (e.rationales || []).map((r) => r.index);
    const card = el("article", { class: "card evidence-card stance-" + e.stance, "data-article-id": String(id), "data-stance": e.stance });
    const head = el(
      "header",
      { class: "evidence-head" },
      el("div", { class: "evidence-title" }, el("span", { class: "aid" }, "#" + num(id)), " ", el("a", { href: "/articles/" + id + "?hl=" + rationaleIdx.join(","), "data-nav": "" }, textBlock("span", e.title || "—", e.language))),
      stanceBadge(e.stance)
    );
    const meta = el(
      "p",
      { class: "meta" },
      el("span", { dir: "auto" }, e.outlet || t("outlet.unknown")),
      " · ",
      el("span", {}, dateText(e.date)),
      isWebUrl(e.url) ? [" · ", el("a", { href: e.url, rel: "noopener noreferrer nofollow", target: "_blank", dir: "ltr" }, e.url)] : null
    );
    const scores = el(
      "div",
      { class: "scores" },
      STANCES.map((s) => el("div", { class: "score" }, el("span", {}, t("stance." + s)), meter((e.stance_scores || {})[s] || 0, "m-" + s), el("span", { class: "pct" }, pct((e.stance_scores || {})[s] || 0))))
    );
    const rationales = el(
      "ol",
      { class: "rationales" },
      (e.rationales || []).map((r) =>
        el(
          "li",
          { "data-index": String(r.index) },
          el("span", { class: "sidx" }, t("sentence") + " " + num(r.index)),
          textBlock("q", r.text, e.language, { class: "rationale-text" }),
          r.why ? el("small", { class: "why", dir: "ltr", lang: "en" }, r.why) : null
        )
      )
    );
    const holder = el("div", { class: "text-holder" });
    const toggle = el("button", { type: "button", class: "ghost show-text", "aria-expanded": "false" }, t("text.show"));
    toggle.addEventListener("click", async () => {
      if (toggle.getAttribute("aria-expanded") === "true") {
        clear(holder);
        toggle.setAttribute("aria-expanded", "false");
        toggle.textContent = t("text.show");
        return;
      }
      toggle.disabled = true;
      clear(holder).appendChild(el("p", { class: "muted" }, t("loading")));
      try {
        const article = await loadArticle(id, false);
        clear(holder).appendChild(articleText(article, rationaleIdx));
        toggle.setAttribute("aria-expanded", "true");
        toggle.textContent = t("text.hide");
      } catch (err) {
        clear(holder).appendChild(errorBox(err));
      } finally {
        toggle.disabled = false;
      }
    });
    append(card, [head, meta, scores]);
    if (e.rationales && e.rationales.length) append(card, [el("h4", {}, t("rationales")), rationales]);
    append(card, [el("div", { class: "actions" }, toggle), holder]);
    return card;
  }

  function copiesSection(report) {
    const titles = new Map((report.evidence || []).map((e) => [Number(e.article_id), e]));
    const sec = el("section", { class: "card copies", id: "copies" }, el("h2", {}, t("copies")));
    if (!report.copies || !report.copies.length) {
      sec.appendChild(el("p", { class: "muted" }, t("copies.none")));
      return sec;
    }
    for (const c of report.copies) {
      const side = (aid, passage) => {
        const e = titles.get(Number(aid));
        return el(
          "figure",
          { class: "passage" },
          el("figcaption", {}, el("a", { href: "/articles/" + Number(aid), "data-nav": "" }, "#" + num(aid)), " ", textBlock("span", e ? e.title : "", "ar", { class: "muted" })),
          textBlock("blockquote", passage, "ar")
        );
      };
      sec.appendChild(
        el(
          "div",
          { class: "pair", "data-articles": c.articles.join("-") },
          el("p", { class: "pair-head muted" }, num(c.words) + " " + t("words")),
          el("div", { class: "side-by-side" }, side(c.articles[0], c.passage), side(c.articles[1], c.passage_other))
        )
      );
    }
    return sec;
  }

  // ---------------------------------------------------------------- the origin graph (SVG)
  function originLabel(g) {
    if (g.id === "others") return t("origin.others");
    const who = g.source || (g.speakers && g.speakers[0]) || t("origin.unnamed");
    return t("origin") + " (" + t("side." + g.side) + "): " + iso(who);
  }

  function drawGraph(graph) {
    const L = graph.layout;
    const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
    if (!graph.nodes.length) return el("p", { class: "muted" }, t("graph.empty"));
    const root = svg("svg", {
      id: "origin-graph",
      class: "graph",
      viewBox: "0 0 " + L.width + " " + L.height,
      width: String(L.width),
      height: String(L.height),
      role: "img",
      "aria-label": t("graph"),
    });
    const defs = svg("defs", {});
    defs.appendChild(
      svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead" }))
    );
    root.appendChild(defs);
    for (const g of graph.groups) {
      const b = L.groups[g.id];
      if (!b) continue;
      const grp = svg("g", { class: "origin side-" + g.side, "data-group": g.id });
      grp.appendChild(svg("rect", { x: b.x, y: b.y, width: b.w, height: b.h, rx: "10" }));
      grp.appendChild(svg("text", { x: b.x + b.w - 10, y: b.y + 16, class: "origin-label", "text-anchor": "start" }, originLabel(g)));
      root.appendChild(grp);
    }
    const center = (b) => [b.x + b.w / 2, b.y + b.h / 2];
    let arc = 0;
    for (const e of graph.edges) {
      const a = L.nodes[e.source];
      const b = L.nodes[e.target];
      if (!a || !b) continue;
      let d;
      if (e.kind === "copies") {
        arc += 1;
        const [, ay] = center(a);
        const [, by] = center(b);
        const bend = Math.max(8, a.x - 14 - (arc % 4) * 9);
        d = "M " + a.x + " " + ay + " C " + bend + " " + ay + ", " + bend + " " + by + ", " + b.x + " " + by;
      } else {
        const [, ay] = center(a);
        const [, by] = center(b);
        const x1 = a.x + a.w;
        const x2 = b.x;
        const mid = (x1 + x2) / 2;
        d = "M " + x1 + " " + ay + " C " + mid + " " + ay + ", " + mid + " " + by + ", " + x2 + " " + by;
      }
      const path = svg("path", { d: d, class: "edge edge-" + e.kind, "marker-end": e.kind === "copies" ? null : "url(#arrow)" });
      path.appendChild(svg("title", {}, t("graph.legend." + e.kind) + (e.detail ? " · " + e.detail : "")));
      root.appendChild(path);
    }
    for (const [id, b] of Object.entries(L.nodes)) {
      const n = nodes.get(id);
      if (!n) continue;
      const g = svg("g", { class: "node node-" + n.kind + (n.stance ? " stance-" + n.stance : ""), "data-node": id });
      g.appendChild(svg("rect", { x: b.x, y: b.y, width: b.w, height: b.h, rx: "6" }));
      const [cx, cy] = center(b);
      let label = n.short || n.label;
      if (n.kind === "article") {
        const aid = id.split(":")[1];
        label = "#" + num(Number(aid)) + " " + iso(label);
      }
      g.appendChild(svg("text", { x: cx, y: cy + 4.5, "text-anchor": "middle" }, label));
      g.appendChild(svg("title", {}, n.label));
      if (n.kind === "article") {
        const link = svg("a", { href: "/articles/" + Number(id.split(":")[1]), "data-nav": "" });
        link.appendChild(g);
        root.appendChild(link);
      } else {
        root.appendChild(g);
      }
    }
    const legend = el(
      "ul",
      { class: "legend" },
      ["cites", "quotes", "traces_to", "copies"].map((k) => el("li", { class: "lg-" + k }, el("span", { class: "swatch", "aria-hidden": "true" }), t("graph.legend." + k))),
      ["agree", "disagree", "discuss"].map((s) => el("li", { class: "lg-side-" + s }, el("span", { class: "swatch", "aria-hidden": "true" }), t("side." + s)))
    );
    return el("div", { class: "graph-wrap" }, el("div", { class: "graph-scroll" }, root), legend);
  }

  function graphSection(checkId) {
    const sec = el("section", { class: "card graph-card", id: "graph" }, el("h2", {}, t("graph")));
    const holder = el("div", {});
    const toggle = el("button", { type: "button", id: "graph-toggle", "aria-expanded": "false" }, t("graph.show"));
    toggle.addEventListener("click", async () => {
      if (toggle.getAttribute("aria-expanded") === "true") {
        clear(holder);
        toggle.setAttribute("aria-expanded", "false");
        toggle.textContent = t("graph.show");
        return;
      }
      toggle.disabled = true;
      clear(holder).appendChild(el("p", { class: "muted" }, t("loading")));
      try {
        const graph = await api("/api/checks/" + Number(checkId) + "/graph");
        clear(holder).appendChild(drawGraph(graph));
        toggle.setAttribute("aria-expanded", "true");
        toggle.textContent = t("graph.hide");
      } catch (err) {
        clear(holder).appendChild(errorBox(err));
      } finally {
        toggle.disabled = false;
      }
    });
    append(sec, [toggle, holder]);
    return sec;
  }

  // ---------------------------------------------------------------- review and export
  function reviewSection(report, onSaved) {
    const id = Number(report.check_id);
    const current = report.review;
    const sec = el("section", { class: "card review-card", id: "review" }, el("h2", {}, t("review")));
    const rating = el("select", { name: "rating", id: "review-rating" }, VERDICTS.map((v) => el("option", { value: v }, t("verdict." + v))));
    rating.value = current ? current.rating : report.verdict.label;
    const text = el("input", { name: "verdict_text", id: "review-text", maxlength: "300", required: "", dir: "auto" });
    text.value = current ? current.verdict_text : LABELS.ar["verdict." + report.verdict.label];
    const explanation = el("textarea", { name: "explanation", id: "review-explanation", rows: "4", maxlength: "10000", dir: "auto" });
    explanation.value = current ? current.explanation : "";
    const status = el("p", { class: "status", role: "status" });
    const form = el(
      "form",
      { class: "review-form" },
      el("label", {}, el("span", {}, t("review.rating")), rating),
      el("label", {}, el("span", {}, t("review.text")), text),
      el("label", { class: "wide" }, el("span", {}, t("review.explanation")), explanation),
      el("div", { class: "actions" }, el("button", { type: "submit", id: "review-save" }, t("review.save")), status)
    );
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      clear(status);
      if (!settings.reviewer || !settings.token) {
        status.appendChild(document.createTextNode(t("review.needToken")));
        openSettings();
        return;
      }
      try {
        await api("/api/checks/" + id + "/reviews", {
          method: "POST",
          json: { reviewer: settings.reviewer, rating: rating.value, verdict_text: text.value, explanation: explanation.value },
        });
        status.appendChild(document.createTextNode(t("review.saved")));
        onSaved();
      } catch (err) {
        status.appendChild(errorBox(err));
      }
    });
    const history = el("div", { class: "history" }, el("h3", {}, t("review.history")));
    api("/api/checks/" + id + "/reviews")
      .then((edits) => {
        if (!edits.length) history.appendChild(el("p", { class: "muted" }, t("review.none")));
        else
          history.appendChild(
            el(
              "ol",
              {},
              edits.map((e) =>
                el("li", {}, el("b", { dir: "auto" }, e.reviewer), " · ", el("time", { datetime: e.edited_at }, timeText(e.edited_at)), " · ", verdictBadge(e.rating), " ", el("span", { dir: "auto" }, e.verdict_text))
              )
            )
          );
      })
      .catch((err) => history.appendChild(errorBox(err)));
    const jsonld = el("pre", { class: "jsonld", id: "jsonld", dir: "ltr", hidden: "" });
    const showJson = el("button", { type: "button", class: "ghost", id: "export-show" }, t("export.show"));
    showJson.addEventListener("click", async () => {
      try {
        const doc = await api("/api/checks/" + id + "/claimreview");
        jsonld.textContent = JSON.stringify(doc, null, 2);
        jsonld.hidden = false;
      } catch (err) {
        jsonld.replaceWith(errorBox(err));
      }
    });
    const exports = el(
      "div",
      { class: "exports" },
      el("a", { class: "button", id: "export-jsonld", href: "/api/checks/" + id + "/claimreview?download=true", download: "claimreview-" + id + ".jsonld" }, t("export.jsonld")),
      showJson,
      el("a", { class: "button ghost", id: "export-print", href: "/checks/" + id + "/print", target: "_blank", rel: "noopener" }, t("export.print"))
    );
    append(sec, [form, history, exports, jsonld]);
    return sec;
  }

  // ---------------------------------------------------------------- views
  const main = () => document.getElementById("main");

  function claimForm(initial) {
    const area = el("textarea", { id: "claim", name: "claim", rows: "2", maxlength: "2000", required: "", dir: "rtl", lang: "ar", placeholder: t("claim.placeholder") });
    area.value = initial || "";
    const limit = el("select", { id: "claim-limit", name: "limit" }, [5, 10, 20, 50].map((n) => el("option", { value: String(n) }, num(n))));
    limit.value = "10";
    const button = el("button", { type: "submit", id: "check-submit" }, t("claim.submit"));
    const form = el(
      "form",
      { class: "card claim-form", id: "claim-form" },
      el("label", { for: "claim", class: "claim-label" }, t("claim.label")),
      area,
      el("div", { class: "actions" }, el("label", { class: "inline" }, t("claim.limit") + " ", limit), button)
    );
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const out = document.getElementById("result");
      button.disabled = true;
      clear(out).appendChild(el("p", { class: "muted busy" }, t("checking")));
      try {
        const report = await api("/api/check", { method: "POST", json: { claim: area.value, limit: Number(limit.value) } });
        history.pushState({}, "", "/checks/" + Number(report.check_id));
        renderReport(out, report);
      } catch (err) {
        clear(out).appendChild(errorBox(err));
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }

  function renderReport(out, report) {
    clear(out);
    const evidence = el("section", { class: "evidence", id: "evidence" }, el("h2", {}, t("evidence")));
    const related = (report.evidence || []).filter((e) => e.stance !== "unrelated");
    const unrelated = (report.evidence || []).filter((e) => e.stance === "unrelated");
    if (!report.evidence || !report.evidence.length) evidence.appendChild(el("p", { class: "muted" }, t("evidence.none")));
    for (const e of related.concat(unrelated)) evidence.appendChild(evidenceCard(e));
    const reload = async () => {
      const fresh = await api("/api/checks/" + Number(report.check_id));
      renderReport(out, fresh);
      document.getElementById("review").scrollIntoView({ block: "start" });
    };
    append(out, [
      verdictCard(report),
      graphSection(report.check_id),
      el("div", { class: "report-grid" }, el("div", { class: "col-main" }, evidence), el("div", { class: "col-side" }, copiesSection(report), reviewSection(report, reload))),
    ]);
  }

  async function viewCheck(checkId) {
    const root = clear(main());
    const out = el("div", { id: "result" });
    append(root, [claimForm(""), out]);
    if (checkId) {
      out.appendChild(el("p", { class: "muted" }, t("loading")));
      try {
        const report = await api("/api/checks/" + Number(checkId));
        document.getElementById("claim").value = report.claim;
        renderReport(out, report);
      } catch (err) {
        clear(out).appendChild(errorBox(err));
      }
      return;
    }
    try {
      const recent = await api("/api/checks?limit=10");
      const sec = el("section", { class: "card recent" }, el("h2", {}, t("recent")));
      if (!recent.length) sec.appendChild(el("p", { class: "muted" }, t("recent.none")));
      else
        sec.appendChild(
          el(
            "ul",
            {},
            recent.map((c) => el("li", {}, verdictBadge(c.reviewed_rating || c.label), " ", el("a", { href: "/checks/" + Number(c.check_id), "data-nav": "" }, textBlock("span", c.claim, "ar")), " ", el("time", { class: "muted", datetime: c.checked_at }, timeText(c.checked_at))))
          )
        );
      out.appendChild(sec);
    } catch (err) {
      out.appendChild(errorBox(err));
    }
  }

  function verbLabel(cls) {
    return t("verb." + cls);
  }

  async function viewArticle(articleId, highlight) {
    const root = clear(main());
    root.appendChild(el("p", { class: "muted" }, t("loading")));
    let a;
    try {
      a = await loadArticle(articleId, true);
    } catch (err) {
      clear(root).appendChild(errorBox(err));
      return;
    }
    clear(root);
    const head = el(
      "header",
      { class: "card article-head" },
      el("p", { class: "muted" }, t("article") + " #" + num(a.article_id)),
      textBlock("h1", a.title || "—", a.language),
      el(
        "p",
        { class: "meta" },
        el("span", { dir: "auto" }, a.outlet || t("outlet.unknown")),
        " · ",
        dateText(a.date),
        isWebUrl(a.url) ? [" · ", el("a", { href: a.url, rel: "noopener noreferrer nofollow", target: "_blank", dir: "ltr" }, a.url)] : null
      ),
      el("p", { class: "meta" }, t("article.sources") + ": ", (a.sources || []).map((s, i) => [i ? " · " : "", el("code", { dir: "ltr" }, s)]))
    );
    const body = el("section", { class: "card" }, articleText(a, highlight));
    const quotes = el("section", { class: "card", id: "quotes" }, el("h2", {}, t("article.quotes")));
    if (!a.quotes.length) quotes.appendChild(el("p", { class: "muted" }, t("article.quotes.none")));
    else
      quotes.appendChild(
        el(
          "ol",
          { class: "quotes" },
          a.quotes.map((q) =>
            el(
              "li",
              {},
              el("b", { dir: "auto" }, q.speaker_canonical || q.speaker),
              " ",
              el("span", { class: "badge verb-" + q.verb_class }, verbLabel(q.verb_class)),
              q.distanced ? [" ", el("span", { class: "badge distanced" }, t("distanced"))] : null,
              q.via ? [" ", t("via") + " ", el("span", { dir: "auto" }, q.via)] : null,
              el("br"),
              textBlock("q", q.content, "ar"),
              " ",
              el("a", { href: "#s-" + Number(q.sentence), class: "sidx" }, t("sentence") + " " + num(q.sentence))
            )
          )
        )
      );
    const attributions = el("section", { class: "card", id: "attributions" }, el("h2", {}, t("article.attributions")));
    if (!a.attributions.length) attributions.appendChild(el("p", { class: "muted" }, t("article.attributions.none")));
    else
      attributions.appendChild(
        el(
          "ul",
          { class: "attributions" },
          a.attributions.map((s) =>
            el(
              "li",
              {},
              textBlock("span", s.cue, "ar", { class: "muted" }),
              " ",
              el("b", { dir: "auto" }, s.canonical || s.source),
              s.origin && s.origin !== s.canonical ? [" ← ", el("span", { dir: "auto" }, s.origin)] : null,
              " ",
              el("a", { href: "#s-" + Number(s.sentence), class: "sidx" }, t("sentence") + " " + num(s.sentence))
            )
          )
        )
      );
    const reuse = el("section", { class: "card", id: "reuse" }, el("h2", {}, t("article.reuse")));
    const links = (a.reuse && a.reuse.links) || [];
    if (!links.length) reuse.appendChild(el("p", { class: "muted" }, t("article.reuse.none")));
    for (const link of links) {
      const o = link.other;
      const det = el(
        "details",
        { class: "reuse-link" },
        el(
          "summary",
          {},
          el("a", { href: "/articles/" + Number(o.id), "data-nav": "" }, "#" + num(o.id) + " "),
          textBlock("span", o.title, "ar"),
          el("span", { class: "muted" }, " · ", el("span", { dir: "auto" }, o.outlet || t("outlet.unknown")), " · ", num(link.copied_words) + " " + t("words"), " · ", t("article.share") + " " + pct(link.share), " · ", t("article.first") + ": " + t("first." + link.first))
        ),
        link.passages.map((p) => el("div", { class: "side-by-side" }, textBlock("blockquote", p.text, "ar"), textBlock("blockquote", p.text_other, "ar")))
      );
      reuse.appendChild(det);
    }
    append(root, [head, el("div", { class: "report-grid" }, el("div", { class: "col-main" }, body), el("div", { class: "col-side" }, quotes, attributions, reuse))]);
    const first = highlight && highlight.length ? document.getElementById("s-" + highlight[0]) : null;
    if (first) first.scrollIntoView({ block: "center" });
  }

  async function viewStories() {
    const root = clear(main());
    const sec = el("section", { class: "card" }, el("h1", {}, t("stories")), el("p", { class: "muted" }, t("stories.hint")));
    root.appendChild(sec);
    const holder = el("div", {}, el("p", { class: "muted" }, t("loading")));
    sec.appendChild(holder);
    try {
      const data = await api("/api/stories");
      clear(holder);
      if (!data.stories.length) holder.appendChild(el("p", { class: "muted" }, t("stories.none")));
      else
        holder.appendChild(
          el(
            "ol",
            { class: "stories" },
            data.stories.map((s) =>
              el(
                "li",
                { "data-story": String(s.story_id) },
                el("a", { href: "/stories/" + Number(s.story_id), "data-nav": "" }, textBlock("span", s.title || "#" + s.story_id, "ar")),
                el("span", { class: "muted" }, " · " + num(s.articles) + " " + t("story.articles") + " · " + num(s.outlets) + " " + t("story.outlets") + " · " + dateText(s.first) + (s.last && s.last !== s.first ? " – " + dateText(s.last) : ""))
              )
            )
          )
        );
    } catch (err) {
      clear(holder).appendChild(errorBox(err));
    }
  }

  function drawTimeline(rows) {
    const dated = rows.flatMap((r) => r.dates).map((d) => Date.parse(d.slice(0, 10)));
    const rowH = 34;
    const left = 20;
    const labelW = 190;
    const width = 760;
    const trackW = width - labelW - left - 30;
    const height = rows.length * rowH + 40;
    const root = svg("svg", { id: "story-timeline", class: "timeline", viewBox: "0 0 " + width + " " + height, width: String(width), height: String(height), role: "img", "aria-label": t("story.timeline") });
    const min = dated.length ? Math.min(...dated) : 0;
    const max = dated.length ? Math.max(...dated) : 0;
    const span = Math.max(max - min, 86400000);
    // Right to left: the earliest date sits at the right end of the track, next to the outlet names.
    const xOf = (d) => left + trackW - ((Date.parse(d.slice(0, 10)) - min) / span) * trackW;
    rows.forEach((r, i) => {
      const y = 20 + i * rowH;
      const g = svg("g", { class: "tl-row", "data-outlet": r.outlet || "" });
      g.appendChild(svg("line", { x1: left, x2: left + trackW, y1: y + 12, y2: y + 12, class: "tl-track" }));
      g.appendChild(svg("text", { x: width - 10, y: y + 17, "text-anchor": "start", class: "tl-label" }, (r.outlet ? iso(r.outlet) : t("outlet.unknown")) + " (" + num(r.articles.length) + ")"));
      if (!r.dates.length) g.appendChild(svg("text", { x: left + trackW / 2, y: y + 17, "text-anchor": "middle", class: "muted" }, t("date.unknown")));
      for (const d of r.dates) {
        const c = svg("circle", { cx: xOf(d), cy: y + 12, r: "6", class: "tl-dot" });
        c.appendChild(svg("title", {}, dateText(d)));
        g.appendChild(c);
      }
      root.appendChild(g);
    });
    if (dated.length) {
      const axisY = height - 8;
      root.appendChild(svg("text", { x: left + trackW, y: axisY, "text-anchor": "middle", class: "tl-axis" }, dateText(new Date(min).toISOString())));
      if (max > min) root.appendChild(svg("text", { x: left, y: axisY, "text-anchor": "middle", class: "tl-axis" }, dateText(new Date(max).toISOString())));
    }
    return el("div", { class: "graph-scroll" }, root);
  }

  function claimsSection(claims) {
    const sec = el("section", { class: "card", id: "story-claims" }, el("h2", {}, t("story.claims")));
    if (!claims.length) sec.appendChild(el("p", { class: "muted" }, t("story.claims.none")));
    for (const c of claims) {
      sec.appendChild(
        el(
          "div",
          { class: "story-claim" },
          textBlock("blockquote", c.text, "ar"),
          el("p", { class: "muted" }, num(c.articles.length) + " " + t("story.articles")),
          el(
            "ul",
            { class: "voices" },
            (c.voices || []).map((v) =>
              el(
                "li",
                {},
                el("span", { class: "badge voice-" + v.stance }, t("voice." + v.stance)),
                " ",
                el("b", { dir: "auto" }, v.speaker),
                " · ",
                el("a", { href: "/articles/" + Number(v.article_id) + "?hl=" + Number(v.sentence), "data-nav": "" }, "#" + num(v.article_id)),
                ": ",
                textBlock("q", v.statement, "ar")
              )
            )
          )
        )
      );
    }
    return sec;
  }

  async function viewStory(storyId) {
    const root = clear(main());
    root.appendChild(el("p", { class: "muted" }, t("loading")));
    try {
      const s = await api("/api/stories/" + Number(storyId));
      clear(root);
      append(root, [
        el("header", { class: "card" }, el("p", { class: "muted" }, t("stories") + " · " + num(s.total_articles) + " " + t("story.articles")), textBlock("h1", s.title, "ar")),
        el("section", { class: "card", id: "timeline" }, el("h2", {}, t("story.timeline")), drawTimeline(s.timeline)),
        claimsSection(s.claims || []),
        el(
          "section",
          { class: "card" },
          el("h2", {}, t("story.list")),
          el(
            "ol",
            { class: "story-articles" },
            s.articles.map((a) => el("li", {}, el("time", {}, dateText(a.date)), " · ", el("b", { dir: "auto" }, a.outlet || t("outlet.unknown")), " · ", el("a", { href: "/articles/" + Number(a.article_id), "data-nav": "" }, textBlock("span", a.title || "#" + a.article_id, "ar"))))
          )
        ),
      ]);
    } catch (err) {
      clear(root).appendChild(errorBox(err));
    }
  }

  function viewUpload() {
    const root = clear(main());
    const files = el("input", { type: "file", id: "upload-files", name: "files", multiple: "", required: "", accept: ".txt,.text,.html,.htm,.json,.jsonl,.ndjson,.xml,.rss,.atom" });
    const outlet = el("input", { id: "upload-outlet", name: "outlet", dir: "auto", maxlength: "200" });
    const status = el("div", { class: "status", role: "status" });
    const form = el(
      "form",
      { class: "card upload-form" },
      el("h1", {}, t("upload")),
      el("p", { class: "muted" }, t("upload.hint")),
      el("label", {}, el("span", {}, t("upload.files")), files),
      el("label", {}, el("span", {}, t("upload.outlet")), outlet),
      el("div", { class: "actions" }, el("button", { type: "submit", id: "upload-submit" }, t("upload.submit"))),
      status
    );
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      clear(status);
      if (!settings.token) {
        status.appendChild(document.createTextNode(t("review.needToken")));
        openSettings();
        return;
      }
      const fd = new FormData();
      for (const f of files.files) fd.append("files", f, f.name);
      if (outlet.value.trim()) fd.append("outlet", outlet.value.trim());
      try {
        const r = await api("/api/articles/upload", { method: "POST", body: fd });
        status.appendChild(el("p", {}, t("upload.done", { added: num(r.added.length), dup: num(r.duplicates.length), same: num(r.unchanged.length) })));
        if (r.added.length)
          status.appendChild(el("p", {}, r.added.map((id, i) => [i ? " · " : "", el("a", { href: "/articles/" + Number(id), "data-nav": "" }, "#" + num(id))])));
      } catch (err) {
        status.appendChild(errorBox(err));
      }
    });
    root.appendChild(form);
  }

  // ---------------------------------------------------------------- routing and chrome
  function route() {
    const path = location.pathname;
    const params = new URLSearchParams(location.search);
    let m;
    document.querySelectorAll(".nav a").forEach((a) => a.removeAttribute("aria-current"));
    const mark = (href) => {
      const a = document.querySelector('.nav a[href="' + href + '"]');
      if (a) a.setAttribute("aria-current", "page");
    };
    if (path === "/" || path === "") {
      mark("/");
      return viewCheck(null);
    }
    if ((m = /^\/checks\/(\d+)$/.exec(path))) {
      mark("/");
      return viewCheck(Number(m[1]));
    }
    if ((m = /^\/articles\/(\d+)$/.exec(path))) {
      const hl = (params.get("hl") || "").split(",").filter((x) => /^\d+$/.test(x)).map(Number);
      return viewArticle(Number(m[1]), hl);
    }
    if (path === "/stories") {
      mark("/stories");
      return viewStories();
    }
    if ((m = /^\/stories\/(\d+)$/.exec(path))) {
      mark("/stories");
      return viewStory(Number(m[1]));
    }
    if (path === "/upload") {
      mark("/upload");
      return viewUpload();
    }
    clear(main()).appendChild(el("p", {}, t("notFound")));
  }

  function navigate(href) {
    history.pushState({}, "", href);
    route();
    window.scrollTo(0, 0);
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
    document.title = t("app.name");
    document.querySelectorAll("[data-i18n]").forEach((n) => {
      n.textContent = t(n.getAttribute("data-i18n"));
    });
    const toggle = document.getElementById("lang-toggle");
    toggle.textContent = t("lang.other");
    toggle.lang = lang === "ar" ? "en" : "ar";
  }

  function openSettings() {
    const panel = document.getElementById("settings");
    panel.hidden = false;
    document.getElementById("reviewer-name").focus();
  }

  function setUp() {
    applyLanguage();
    document.addEventListener("click", (ev) => {
      const a = ev.target.closest ? ev.target.closest("a[data-nav]") : null;
      if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      const href = a.getAttribute("href");
      if (!href || !href.startsWith("/")) return;
      ev.preventDefault();
      navigate(href);
    });
    window.addEventListener("popstate", route);
    document.getElementById("lang-toggle").addEventListener("click", () => {
      lang = lang === "ar" ? "en" : "ar";
      localStorage.setItem("tahqiq.lang", lang);
      applyLanguage();
      route();
    });
    const panel = document.getElementById("settings");
    document.getElementById("settings-toggle").addEventListener("click", () => {
      panel.hidden = !panel.hidden;
    });
    const reviewer = document.getElementById("reviewer-name");
    const token = document.getElementById("write-token");
    reviewer.value = settings.reviewer;
    token.value = settings.token;
    document.getElementById("settings-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      settings.reviewer = reviewer.value.trim();
      settings.token = token.value.trim();
      panel.hidden = true;
    });
    route();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
