// Progress that updates itself without reloading the page: a region marked data-live-refresh="seconds" is fetched
// again from the same address and replaced in place (its aria-live announces the change politely); it stops when
// the fresh page no longer marks the region. Without script the region's "Obnovit" link does the same by hand.
(function () {
    'use strict';
    document.querySelectorAll('[data-live-refresh][id]').forEach(function (region) {
        var seconds = Math.max(1, parseInt(region.getAttribute('data-live-refresh'), 10) || 2);
        function tick() {
            fetch(window.location.href, { credentials: 'same-origin', headers: { 'X-Live-Refresh': '1' } })
                .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
                .then(function (html) {
                    var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById(region.id);
                    if (!fresh) {
                        return;
                    }
                    region.innerHTML = fresh.innerHTML;
                    if (fresh.hasAttribute('data-live-refresh')) {
                        setTimeout(tick, seconds * 1000);
                    } else {
                        region.removeAttribute('data-live-refresh');
                        region.setAttribute('aria-busy', 'false');
                    }
                })
                .catch(function () { setTimeout(tick, seconds * 4000); });
        }
        setTimeout(tick, seconds * 1000);
    });
})();
