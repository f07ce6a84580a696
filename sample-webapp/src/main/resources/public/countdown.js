// Counts down every <span class="countdown" data-seconds="N">. The server sends the seconds left
// by its own clock, so the browser's clock does not matter. With data-reload, the page reloads
// once the token has expired: the next call makes the SDK renew it, and the page shows that.
document.querySelectorAll('.countdown').forEach(function (el) {
  var left = parseInt(el.dataset.seconds, 10);
  var started = Date.now();
  var timer = setInterval(function () {
    var now = Math.max(0, left - Math.floor((Date.now() - started) / 1000));
    el.textContent = now > 0 ? now + ' s' : 'now (expired)';
    if (now === 0) {
      clearInterval(timer);
      if (el.dataset.reload === 'true') {
        setTimeout(function () { location.reload(); }, 1500);
      }
    }
  }, 1000);
});
