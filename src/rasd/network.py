"""The actor network: who cooperates with and who fights whom, weighted, over a time window.

Nodes are actors; a directed edge source → target carries, for each of PLOVER's four
classes (verbal and material cooperation, verbal and material conflict), the number of
merged events and the number of sources (articles) behind them. Built with networkx and
written as GraphML, JSON (node-link) or a self-contained interactive HTML page (inline SVG
and JavaScript written for rasd: no CDN, works offline).

    g = build_network(query(store, EventFilter(since="2019-01-01", factuality=REAL)))
    write_network(g, Path("libya.html"))
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from rasd.errors import ConfigError
from rasd.export.mapping import QUAD_KEYS, quad_classes
from rasd.store.query import StoredActor, StoredEvent

NETWORK_SUFFIXES = (".html", ".graphml", ".json")


def _node_attrs(a: StoredActor) -> dict[str, Any]:
    return {"name": a.name, "actor_id": a.id or "", "country": a.country or "",
            "sector": a.sector or "", "kind": a.kind or "", "canonical": a.id is not None}


def build_network(events: Sequence[StoredEvent], *, since: str | None = None,
                  until: str | None = None, adhoc: bool = False) -> nx.DiGraph:
    """A DiGraph of the actors of `events` that have both a source and a target; only
    dictionary actors unless `adhoc` (ad-hoc actors are surface phrases, mostly noise)."""
    g = nx.DiGraph(since=since or "", until=until or "", classes=",".join(QUAD_KEYS))
    quads = quad_classes()
    for ev in events:
        if ev.source is None or ev.target is None or ev.source.key == ev.target.key:
            continue
        if not adhoc and (ev.source.id is None or ev.target.id is None):
            continue
        for a in (ev.source, ev.target):
            if a.key not in g:
                g.add_node(a.key, events=0, sources=0, **_node_attrs(a))
            g.nodes[a.key]["events"] += 1
            g.nodes[a.key]["sources"] += ev.n_sources
        s, t = ev.source.key, ev.target.key
        if not g.has_edge(s, t):
            g.add_edge(s, t, events=0, sources=0,
                       **{f"{k}_{w}": 0 for k in QUAD_KEYS for w in ("events", "sources")})
        e = g.edges[s, t]
        cls = quads[ev.type][1]
        e["events"] += 1
        e["sources"] += ev.n_sources
        e[f"{cls}_events"] += 1
        e[f"{cls}_sources"] += ev.n_sources
    for _, _, e in g.edges(data=True):
        e["class"] = max(QUAD_KEYS, key=lambda k: (e[f"{k}_events"], e[f"{k}_sources"],
                                                    -QUAD_KEYS.index(k)))
    return g


def top_actors(g: nx.DiGraph, n: int | None) -> nx.DiGraph:
    """The subgraph of the `n` actors in most events (all when n is None)."""
    if n is None or g.number_of_nodes() <= n:
        return g
    keep = sorted(g.nodes, key=lambda k: (-g.nodes[k]["events"], k))[:n]
    return g.subgraph(keep).copy()


def to_json(g: nx.DiGraph) -> dict[str, Any]:
    return nx.node_link_data(g, edges="edges")


def write_network(g: nx.DiGraph, path: Path) -> None:
    """Write the network; the format follows the suffix (.html, .graphml, .json)."""
    suffix = path.suffix.lower()
    if suffix not in NETWORK_SUFFIXES:
        raise ConfigError(f"--out must end in {', '.join(NETWORK_SUFFIXES)}, not {path.name!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if suffix == ".graphml":
            nx.write_graphml(g, tmp)
        elif suffix == ".json":
            tmp.write_text(json.dumps(to_json(g), ensure_ascii=False, indent=1) + "\n",
                           encoding="utf-8")
        else:
            tmp.write_text(render_html(g), encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def render_html(g: nx.DiGraph, title: str = "rasd actor network") -> str:
    """A self-contained page: the network as data, drawn by inline JavaScript into SVG."""
    data = {
        "nodes": [{"id": k, **{a: v for a, v in d.items()}} for k, d in g.nodes(data=True)],
        "edges": [{"source": s, "target": t, **d} for s, t, d in g.edges(data=True)],
        "since": g.graph.get("since", ""), "until": g.graph.get("until", ""),
        "classes": [[k, quad_classes_label(k)] for k in QUAD_KEYS],
    }
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return _HTML.replace("__TITLE__", title).replace("__DATA__", payload)


def quad_classes_label(key: str) -> str:
    for _, k, label in quad_classes().values():
        if k == key:
            return label
    return key


_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
  body { margin: 0; font: 14px system-ui, sans-serif; color: #222; background: #fafafa; }
  header { padding: 8px 12px; background: #fff; border-bottom: 1px solid #ddd;
           display: flex; gap: 18px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 16px; margin: 0; }
  label { cursor: pointer; user-select: none; }
  .sw { display: inline-block; width: 14px; height: 4px; vertical-align: middle;
        margin-right: 4px; }
  #net { width: 100vw; height: calc(100vh - 44px); display: block; cursor: grab; }
  #tip { position: fixed; pointer-events: none; background: #fff; border: 1px solid #bbb;
         padding: 6px 8px; border-radius: 4px; font-size: 12px; display: none;
         max-width: 340px; box-shadow: 0 2px 6px rgba(0,0,0,.15); }
  text { font-size: 11px; pointer-events: none; fill: #333; }
  .muted { color: #777; }
</style>
</head>
<body>
<header>
  <h1>__TITLE__</h1>
  <span id="window" class="muted"></span>
  <span id="legend"></span>
  <span class="muted">drag nodes · wheel to zoom · drag background to pan</span>
</header>
<svg id="net" xmlns="http://www.w3.org/2000/svg"></svg>
<div id="tip"></div>
<script id="data" type="application/json">__DATA__</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("data").textContent);
  var COLORS = {verbal_cooperation: "#4c9f38", material_cooperation: "#1f77b4",
                verbal_conflict: "#f39c12", material_conflict: "#d62728"};
  var SECTORS = {GOV: "#6c5ce7", MIL: "#2d3436", REB: "#c0392b", POL: "#16a085",
                 IGO: "#0984e3", NGO: "#00b894", MED: "#e17055", CIV: "#b2bec3"};
  var shown = {};
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("net"), tip = document.getElementById("tip");
  var w = svg.clientWidth || 960, h = svg.clientHeight || 640;
  var win = (data.since || "…") + " – " + (data.until || "…");
  document.getElementById("window").textContent = data.nodes.length + " actors, " +
      data.edges.length + " links, " + win;
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  var legend = document.getElementById("legend");
  data.classes.forEach(function (c) {
    shown[c[0]] = true;
    var lab = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = true;
    box.onchange = function () { shown[c[0]] = box.checked; draw(); };
    var sw = document.createElement("span");
    sw.className = "sw"; sw.style.background = COLORS[c[0]];
    lab.appendChild(box); lab.appendChild(sw);
    lab.appendChild(document.createTextNode(c[1] + "  "));
    legend.appendChild(lab);
  });
  var defs = el("defs", {}, svg);
  Object.keys(COLORS).forEach(function (k) {
    var m = el("marker", {id: "arrow-" + k, viewBox: "0 0 10 10", refX: 10, refY: 5,
                          markerWidth: 6, markerHeight: 6, orient: "auto"}, defs);
    el("path", {d: "M0,0 L10,5 L0,10 z", fill: COLORS[k]}, m);
  });
  var view = el("g", {}, svg), edgeLayer = el("g", {}, view), nodeLayer = el("g", {}, view);
  var byId = {};
  data.nodes.forEach(function (n, i) {
    var a = 2 * Math.PI * i / Math.max(1, data.nodes.length);
    n.x = w / 2 + Math.cos(a) * Math.min(w, h) / 3; n.y = h / 2 + Math.sin(a) * Math.min(w, h) / 3;
    n.vx = 0; n.vy = 0; n.r = 4 + 3 * Math.sqrt(n.events);
    byId[n.id] = n;
  });
  var edges = data.edges.map(function (e) {
    return {s: byId[e.source], t: byId[e.target], d: e};
  });
  function tick(alpha) {
    var ns = data.nodes, i, j, a, b, dx, dy, d2, f;
    for (i = 0; i < ns.length; i++) for (j = i + 1; j < ns.length; j++) {
      a = ns[i]; b = ns[j]; dx = b.x - a.x; dy = b.y - a.y; d2 = dx * dx + dy * dy + 0.01;
      f = 900 * alpha / d2; a.vx -= dx * f; a.vy -= dy * f; b.vx += dx * f; b.vy += dy * f;
    }
    edges.forEach(function (e) {
      dx = e.t.x - e.s.x; dy = e.t.y - e.s.y;
      var d = Math.sqrt(dx * dx + dy * dy) || 1, k = (d - 90) * 0.02 * alpha / d;
      e.s.vx += dx * k; e.s.vy += dy * k; e.t.vx -= dx * k; e.t.vy -= dy * k;
    });
    ns.forEach(function (n) {
      n.vx += (w / 2 - n.x) * 0.005 * alpha; n.vy += (h / 2 - n.y) * 0.005 * alpha;
      if (!n.fixed) { n.x += n.vx; n.y += n.vy; }
      n.vx *= 0.6; n.vy *= 0.6;
    });
  }
  var ticks = data.nodes.length > 400 ? 60 : 300;
  for (var t = 0; t < ticks; t++) tick(1 - t / ticks);
  function describe(e) {
    var lines = [e.d.events + " events, " + e.d.sources + " sources"];
    data.classes.forEach(function (c) {
      var n = e.d[c[0] + "_events"];
      if (n) lines.push(c[1] + ": " + n + " events, " + e.d[c[0] + "_sources"] + " sources");
    });
    return "<b>" + esc(e.s.name) + " → " + esc(e.t.name) + "</b><br>" + lines.join("<br>");
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c];
    });
  }
  function showTip(html, ev) {
    tip.innerHTML = html; tip.style.display = "block";
    tip.style.left = (ev.clientX + 12) + "px"; tip.style.top = (ev.clientY + 12) + "px";
  }
  function hideTip() { tip.style.display = "none"; }
  function draw() {
    while (edgeLayer.firstChild) edgeLayer.removeChild(edgeLayer.firstChild);
    while (nodeLayer.firstChild) nodeLayer.removeChild(nodeLayer.firstChild);
    edges.forEach(function (e) {
      if (!shown[e.d["class"]]) return;
      var dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var line = el("line", {x1: e.s.x, y1: e.s.y, x2: e.t.x - dx / d * e.t.r,
                             y2: e.t.y - dy / d * e.t.r, stroke: COLORS[e.d["class"]],
                             "stroke-opacity": 0.75,
                             "stroke-width": 1 + Math.log(1 + e.d.events) * 1.5,
                             "marker-end": "url(#arrow-" + e.d["class"] + ")"}, edgeLayer);
      line.addEventListener("mousemove", function (ev) { showTip(describe(e), ev); });
      line.addEventListener("mouseleave", hideTip);
    });
    data.nodes.forEach(function (n) {
      var c = el("circle", {cx: n.x, cy: n.y, r: n.r, fill: SECTORS[n.sector] || "#95a5a6",
                            stroke: "#fff", "stroke-width": 1.5}, nodeLayer);
      var label = el("text", {x: n.x + n.r + 2, y: n.y + 4}, nodeLayer);
      label.textContent = n.name;
      c.addEventListener("mousemove", function (ev) {
        showTip("<b>" + esc(n.name) + "</b><br>" + esc([n.actor_id, n.country, n.sector]
            .filter(Boolean).join(" · ")) + "<br>" + n.events + " events, " + n.sources +
            " sources", ev);
      });
      c.addEventListener("mouseleave", hideTip);
      c.addEventListener("mousedown", function (ev) {
        ev.stopPropagation(); drag = n; n.fixed = true;
      });
    });
  }
  var drag = null, pan = null, scale = 1, ox = 0, oy = 0;
  function setView() {
    view.setAttribute("transform", "translate(" + ox + "," + oy + ") scale(" + scale + ")");
  }
  svg.addEventListener("mousedown", function (ev) {
    pan = {x: ev.clientX - ox, y: ev.clientY - oy};
  });
  window.addEventListener("mousemove", function (ev) {
    if (drag) {
      var r = svg.getBoundingClientRect();
      drag.x = (ev.clientX - r.left - ox) / scale; drag.y = (ev.clientY - r.top - oy) / scale;
      draw();
    } else if (pan) { ox = ev.clientX - pan.x; oy = ev.clientY - pan.y; setView(); }
  });
  window.addEventListener("mouseup", function () { drag = null; pan = null; });
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top;
    var k = ev.deltaY < 0 ? 1.1 : 1 / 1.1;
    ox = mx - (mx - ox) * k; oy = my - (my - oy) * k; scale *= k; setView();
  }, {passive: false});
  draw();
})();
</script>
</body>
</html>
"""
