// The portal's grid keys, in the browser (with or without WebAssembly): as in a spreadsheet, ArrowUp/ArrowDown and Enter
// move to the same column of the previous/next row (Enter never submits the form), Tab moves along the row (the browser's
// own order); a block pasted from Excel or WPS (tab-separated columns, one line per row) fills the cells from the one
// pasted into, rightwards and downwards, skipping computed cells. Each filled cell fires an "input" event, so the live
// check sees it exactly as typing.
// Hand-written on purpose: the grid libraries served here (QuickGrid and others) show data; none moves focus or spreads a
// pasted block over plain form inputs without taking the rendering over, and the form must work without script too.
(() => {
  'use strict';
  const gridInputs = table => Array.from(table.querySelectorAll('tbody tr')).map(row => Array.from(row.querySelectorAll('td')));

  const position = input => {
    const td = input.closest('td');
    const table = input.closest('table.grid');
    if (!td || !table) return null;
    const rows = gridInputs(table);
    for (let r = 0; r < rows.length; r++) {
      const c = rows[r].indexOf(td);
      if (c >= 0) return { table, rows, r, c };
    }
    return null;
  };

  const inputAt = (rows, r, c) => rows[r] && rows[r][c] ? rows[r][c].querySelector('input:not([type=hidden])') : null;

  const move = (input, step) => {
    const at = position(input);
    if (!at) return false;
    for (let r = at.r + step; r >= 0 && r < at.rows.length; r += step) {
      const next = inputAt(at.rows, r, at.c);
      if (next) { next.focus(); next.select(); return true; }
    }
    return false;
  };

  document.addEventListener('keydown', event => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest('table.grid') || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      move(input, event.shiftKey && event.key === 'Enter' ? -1 : 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(input, -1);
    }
  });

  // A grid rendered by the server that the browser is about to take over (WebAssembly starting): what is typed before it
  // starts would be replaced by the browser's rendering, so its cells wait, read-only, until then — or, should the
  // browser's part never start, for at most 20 seconds, after which the plain form works as it does without script.
  const pending = () => document.querySelectorAll('table.grid[data-live="pending"] input:not([type=hidden])');
  const hold = () => pending().forEach(input => { input.readOnly = true; input.setAttribute('aria-busy', 'true'); });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', hold); else hold();
  setTimeout(() => pending().forEach(input => { input.readOnly = false; input.removeAttribute('aria-busy'); }), 20000);

  // Unsaved input kept per person, return and revision in this tab (the grid keeps it; see ReturnGrid): entries of other
  // revisions of the same return are stale once the page shows a newer one.
  const dropKept = (prefix, keep) => {
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
      const key = sessionStorage.key(i);
      if (key && key.startsWith(prefix) && key !== keep) sessionStorage.removeItem(key);
    }
  };
  window.platformPortal = { dropStale: dropKept };
  // Signing out forgets every unsaved input this tab kept.
  document.addEventListener('submit', event => {
    if (event.target instanceof HTMLFormElement && event.target.getAttribute('action') === '/portal/signout') dropKept('platform.portal.unsaved:', null);
  });

  document.addEventListener('paste', event => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest('table.grid')) return;
    const text = (event.clipboardData || window.clipboardData).getData('text');
    if (!text || (!text.includes('\t') && !text.includes('\n'))) return;  // one value: the browser's own paste
    event.preventDefault();
    const at = position(input);
    if (!at) return;
    const lines = text.replace(/\r/g, '').replace(/\n$/, '').split('\n');
    lines.forEach((line, i) => {
      let c = at.c;
      line.split('\t').forEach(value => {
        let target = inputAt(at.rows, at.r + i, c);
        while (!target && at.rows[at.r + i] && c < at.rows[at.r + i].length) target = inputAt(at.rows, at.r + i, ++c);
        if (target) {
          // Spreadsheets copy "1,234.50" and "¥1,234.50": the figures without grouping and currency signs.
          target.value = value.trim().replace(/[,，¥￥\s]/g, '');
          target.dispatchEvent(new Event('input', { bubbles: true }));
        }
        c++;
      });
    });
  });
})();
