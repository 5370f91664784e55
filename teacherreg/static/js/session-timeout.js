/*
 * Session-timeout warning (WCAG 2.2.1 Timing Adjustable; security.md §1.4, §2.8).
 *
 * The server enforces the idle and absolute limits (teacherreg/accounts/session_policy.py);
 * this script only warns. It reads the seconds left from data- attributes of
 * partials/session_timeout.html and, `warning` seconds before the session ends:
 *   1. asks the status endpoint (which does not count as activity) how much time is really
 *      left, because the user may have been busy in another tab;
 *   2. if the end is near, opens the modal alertdialog, moves focus into it and counts down;
 *   3. “继续使用” (or Esc) POSTs the extend form with fetch and closes the dialog;
 *      “退出登录” is a plain form POST;
 *   4. at zero it asks the status endpoint again: the server ends the session and answers
 *      with the login page to go to, where it shows “登录已超时，请重新登录。”.
 * No inline script, no eval: fits a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }

  var data = dialog.dataset;
  var fullIdle = Number(data.idleSeconds) * 1000;
  var warning = Number(data.warningSeconds) * 1000;
  var message = dialog.querySelector("[data-message]");
  var announce = dialog.querySelector("[data-announce]");
  var extendForm = dialog.querySelector("form[data-extend]");
  var extendButton = extendForm.querySelector("button");

  var idleDeadline = 0;
  var absoluteDeadline = 0;
  var timer = null;
  var ticker = null;
  var mode = "idle";
  var returnFocus = null;
  var leaving = false;

  function setDeadlines(idleSeconds, absoluteSeconds) {
    var now = Date.now();
    idleDeadline = now + idleSeconds * 1000;
    absoluteDeadline = now + absoluteSeconds * 1000;
  }

  function deadline() {
    return Math.min(idleDeadline, absoluteDeadline);
  }

  function secondsLeft() {
    return Math.max(Math.ceil((deadline() - Date.now()) / 1000), 0);
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, Math.max(deadline() - warning - Date.now(), 0));
  }

  function fetchJSON(url, options) {
    options.headers = { Accept: "application/json" };
    options.credentials = "same-origin";
    return window.fetch(url, options).then(function (response) {
      return response.json().then(function (body) {
        if (body.redirect && !response.ok) {
          // Signed out (timed out here or elsewhere): the server says where to sign in.
          leaving = true;
          window.location.assign(body.redirect);
          throw new Error("signed out");
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return body;
      });
    });
  }

  function check() {
    fetchJSON(data.statusUrl, { method: "GET" })
      .then(function (state) {
        setDeadlines(state.idle_remaining, state.absolute_remaining);
        if (deadline() - Date.now() > warning + 1000) {
          close();
          schedule();
        } else {
          open();
        }
      })
      .catch(function () {
        if (!leaving) {
          // The server could not be asked (network): try again shortly, keep counting.
          timer = window.setTimeout(check, 5000);
        }
      });
  }

  function render() {
    var template = mode === "absolute" ? data.absoluteMessage : data.idleMessage;
    message.textContent = template.replace("%(seconds)s", String(secondsLeft()));
  }

  function open() {
    // Past the absolute limit nothing can extend the session: say so and offer no button.
    mode = absoluteDeadline <= idleDeadline ? "absolute" : "idle";
    extendForm.hidden = mode === "absolute";
    render();
    if (!dialog.open) {
      returnFocus = document.activeElement;
      announce.textContent = "";
      dialog.showModal();
      (mode === "idle" ? extendButton : dialog).focus();
    }
    window.clearInterval(ticker);
    ticker = window.setInterval(tick, 1000);
  }

  function close() {
    window.clearInterval(ticker);
    if (dialog.open) {
      dialog.close();
      if (returnFocus && typeof returnFocus.focus === "function") {
        returnFocus.focus();
      }
    }
  }

  function tick() {
    var left = secondsLeft();
    render();
    // The countdown itself is not live (a number read out every second is noise); a
    // polite live region repeats the sentence a few times as the end nears.
    if (left === 60 || left === 30 || left === 10) {
      announce.textContent = message.textContent;
    }
    if (left <= 0) {
      window.clearInterval(ticker);
      check();
    }
  }

  extendForm.addEventListener("submit", function (event) {
    event.preventDefault();
    fetchJSON(extendForm.action, { method: "POST", body: new FormData(extendForm) })
      .then(function (state) {
        setDeadlines(state.idle_remaining, state.absolute_remaining);
        close();
        schedule();
      })
      .catch(function () {
        if (!leaving) {
          // Fall back to an ordinary POST; the server redirects back to this page.
          leaving = true;
          extendForm.submit();
        }
      });
  });

  // Esc: the user is here, so treat it as “继续使用” rather than as silently dismissing.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    if (mode === "idle") {
      extendForm.requestSubmit();
    }
  });

  // htmx requests reach the server and count as activity there: restart the idle clock here.
  document.addEventListener("htmx:afterRequest", function () {
    idleDeadline = Date.now() + fullIdle;
    if (!dialog.open) {
      schedule();
    }
  });

  // A page restored from the back/forward cache has stale deadlines: ask again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      check();
    }
  });

  setDeadlines(Number(data.idleSeconds), Number(data.absoluteSeconds));
  schedule();
})();
