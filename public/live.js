// Optional: shows times as "5 minutes ago" and reloads the page when newer data is published.
// Everything reads correctly without it.
(() => {
  const units = [
    ['year', 31536e6],
    ['month', 2592e6],
    ['week', 6048e5],
    ['day', 864e5],
    ['hour', 36e5],
    ['minute', 6e4],
  ];
  // "2 days ago", never "yesterday": the age is elapsed time, not a count of calendar days.
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
  const relative = (ms) => {
    // Rounded: 47 hours is "2 days ago", 13 days "2 weeks ago".
    for (const [unit, size] of units) if (Math.abs(ms) >= size) return rtf.format(-Math.round(ms / size), unit);
    return 'just now';
  };
  const refresh = () => {
    for (const el of document.querySelectorAll('time[data-relative]')) {
      const age = Date.now() - Date.parse(el.dateTime);
      // A clock behind the page's own would say "in 5 minutes": the absolute time is clearer then.
      if (age < 0) continue;
      if (!el.title) {
        el.title = el.textContent;
        // Keep the box the absolute time took, so that nothing after it moves (no layout shift).
        el.style.minWidth = `${el.getBoundingClientRect().width}px`;
      }
      el.textContent = relative(age);
    }
  };
  refresh();
  setInterval(refresh, 30e3);

  const root = document.documentElement;
  const published = root.dataset.updated;
  const source = root.dataset.status;
  if (!published || !source) return;
  const poll = async () => {
    if (document.hidden) return;
    try {
      const response = await fetch(source, { cache: 'no-store' });
      if (!response.ok) return;
      const updated = (await response.json())?.page?.updated_at;
      if (updated && Date.parse(updated) !== Date.parse(published)) location.reload();
    } catch {
      // Offline or not deployed yet: keep showing what we have.
    }
  };
  setInterval(poll, 60e3);
})();
