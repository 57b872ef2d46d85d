/* rasd dashboard: one filter state drives every panel, each panel reads the REST API (/api/...).
 *
 * Nothing here writes untrusted text as HTML: article text, actor and place names go into the
 * page through textContent / DOM nodes only (Leaflet tooltips get elements, not strings).
 * window.rasd exposes read-only hooks for the browser tests (ready, busy, lastQuery, counts).
 */
(function () {
  "use strict";

  // PLOVER types in the order of rasd.model.EVENT_TYPES: cooperation in greens and blues,
  // conflict in ambers and reds, so the map and the timeline read at a glance.
  const TYPES = [
    ["AGREE", "اتفاق", "#1b9e77"], ["CONSULT", "تشاور", "#66a61e"], ["SUPPORT", "دعم", "#2b7bba"],
    ["CONCEDE", "تنازل", "#7fcdbb"], ["COOPERATE", "تعاون", "#41b6c4"], ["AID", "مساعدة", "#9ccc3b"],
    ["RETREAT", "انسحاب", "#a3a0cf"], ["REQUEST", "طلب", "#7b6fb8"], ["ACCUSE", "اتهام", "#f2a65a"],
    ["REJECT", "رفض", "#d4a000"], ["THREATEN", "تهديد", "#f07f2a"], ["PROTEST", "احتجاج", "#c51b8a"],
    ["SANCTION", "عقوبات", "#8c564b"], ["MOBILIZE", "تعبئة", "#a6761d"], ["COERCE", "إكراه", "#e7298a"],
    ["ASSAULT", "اعتداء", "#d62728"],
  ];
  const TYPE_COLOR = Object.fromEntries(TYPES.map(([t, , c]) => [t, c]));
  const TYPE_AR = Object.fromEntries(TYPES.map(([t, a]) => [t, a]));
  const colorOf = (type) => TYPE_COLOR[type] || "#888";

  // Network edges: PLOVER quad classes (rasd.network) and the actor-relation names.
  const RELATIONS = [
    ["material_conflict", "material conflict", "#d62728"], ["verbal_conflict", "verbal conflict", "#f28e2b"],
    ["material_cooperation", "material cooperation", "#1f77b4"], ["verbal_cooperation", "verbal cooperation", "#59a14f"],
    ["hostility", "hostility", "#d62728"], ["support", "support", "#1f77b4"],
    ["cooperation", "cooperation", "#17becf"], ["consultation", "consultation", "#59a14f"],
  ];
  const RELATION_COLOR = Object.fromEntries(RELATIONS.map(([k, , c]) => [k, c]));

  const PAGE_SIZE = 25;
  const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

  const $ = (sel, root) => (root || document).querySelector(sel);
  const form = $("form.filters");
  const state = { interval: "month", offset: 0, sort: "-date", selected: null };
  let generation = 0; // a newer refresh makes older responses stale

  const hooks = {
    ready: null, busy: true, lastQuery: null, refreshes: 0, errors: [],
    markerCount: () => cluster ? cluster.getLayers().length : 0,
    visibleMarkerCount: () => visibleMarkerCount(),
    tableTotal: null,
    // What the chart and the graph hold now (read back from the libraries, not from the API).
    timelineTotal: () => chart ? chart.data.datasets.reduce((s, d) => s + d.data.reduce((a, b) => a + b, 0), 0) : 0,
    networkSize: () => cy ? { nodes: cy.nodes().length, edges: cy.edges().length } : { nodes: 0, edges: 0 },
  };
  window.rasd = hooks;

  // ---- helpers -------------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "style") node.style.cssText = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /** Text that may be Arabic: right to left with the Arabic font when it is, `auto` otherwise. */
  function text(s, tag) {
    const value = s === null || s === undefined ? "" : String(s);
    if (ARABIC.test(value)) return el(tag || "span", { dir: "rtl", lang: "ar" }, value);
    return el(tag || "span", { dir: "auto" }, value);
  }

  function typeChip(type) {
    return el("span", { class: "type-chip", title: `${type} / ${TYPE_AR[type] || ""}` },
      el("i", { style: `background:${colorOf(type)}` }), type);
  }

  function actorName(a) {
    if (!a) return el("span", { class: "muted" }, "—");
    return text(a.name);
  }

  function setStatus(msg, isError) {
    const s = $("[data-testid=status]");
    s.textContent = msg || "";
    s.classList.toggle("error", !!isError);
  }

  async function api(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      const msg = body && body.error ? body.error.message : res.statusText;
      throw new Error(`${path.split("?")[0]}: ${res.status} ${msg}`);
    }
    return body;
  }

  /** The shared filter as a query string (factuality always explicit, as the API's default). */
  function filterQuery() {
    const p = new URLSearchParams();
    const f = new FormData(form);
    for (const name of ["country", "type", "actor", "since", "until"]) {
      const v = String(f.get(name) || "").trim();
      if (v) p.set(name, v);
    }
    p.set("factuality", String(f.get("factuality") || "asserted,uncertain"));
    return p.toString();
  }

  // ---- map -----------------------------------------------------------------------------------

  let map = null, cluster = null;

  function clusterIcon(c) {
    // A ring split by type (conic gradient) around the count: what kinds of event are here.
    const counts = {};
    for (const m of c.getAllChildMarkers()) counts[m.options.evType] = (counts[m.options.evType] || 0) + 1;
    const n = c.getChildCount();
    let acc = 0;
    const stops = TYPES.filter(([t]) => counts[t]).map(([t]) => {
      const a = (acc / n) * 360; acc += counts[t];
      return `${colorOf(t)} ${a.toFixed(1)}deg ${((acc / n) * 360).toFixed(1)}deg`;
    });
    if (acc < n) stops.push(`#888 ${((acc / n) * 360).toFixed(1)}deg 360deg`);
    return L.divIcon({
      html: `<div style="background:conic-gradient(${stops.join(",")})"><span>${n}</span></div>`,
      className: "ev-cluster", iconSize: L.point(34, 34),
    });
  }

  async function initMap() {
    map = L.map("map", { zoomSnap: 0.5, worldCopyJump: true, minZoom: 1, maxZoom: 12 })
      .setView([26, 25], 3);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Borders: Natural Earth (world-atlas) · Leaflet");
    const topo = await api("static/vendor/world-atlas/countries-50m.json");
    const countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, {
      style: { color: "#8a94a3", weight: 0.7, fillColor: "#f6f4ee", fillOpacity: 1 },
      interactive: false, className: "country",
    }).addTo(map);
    cluster = L.markerClusterGroup({
      iconCreateFunction: clusterIcon, showCoverageOnHover: false, animate: false,
      maxClusterRadius: 40, spiderfyOnMaxZoom: true, chunkedLoading: false,
    });
    map.addLayer(cluster);
    const legend = L.control({ position: "bottomleft" });
    legend.onAdd = () => el("div", { class: "map-legend", "data-testid": "map-legend" });
    legend.addTo(map);
  }

  function updateLegend(types) {
    const box = $("[data-testid=map-legend]");
    box.replaceChildren(...TYPES.filter(([t]) => types.has(t)).map(([t, ar, c]) =>
      el("div", null, el("i", { style: `background:${c}` }), `${t} `, el("span", { class: "ar", lang: "ar", dir: "rtl" }, ar))));
    box.hidden = types.size === 0;
  }

  function renderPlaces(fc, gen) {
    if (gen !== generation) return;
    cluster.clearLayers();
    const markers = [];
    const types = new Set();
    for (const f of fc.features || []) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties || {};
      types.add(p.type);
      const icon = L.divIcon({
        className: "ev-marker", iconSize: L.point(12, 12),
        html: `<span style="background:${colorOf(p.type)}"></span>`,
      });
      const m = L.marker([lat, lon], { icon, evType: p.type, evId: p.event, keyboard: false });
      m.bindTooltip(el("div", null, typeChip(p.type), " ", p.date || "", el("br"), text(p.place)),
        { direction: "top", offset: [0, -6] });
      m.on("click", () => openEvent(p.event));
      m.on("add", () => { const node = m.getElement(); if (node) node.dataset.event = p.event; });
      markers.push(m);
    }
    cluster.addLayers(markers);
    updateLegend(types);
    if (markers.length) {
      map.fitBounds(L.latLngBounds(markers.map((m) => m.getLatLng())).pad(0.15),
        { animate: false, maxZoom: 7 });
    }
    const note = `${fc.located} of ${fc.total} located` + (fc.truncated ? " (truncated)" : "");
    $("[data-testid=map-note]").textContent = note;
    $("[data-stat=located]").textContent = String(fc.located);
  }

  /** What a reader counts on the map now: cluster numbers plus single markers in view. */
  function visibleMarkerCount() {
    if (!map) return 0;
    let n = 0;
    map.eachLayer((layer) => {
      if (layer instanceof L.MarkerCluster) n += layer.getChildCount();
      else if (layer instanceof L.Marker && layer.options.evId) n += 1;
    });
    return n;
  }

  // ---- timeline ------------------------------------------------------------------------------

  let chart = null;

  function nextPeriod(iso, interval) {
    const d = new Date(iso + "T00:00:00Z");
    if (interval === "week") d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
    return d.toISOString().slice(0, 10);
  }

  /** The non-empty buckets with the empty periods between them, so the time axis is honest;
   * a run of more than MAX_GAP empty periods (a lone event years before the rest) is drawn as
   * one "…" slot. Works whether or not the API lists the empty periods itself. */
  const MAX_GAP = { month: 12, week: 26 };
  function continuous(buckets, interval) {
    const out = [];
    for (const b of buckets.filter((x) => x.total > 0)) {
      if (out.length) {
        const missing = [];
        let p = nextPeriod(out[out.length - 1].period, interval);
        while (p < b.period && missing.length <= MAX_GAP[interval]) {
          missing.push({ period: p, counts: {}, total: 0 });
          p = nextPeriod(p, interval);
        }
        if (missing.length > MAX_GAP[interval]) {
          out.push({ period: "…", gap: true, counts: {}, total: 0 });
        } else if (p !== b.period) {
          return buckets.filter((x) => x.total > 0); // periods that do not line up: as they are
        } else {
          out.push(...missing);
        }
      }
      out.push(b);
    }
    return out;
  }

  function renderTimeline(tl, gen) {
    if (gen !== generation) return;
    const buckets = continuous(tl.buckets || [], tl.interval);
    const labels = buckets.map((b) => b.gap ? "…" : tl.interval === "month" ? b.period.slice(0, 7) : b.period);
    const order = TYPES.map(([t]) => t).filter((t) => (tl.types || []).includes(t))
      .concat((tl.types || []).filter((t) => !TYPE_COLOR[t]));
    const datasets = order.map((t) => ({
      label: t, data: buckets.map((b) => (b.counts || {})[t] || 0),
      backgroundColor: colorOf(t), borderWidth: 0, barPercentage: 1, categoryPercentage: 0.9,
    }));
    const undated = tl.undated ? `, ${tl.undated} undated` : "";
    const total = buckets.reduce((s, b) => s + (b.total || 0), 0);
    $("[data-testid=timeline-note]").textContent = `${total} dated${undated}`;
    if (chart) chart.destroy();
    chart = new Chart($("#timeline"), {
      type: "bar",
      data: { labels, datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 10, font: { size: 10 } } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: 10 } } },
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 9, boxHeight: 9, font: { size: 10 }, padding: 6 } },
          tooltip: { mode: "index", filter: (item) => item.raw > 0 },
        },
      },
    });
  }

  // ---- network -------------------------------------------------------------------------------

  let cy = null;

  function renderNetwork(net, gen) {
    if (gen !== generation) return;
    const box = $("#network");
    const nodes = net.nodes || [], edges = net.edges || [];
    $("[data-testid=network-note]").textContent = `${nodes.length} actors, ${edges.length} links`;
    if (cy) { cy.destroy(); cy = null; }
    box.replaceChildren();
    const used = new Set(edges.map((e) => e.relation));
    $("#network-legend").replaceChildren(...RELATIONS.filter(([k]) => used.has(k)).map(([, label, c]) =>
      el("li", null, el("i", { style: `background:${c}` }), label)));
    if (!nodes.length) {
      box.append(el("div", { class: "empty" }, "No actor pairs in this selection ",
        el("span", { class: "ar", lang: "ar", dir: "rtl" }, "لا توجد علاقات")));
      return;
    }
    const maxEvents = Math.max(1, ...nodes.map((n) => n.events || 0));
    const maxWeight = Math.max(1, ...edges.map((e) => e.weight || 0));
    cy = cytoscape({
      container: box,
      elements: [
        ...nodes.map((n) => ({ data: { id: n.id, label: n.label || n.id, events: n.events || 0, country: n.country || "" } })),
        ...edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, relation: e.relation, weight: e.weight || 1 } })),
      ],
      style: [
        { selector: "node", style: {
          "background-color": "#0f5e74", "label": "data(label)", "font-size": 12, "color": "#1f2430",
          "font-family": "Noto Sans, Noto Naskh Arabic, Noto Sans Arabic, sans-serif",
          "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 110,
          "width": `mapData(events, 0, ${maxEvents}, 14, 38)`, "height": `mapData(events, 0, ${maxEvents}, 14, 38)`,
          "text-background-color": "#fff", "text-background-opacity": 0.7, "text-background-padding": 1,
        } },
        { selector: "edge", style: {
          "width": `mapData(weight, 0, ${maxWeight}, 1, 6)`, "curve-style": "bezier", "opacity": 0.8,
          "line-color": (e) => RELATION_COLOR[e.data("relation")] || "#999",
          "target-arrow-color": (e) => RELATION_COLOR[e.data("relation")] || "#999",
          "target-arrow-shape": "triangle", "arrow-scale": 0.8,
        } },
      ],
      layout: { name: "cose", animate: false, randomize: false, padding: 16, nodeRepulsion: () => 9000 },
      minZoom: 0.2, maxZoom: 4,
    });
    // Labels about 11px on screen whatever zoom the layout needed to fit the box.
    const zoom = cy.zoom();
    if (zoom < 1) {
      cy.style().selector("node").style({ "font-size": 11 / zoom, "text-max-width": 100 / zoom }).update();
    }
    // A node is an actor filter: click it to see only that actor's events everywhere.
    cy.on("tap", "node", (evt) => {
      form.elements.actor.value = evt.target.id();
      refresh();
    });
  }

  // ---- table ---------------------------------------------------------------------------------

  function renderTable(page, gen) {
    if (gen !== generation) return;
    hooks.tableTotal = page.total;
    const rows = (page.events || []).map((ev) => {
      const rep = (ev.reports || [])[0];
      const tr = el("tr", { "data-event": ev.id, "data-testid": "event-row", tabindex: 0 },
        el("td", { class: "date" }, ev.date || "—"),
        el("td", null, typeChip(ev.type), ev.mode ? el("small", { class: "muted" }, ` ${ev.mode}`) : null),
        el("td", null, actorName(ev.source)),
        el("td", null, actorName(ev.target)),
        el("td", null, ev.location ? text(ev.location.name) : "—",
          ev.country ? el("small", { class: "muted" }, ` ${ev.country}`) : null),
        el("td", null, el("span", { class: `fact ${ev.factuality}` }, ev.factuality)),
        el("td", null, rep && rep.trigger ? text(rep.trigger.text) : ""),
        el("td", { class: "num" }, ev.n_sources));
      if (ev.id === state.selected) tr.classList.add("selected");
      tr.addEventListener("click", () => openEvent(ev.id));
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") openEvent(ev.id); });
      return tr;
    });
    const tbody = $("table.events tbody");
    if (rows.length) tbody.replaceChildren(...rows);
    else tbody.replaceChildren(el("tr", null, el("td", { colspan: 8, class: "empty" },
      "No events match these filters ", el("span", { class: "ar", lang: "ar", dir: "rtl" }, "لا توجد أحداث"))));
    const first = page.total ? page.offset + 1 : 0;
    const last = page.offset + (page.events || []).length;
    $("[data-testid=page-info]").textContent = `${first}–${last} of ${page.total}`;
    $("[data-testid=table-note]").textContent = `${page.total} events`;
    $("[data-testid=page-prev]").disabled = page.offset <= 0;
    $("[data-testid=page-next]").disabled = last >= page.total;
    for (const th of document.querySelectorAll("th[data-sort]")) {
      const key = th.dataset.sort;
      th.classList.toggle("sorted", state.sort.replace("-", "") === key);
      th.classList.toggle("asc", state.sort === key);
    }
  }

  async function loadTable() {
    const gen = generation;
    const q = `${hooks.lastQuery}&limit=${PAGE_SIZE}&offset=${state.offset}&sort=${encodeURIComponent(state.sort)}`;
    renderTable(await api(`api/events?${q}`), gen);
  }

  // ---- stats ---------------------------------------------------------------------------------

  function renderStats(s, gen) {
    if (gen !== generation) return;
    $("[data-stat=events]").textContent = String(s.events);
    $("[data-stat=articles]").textContent = String(s.articles);
    $("[data-stat=countries]").textContent = String(Object.keys(s.by_country || {}).length);
    $("[data-stat=range]").textContent = s.first_date ? `${s.first_date} → ${s.last_date}` : "—";
  }

  // ---- evidence panel ------------------------------------------------------------------------

  /** The article as text nodes, the evidence in <mark class=evidence> with the trigger inside.
   * Offsets are code points (Python), so slice an array of code points, not UTF-16 units. */
  function highlighted(source) {
    const chars = Array.from(source.text || "");
    const slice = (a, b) => chars.slice(a, b).join("");
    const span = (s) => s && Number.isInteger(s.start) && Number.isInteger(s.end) &&
      s.start >= 0 && s.end <= chars.length && s.start <= s.end ? s : null;
    const ev = span(source.evidence), tr = span(source.trigger);
    const body = el("div", { class: "article-text", dir: "rtl", lang: "ar", "data-testid": "article-text" });
    if (!ev) { body.append(slice(0, chars.length)); return body; }
    const mark = el("mark", { class: "evidence", "data-testid": "evidence" });
    if (tr && tr.start >= ev.start && tr.end <= ev.end) {
      mark.append(slice(ev.start, tr.start),
        el("mark", { class: "trigger", "data-testid": "trigger" }, slice(tr.start, tr.end)), slice(tr.end, ev.end));
    } else {
      mark.append(slice(ev.start, ev.end));
    }
    body.append(slice(0, ev.start), mark, slice(ev.end, chars.length));
    return body;
  }

  async function openEvent(id) {
    state.selected = id;
    for (const tr of document.querySelectorAll("tr[data-event]")) tr.classList.toggle("selected", tr.dataset.event === id);
    const panel = $("[data-testid=detail]");
    const body = $("[data-testid=detail-body]");
    panel.hidden = false;
    $("main.grid").classList.add("with-detail");
    body.replaceChildren(el("div", { class: "empty" }, "loading…"));
    panel.dataset.event = id;
    panel.dataset.state = "loading";
    let ev;
    try {
      ev = await api(`api/events/${encodeURIComponent(id)}`);
    } catch (err) {
      showError(err);
      body.replaceChildren(el("div", { class: "empty" }, String(err.message)));
      panel.dataset.state = "error";
      return;
    }
    if (state.selected !== id) return;
    const cas = ev.casualties || {};
    const casText = [cas.killed != null ? `${cas.killed} killed` : null, cas.wounded != null ? `${cas.wounded} wounded` : null]
      .filter(Boolean).join(", ");
    const dl = el("dl", null,
      el("dt", null, "Type / النوع"), el("dd", null, typeChip(ev.type), " ",
        el("span", { class: "ar", lang: "ar", dir: "rtl" }, TYPE_AR[ev.type] || ""), ev.mode ? ` · ${ev.mode}` : ""),
      el("dt", null, "Date / التاريخ"), el("dd", null, ev.date || "—"),
      el("dt", null, "Source / المصدر"), el("dd", null, actorName(ev.source)),
      el("dt", null, "Target / الهدف"), el("dd", null, actorName(ev.target)),
      el("dt", null, "Place / المكان"), el("dd", null, ev.location ? text(ev.location.name) : "—", ev.country ? ` (${ev.country})` : ""),
      el("dt", null, "Factuality / الواقعية"), el("dd", null, el("span", { class: `fact ${ev.factuality}` }, ev.factuality)),
      casText ? el("dt", null, "Casualties / الضحايا") : null, casText ? el("dd", null, casText) : null,
      el("dt", null, "Sources / المصادر"), el("dd", null, String(ev.n_sources)));
    const sources = (ev.sources || []).map((s) => el("section", { class: "source", "data-article": s.article },
      el("div", { class: "meta" }, s.outlet || "", s.published ? ` · ${s.published}` : "", " · ",
        s.url && /^https?:\/\//i.test(s.url)
          ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, s.article)
          : s.article),
      highlighted(s)));
    body.replaceChildren(dl, ...sources);
    panel.dataset.state = "ready";
    const first = $("mark.evidence", body);
    if (first) first.scrollIntoView({ block: "center" });
    body.scrollLeft = 0;
  }

  function closeEvent() {
    state.selected = null;
    $("[data-testid=detail]").hidden = true;
    $("main.grid").classList.remove("with-detail");
    for (const tr of document.querySelectorAll("tr.selected")) tr.classList.remove("selected");
  }

  // ---- refresh -------------------------------------------------------------------------------

  function showError(err) {
    hooks.errors.push(String(err.message || err));
    setStatus(String(err.message || err), true);
    console.error("rasd:", err.message || err);
  }

  async function refresh() {
    const gen = ++generation;
    state.offset = 0;
    hooks.busy = true;
    hooks.lastQuery = filterQuery();
    history.replaceState(null, "", `${location.pathname}?${hooks.lastQuery}`);
    setStatus("loading…");
    const q = hooks.lastQuery;
    try {
      await Promise.all([
        api(`api/stats?${q}`).then((s) => renderStats(s, gen)),
        api(`api/places?${q}`).then((fc) => renderPlaces(fc, gen)),
        api(`api/timeline?${q}&interval=${state.interval}`).then((t) => renderTimeline(t, gen)),
        api(`api/network?${q}`).then((n) => renderNetwork(n, gen)),
        loadTable(),
      ]);
      if (gen === generation) { setStatus(""); hooks.refreshes += 1; }
    } catch (err) {
      if (gen === generation) showError(err);
    } finally {
      if (gen === generation) hooks.busy = false;
    }
  }

  async function loadChoices() {
    const [all, actors] = await Promise.all([api("api/stats?factuality=all"), api("api/actors?limit=300")]);
    const country = form.elements.country;
    for (const [code, n] of Object.entries(all.by_country || {}).sort((a, b) => b[1] - a[1])) {
      country.append(el("option", { value: code }, `${code} (${n})`));
    }
    const type = form.elements.type;
    for (const [t, ar] of TYPES) {
      const n = (all.by_type || {})[t] || 0;
      type.append(el("option", { value: t }, `${t} — ${ar}${n ? ` (${n})` : ""}`));
    }
    $("#actor-list").replaceChildren(...(actors.actors || []).map((a) =>
      el("option", { value: a.actor || a.name }, `${a.name} (${a.events})`)));
  }

  const isoDay = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !isNaN(Date.parse(v)) &&
    new Date(v).toISOString().slice(0, 10) === v;

  /** Filters from the address (?country=LBY&type=ASSAULT...), so a view can be shared. */
  function applyAddress() {
    const p = new URLSearchParams(location.search);
    for (const name of ["country", "type", "actor", "since", "until", "factuality"]) {
      const v = p.get(name);
      if (v === null) continue;
      const field = form.elements[name];
      if ((name === "since" || name === "until") && !isoDay(v)) continue;
      // A value the choices lack (a country with no events yet) is still the user's filter.
      if (field.tagName === "SELECT" && v && ![...field.options].some((o) => o.value === v)) {
        field.append(el("option", { value: v }, v));
      }
      field.value = v;
    }
  }

  function wire() {
    form.addEventListener("change", () => refresh());
    form.addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
    form.addEventListener("reset", () => setTimeout(refresh, 0));
    for (const b of document.querySelectorAll("[data-interval]")) {
      b.addEventListener("click", async () => {
        state.interval = b.dataset.interval;
        for (const o of document.querySelectorAll("[data-interval]")) o.classList.toggle("on", o === b);
        const gen = generation;
        try { renderTimeline(await api(`api/timeline?${hooks.lastQuery}&interval=${state.interval}`), gen); }
        catch (err) { showError(err); }
      });
    }
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.addEventListener("click", () => {
        const key = th.dataset.sort;
        // Newest and most-sourced first; types A to Z first; a second click reverses.
        const first = key === "type" ? key : `-${key}`;
        const other = first.startsWith("-") ? key : `-${key}`;
        state.sort = state.sort === first ? other : first;
        state.offset = 0;
        loadTable().catch(showError);
      });
    }
    $("[data-testid=page-prev]").addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - PAGE_SIZE); loadTable().catch(showError);
    });
    $("[data-testid=page-next]").addEventListener("click", () => {
      state.offset += PAGE_SIZE; loadTable().catch(showError);
    });
    $("[data-testid=detail-close]").addEventListener("click", closeEvent);
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeEvent(); });
  }

  hooks.ready = (async () => {
    try {
      applyAddress();
      wire();
      await Promise.all([initMap(), loadChoices()]);
      applyAddress(); // the choices exist now
      await refresh();
    } catch (err) {
      showError(err);
      hooks.busy = false;
      throw err;
    }
  })();
  hooks.ready.catch(() => {}); // reported on the page and the console already
})();
