// The notification bell: the one hand-written script of the web app (WEB.md).
// Live notifications over /ws/notifications/ (session cookie), resumed after any drop so
// nothing is missed or doubled; a toast for each; the unread count; and the live refresh
// contract: every [data-live] element that names the frame's subject gets the htmx event
// "par:refresh" (data-live="task:12", "task:*", "*", or several separated by spaces).
(function () {
  "use strict";
  var bell = document.querySelector("[data-bell]");
  if (!bell || !window.WebSocket) return;

  var storeKey = "par.bell.last." + (bell.getAttribute("data-user") || "");
  var rendered = parseInt(bell.getAttribute("data-newest"), 10) || 0;
  var stored = 0;
  try { stored = parseInt(sessionStorage.getItem(storeKey), 10) || 0; } catch (e) { /* storage off */ }
  // The page was rendered with everything up to data-newest; this tab may have seen more.
  var lastId = Math.max(rendered, stored);
  var seen = {};
  var socket = null, attempt = 0, retryTimer = null, pingTimer = null, pongTimer = null, stopped = false;
  var PING_EVERY = 25000, PONG_WITHIN = 10000, MAX_DELAY = 30000;

  function setState(state) { bell.setAttribute("data-bell-state", state); }

  function remember(id) {
    lastId = Math.max(lastId, id);
    seen[id] = true;
    try { sessionStorage.setItem(storeKey, String(lastId)); } catch (e) { /* storage off */ }
  }

  function setCount(n) {
    var badge = document.getElementById("bell-count");
    if (!badge) return;
    var number = badge.querySelector("[data-bell-count]");
    if (number) number.textContent = String(n);
    badge.hidden = !(n > 0);
  }

  function toast(frame) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var item = document.createElement("div");
    item.className = "toast show";
    item.setAttribute("data-notification", String(frame.id));
    var body = document.createElement("div");
    body.className = "toast-body d-flex gap-2 align-items-start";
    var text = document.createElement("div");
    text.className = "flex-grow-1";
    var title = document.createElement(frame.url ? "a" : "strong");
    if (frame.url) title.href = frame.url;
    title.className = "fw-semibold d-block";
    title.textContent = frame.title || "";
    var detail = document.createElement("div");
    detail.className = "small";
    detail.textContent = frame.body || "";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", bell.getAttribute("data-close-label") || "Close");
    close.addEventListener("click", function () { item.remove(); });
    text.appendChild(title);
    text.appendChild(detail);
    body.appendChild(text);
    body.appendChild(close);
    item.appendChild(body);
    box.appendChild(item);
    while (box.children.length > 4) box.removeChild(box.firstChild);
    setTimeout(function () { item.remove(); }, 10000);
  }

  // Refreshes are gathered and fired once: a resume can bring many frames at once.
  var pending = [], flushTimer = null;
  function matches(spec, frame) {
    return spec.split(/\s+/).some(function (key) {
      return key === "*" || key === frame.subject_type + ":*" || key === frame.subject_type + ":" + frame.subject_id;
    });
  }
  function refreshLive(frame) {
    document.querySelectorAll("[data-live]").forEach(function (el) {
      if (pending.indexOf(el) < 0 && matches(el.getAttribute("data-live") || "", frame)) pending.push(el);
    });
    if (!flushTimer) flushTimer = setTimeout(flush, 150);
  }
  function flush() {
    flushTimer = null;
    var els = pending;
    pending = [];
    if (!window.htmx) return;
    els.forEach(function (el) { if (el.isConnected) window.htmx.trigger(el, "par:refresh"); });
    var menu = document.getElementById("bell-menu");
    if (menu && menu.classList.contains("show")) {
      window.htmx.ajax("GET", bell.querySelector("[hx-get]").getAttribute("hx-get"), { target: menu, swap: "innerHTML" });
    }
  }

  function onFrame(frame) {
    if (frame.type === "notification") {
      if (seen[frame.id] || frame.id <= lastId) return;   // a frame seen before: never twice
      remember(frame.id);
      if (typeof frame.unread_count === "number") setCount(frame.unread_count);
      toast(frame);
      refreshLive(frame);
      document.dispatchEvent(new CustomEvent("par:notification", { detail: frame }));
    } else if (frame.type === "unread_count") {
      setCount(frame.count);
    } else if (frame.type === "pong") {
      clearTimeout(pongTimer);
    }
  }

  function heartbeat() {
    clearInterval(pingTimer);
    pingTimer = setInterval(function () {
      if (!socket || socket.readyState !== WebSocket.OPEN) return;
      socket.send(JSON.stringify({ type: "ping" }));
      clearTimeout(pongTimer);
      // No answer: the connection is dead without having said so (a network drop).
      pongTimer = setTimeout(function () { if (socket) socket.close(); }, PONG_WITHIN);
    }, PING_EVERY);
  }

  function connect() {
    clearTimeout(retryTimer);
    if (stopped || (socket && socket.readyState <= WebSocket.OPEN)) return;
    setState("connecting");
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
      (bell.getAttribute("data-socket") || "/ws/notifications/");
    socket = new WebSocket(url);
    socket.onopen = function () {
      attempt = 0;
      setState("open");
      socket.send(JSON.stringify({ type: "resume", after: lastId }));
      heartbeat();
    };
    socket.onmessage = function (message) {
      var frame;
      try { frame = JSON.parse(message.data); } catch (e) { return; }
      if (frame && typeof frame === "object") onFrame(frame);
    };
    socket.onclose = function (event) {
      clearInterval(pingTimer);
      clearTimeout(pongTimer);
      socket = null;
      if (event.code === 4401) { stopped = true; setState("closed"); return; }  // logged out
      setState("waiting");
      // Exponential back-off with jitter: 1 s, 2 s, 4 s … 30 s.
      var delay = Math.min(MAX_DELAY, 1000 * Math.pow(2, attempt)) * (0.75 + Math.random() * 0.5);
      attempt += 1;
      retryTimer = setTimeout(connect, delay);
    };
  }

  window.addEventListener("online", function () { attempt = 0; connect(); });
  window.addEventListener("pagehide", function () { stopped = true; if (socket) socket.close(); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) { stopped = false; connect(); } });

  // For the browser tests and for anyone debugging: the state, and a way to drop the socket.
  window.parBell = {
    lastId: function () { return lastId; },
    drop: function () { if (socket) socket.close(); }
  };
  connect();
})();
