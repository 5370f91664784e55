/* The crop box of "fix it for me" (P13).
 *
 * The page works without this script: the form's three numbers (x, y, width, in the pixels
 * of the picture) start as a centred box of the right aspect. The script shows the box over
 * the picture and keeps it and the numbers in step. Mouse, touch (pointer events) and
 * keyboard: arrow keys move (Shift: ten times further), + and - resize around the centre.
 * The box never leaves the picture and keeps the aspect 295:413; the server checks again.
 */
(function () {
  "use strict";

  function setUp(root) {
    var image = root.querySelector(".photo-crop__image");
    var box = root.querySelector(".photo-crop__box");
    var handle = root.querySelector("[data-crop-handle]");
    var status = document.querySelector("[data-crop-status]");
    var inputs = {
      x: document.querySelector('[data-crop="x"]'),
      y: document.querySelector('[data-crop="y"]'),
      width: document.querySelector('[data-crop="width"]'),
    };
    if (!image || !box || !inputs.x || !inputs.y || !inputs.width) return;

    var W = parseInt(root.dataset.naturalWidth, 10);
    var H = parseInt(root.dataset.naturalHeight, 10);
    var aspect = parseInt(root.dataset.aspectWidth, 10) / parseInt(root.dataset.aspectHeight, 10);
    var minWidth = parseInt(root.dataset.minWidth, 10);
    var maxWidth = Math.min(W, Math.floor(H * aspect));
    while (Math.round(maxWidth / aspect) > H) maxWidth -= 1;
    var crop = { x: 0, y: 0, width: maxWidth };

    function heightOf(width) { return Math.round(width / aspect); }

    function clamp(next) {
      var width = Math.round(Math.min(Math.max(next.width, Math.min(minWidth, maxWidth)), maxWidth));
      var height = heightOf(width);
      return {
        x: Math.round(Math.min(Math.max(next.x, 0), W - width)),
        y: Math.round(Math.min(Math.max(next.y, 0), H - height)),
        width: width,
      };
    }

    function scale() { return image.clientWidth / W || 1; }

    var announce = null;
    function draw(fromInputs) {
      var s = scale();
      box.style.left = crop.x * s + "px";
      box.style.top = crop.y * s + "px";
      box.style.width = crop.width * s + "px";
      box.style.height = heightOf(crop.width) * s + "px";
      if (!fromInputs) {
        inputs.x.value = crop.x;
        inputs.y.value = crop.y;
        inputs.width.value = crop.width;
      }
      if (status) {
        clearTimeout(announce);
        announce = setTimeout(function () {
          status.textContent = (status.dataset.template || "{x}, {y}, {w} × {h}")
            .replace("{x}", crop.x).replace("{y}", crop.y)
            .replace("{w}", crop.width).replace("{h}", heightOf(crop.width));
        }, 400);
      }
    }

    function set(next) {
      crop = clamp(next);
      draw(false);
    }

    function readInputs() {
      var x = parseInt(inputs.x.value, 10);
      var y = parseInt(inputs.y.value, 10);
      var width = parseInt(inputs.width.value, 10);
      if (isNaN(x) || isNaN(y) || isNaN(width)) return;
      crop = clamp({ x: x, y: y, width: width });
      draw(true);
    }

    // Pointer: drag inside the box to move, the corner handle to resize.
    var drag = null;
    function start(event, mode) {
      if (event.button !== undefined && event.button !== 0) return;
      event.preventDefault();
      event.stopPropagation();
      box.focus({ preventScroll: true });
      drag = { mode: mode, startX: event.clientX, startY: event.clientY, from: { x: crop.x, y: crop.y, width: crop.width } };
      (mode === "resize" ? handle : box).setPointerCapture(event.pointerId);
    }
    function move(event) {
      if (!drag) return;
      var s = scale();
      var dx = (event.clientX - drag.startX) / s;
      var dy = (event.clientY - drag.startY) / s;
      if (drag.mode === "move") {
        set({ x: drag.from.x + dx, y: drag.from.y + dy, width: drag.from.width });
      } else {
        // Resize from the top-left corner; the larger of the two movements wins.
        var grow = Math.max(dx, dy * aspect);
        var width = Math.min(drag.from.width + grow, W - drag.from.x, Math.floor((H - drag.from.y) * aspect));
        set({ x: drag.from.x, y: drag.from.y, width: width });
      }
    }
    function end() { drag = null; }
    box.addEventListener("pointerdown", function (event) { start(event, "move"); });
    if (handle) handle.addEventListener("pointerdown", function (event) { start(event, "resize"); });
    [box, handle].forEach(function (el) {
      if (!el) return;
      el.addEventListener("pointermove", move);
      el.addEventListener("pointerup", end);
      el.addEventListener("pointercancel", end);
    });

    // Keyboard.
    box.addEventListener("keydown", function (event) {
      var step = Math.max(1, Math.round(W / 100)) * (event.shiftKey ? 10 : 1);
      var grow = Math.max(2, Math.round(crop.width / 20));
      var next = { x: crop.x, y: crop.y, width: crop.width };
      switch (event.key) {
        case "ArrowLeft": next.x -= step; break;
        case "ArrowRight": next.x += step; break;
        case "ArrowUp": next.y -= step; break;
        case "ArrowDown": next.y += step; break;
        case "+": case "=": case "Add":
          next.width += grow; next.x -= grow / 2; next.y -= heightOf(grow) / 2; break;
        case "-": case "_": case "Subtract":
          next.width -= grow; next.x += grow / 2; next.y += heightOf(grow) / 2; break;
        default: return;
      }
      event.preventDefault();
      set(next);
    });

    ["input", "change"].forEach(function (type) {
      Object.keys(inputs).forEach(function (name) { inputs[name].addEventListener(type, readInputs); });
    });
    window.addEventListener("resize", function () { draw(true); });

    function begin() {
      box.hidden = false;
      readInputs();
      draw(false);
      root.dataset.cropReady = "true";
    }
    if (image.complete && image.naturalWidth) begin();
    else image.addEventListener("load", begin);
  }

  function init() {
    document.querySelectorAll("[data-photo-crop]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
