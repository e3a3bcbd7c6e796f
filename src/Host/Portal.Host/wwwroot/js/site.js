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

// After a failed submit the error summary takes the focus, so a screen reader reads it and the keyboard starts there.
(function () {
    'use strict';
    var summary = document.querySelector('[data-focus-on-load]');
    if (summary) {
        summary.focus();
    }
})();

// A field that depends on another field's value (data-when-field / data-when-in) shows or hides the moment that value
// changes. Without script the server draws the same after "Uložit"; hidden fields are never required by the server.
(function () {
    'use strict';
    var conditionals = Array.prototype.slice.call(document.querySelectorAll('.conditional[data-when-field]'))
        .filter(function (element) { return element.getAttribute('data-when-field') !== ''; });
    if (conditionals.length === 0) {
        return;
    }
    // The values of the field, or null when the field is not on this page (a step before): then the server's drawing
    // stands. A field that is itself hidden counts as empty, so what depends on it hides too (in page order).
    function chosen(form, field) {
        var inputs = form.querySelectorAll('[name="v:' + field + '"]');
        if (inputs.length === 0) {
            return null;
        }
        var values = [];
        Array.prototype.forEach.call(inputs, function (input) {
            if (input.closest('.conditional[hidden]')) {
                return;
            }
            if ((input.type === 'checkbox' || input.type === 'radio') ? input.checked : input.value !== '') {
                values.push(input.value);
            }
        });
        return values;
    }
    function update() {
        conditionals.forEach(function (element) {
            var form = element.closest('form');
            var wanted = (element.getAttribute('data-when-in') || '').split(',');
            var values = form ? chosen(form, element.getAttribute('data-when-field')) : null;
            if (values !== null) {
                element.hidden = !values.some(function (v) { return wanted.indexOf(v) >= 0; });
            }
        });
    }
    document.addEventListener('change', update);
    update();
})();

// A link in an error summary moves the focus into the field it names (not only the scroll position).
(function () {
    'use strict';
    document.addEventListener('click', function (event) {
        var link = event.target.closest && event.target.closest('.error-summary a[href^="#"]');
        var target = link && document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
        if (target) {
            var field = target.matches('input, select, textarea, button') ? target : target.querySelector('input, select, textarea');
            if (field) {
                event.preventDefault();
                field.focus();
                field.scrollIntoView({ block: 'center' });
            }
        }
    });
})();

// A page opened at a repeated item (after "Přidat další") puts the focus into that item's first field, so the keyboard
// and a screen reader continue there, not at the top of the page.
(function () {
    'use strict';
    if (!location.hash || document.querySelector('[data-focus-on-load]')) {
        return;
    }
    var item = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (item && item.hasAttribute('data-item')) {
        // After the browser's own scroll to the fragment (which would take the focus back to the page).
        window.addEventListener('load', function () {
            setTimeout(function () {
                var field = item.querySelector('input:not([type=hidden]), select, textarea');
                if (field) {
                    field.focus();
                }
                item.scrollIntoView({ block: 'start' });
            }, 0);
        });
    }
})();
