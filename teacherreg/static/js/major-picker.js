/*
 * 所学专业 tree picker (teacherreg/applicant/forms/majors.py, template
 * applicant/application/major_picker.html).
 *
 * Without this script the picker is a grouped <select> drawn by the server. With it:
 *   - the <select> is hidden and disabled; the hidden input of the same name carries the choice;
 *   - the JSON beside it (every node of the applicant's catalogues, each leaf with the
 *     (certificate, 最高学历 record) pairs it is offered for) becomes an ARIA tree
 *     (WAI-ARIA APG "tree view", single select): one tab stop, ↑/↓ move, → opens or goes in,
 *     ← closes or goes up, Home/End, Enter/Space choose a leaf or open/close a category;
 *   - the tree follows the page: the certificate and 最高学历 radios and the 最高学历专业类别
 *     select narrow it as they change, as the server narrows it (majors.py ``leaves_for``);
 *     a choice that no longer fits is dropped, and the page says so;
 *   - the filter box narrows it by name (of the major or anything above it) or code and opens
 *     the categories that hold a match; ↓ goes into the tree, Enter never submits the form.
 * The field's <label> is pointed at the filter box. No inline script, no eval.
 */
(function () {
  "use strict";

  if (window.teacherregMajorPicker) {
    return;
  }
  window.teacherregMajorPicker = true;

  var FILTER_DELAY = 250;
  // With this few majors on offer every category starts open.
  var OPEN_ALL_BELOW = 16;

  function format(template, values) {
    return (template || "").replace(/%\((\w+)\)s/g, function (whole, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function setUp(picker) {
    if (picker.dataset.ready) {
      return;
    }
    var source = picker.querySelector('script[type="application/json"]');
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      return; // the <select> keeps working
    }
    picker.dataset.ready = "1";
    if (!data.nodes.length) {
      return; // nothing on offer (no 最高学历 yet): the server's hint says what to do
    }

    function part(name) {
      return picker.querySelector("[data-major-" + name + "]");
    }

    var form = picker.closest("form");
    var select = part("select");
    var hidden = part("value");
    var filter = part("filter");
    var status = part("status");
    var tree = part("tree");
    var chosenLine = part("chosen");
    var empty = document.createElement("p");
    var messages = picker.dataset;
    var narrowed = {};
    data.narrowedByCategory.forEach(function (key) {
      narrowed[key] = true;
    });

    // --- the nodes --------------------------------------------------------------------
    var byId = {};
    var roots = [];
    data.nodes.forEach(function (node) {
      node.children = [];
      node.open = false;
      byId[node.id] = node;
    });
    data.nodes.forEach(function (node) {
      var parent = node.parent && byId[node.parent];
      if (parent) {
        node.up = parent;
        parent.children.push(node);
      } else {
        roots.push(node);
      }
    });

    function path(node) {
      var names = [];
      for (var at = node; at; at = at.up) {
        names.unshift(at.name);
      }
      return names;
    }

    // One flat list of treeitems in tree order (APG: a tree without nested groups states
    // aria-level, aria-setsize and aria-posinset itself). Each item then holds only its own
    // name, so its accessible name is its visible text.
    function build(list, level) {
      list.forEach(function (node) {
        var item = document.createElement("li");
        item.setAttribute("role", "treeitem");
        item.id = tree.id + "_" + node.id;
        item.setAttribute("aria-level", String(level));
        item.tabIndex = -1;
        item.dataset.node = String(node.id);
        item.className = node.leaf ? "major-tree__leaf" : "major-tree__branch";
        var row = document.createElement("span");
        row.className = "major-tree__row";
        // The ▸/▾/✓ sign is drawn by CSS on a hidden span: generated content on the row
        // itself would become part of the item's accessible name.
        var sign = document.createElement("span");
        sign.className = "major-tree__sign";
        sign.setAttribute("aria-hidden", "true");
        row.appendChild(sign);
        row.appendChild(document.createTextNode(node.name));
        item.appendChild(row);
        node.item = item;
        tree.appendChild(item);
        if (!node.leaf) {
          item.setAttribute("aria-expanded", "false");
          build(node.children, level + 1);
        }
      });
    }

    // --- swap the <select> for the tree ------------------------------------------------
    build(roots, 1);
    tree.setAttribute("aria-label", messages.msgTree);
    empty.className = "major-picker__empty mb-0";
    empty.hidden = true;
    tree.parentNode.insertBefore(empty, tree.nextSibling);
    // The hidden input holds what the server drew (even a category that was refused, so
    // nothing posted is lost); a choice made in the list before this script ran wins.
    if (select.value) {
      hidden.value = select.value;
    }
    hidden.disabled = false;
    select.disabled = true;
    select.hidden = true;
    part("enhanced").hidden = false;
    part("hint-js").hidden = false;
    part("hint-plain").hidden = true;
    var label = form && form.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.htmlFor = filter.id;
    }

    var chosen = null;
    var active = null;

    // --- what is offered now -------------------------------------------------------------
    function checked(name, known) {
      var input = form && form.querySelector('input[name="' + name + '"]:checked');
      return input && known.indexOf(input.value) !== -1 ? [input.value] : known;
    }

    function currentKeys() {
      var keys = {};
      checked(messages.certificateField, data.certificates).forEach(function (certificate) {
        checked(messages.educationField, data.educations).forEach(function (education) {
          keys["c" + certificate + "e" + education] = true;
        });
      });
      return keys;
    }

    function narrowsToTeaching() {
      var category = form && form.querySelector('[name="' + messages.categoryField + '"]');
      return Boolean(data.normalCategory) && category !== null && category.value === data.normalCategory;
    }

    function isOffered(node, keys, teachingOnly) {
      return node.offers.some(function (key) {
        return keys[key] && (node.teaching || !(teachingOnly && narrowed[key]));
      });
    }

    function matches(node, query) {
      return (
        path(node).join("/").toLowerCase().indexOf(query) !== -1 ||
        node.code.toLowerCase().indexOf(query) === 0
      );
    }

    function setPositions(list) {
      var shown = list.filter(function (node) {
        return node.shown;
      });
      shown.forEach(function (node, index) {
        node.item.setAttribute("aria-setsize", String(shown.length));
        node.item.setAttribute("aria-posinset", String(index + 1));
        if (node.children.length) {
          setPositions(node.children);
        }
      });
    }

    function setOpen(node, open) {
      node.open = open;
      node.item.setAttribute("aria-expanded", open ? "true" : "false");
    }

    // An item is on screen when it is shown and every category above it is open.
    function layout() {
      data.nodes.forEach(function (node) {
        node.item.hidden = !(node.shown && (!node.up || (node.up.open && !node.up.item.hidden)));
      });
    }

    function eachNode(callback) {
      data.nodes.forEach(callback);
    }

    function openPathTo(node) {
      for (var at = node && node.up; at; at = at.up) {
        setOpen(at, true);
      }
    }

    // The visible items in document order: shown, with every category above them open.
    function visibleItems() {
      var list = [];
      (function walk(nodes) {
        nodes.forEach(function (node) {
          if (!node.shown) {
            return;
          }
          list.push(node);
          if (!node.leaf && node.open) {
            walk(node.children);
          }
        });
      })(roots);
      return list;
    }

    function showChosen(extra) {
      chosenLine.textContent = "";
      if (extra) {
        chosenLine.textContent = extra;
        return;
      }
      if (!chosen) {
        return;
      }
      var names = path(chosen);
      chosenLine.appendChild(document.createTextNode(messages.msgChosen));
      if (names.length > 1) {
        chosenLine.appendChild(document.createTextNode(names.slice(0, -1).join(" › ") + " › "));
      }
      var strong = document.createElement("strong");
      strong.textContent = chosen.name;
      chosenLine.appendChild(strong);
    }

    function choose(node) {
      if (chosen) {
        chosen.item.removeAttribute("aria-selected");
      }
      chosen = node;
      hidden.value = node ? String(node.id) : "";
      if (node) {
        node.item.setAttribute("aria-selected", "true");
      }
      showChosen();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function makeTabbable(node) {
      if (active && active !== node) {
        active.item.tabIndex = -1;
      }
      active = node;
      if (node) {
        node.item.tabIndex = 0;
      }
    }

    function focusItem(node) {
      if (node) {
        makeTabbable(node);
        node.item.focus();
      }
    }

    var lastQuery = null;
    var scrollToChosen = false;

    // Draw the tree for the page as it is now. ``dropUnfit`` (after a radio or the 专业类别
    // changed): a choice that no longer fits is dropped. Otherwise it stays shown even when it
    // does not fit: the server's error says why, and what was chosen is not lost.
    function refresh(dropUnfit, announce) {
      var keys = currentKeys();
      var teachingOnly = narrowsToTeaching();
      var query = filter.value.trim().toLowerCase();
      var offeredCount = 0;
      var shownCount = 0;

      if (chosen && dropUnfit && !isOffered(chosen, keys, teachingOnly)) {
        var dropped = chosen.name;
        choose(null);
        showChosen(format(messages.msgDropped, { name: dropped }));
      }

      (function visit(nodes) {
        var any = false;
        nodes.forEach(function (node) {
          var show;
          if (node.leaf) {
            var offered = isOffered(node, keys, teachingOnly) || node === chosen;
            offeredCount += offered ? 1 : 0;
            show = offered && (!query || matches(node, query));
            shownCount += show ? 1 : 0;
          } else {
            show = visit(node.children);
          }
          node.shown = show;
          any = any || show;
        });
        return any;
      })(roots);
      setPositions(roots);

      if (query !== lastQuery) {
        // A new filter opens every category holding a match; no filter goes back to the
        // choice's own path (or everything when little is on offer).
        eachNode(function (node) {
          if (!node.leaf) {
            setOpen(node, Boolean(query) && node.shown);
          }
        });
        if (!query) {
          if (offeredCount < OPEN_ALL_BELOW) {
            eachNode(function (node) {
              if (!node.leaf && node.shown) {
                setOpen(node, true);
              }
            });
          }
          openPathTo(chosen);
        }
        lastQuery = query;
        scrollToChosen = !query;
      }

      layout();
      if (scrollToChosen && chosen && !chosen.item.hidden) {
        // Within the tree's own box only: the page stays where it is.
        tree.scrollTop = Math.max(0, chosen.item.offsetTop - tree.clientHeight / 3);
      }
      scrollToChosen = false;
      var visible = visibleItems();
      if (!active || visible.indexOf(active) === -1) {
        makeTabbable(chosen && visible.indexOf(chosen) !== -1 ? chosen : visible[0] || null);
      }
      tree.hidden = shownCount === 0;
      empty.hidden = shownCount !== 0;
      empty.textContent = offeredCount === 0 ? messages.msgNoneOffered : messages.msgNone;
      if (announce) {
        status.textContent = shownCount ? format(messages.msgFound, { count: shownCount }) : empty.textContent;
      }
    }

    // --- the user's moves ---------------------------------------------------------------
    function isBelow(node, ancestor) {
      for (var at = node && node.up; at; at = at.up) {
        if (at === ancestor) {
          return true;
        }
      }
      return false;
    }

    function openOrClose(node, open) {
      setOpen(node, open);
      layout();
      if (!open && isBelow(active, node)) {
        makeTabbable(node);
      }
    }

    function toggle(node) {
      openOrClose(node, !node.open);
    }

    function activate(node) {
      if (node.leaf) {
        choose(node);
      } else {
        toggle(node);
      }
    }

    tree.addEventListener("click", function (event) {
      var item = event.target.closest('[role="treeitem"]');
      var node = item && byId[item.dataset.node];
      if (!node) {
        return;
      }
      event.stopPropagation();
      focusItem(node);
      activate(node);
    });

    tree.addEventListener("keydown", function (event) {
      var item = event.target.closest('[role="treeitem"]');
      var node = item && byId[item.dataset.node];
      if (!node || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var visible = visibleItems();
      var at = visible.indexOf(node);
      var handled = true;
      switch (event.key) {
        case "ArrowDown":
          focusItem(visible[at + 1]);
          break;
        case "ArrowUp":
          if (at > 0) {
            focusItem(visible[at - 1]);
          } else {
            filter.focus();
          }
          break;
        case "Home":
          focusItem(visible[0]);
          break;
        case "End":
          focusItem(visible[visible.length - 1]);
          break;
        case "ArrowRight":
          if (!node.leaf) {
            if (!node.open) {
              openOrClose(node, true);
            } else {
              focusItem(visibleItems()[at + 1]);
            }
          }
          break;
        case "ArrowLeft":
          if (!node.leaf && node.open) {
            openOrClose(node, false);
          } else if (node.up) {
            focusItem(node.up);
          }
          break;
        case "Enter":
        case " ":
          activate(node);
          break;
        default:
          handled = false;
      }
      if (handled) {
        event.preventDefault();
      }
    });

    var timer = null;
    filter.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        refresh(false, true);
      }, FILTER_DELAY);
    });

    filter.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== "ArrowDown") {
        return;
      }
      event.preventDefault(); // Enter here must not submit the whole form
      window.clearTimeout(timer);
      refresh(false, true);
      var visible = visibleItems();
      var leaves = visible.filter(function (node) {
        return node.leaf;
      });
      if (event.key === "Enter" && leaves.length === 1) {
        choose(leaves[0]);
        focusItem(leaves[0]);
        return;
      }
      focusItem(active && visible.indexOf(active) !== -1 ? active : visible[0]);
    });

    if (form) {
      form.addEventListener("change", function (event) {
        var name = event.target.name;
        if (
          name === messages.certificateField ||
          name === messages.educationField ||
          name === messages.categoryField
        ) {
          refresh(true, true);
        }
      });
    }

    var initial = byId[hidden.value];
    if (initial && initial.leaf) {
      chosen = initial;
      initial.item.setAttribute("aria-selected", "true");
    }
    refresh(false, false);
    showChosen();
  }

  function setUpAll() {
    document.querySelectorAll("[data-major-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
