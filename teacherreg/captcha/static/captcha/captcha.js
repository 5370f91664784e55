/*
 * Slider captcha widget (P11) for {% captcha_widget %}. No inline script or style (CSP-ready):
 * positions are set through a CSS custom property with the CSSOM.
 *
 * The drag is recorded as [[x, t], ...] — x in the puzzle's logical pixels, t in ms since the
 * press — one point per pointer event (coalesced events included) or arrow-key press, and
 * sent with the drop position. The server judges; this file only reports what happened.
 */
(function () {
  "use strict";

  var MAX_TRAIL = 900;

  function round1(value) {
    return Math.round(value * 10) / 10;
  }

  function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
  }

  function loadImage(img, src) {
    return new Promise(function (resolve, reject) {
      img.onload = function () { resolve(); };
      img.onerror = function () { reject(new Error("image")); };
      img.src = src;
    });
  }

  class CaptchaWidget {
    constructor(root) {
      this.root = root;
      this.data = root.dataset;
      var q = function (selector) { return root.querySelector(selector); };
      this.stage = q(".captcha__stage");
      this.bg = q(".captcha__bg");
      this.piece = q(".captcha__piece");
      this.handle = q(".captcha__handle");
      this.sliderPanel = q(".captcha__panel--slider");
      this.digitsPanel = q(".captcha__panel--digits");
      this.digitsImage = q(".captcha__digits-image");
      this.audio = q(".captcha__audio-player");
      this.answer = q(".captcha__answer-input");
      this.submitButton = q(".captcha__submit");
      this.status = q(".captcha__status");
      this.refreshButton = q(".captcha__refresh");
      this.switchButton = q(".captcha__switch");
      this.field = this.findField();
      this.challenge = null;
      this.pos = 0;
      this.trail = [];
      this.t0 = 0;
      this.dragging = false;
      this.sequence = 0;
      this.expiry = null;
      this.bind();
      this.load("slider", "");
    }

    findField() {
      var form = this.root.closest("form");
      if (!form) return null;
      var name = this.data.field;
      var input = form.querySelector('input[name="' + name + '"]') || form.querySelector('input[name$="-' + name + '"]');
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        form.appendChild(input);
      }
      input.value = "";
      return input;
    }

    bind() {
      var self = this;
      this.handle.addEventListener("pointerdown", function (e) { self.press(e); });
      this.handle.addEventListener("pointermove", function (e) { self.drag(e); });
      this.handle.addEventListener("pointerup", function (e) { self.release(e); });
      this.handle.addEventListener("pointercancel", function () { self.cancelDrag(); });
      this.handle.addEventListener("lostpointercapture", function () { if (self.dragging) self.cancelDrag(); });
      this.handle.addEventListener("keydown", function (e) { self.key(e); });
      this.refreshButton.addEventListener("click", function () { self.load(self.mode(), ""); });
      this.switchButton.addEventListener("click", function () { self.switchMode(); });
      this.submitButton.addEventListener("click", function () { self.submitDigits(); });
      this.answer.addEventListener("keydown", function (e) {
        if (e.key === "Enter") {
          e.preventDefault(); // never submit the surrounding form from here
          self.submitDigits();
        }
      });
      window.addEventListener("resize", function () { self.render(); });
    }

    mode() {
      return this.root.dataset.mode;
    }

    state() {
      return this.root.dataset.state;
    }

    setState(state) {
      this.root.dataset.state = state;
      var ready = state === "ready";
      this.handle.setAttribute("aria-disabled", ready && this.mode() === "slider" ? "false" : "true");
      this.submitButton.disabled = !(ready && this.mode() === "digits");
      this.answer.readOnly = state === "passed";
      this.refreshButton.disabled = state === "verifying";
      this.refreshButton.hidden = state === "passed";
      this.switchButton.hidden = state === "passed";
    }

    say(text, tone) {
      this.status.textContent = text || "";
      this.status.className = "captcha__status" + (tone ? " is-" + tone : "");
    }

    async post(url, body) {
      try {
        var response = await fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "Content-Type": "application/json",
            "X-CSRFToken": this.data.csrfToken,
            "X-Requested-With": "XMLHttpRequest",
          },
          body: JSON.stringify(body),
        });
        var payload = {};
        try {
          payload = await response.json();
        } catch (ignored) {
          payload = {};
        }
        return { status: response.status, data: payload || {} };
      } catch (networkError) {
        return { status: 0, data: {} };
      }
    }

    async load(kind, message) {
      this.clearExpiry();
      this.setMode(kind);
      this.setState("loading");
      this.say(message || this.data.msgLoading, message ? "error" : "");
      // Each request takes a turn; an answer that comes back after a newer request was sent
      // (a slow first challenge landing after 无法拖动？, say) is dropped, not shown over it.
      var turn = ++this.sequence;
      var result = await this.post(this.data.challengeUrl, { purpose: this.data.purpose, kind: kind });
      if (turn !== this.sequence) return;
      if (result.data.challenge) {
        await this.show(result.data.challenge, message, turn);
      } else {
        this.fail(result);
      }
    }

    fail(result) {
      this.setState("error");
      this.say(result.data.message || this.data.msgNetwork, "error");
    }

    async show(challenge, message, turn) {
      this.challenge = challenge;
      this.root.dataset.challengeId = challenge.id;
      this.setMode(challenge.kind);
      this.setState("loading");
      this.pos = 0;
      this.trail = [];
      this.render();
      try {
        if (challenge.kind === "slider") {
          this.bg.hidden = true;
          this.piece.hidden = true;
          // One after the other: the embedded SQLite default (and its in-memory test database)
          // serialises writes, and each request saves the session.
          await loadImage(this.bg, challenge.background);
          await loadImage(this.piece, challenge.piece);
          this.bg.hidden = false;
          this.piece.hidden = false;
        } else {
          await loadImage(this.digitsImage, challenge.image);
          this.audio.src = challenge.audio;
          this.answer.value = "";
        }
      } catch (imageError) {
        if (turn === this.sequence) this.fail({ data: {} });
        return;
      }
      if (turn !== this.sequence) return; // a newer challenge replaced this one meanwhile
      this.setState("ready");
      this.say(message || "", message ? "error" : "");
      this.render();
    }

    setMode(kind) {
      this.root.dataset.mode = kind;
      var digits = kind === "digits";
      this.sliderPanel.hidden = digits;
      this.digitsPanel.hidden = !digits;
      this.switchButton.textContent = digits ? this.data.labelSlider : this.data.labelDigits;
    }

    async switchMode() {
      var next = this.mode() === "digits" ? "slider" : "digits";
      await this.load(next, "");
      if (this.state() !== "ready") return;
      if (next === "digits") this.answer.focus();
      else this.handle.focus();
    }

    // ---- slider ----

    scale() {
      var width = this.stage.clientWidth;
      return width > 0 && this.challenge ? width / this.challenge.width : 1;
    }

    maxOffset() {
      return this.challenge ? this.challenge.max_offset : 0;
    }

    render() {
      this.root.style.setProperty("--captcha-offset", (this.pos * this.scale()).toFixed(2) + "px");
      this.handle.setAttribute("aria-valuenow", String(Math.round(this.pos)));
      this.root.classList.toggle("is-moved", this.pos > 0);
    }

    moveTo(pos) {
      this.pos = clamp(pos, 0, this.maxOffset());
      this.render();
    }

    record() {
      if (this.trail.length >= MAX_TRAIL) this.trail.splice(1, 1); // keep the press and the latest
      this.trail.push([round1(this.pos), Math.round(performance.now() - this.t0)]);
    }

    startTrail() {
      this.t0 = performance.now();
      this.trail = [[round1(this.pos), 0]];
    }

    press(e) {
      if (this.state() !== "ready" || this.mode() !== "slider" || e.button > 0) return;
      e.preventDefault();
      this.handle.setPointerCapture(e.pointerId);
      this.dragging = true;
      this.startX = e.clientX;
      this.startPos = this.pos;
      this.startTrail();
      this.root.classList.add("is-dragging");
    }

    drag(e) {
      if (!this.dragging) return;
      var events = typeof e.getCoalescedEvents === "function" ? e.getCoalescedEvents() : [];
      if (!events.length) events = [e];
      var scale = this.scale();
      for (var i = 0; i < events.length; i++) {
        this.moveTo(this.startPos + (events[i].clientX - this.startX) / scale);
        this.record();
      }
    }

    release(e) {
      if (!this.dragging) return;
      this.dragging = false;
      this.root.classList.remove("is-dragging");
      if (this.handle.hasPointerCapture(e.pointerId)) this.handle.releasePointerCapture(e.pointerId);
      if (this.pos < 1 || this.trail.length < 2) {
        this.moveTo(0);
        this.trail = [];
        return;
      }
      this.submitSlider();
    }

    cancelDrag() {
      this.dragging = false;
      this.root.classList.remove("is-dragging");
      this.trail = [];
      this.moveTo(0);
    }

    key(e) {
      if (this.mode() !== "slider" || this.state() !== "ready") return;
      var step = this.challenge.key_step;
      var delta = 0;
      switch (e.key) {
        case "ArrowRight":
        case "ArrowUp":
          delta = step;
          break;
        case "ArrowLeft":
        case "ArrowDown":
          delta = -step;
          break;
        case "Home":
          e.preventDefault();
          this.trail = [];
          this.moveTo(0);
          return;
        case "Enter":
        case " ":
          e.preventDefault();
          if (this.pos >= 1 && this.trail.length > 1) this.submitSlider();
          return;
        default:
          return;
      }
      e.preventDefault();
      if (!this.trail.length) this.startTrail();
      this.moveTo(this.pos + delta);
      this.record();
    }

    async submitSlider() {
      var last = this.trail[this.trail.length - 1];
      if (!last || last[0] !== round1(this.pos)) this.record();
      await this.verify({ kind: "slider", x: round1(this.pos), trail: this.trail });
    }

    // ---- digits ----

    async submitDigits() {
      if (this.state() !== "ready" || this.mode() !== "digits") return;
      var value = this.answer.value.trim();
      if (!value) {
        this.say(this.data.msgEmpty, "error");
        this.answer.focus();
        return;
      }
      await this.verify({ kind: "digits", answer: value });
      if (this.mode() === "digits" && this.state() === "ready") this.answer.focus();
    }

    // ---- both ----

    async verify(answer) {
      this.setState("verifying");
      this.say(this.data.msgVerifying, "");
      var body = Object.assign({ id: this.challenge.id, purpose: this.data.purpose }, answer);
      var turn = ++this.sequence;
      var result = await this.post(this.data.verifyUrl, body);
      if (turn !== this.sequence) return;
      if (result.data.ok && result.data.token) {
        this.pass(result.data);
      } else if (result.data.challenge) {
        await this.show(result.data.challenge, result.data.message, turn);
      } else {
        this.fail(result);
      }
    }

    pass(data) {
      this.setState("passed");
      this.say(data.message, "success");
      if (this.field) this.field.value = data.token;
      this.handle.setAttribute("aria-valuetext", data.message);
      var self = this;
      // Tell the person before the server forgets the token (120 s), then start again.
      this.expiry = window.setTimeout(function () { self.expire(); }, Math.max(5, data.expires_in - 5) * 1000);
      this.root.dispatchEvent(
        new CustomEvent("captcha:passed", { bubbles: true, detail: { token: data.token, purpose: data.purpose } })
      );
    }

    clearExpiry() {
      if (this.expiry) window.clearTimeout(this.expiry);
      this.expiry = null;
      if (this.field) this.field.value = "";
      this.handle.removeAttribute("aria-valuetext");
    }

    expire() {
      this.load(this.mode(), this.data.msgExpired);
    }
  }

  function initAll(scope) {
    var roots = Array.prototype.slice.call(scope.querySelectorAll("[data-captcha]"));
    if (scope.matches && scope.matches("[data-captcha]")) roots.push(scope);
    for (var i = 0; i < roots.length; i++) {
      if (!roots[i].captchaWidget) roots[i].captchaWidget = new CaptchaWidget(roots[i]);
    }
  }

  initAll(document);
  // Content swapped in by htmx, and pages restored from the back-forward cache (a used token
  // must not come back with them).
  document.addEventListener("htmx:load", function (e) { initAll(e.target); });
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    var roots = document.querySelectorAll("[data-captcha]");
    for (var i = 0; i < roots.length; i++) {
      if (roots[i].captchaWidget) roots[i].captchaWidget.load(roots[i].captchaWidget.mode(), "");
    }
  });
})();
