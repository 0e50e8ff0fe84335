// statuspress: optional progressive enhancement; the pages work without it.
// 1. <time datetime="...Z" data-sp-clock="24h|12h"> texts (written in UTC at build time, as
//    "28 Nov 2026, 20:06 UTC") are shown in the reader's time zone in the same format and clock
//    ("28 Nov 2026, 21:06 CET"); the UTC original stays in the title attribute. Dates without a
//    time of day are left as written.
// 2. <time data-sp-ago> shows "12 minutes ago" and refreshes every minute.
(function () {
  "use strict";

  var FULL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function zone(date) {
    try {
      var parts = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" }).formatToParts(date);
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].type === "timeZoneName") return parts[i].value;
      }
    } catch (e) { /* no Intl: keep the UTC text */ }
    return null;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The build's format (clock.human_time), in the reader's zone.
  function format(date, clock) {
    var name = zone(date);
    if (!name) return null;
    var h = date.getHours();
    var time = clock === "12h"
      ? (h % 12 || 12) + ":" + pad(date.getMinutes()) + " " + (h < 12 ? "AM" : "PM")
      : pad(h) + ":" + pad(date.getMinutes());
    return date.getDate() + " " + MONTHS[date.getMonth()] + " " + date.getFullYear() + ", " + time + " " + name;
  }

  function ago(date, now) {
    var seconds = Math.round((now - date) / 1000);
    var future = seconds < 0;
    var s = Math.abs(seconds);
    var units = [["day", 86400], ["hour", 3600], ["minute", 60]];
    for (var i = 0; i < units.length; i++) {
      var n = Math.floor(s / units[i][1]);
      if (n >= 1) {
        if (typeof Intl !== "undefined" && Intl.RelativeTimeFormat) {
          return new Intl.RelativeTimeFormat(undefined, { numeric: "auto" })
            .format(future ? n : -n, units[i][0]);
        }
        var word = n + " " + units[i][0] + (n === 1 ? "" : "s");
        return future ? "in " + word : word + " ago";
      }
    }
    return "just now";
  }

  function localise(root) {
    var times = root.querySelectorAll("time[datetime][data-sp-clock]");
    for (var i = 0; i < times.length; i++) {
      var el = times[i];
      var value = el.getAttribute("datetime");
      if (!FULL.test(value) || el.hasAttribute("data-sp-done")) continue;
      var date = new Date(value);
      if (isNaN(date.getTime())) continue;
      if (!el.title) el.title = el.textContent;
      el.setAttribute("data-sp-done", "");
      if (el.hasAttribute("data-sp-ago")) continue;
      var text = format(date, el.getAttribute("data-sp-clock"));
      if (text) el.textContent = text;
    }
  }

  function refresh(root) {
    var now = Date.now();
    var times = root.querySelectorAll("time[data-sp-ago][data-sp-clock][datetime]");
    for (var i = 0; i < times.length; i++) {
      var date = new Date(times[i].getAttribute("datetime"));
      if (isNaN(date.getTime())) continue;
      var text = format(date, times[i].getAttribute("data-sp-clock")) || times[i].title;
      // A clock behind the build time would say "in 3 minutes": show the time alone then.
      times[i].textContent = date <= now ? text + " (" + ago(date, now) + ")" : text;
    }
  }

  var timer = null;
  function run() {
    localise(document);
    refresh(document);
    if (timer === null) timer = window.setInterval(function () { refresh(document); }, 60000);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(run);  // mkdocs-material, also with instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
