/* changemap map page.  Every string from the graph is inserted with textContent or
   createTextNode, never as HTML. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("graph-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var FONTS = {
    light: { color: "#1d1d1f", strokeColor: "#ffffff", size: 20, bg: "#ffffff" },
    projector: { color: "#ffffff", strokeColor: "#000000", size: 28, bg: "#0b0f14" }
  };
  var api = window.changemap = { ready: false, draws: 0, view: null, network: null, nodes: null, edges: null };
  var state = null;       // filters of the current view
  var current = null;     // the current view's data
  var items = {};         // id -> original node or edge item of the current view
  var focus = null;       // {id, nodes, edges} of the clicked node's neighbourhood, or null
  var VEIL = 0.82;        // how much of the background colour covers what is outside it
  var theme = DATA.theme === "projector" ? "projector" : "light";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function tooltip(lines) {
    var box = el("div");
    (lines || []).filter(function (l) { return l; }).forEach(function (line, i) {
      if (i) box.appendChild(el("br"));
      box.appendChild(document.createTextNode(String(line)));
    });
    return box;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // ---- building a view ------------------------------------------------------------
  function visNode(n) {
    var ring = !!n.highlight;
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, shape: n.shape, size: n.size,
      hidden: !!n.hidden, title: tooltip(n.tip),
      color: { background: n.color, border: ring ? "#d62728" : (theme === "projector" ? "#ffffff" : n.color),
               highlight: { background: n.color, border: "#0b57d0" }, hover: { background: n.color, border: "#0b57d0" } },
      borderWidth: ring ? 5 : (theme === "projector" ? 2 : 1), font: nodeFont(),
      physics: n.layer === "stakeholder"
    };
  }
  function visEdge(e) {
    var v = {
      id: e.id, from: e.from, to: e.to, hidden: !!e.hidden, title: tooltip(e.tip), width: e.width,
      dashes: e.dashes || false, color: { color: e.color, highlight: e.color, hover: e.color, opacity: 1 },
      arrows: e.arrows || ""
    };
    if (e.smooth) v.smooth = e.smooth;
    return v;
  }
  function nodeFont() {
    var f = FONTS[theme];
    return { color: f.color, strokeColor: f.strokeColor, strokeWidth: 4, size: f.size,
             face: "system-ui, sans-serif" };
  }

  function showView(name) {
    var view = DATA.views[name];
    if (!view) return;
    if (api.network) api.network.destroy();
    current = view; api.view = name; items = {}; focus = null;
    view.nodes.forEach(function (n) { items[n.id] = n; });
    view.edges.forEach(function (e) { items[e.id] = e; });
    state = freshState(view);
    api.nodes = new vis.DataSet(view.nodes.map(visNode));
    api.edges = new vis.DataSet(view.edges.map(visEdge));
    var big = view.nodes.length > 1000 || view.edges.length > 3000;
    var options = {
      autoResize: true,
      layout: { improvedLayout: false, randomSeed: 7 },
      physics: { enabled: false },
      interaction: { hover: !big, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false,
                     multiselect: false },
      nodes: { font: nodeFont() },
      edges: { smooth: false, selectionWidth: 2 }
    };
    var network = new vis.Network($("network"), { nodes: api.nodes, edges: api.edges }, options);
    api.network = network;
    network.on("afterDrawing", function () { api.draws += 1; api.ready = true; });
    network.on("beforeDrawing", drawAxis);
    network.on("afterDrawing", drawFocus);
    network.on("click", function (p) {
      if (p.nodes.length) select(p.nodes[0]);
      else if (p.edges.length) selectEdge(p.edges[0]);
      else { undim(); showHint(); }
    });
    $("physics").hidden = !view.physics;
    $("physics").setAttribute("aria-pressed", "false");
    renderViewTabs(); renderFilters(); renderLegend(); renderGaps(); fillNames(); showHint();
    applyFilters();
    network.fit({ animation: false });
  }

  function freshState(view) {
    var s = { facets: {}, years: view.years ? view.years.slice() : null, undated: true, layers: {}, lonely: false };
    view.facets.forEach(function (f) { s.facets[f.key] = {}; f.values.forEach(function (v) { s.facets[f.key][v.key] = true; }); });
    view.layers.forEach(function (l) {
      s.layers[l.key] = view.nodes.some(function (n) { return n.layer === l.key && !n.hidden; });
    });
    return s;
  }

  // ---- filters --------------------------------------------------------------------
  var FACET_LAYERS = {
    kind: ["stakeholder"], targetGroup: ["stakeholder", "target-group", "initiative"], mode: ["engagement"],
    direction: ["moment"], driver: ["moment", "driver"], gap: ["gap", "gap-group"]
  };
  var YEAR_LAYERS = { engagement: true, moment: true };

  function passesFacets(item) {
    for (var key in state.facets) {
      var layers = FACET_LAYERS[key] || [];
      if (layers.indexOf(item.layer) < 0) continue;
      var chosen = state.facets[key], all = true;
      for (var k in chosen) if (!chosen[k]) { all = false; break; }
      if (all) continue;
      var values = (item.f && item.f[key]) || [];
      if (!values.some(function (v) { return chosen[v]; })) return false;
    }
    return true;
  }
  function passesYears(item) {
    if (!state.years || !YEAR_LAYERS[item.layer]) return true;
    if (!item.years) return state.undated;
    return item.years[1] >= state.years[0] && item.years[0] <= state.years[1];
  }
  function layerOn(layer) { return state.layers[layer] !== false; }

  function visibleSets() {
    var nodeOn = {};
    current.nodes.forEach(function (n) { nodeOn[n.id] = layerOn(n.layer) && passesFacets(n) && passesYears(n); });
    var edgeOn = {}, linked = {};
    current.edges.forEach(function (e) {
      var on = nodeOn[e.from] && nodeOn[e.to] && layerOn(e.layer) && passesFacets(e) && passesYears(e);
      edgeOn[e.id] = on;
      if (on && e.layer === "engagement") { linked[e.from] = true; linked[e.to] = true; }
    });
    if (state.lonely) {
      current.nodes.forEach(function (n) { if (n.layer === "stakeholder" && !linked[n.id]) nodeOn[n.id] = false; });
      current.edges.forEach(function (e) { if (!nodeOn[e.from] || !nodeOn[e.to]) edgeOn[e.id] = false; });
    }
    return { nodes: nodeOn, edges: edgeOn };
  }

  function applyFilters() {
    var on = visibleSets(), nodeUpdates = [], edgeUpdates = [];
    api.nodes.forEach(function (n) { var h = !on.nodes[n.id]; if (!!n.hidden !== h) nodeUpdates.push({ id: n.id, hidden: h }); });
    api.edges.forEach(function (e) { var h = !on.edges[e.id]; if (!!e.hidden !== h) edgeUpdates.push({ id: e.id, hidden: h }); });
    if (nodeUpdates.length) api.nodes.update(nodeUpdates);
    if (edgeUpdates.length) api.edges.update(edgeUpdates);
    var shownStake = 0, allStake = 0, shownLinks = 0, allLinks = 0;
    current.nodes.forEach(function (n) { if (n.layer === "stakeholder" || n.layer === "moment") { allStake++; if (on.nodes[n.id]) shownStake++; } });
    current.edges.forEach(function (e) { if (e.layer === "engagement") { allLinks++; if (on.edges[e.id]) shownLinks++; } });
    var what = current.name === "change" ? "nodes" : "stakeholders";
    $("shown").textContent = "Showing " + shownStake + " of " + allStake + " " + what +
      (allLinks ? " and " + shownLinks + " of " + allLinks + " engagements" : "") + ".";
    syncControls();
  }

  function renderFilters() {
    var box = $("facets"); clear(box);
    current.facets.forEach(function (f) {
      var fs = el("fieldset"); fs.appendChild(el("legend", f.label));
      var tools = el("div", null, "facet-tools");
      var all = el("button", "all"); all.type = "button";
      var none = el("button", "none"); none.type = "button";
      all.addEventListener("click", function () { f.values.forEach(function (v) { state.facets[f.key][v.key] = true; }); applyFilters(); });
      none.addEventListener("click", function () { f.values.forEach(function (v) { state.facets[f.key][v.key] = false; }); applyFilters(); });
      tools.appendChild(all); tools.appendChild(none); fs.appendChild(tools);
      f.values.forEach(function (v) {
        var lab = el("label"), box2 = el("input");
        box2.type = "checkbox"; box2.name = f.key; box2.value = v.key; box2.checked = true;
        box2.addEventListener("change", function () { state.facets[f.key][v.key] = box2.checked; applyFilters(); });
        lab.appendChild(box2);
        if (v.colour) { var sw = el("span", null, "swatch"); sw.style.background = v.colour; lab.appendChild(sw); }
        lab.appendChild(el("span", v.label));
        fs.appendChild(lab);
      });
      box.appendChild(fs);
    });
    var layers = $("layers"); clear(layers);
    if (current.layers.length) {
      var fs = el("fieldset"); fs.appendChild(el("legend", "Layers"));
      current.layers.forEach(function (l) {
        var lab = el("label"), box3 = el("input");
        box3.type = "checkbox"; box3.name = "layer"; box3.value = l.key;
        box3.addEventListener("change", function () { state.layers[l.key] = box3.checked; applyFilters(); });
        var sw = el("span", null, "swatch " + l.shape); sw.style.background = l.colour;
        lab.appendChild(box3); lab.appendChild(sw); lab.appendChild(el("span", l.label)); fs.appendChild(lab);
      });
      layers.appendChild(fs);
    }
    var yb = $("years-box");
    yb.hidden = !current.years;
    if (current.years) {
      ["year-from", "year-to"].forEach(function (id) { $(id).min = current.years[0]; $(id).max = current.years[1]; });
    }
  }

  function syncControls() {
    document.querySelectorAll("#facets input[type=checkbox]").forEach(function (b) { b.checked = !!state.facets[b.name][b.value]; });
    document.querySelectorAll("#layers input[type=checkbox]").forEach(function (b) { b.checked = layerOn(b.value); });
    if (state.years) { $("year-from").value = state.years[0]; $("year-to").value = state.years[1]; }
    $("undated").checked = state.undated;
    $("lonely").checked = state.lonely;
  }

  function readYears() {
    if (!current.years) return;
    var a = parseInt($("year-from").value, 10), b = parseInt($("year-to").value, 10);
    if (isNaN(a)) a = current.years[0];
    if (isNaN(b)) b = current.years[1];
    state.years = [Math.min(a, b), Math.max(a, b)];
    applyFilters();
  }
  $("year-from").addEventListener("change", readYears);
  $("year-to").addEventListener("change", readYears);
  $("undated").addEventListener("change", function () { state.undated = $("undated").checked; applyFilters(); });
  $("lonely").addEventListener("change", function () { state.lonely = $("lonely").checked; applyFilters(); });
  $("reset").addEventListener("click", function () { state = freshState(current); applyFilters(); undim(); showHint(); api.network.fit({ animation: false }); });

  /* setFilter({kind: [...], mode: [...], targetGroup: [...], years: [a, b], layers: [...], undated: bool,
     lonely: bool}): facets not named show everything; the story and the tests use it. */
  function setFilter(spec) {
    spec = spec || {};
    var next = freshState(current);
    Object.keys(spec).forEach(function (key) {
      if (key === "years") next.years = spec.years ? spec.years.slice() : next.years;
      else if (key === "undated" || key === "lonely") next[key] = !!spec[key];
      else if (key === "layers") {
        if (spec.layers) current.layers.forEach(function (l) { next.layers[l.key] = spec.layers.indexOf(l.key) >= 0; });
      } else if (next.facets[key]) {
        Object.keys(next.facets[key]).forEach(function (v) { next.facets[key][v] = spec[key].indexOf(v) >= 0; });
      }
    });
    state = next;
    applyFilters();
  }

  // ---- selection, neighbourhood, details --------------------------------------------
  function select(id) {
    var item = items[id];
    if (!item) return;
    api.selected = id;
    api.network.selectNodes([id]);
    showDetails(item, "node");
    dim(id);
  }
  function selectEdge(id) {
    var item = items[id];
    if (!item) return;
    api.selected = null;
    undim();
    api.network.selectEdges([id]);
    showDetails(item, "edge");
  }
  // The neighbourhood is shown by veiling the whole drawing in the background colour
  // and drawing the node, its partners and its links again on top (drawFocus, after
  // every frame).  This costs one redraw whatever the map's size: recolouring every
  // node and link through the DataSet took about 1.7 s at 5,000 nodes / 15,000 links.
  function dim(id) {
    var near = {}; near[id] = true;
    api.network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
    focus = { id: id, nodes: Object.keys(near), edges: api.network.getConnectedEdges(id) };
    api.network.redraw();
  }
  function undim() {
    api.selected = null;
    if (!focus) return;
    focus = null;
    api.network.redraw();
  }
  function drawFocus(ctx) {
    if (!focus) return;
    var body = api.network.body, labels = [];
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = VEIL;
    ctx.fillStyle = FONTS[theme].bg;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    drawAxis(ctx);
    var edges = focus.edges.map(function (e) { return body.edges[e]; })
      .filter(function (e) { return e && e.connected && !e.options.hidden; });
    edges.forEach(function (e) { e.draw(ctx); });
    focus.nodes.forEach(function (n) {
      var node = body.nodes[n];
      if (!node || node.options.hidden) return;
      var drawn = node.draw(ctx);
      if (drawn && drawn.drawExternalLabel) labels.push(drawn.drawExternalLabel);
    });
    edges.forEach(function (e) { e.drawArrows(ctx); });
    labels.forEach(function (draw) { draw(); });
  }
  api.inFocus = function (id) { return !focus || focus.nodes.indexOf(id) >= 0 || focus.edges.indexOf(id) >= 0; };

  function showHint() {
    var box = $("details"); clear(box);
    box.appendChild(el("p", "Click a node or a link to see its evidence.", "empty"));
  }
  function showDetails(item, kind) {
    var box = $("details"); clear(box);
    box.appendChild(el("h2", kind === "node" ? item.label : (item.label_text || (labelOf(item.from) + " — " + labelOf(item.to)))));
    if (item.info && item.info.length) {
      var dl = el("dl");
      item.info.forEach(function (pair) { dl.appendChild(el("dt", pair[0])); dl.appendChild(el("dd", pair[1])); });
      box.appendChild(dl);
    }
    box.appendChild(el("h3", "Evidence"));
    var quotes = item.evidence || [];
    if (!quotes.length) box.appendChild(el("p", "No quotes recorded.", "empty"));
    quotes.forEach(function (q) {
      var b = el("blockquote");
      b.appendChild(el("span", q.quote, "quote"));
      b.appendChild(el("span", (q.speaker ? q.speaker + " · " : "") + q.source, "source"));
      box.appendChild(b);
    });
    if (item.withheld) box.appendChild(el("p", item.withheld + " quote(s) not approved for publication are left out.", "empty"));
  }
  function labelOf(id) { return items[id] ? items[id].label : id; }

  // ---- legend, views, gaps, search ------------------------------------------------
  function renderLegend() {
    var box = $("legend"); clear(box);
    var L = current.legend, NS = "http://www.w3.org/2000/svg";
    function group(title) { var g = el("div", null, "legend-group"); g.appendChild(el("b", title)); box.appendChild(g); return g; }
    function row(g, swatch, text) { var r = el("span", null, "legend-row"); r.appendChild(swatch); r.appendChild(el("span", text)); g.appendChild(r); }
    function shape(entry) {
      var s = el("span", null, "swatch " + (entry.shape || "dot"));
      if (entry.shape === "ring") s.style.color = entry.colour; else s.style.background = entry.colour;
      return s;
    }
    function dash(entry) {
      var svg = document.createElementNS(NS, "svg"); svg.setAttribute("class", "dash"); svg.setAttribute("viewBox", "0 0 40 10");
      var line = document.createElementNS(NS, "line");
      line.setAttribute("x1", "0"); line.setAttribute("y1", "5"); line.setAttribute("x2", "40"); line.setAttribute("y2", "5");
      line.setAttribute("stroke", entry.colour || "currentColor"); line.setAttribute("stroke-width", "2.5");
      if (entry.dashes) line.setAttribute("stroke-dasharray", entry.dashes.join(" "));
      svg.appendChild(line); return svg;
    }
    if (L.kinds && L.kinds.length) { var g = group("Kind"); L.kinds.forEach(function (k) { row(g, shape(k), k.label); }); }
    if (L.directions) { var d = group("Moment"); L.directions.forEach(function (k) { row(d, shape(k), k.label); }); }
    if (L.layers) { var l = group("Also"); L.layers.forEach(function (k) { row(l, shape(k), k.label); }); }
    if (L.sentiments) { var s = group("Link colour"); L.sentiments.forEach(function (k) { row(s, dash({ colour: k.colour }), k.label); }); }
    if (L.modes) { var m = group("Link style"); L.modes.forEach(function (k) { row(m, dash({ dashes: k.dashes }), k.label); }); }
    if (L.gaps) { var q = group("Gaps"); L.gaps.forEach(function (k) { row(q, k.shape ? shape(k) : dash(k), k.label); }); }
  }
  function renderViewTabs() {
    var nav = $("views"); clear(nav);
    var names = DATA.order;
    if (names.length < 2) return;
    names.forEach(function (name) {
      var b = el("button", DATA.views[name].title); b.type = "button";
      b.setAttribute("aria-pressed", String(name === api.view));
      b.addEventListener("click", function () { if (name !== api.view) showView(name); });
      nav.appendChild(b);
    });
  }
  function renderGaps() {
    var box = $("gap-list"); clear(box);
    box.hidden = !current.gaps;
    if (!current.gaps) return;
    box.appendChild(el("h2", "Gaps (" + current.gaps.length + ")"));
    var byKind = {};
    current.gaps.forEach(function (g) { (byKind[g.label] = byKind[g.label] || []).push(g); });
    Object.keys(byKind).forEach(function (label) {
      box.appendChild(el("h3", label));
      var ol = el("ol");
      byKind[label].forEach(function (g) {
        var li = el("li"), b = el("button", g.subject); b.type = "button";
        b.addEventListener("click", function () {
          if (g.node && items[g.node]) { select(g.node); api.network.focus(g.node, { scale: 1.1, animation: false }); }
          else if (g.edge && items[g.edge]) { selectEdge(g.edge); api.network.fit({ nodes: [items[g.edge].from, items[g.edge].to], animation: false }); }
          else { undim(); showDetails({ label: g.subject, info: [["Gap", g.label], ["Why", g.reason]], evidence: [] }, "node"); }
        });
        li.appendChild(b); ol.appendChild(li);
      });
      box.appendChild(ol);
    });
  }
  function fillNames() {
    var list = $("names"); clear(list);
    current.nodes.map(function (n) { return n.label; }).sort().forEach(function (label) {
      var o = el("option"); o.value = label; list.appendChild(o);
    });
  }
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) return null;
    var exact = null, part = null;
    current.nodes.forEach(function (n) {
      var names = [n.label].concat(n.aliases || []).map(function (s) { return String(s).toLowerCase(); });
      if (!exact && names.indexOf(q) >= 0) exact = n;
      if (!part && names.some(function (s) { return s.indexOf(q) >= 0; })) part = n;
    });
    return exact || part;
  }
  function focusNode(id, zoom) {
    var hit = items[id];
    if (!hit) return;
    if (!visibleSets().nodes[id]) { state = freshState(current); applyFilters(); }
    select(id);
    if (zoom !== false) {
      var near = api.network.getConnectedNodes(id).filter(function (n) { return !api.nodes.get(n).hidden; });
      if (near.length) api.network.fit({ nodes: [id].concat(near), animation: false });
      else api.network.focus(id, { scale: 1.2, animation: false });
    }
  }
  function search() {
    var hit = find($("search").value);
    if (hit) focusNode(hit.id);
  }
  $("search").addEventListener("change", search);
  $("search").addEventListener("keydown", function (ev) { if (ev.key === "Enter") search(); });

  // ---- the change view's time axis --------------------------------------------------
  function drawAxis(ctx) {
    if (!current.axis) return;
    var ticks = current.axis.ticks, f = FONTS[theme];
    if (!ticks.length) return;
    var left = ticks[0].x - 120, right = ticks[ticks.length - 1].x + 120;
    ctx.save();
    ctx.strokeStyle = theme === "projector" ? "#8a96a6" : "#9aa0a6";
    ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(left, 0); ctx.lineTo(right, 0); ctx.stroke();
    ctx.font = "bold " + f.size + "px system-ui, sans-serif";
    ctx.fillStyle = f.color; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ticks.forEach(function (t) {
      ctx.strokeStyle = theme === "projector" ? "#2a3340" : "#eceef1"; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(t.x, -4000); ctx.lineTo(t.x, 4000); ctx.stroke();
      ctx.fillStyle = f.bg; ctx.fillRect(t.x - 42, -14, 84, 28);
      ctx.fillStyle = f.color; ctx.fillText(t.label, t.x, 0);
    });
    ctx.restore();
  }

  // ---- PNG --------------------------------------------------------------------------
  function png() {
    var src = document.querySelector("#network canvas");
    var out = document.createElement("canvas");
    var pad = 56 * (window.devicePixelRatio || 1);
    out.width = src.width; out.height = src.height + pad;
    var ctx = out.getContext("2d");
    ctx.fillStyle = FONTS[theme].bg; ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, pad);
    ctx.fillStyle = FONTS[theme].color;
    ctx.font = "bold " + Math.round(pad * 0.4) + "px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    ctx.fillText($("title").textContent + (DATA.publish ? "" : " — DRAFT, not for publication"), pad * 0.3, pad * 0.5);
    var x = pad * 0.3, y = out.height - pad * 0.35;
    ctx.font = Math.round(pad * 0.28) + "px system-ui, sans-serif";
    (current.legend.kinds || current.legend.directions || []).forEach(function (k) {
      ctx.fillStyle = k.colour; ctx.beginPath(); ctx.arc(x + 8, y, 8, 0, 2 * Math.PI); ctx.fill();
      ctx.fillStyle = FONTS[theme].color; ctx.fillText(k.label, x + 22, y);
      x += 34 + ctx.measureText(k.label).width;
    });
    return out;
  }
  function downloadPng() {
    png().toBlob(function (blob) {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "changemap-" + api.view + ".png";
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    }, "image/png");
  }
  $("png").addEventListener("click", downloadPng);

  // ---- physics (small views only) ----------------------------------------------------
  $("physics").addEventListener("click", function () {
    var on = $("physics").getAttribute("aria-pressed") !== "true";
    $("physics").setAttribute("aria-pressed", String(on));
    api.network.setOptions({ physics: on ? {
      enabled: true, solver: "barnesHut", stabilization: { enabled: false },
      barnesHut: { gravitationalConstant: -3000, springLength: 160, springConstant: 0.02, damping: 0.6, avoidOverlap: 0.4 }
    } : { enabled: false } });
  });

  // ---- theme ------------------------------------------------------------------------
  function setTheme(name) {
    theme = name === "projector" ? "projector" : "light";
    document.body.className = theme;
    $("theme").setAttribute("aria-pressed", String(theme === "projector"));
    if (!api.nodes) return;
    api.network.setOptions({ nodes: { font: nodeFont() } });
    api.nodes.update(current.nodes.map(function (n) { var v = visNode(n); return { id: n.id, color: v.color, borderWidth: v.borderWidth, font: v.font }; }));
  }
  $("theme").addEventListener("click", function () { setTheme(theme === "projector" ? "light" : "projector"); });

  // ---- story ------------------------------------------------------------------------
  var story = { index: -1, before: null };
  function storyGo(i) {
    var steps = DATA.story.steps;
    if (i < 0 || i >= steps.length) return;
    story.index = i;
    var step = steps[i];
    $("story-title").textContent = step.title;
    $("story-caption").textContent = step.caption || "";
    $("story-count").textContent = (i + 1) + " / " + steps.length;
    $("story-prev").disabled = i === 0;
    $("story-next").disabled = i === steps.length - 1;
    $("story").hidden = false;
    if (step.view !== api.view) showView(step.view);
    else api.network.setSize("100%", "100%");
    var spec = {};
    Object.keys(step.filter || {}).forEach(function (k) { spec[k] = step.filter[k]; });
    if (step.years) spec.years = step.years;
    if (step.layers) spec.layers = step.layers;
    setFilter(spec);
    if (step.focus) focusNode(step.focus);
    else { undim(); api.network.unselectAll(); showHint(); api.network.fit({ animation: false }); }
    api.story.index = i;
  }
  function storyStart() {
    story.before = theme;
    setTheme(DATA.story.theme || "projector");
    storyGo(0);
  }
  function storyStop() {
    $("story").hidden = true; story.index = -1; api.story.index = -1;
    if (story.before) setTheme(story.before);
    api.network.setSize("100%", "100%");
    api.network.fit({ animation: false });
  }
  $("story-prev").addEventListener("click", function () { storyGo(story.index - 1); });
  $("story-next").addEventListener("click", function () { storyGo(story.index + 1); });
  $("story-stop").addEventListener("click", storyStop);
  $("story-start").addEventListener("click", storyStart);
  document.addEventListener("keydown", function (ev) {
    if (story.index < 0 || !DATA.story) return;
    var tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    var k = ev.key;
    if (k === "ArrowRight" || k === "PageDown" || k === " " || k === "ArrowDown") storyGo(story.index + 1);
    else if (k === "ArrowLeft" || k === "PageUp" || k === "ArrowUp") storyGo(story.index - 1);
    else if (k === "Home") storyGo(0);
    else if (k === "End") storyGo(DATA.story.steps.length - 1);
    else if (k === "Escape") storyStop();
    else return;
    ev.preventDefault();
  });

  // ---- start ------------------------------------------------------------------------
  api.showView = showView;
  api.setFilter = setFilter;
  api.select = focusNode;
  api.selectEdge = selectEdge;
  api.png = function () { return png().toDataURL("image/png"); };
  api.setTheme = setTheme;
  api.visibleNodeIds = function () { return api.nodes.getIds({ filter: function (n) { return !n.hidden; } }); };
  api.visibleEdgeIds = function () { return api.edges.getIds({ filter: function (e) { return !e.hidden; } }); };
  api.story = { index: -1, start: storyStart, next: function () { storyGo(story.index + 1); },
                prev: function () { storyGo(story.index - 1); }, go: storyGo, stop: storyStop };
  setTheme(theme);
  showView(DATA.initial);
  if (DATA.focus) focusNode(DATA.focus, current.focus !== DATA.focus);
  if (DATA.story) { $("story-start").hidden = false; storyStart(); }
})();
