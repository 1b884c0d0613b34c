// The link chart of a network (aksjon/templates/analysis/_link_chart.html).
//
// No inline script: the include names its JSON endpoints in data- attributes, and every
// text the chart writes comes from data-text-* attributes the server translated. The
// places come from the server (an igraph layout), so the chart draws at once with the
// "preset" layout; filters only toggle one class inside cy.batch, so 2,000 nodes redraw
// in one frame. Timings for the browser test and the bench: window.linkChartTimings
// (milliseconds since navigation start: firstDraw; lastFilter: the last filter's duration
// from its input event to the frame that shows it).
(function () {
  "use strict";

  var TYPES = ["venue", "unit", "person", "phone", "address", "template", "photo"];
  var SHAPES = {venue: "round-rectangle", unit: "rectangle", person: "ellipse", phone: "diamond",
                address: "triangle", template: "hexagon", photo: "star"};
  var SIZE_STEPS = 5;  // node sizes by centrality: 10 px to 30 px in five steps
  var TOP_LABELS = 12;  // labels of the most central nodes, always (more overlap and cannot be read)
  var LABEL_ZOOM = 1.6;  // every label from this zoom on (a fitted small network is drawn near 1)
  var timings = window.linkChartTimings = window.linkChartTimings || {filters: []};

  function say(root, name, values) {
    var text = root.getAttribute("data-text-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.replace("%(" + key + ")s", String(values[key]));
    });
    return text;
  }

  // The colours live in the stylesheet once (the legend's swatches); the chart reads them back.
  function colours(root) {
    var found = {};
    TYPES.forEach(function (type) {
      var swatch = root.querySelector(".lc-swatch.lc-" + type);
      found[type] = swatch ? getComputedStyle(swatch).backgroundColor : "#888";
    });
    return found;
  }

  // Later rules win: the plain node and edge first, then by type, size and weight, then states.
  function chartStyle(colour) {
    var style = [
      {selector: "node", style: {
        "width": 10, "height": 10, "background-color": "#888",
        "font-size": 10, "min-zoomed-font-size": 8, "text-valign": "bottom", "text-margin-y": 2,
        "color": "#1d2430"}},
      {selector: "edge", style: {"width": 1, "line-color": "#8a96a8", "curve-style": "haystack", "opacity": 0.75}}
    ];
    TYPES.forEach(function (type) {
      style.push({selector: "node.t-" + type, style: {"background-color": colour[type], "shape": SHAPES[type]}});
    });
    // Sizes and widths by class, not per element: cytoscape then shares one computed style among many.
    for (var step = 1; step <= SIZE_STEPS; step++) {
      style.push({selector: "node.s" + step, style: {"width": 10 + 4 * step, "height": 10 + 4 * step}});
    }
    for (var width = 2; width <= 4; width++) style.push({selector: "edge.w" + width, style: {"width": width}});
    return style.concat([
      // Labels only where they can be read: measuring 2,000 labels would cost the first draw a second.
      {selector: "node.labelled, node.top, node:selected", style: {"label": "data(label)"}},
      {selector: "edge.damped", style: {"curve-style": "straight", "line-style": "dashed", "line-color": "#c3cad4"}},
      {selector: ".new", style: {"border-width": 2, "border-color": "#e0a800"}},
      {selector: ".hidden", style: {"display": "none"}},
      {selector: "node:selected", style: {"border-width": 3, "border-color": "#111", "z-index": 10}},
      {selector: "edge:selected", style: {"line-color": "#111", "width": 3, "opacity": 1}}
    ]);
  }

  function nodeElement(node, biggest, top) {
    var share = biggest > 0 ? Math.sqrt(node.centrality / biggest) : 0;
    var step = Math.round(share * SIZE_STEPS);
    return {group: "nodes", classes: "t-" + node.type + (step ? " s" + step : "") + (top ? " top" : ""),
            data: {id: node.id, label: node.label, type: node.type, url: node.url,
                   first: node.first_seen, last: node.last_seen, centrality: node.centrality},
            position: {x: node.x, y: node.y}};
  }

  function tieElement(tie, number) {
    var width = Math.min(4, 1 + Math.round(tie.weight * 2));  // a weight of 1 or more: 3 px, the heaviest 4
    return {group: "edges", classes: (tie.damped ? "damped" : "") + (width > 1 ? " w" + width : ""),
            data: {id: "e" + number, source: tie.source, target: tie.target, kind: tie.kind, weight: tie.weight,
                   damped: tie.damped, reason: tie.reason, first: tie.first_seen, last: tie.last_seen,
                   origin: tie.origin || ""}};
  }

  // ISO dates compare as text. A node or tie without dates is always shown: it is undated, not old.
  function inRange(first, last, from, to) {
    if (from && last && last < from) return false;
    if (to && first && first > to) return false;
    return true;
  }

  function LinkChart(root) {
    this.root = root;
    this.box = root.querySelector("[data-chart]");
    this.status = root.querySelector("[data-status]");
    this.panel = root.querySelector("[data-selected]");
    this.tieCount = 0;
    this.load();
    // The empty chart is set up while the network's JSON is on its way; draw() only adds the elements.
    this.cy = window.cytoscape({
      container: this.box, style: chartStyle(colours(root)), minZoom: 0.02, maxZoom: 5,
      textureOnViewport: true, hideEdgesOnViewport: true, motionBlur: false, boxSelectionEnabled: false,
      autoungrabify: true, selectionType: "single"
    });
  }

  LinkChart.prototype.load = function () {
    var chart = this;
    timings.start = performance.now();
    // The same request as the include's <link rel="preload">: the browser fetched it while this script loaded.
    fetch(this.root.getAttribute("data-chart-url"), {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) { chart.draw(data); })
      .catch(function () { chart.status.textContent = say(chart.root, "failed"); });
  };

  LinkChart.prototype.draw = function (data) {
    var chart = this, known = {}, biggest = 0;
    timings.dataReady = performance.now();
    data.nodes.forEach(function (node) { known[node.id] = true; biggest = Math.max(biggest, node.centrality); });
    // The server sends the most central nodes first: they keep their labels at every zoom.
    var elements = data.nodes.map(function (node, number) { return nodeElement(node, biggest, number < TOP_LABELS); });
    data.ties.forEach(function (tie) {
      if (known[tie.source] && known[tie.target]) elements.push(tieElement(tie, chart.tieCount++));
    });
    this.biggest = biggest;
    this.cy.add(elements);  // at the server's places (the "preset" layout): nothing to compute here
    this.cy.fit(undefined, 20);
    timings.built = performance.now();
    this.cy.one("render", function () {
      timings.firstDraw = performance.now();
      timings.nodes = data.nodes.length;
      chart.root.setAttribute("data-drawn", "");
      setTimeout(function () { chart.fillNames(); }, 0);  // the search list can wait for the first frame
    });
    if (!elements.length) {  // nothing to draw: no frame will come
      timings.firstDraw = performance.now();
      timings.nodes = 0;
      chart.root.setAttribute("data-drawn", "");
    }
    this.setRange(data.range);
    this.count();
    this.listen();
  };

  LinkChart.prototype.setRange = function (range) {
    var from = this.root.querySelector("[data-from]"), to = this.root.querySelector("[data-to]");
    [from, to].forEach(function (input) {
      if (range.first) input.min = range.first;
      if (range.last) input.max = range.last;
    });
  };

  LinkChart.prototype.fillNames = function () {
    var list = this.root.querySelector("datalist");
    var fragment = document.createDocumentFragment(), listed = {};
    this.cy.nodes().forEach(function (node) {
      var label = node.data("label");
      if (listed[label]) return;  // "outside your district" once, not forty times
      listed[label] = true;
      var option = document.createElement("option");
      option.value = label;
      fragment.appendChild(option);
    });
    list.textContent = "";
    list.appendChild(fragment);
  };

  LinkChart.prototype.count = function () {
    var cy = this.cy, root = this.root;
    TYPES.forEach(function (type) {
      var out = root.querySelector("[data-count='" + type + "']");
      if (out) out.textContent = String(cy.nodes(".t-" + type).length);
    });
    var shown = cy.nodes().not(".hidden").length;
    this.status.textContent = say(root, "showing", {shown: shown, total: cy.nodes().length});
    root.setAttribute("data-shown", String(shown));
  };

  // The one filter: types ticked and the time range, applied as one class in one batch.
  LinkChart.prototype.filter = function () {
    var started = performance.now(), root = this.root, cy = this.cy;
    var types = {};
    root.querySelectorAll("input[data-type]").forEach(function (box) { types[box.value] = box.checked; });
    var from = root.querySelector("[data-from]").value, to = root.querySelector("[data-to]").value;
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var show = types[node.data("type")] !== false && inRange(node.data("first"), node.data("last"), from, to);
        if (show === node.hasClass("hidden")) node.toggleClass("hidden", !show);
      });
      cy.edges().forEach(function (edge) {
        var show = inRange(edge.data("first"), edge.data("last"), from, to);
        if (show === edge.hasClass("hidden")) edge.toggleClass("hidden", !show);
      });
    });
    var selected = cy.$(":selected");
    if (selected.length && selected.hasClass("hidden")) { selected.unselect(); this.show(null); }
    this.count();
    // Done when the frame that shows it is drawn: the next render, or two animation frames when
    // nothing visible changed (no render is due then).
    var finished = false;
    function done() {
      if (finished) return;
      finished = true;
      var took = performance.now() - started;
      timings.lastFilter = took;
      timings.filters.push(took);
      root.setAttribute("data-filtered", String(timings.filters.length));
    }
    cy.one("render", done);
    requestAnimationFrame(function () { requestAnimationFrame(done); });
  };

  LinkChart.prototype.show = function (element) {
    var panel = this.panel, root = this.root;
    if (!element) { panel.hidden = true; return; }
    var isNode = element.isNode();
    var typeBox = root.querySelector("input[data-type][value='" + element.data("type") + "']");
    panel.querySelector("[data-sel-label]").textContent = isNode ? element.data("label") : element.data("kind");
    panel.querySelector("[data-sel-type]").textContent = isNode
      ? (typeBox ? typeBox.getAttribute("data-label") : element.data("type"))
      : say(root, "tie", {weight: element.data("weight")}) + (element.data("damped") ? " · " + say(root, "damped") : "");
    var first = element.data("first"), last = element.data("last");
    panel.querySelector("[data-sel-dates]").textContent = first || last
      ? say(root, "seen", {first: first || "?", last: last || "?"}) : "";
    var origin = isNode ? "" : element.data("origin");
    var from = origin === "register" ? say(root, "from-register") : origin ? say(root, "from-network", {key: origin}) : "";
    panel.querySelector("[data-sel-reason]").textContent = isNode ? ""
      : [element.data("reason"), from].filter(Boolean).join(" · ");
    var open = panel.querySelector("[data-open]");
    open.hidden = !(isNode && element.data("url"));
    if (!open.hidden) open.href = element.data("url");
    var expand = panel.querySelector("[data-expand]");
    expand.hidden = !isNode;
    expand.disabled = false;
    panel.hidden = false;
  };

  LinkChart.prototype.select = function (node) {
    this.cy.$(":selected").unselect();
    node.select();
    this.cy.animate({center: {eles: node}, zoom: Math.max(this.cy.zoom(), 1)}, {duration: 200});
    this.show(node);
  };

  // Expand: the node's neighbours outside this network, placed in a ring around it.
  LinkChart.prototype.expand = function (node) {
    var chart = this, cy = this.cy, root = this.root;
    var button = this.panel.querySelector("[data-expand]");
    button.disabled = true;
    var url = root.getAttribute("data-expand-url") + "?ref=" + encodeURIComponent(node.id());
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var centre = node.position(), fresh = data.nodes.filter(function (n) { return cy.getElementById(n.id).empty(); });
        var radius = 60 + 6 * fresh.length, added = [];
        fresh.forEach(function (n, i) {
          var angle = 2 * Math.PI * i / Math.max(1, fresh.length);
          n.x = centre.x + radius * Math.cos(angle);
          n.y = centre.y + radius * Math.sin(angle);
          var element = nodeElement(n, chart.biggest, true);
          element.classes += " new";
          added.push(element);
        });
        data.ties.forEach(function (tie) {
          var exists = cy.edges().some(function (e) {
            return e.data("kind") === tie.kind && ((e.data("source") === tie.source && e.data("target") === tie.target)
              || (e.data("source") === tie.target && e.data("target") === tie.source));
          });
          if (!exists) added.push(tieElement(tie, chart.tieCount++));
        });
        cy.add(added);
        chart.fillNames();
        chart.filter();
        root.setAttribute("data-expanded", String(fresh.length));
        chart.status.textContent = say(root, "expanded", {count: fresh.length}) + " " + chart.status.textContent;
        button.disabled = false;
      })
      .catch(function () { chart.status.textContent = say(root, "failed"); button.disabled = false; });
  };

  LinkChart.prototype.listen = function () {
    var chart = this, root = this.root, cy = this.cy;
    root.querySelectorAll("input[data-type], [data-from], [data-to]").forEach(function (input) {
      input.addEventListener("change", function () { chart.filter(); });
    });
    root.querySelector("[data-reset]").addEventListener("click", function () {
      root.querySelectorAll("input[data-type]").forEach(function (box) { box.checked = true; });
      root.querySelector("[data-from]").value = "";
      root.querySelector("[data-to]").value = "";
      chart.filter();
      cy.fit(cy.elements().not(".hidden"), 20);
    });
    cy.on("tap", "node, edge", function (event) { chart.show(event.target); });
    cy.on("tap", function (event) { if (event.target === cy) chart.show(null); });
    cy.on("dbltap", "node", function (event) { chart.expand(event.target); });
    var labelling = null;
    function relabel() {
      var wanted = cy.zoom() >= LABEL_ZOOM, nodes = cy.nodes();
      if (nodes.length && nodes[nodes.length - 1].hasClass("labelled") !== wanted) {
        cy.batch(function () { nodes.toggleClass("labelled", wanted); });
      }
    }
    cy.on("zoom", function () { clearTimeout(labelling); labelling = setTimeout(relabel, 150); });
    relabel();
    this.panel.querySelector("[data-expand]").addEventListener("click", function () {
      var node = cy.$("node:selected");
      if (node.length) chart.expand(node[0]);
    });
    var find = root.querySelector("[data-find]");
    find.addEventListener("change", function () {
      var wanted = find.value.trim().toLowerCase();
      if (!wanted) return;
      var node = cy.nodes().not(".hidden").filter(function (n) { return n.data("label").toLowerCase() === wanted; });
      if (!node.length) node = cy.nodes().not(".hidden").filter(function (n) {
        return n.data("label").toLowerCase().indexOf(wanted) >= 0;
      });
      if (node.length) chart.select(node[0]);
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.cytoscape) return;
    document.querySelectorAll("[data-link-chart]").forEach(function (root) { root.linkChart = new LinkChart(root); });
  });
}());
