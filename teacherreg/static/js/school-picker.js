/*
 * 毕业学校 picker (teacherreg/applicant/forms/schools.py, template applicant/schools/picker.html).
 *
 * Without this script the picker is a plain name box and province list that the server
 * resolves on submit. With it:
 *   - typing (after a short pause), Enter, the 查询 button or a province change ask the search
 *     endpoint through htmx; the fragment lists the matches with 选择 buttons;
 *   - 选择 writes the school's id into the hidden input and the name into the box, shows
 *     “已选择：…” (a live region) and returns focus to the box; editing the box afterwards
 *     drops the choice, as the server does (the box wins, see forms/schools.py ``_match``);
 *   - “新增学校” posts name + 办学类型 + province to the 新增 endpoint. It uses fetch with only
 *     those three values: htmx would also send every field of the surrounding form;
 *   - Enter in the picker never submits the surrounding form.
 * Every picker on the page is set up once, however many times the template includes this file.
 * No inline script, no eval: fits a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  if (window.teacherregSchoolPicker) {
    return;
  }
  window.teacherregSchoolPicker = true;

  var SEARCH_DELAY = 350;

  function csrfToken(element) {
    var form = element.closest("form");
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function setUp(picker) {
    if (picker.dataset.ready) {
      return;
    }
    picker.dataset.ready = "1";

    function part(name) {
      return picker.querySelector("[data-" + name + "]");
    }

    var hidden = part("picker-value");
    var query = part("picker-query");
    var province = part("picker-province");
    var results = part("picker-results");
    var chosen = part("picker-chosen");
    var chosenName = part("picker-chosen-name");
    var chosenDetail = part("picker-chosen-detail");
    var chosenPending = part("picker-chosen-pending");
    var searchButton = part("picker-search");
    var disclosure = part("picker-new");
    var newFields = part("picker-new-fields");
    var newName = part("picker-new-name");
    var newType = part("picker-new-type");
    var newProvince = part("picker-new-province");
    var newSubmit = part("picker-new-submit");
    var newStatus = part("picker-new-status");
    var timer = null;
    var lastSearch = null;

    // Show what needs the script, hide what replaces it.
    searchButton.hidden = false;
    newFields.hidden = false;
    part("picker-new-fallback").hidden = true;
    part("picker-hint-js").hidden = false;
    part("picker-hint-plain").hidden = true;

    function search() {
      window.clearTimeout(timer);
      var values = { q: query.value.trim(), province: province.value, picker: "1" };
      var key = values.q + "|" + values.province;
      if (key === lastSearch) {
        return;
      }
      lastSearch = key;
      if (!values.q && !values.province) {
        results.innerHTML = "";
        return;
      }
      window.htmx.ajax("GET", picker.dataset.searchUrl, {
        source: results,
        target: results,
        swap: "innerHTML",
        values: values,
      });
    }

    function choose(data) {
      picker.querySelectorAll(".school-picker__note").forEach(function (note) {
        note.remove();
      });
      hidden.value = data.id;
      chosenName.textContent = data.name;
      chosenDetail.textContent = data.detail || "";
      chosenPending.hidden = data.pending !== "1";
      chosen.hidden = false;
      query.value = data.name;
      if (data.province !== undefined) {
        province.value = data.province;
      }
      lastSearch = null;
      results.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.checked = false;
      });
      results.innerHTML = "";
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
      query.focus();
    }

    query.addEventListener("input", function () {
      // The box is what is submitted: once it no longer holds the chosen name, nothing is chosen.
      if (hidden.value && query.value.trim() !== chosenName.textContent) {
        hidden.value = "";
        chosen.hidden = true;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(search, SEARCH_DELAY);
    });
    query.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        lastSearch = null;
        search();
      }
    });
    province.addEventListener("change", search);
    searchButton.addEventListener("click", function () {
      lastSearch = null;
      search();
    });

    results.addEventListener("click", function (event) {
      var pick = event.target.closest("[data-pick]");
      if (pick) {
        choose(pick.dataset);
        return;
      }
      if (event.target.closest("[data-open-new]")) {
        disclosure.open = true;
        if (!newName.value) {
          newName.value = query.value.trim();
        }
        if (!newProvince.value) {
          newProvince.value = province.value;
        }
        newName.focus();
      }
    });
    // The radio list the server shows after an unresolved typed name.
    results.addEventListener("change", function (event) {
      if (event.target.matches("input[type=radio]")) {
        hidden.value = event.target.value;
      }
    });

    disclosure.addEventListener("toggle", function () {
      if (disclosure.open && !newName.value) {
        newName.value = query.value.trim();
        newProvince.value = newProvince.value || province.value;
      }
    });

    function propose() {
      var body = new URLSearchParams();
      body.append("name", newName.value);
      body.append("school_type", newType.value);
      body.append("province", newProvince.value);
      newSubmit.disabled = true;
      window
        .fetch(picker.dataset.proposeUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "HX-Request": "true", "X-CSRFToken": csrfToken(picker) },
          body: body,
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          newStatus.innerHTML = html;
          var done = newStatus.querySelector("[data-proposed]");
          if (done) {
            choose(done.dataset);
            newName.value = "";
            newType.value = "";
            // The disclosure closes; its success note moves under “已选择” where it stays readable.
            done.classList.add("school-picker__note", "mt-2");
            chosen.after(done);
            newStatus.innerHTML = "";
            disclosure.open = false;
          }
        })
        .catch(function () {
          newStatus.innerHTML = "";
          var note = document.createElement("p");
          note.className = "text-danger mb-0";
          note.setAttribute("role", "alert");
          note.textContent = picker.dataset.msgNetwork;
          newStatus.appendChild(note);
        })
        .finally(function () {
          newSubmit.disabled = false;
        });
    }

    newSubmit.addEventListener("click", propose);
    [newName, newType, newProvince].forEach(function (field) {
      field.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          propose();
        }
      });
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-school-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
  // Pickers that arrive in an htmx swap (a form step loaded into the page).
  document.addEventListener("htmx:load", function (event) {
    var root = event.detail && event.detail.elt;
    if (root && root.querySelectorAll) {
      if (root.matches && root.matches("[data-school-picker]")) {
        setUp(root);
      }
      root.querySelectorAll("[data-school-picker]").forEach(setUp);
    }
  });
})();
