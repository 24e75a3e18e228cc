// Follows a running import on its status page: polls the JSON status every second, updates the figures,
// and reloads the page once the job has finished so the server renders the result. Without JavaScript
// the page's own refresh link does the same.
(function () {
    const status = document.querySelector('[data-job-status]');
    if (!status || status.dataset.finished === 'true') return;
    const numbers = new Intl.NumberFormat(document.documentElement.lang, { maximumFractionDigits: 0 });
    const field = name => status.querySelector(`[data-field="${name}"]`);

    async function poll() {
        try {
            const response = await fetch(status.dataset.jobStatus, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
            if (response.ok) {
                const job = await response.json();
                if (job.finished) {
                    window.location.reload();
                    return;
                }
                status.dataset.phase = job.phase;
                field('phase').textContent = job.phaseText;
                field('rows').textContent = numbers.format(job.rows);
                field('rate').textContent = numbers.format(job.rowsPerSecond);
            }
        } catch {
            // A failed poll is tried again; the refresh link still works.
        }
        window.setTimeout(poll, 1000);
    }

    window.setTimeout(poll, 1000);
})();
