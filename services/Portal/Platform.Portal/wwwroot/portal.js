// The portal's grid keys, in the browser (with or without WebAssembly): as in a spreadsheet, ArrowUp/ArrowDown and Enter
// move to the same column of the previous/next row (Enter never submits the form), Tab moves along the row (the browser's
// own order); a block pasted from Excel or WPS (tab-separated columns, one line per row) fills the cells from the one
// pasted into, rightwards and downwards, skipping computed cells. Each filled cell fires an "input" event, so the live
// check sees it exactly as typing.
// Hand-written on purpose: the grid libraries served here (QuickGrid and others) show data; none moves focus or spreads a
// pasted block over plain form inputs without taking the rendering over, and the form must work without script too.
(() => {
  'use strict';
  // The table's figure rows only: a row finding or a reviewer's comment is a row of its own under its row, not a line of figures.
  const gridInputs = table => Array.from(table.querySelectorAll('tbody tr:not(.row-finding):not(.row-comment)')).map(row => Array.from(row.querySelectorAll('td')));

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
    // A new line's code offers the year's items (a datalist): its arrow keys move through the suggestions; Enter still
    // never submits the form from inside the grid.
    if (input.list) {
      if (event.key === 'Enter') event.preventDefault();
      return;
    }
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

  // Unsaved input kept per person, return and revision in this tab (see ReturnGrid): entries of other
  // revisions of the same return are stale once the page shows a newer one.
  const dropKept = (prefix, keep) => {
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
      const key = sessionStorage.key(i);
      if (key && key.startsWith(prefix) && key !== keep) sessionStorage.removeItem(key);
    }
  };
  // The revision the page's form saves on top of: the one it was loaded with, or the one a draft saved by itself returned.
  const revisionInput = () => document.querySelector('form.grid-form input[name=revision]');
  // Keeps a typed value under the return and the revision the page stands on now (it moves on when a draft saves itself).
  const keep = (prefix, cell, value) => {
    const revision = revisionInput();
    const key = prefix + (revision ? revision.value : '');
    const kept = JSON.parse(sessionStorage.getItem(key) || '{}');
    kept[cell] = value;
    sessionStorage.setItem(key, JSON.stringify(kept));
  };
  window.platformPortal = { dropStale: dropKept };
  // A value typed into a live grid (its table names the person and the return in data-kept) is kept at once, here rather
  // than by a call from the grid's WebAssembly: that call cost the grid a second render on every keystroke.
  document.addEventListener('input', event => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.name.startsWith('c:')) return;
    const table = input.closest('table.grid[data-kept]');
    if (table) keep(table.dataset.kept, input.name.slice(2), input.value.trim());
  });
  // The explanations typed in the 提示说明 boxes (the page's plain form, outside the grid) are kept the same way, under
  // their field name ("x:" and the row they explain), and put back when the page is opened again on the same revision —
  // after a dropped connection or an expired session, as the grid does for its cells.
  const explanationBox = target => target instanceof HTMLTextAreaElement && target.name.startsWith('x:') && target.closest('form.grid-form');
  document.addEventListener('input', event => {
    const table = document.querySelector('table.grid[data-kept]');
    if (explanationBox(event.target) && table) keep(table.dataset.kept, event.target.name, event.target.value.trim());
  });
  const restoreExplanations = () => {
    const table = document.querySelector('table.grid[data-kept]');
    const revision = revisionInput();
    if (!table || !revision) return;
    let restored = 0;
    for (const [name, value] of Object.entries(JSON.parse(sessionStorage.getItem(table.dataset.kept + revision.value) || '{}'))) {
      const box = name.startsWith('x:') ? document.querySelector(`form.grid-form textarea[name="${CSS.escape(name)}"]`) : null;
      if (box && box.value.trim() !== value) { box.value = value; restored++; }
    }
    if (restored > 0) status(`已恢复您在本浏览器中尚未保存的 ${restored} 处说明，请核对后保存`);
  };
  // Signing out forgets every unsaved input this tab kept.
  document.addEventListener('submit', event => {
    if (event.target instanceof HTMLFormElement && event.target.getAttribute('action') === '/portal/signout') dropKept('platform.portal.unsaved:', null);
  });

  // Hand-written too: the plain form (explanation boxes, the revision field) lies outside the WebAssembly grid and must
  // save whether or not WebAssembly started; Blazor offers no autosave of a server-rendered form.
  // Drafts save themselves: a few seconds after typing stops, the grid's form is posted to the page's draft address
  // (data-autosave) with the revision it stands on; the answer's revision becomes the form's, and what was sent becomes what
  // the page was "loaded with" (o:, ox:), so the page's own save then sends only what changed after. Offline, nothing is
  // sent (input stays in the tab) and the save runs when the connection is back. A conflict or a refusal is said in the
  // status line and left for the clerk's own save, which shows who changed what.
  const AutosaveDelay = 3000;
  let timer = null, inflight = null;
  const status = text => {
    const s = document.querySelector('form.grid-form .autosave');
    if (s) s.textContent = text;
    // The page's notice said what an earlier action did ("草稿已保存"); beside a newer word on the draft it would contradict it.
    document.querySelectorAll('main > p.notice[role=status]').forEach(n => n.remove());
  };
  const autosave = form => {
    timer = null;
    // One draft at a time: a second sent on the same revision would come back as a conflict with the first.
    if (inflight) { inflight.finally(() => schedule(form)); return; }
    const run = saveDraft(form);
    inflight = run;
    run.finally(() => { if (inflight === run) inflight = null; });
  };
  const saveDraft = async form => {
    if (!navigator.onLine) { status('网络已断开：输入保存在本浏览器中，连接恢复后自动保存'); return false; }
    const data = new FormData(form);
    data.delete('action');
    const sentRevision = data.get('revision');
    try {
      const response = await fetch(form.dataset.autosave, { method: 'POST', body: data, credentials: 'same-origin', redirect: 'manual', headers: { Accept: 'application/json' } });
      if (response.type === 'opaqueredirect' || response.status === 401) { status('登录已过期：输入保存在本浏览器中，点击“保存草稿”重新登录后保存'); return false; }
      const json = (response.headers.get('content-type') || '').includes('application/json');
      const answer = json ? await response.json() : {};
      if (!response.ok || !json) {
        status(answer.message || (response.status === 403 ? '您无权修改本报表，未自动保存' : '服务暂时不可用，未自动保存；请点击“保存草稿”'));
        return false;
      }
      // Every form of the page that saves on top of a revision (the grid's, the workbook upload's) moves on with it.
      document.querySelectorAll('input[type=hidden][name=revision]').forEach(input => { if (input.value === sentRevision) input.value = String(answer.revision); });
      document.querySelectorAll('[data-revision-number]').forEach(n => { n.textContent = String(answer.revision); });
      for (const [name, value] of data.entries()) {
        const stored = name.startsWith('c:') ? 'o:' + name.slice(2) : name.startsWith('x:') ? 'o' + name : null;
        const original = stored ? form.querySelector(`input[type=hidden][name="${CSS.escape(stored)}"]`) : null;
        if (original) original.value = String(value).trim();
      }
      // What was kept in this tab for this return is saved now, except what was typed while the draft was on its way.
      const suffix = `:${form.dataset.unit}:${form.dataset.year}:${sentRevision}`;
      for (let i = sessionStorage.length - 1; i >= 0; i--) {
        const key = sessionStorage.key(i);
        if (!key || !key.startsWith('platform.portal.unsaved:') || !key.endsWith(suffix)) continue;
        const unsaved = {};
        const kept = JSON.parse(sessionStorage.getItem(key) || '{}');
        for (const [cell, value] of Object.entries(kept)) if (String(data.get(cell.startsWith('x:') ? cell : 'c:' + cell) ?? '').trim() !== value) unsaved[cell] = value;
        sessionStorage.removeItem(key);
        if (Object.keys(unsaved).length > 0) sessionStorage.setItem(key.slice(0, -sentRevision.length) + answer.revision, JSON.stringify(unsaved));
      }
      if (answer.saved > 0) status('已自动保存（' + new Date().toLocaleTimeString('zh-CN', { hour12: false }) + '）');
      return true;
    } catch {
      status('网络已断开：输入保存在本浏览器中，连接恢复后自动保存');
      return false;
    }
  };
  const schedule = form => { clearTimeout(timer); timer = setTimeout(() => autosave(form), AutosaveDelay); };
  document.addEventListener('input', event => {
    const form = event.target instanceof Element ? event.target.closest('form.grid-form[data-autosave]') : null;
    if (form) schedule(form);
  });
  window.addEventListener('online', () => {
    const form = document.querySelector('form.grid-form[data-autosave]');
    if (form) schedule(form);
  });
  // Leaving by one of the page's links (another table, the audit trail) while a draft waits to save itself: saved first,
  // then followed. Kept in the tab only, the input stood under a revision that the next table's own save made stale, and
  // was gone when the clerk came back. A draft that does not save keeps the clerk here, with the status line saying why.
  document.addEventListener('click', event => {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    const form = document.querySelector('form.grid-form[data-autosave]');
    if (!link || !form || (timer === null && !inflight) || event.defaultPrevented || event.button !== 0
        || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || link.target) return;
    const to = new URL(link.href, location.href);
    if (to.origin !== location.origin || (to.pathname === location.pathname && to.search === location.search)) return;
    event.preventDefault();
    const pending = timer !== null;
    clearTimeout(timer);
    timer = null;
    const run = (inflight || Promise.resolve(true)).then(ok => (pending ? saveDraft(form) : ok));
    inflight = run;
    run.then(ok => { if (inflight === run) inflight = null; if (ok) location.href = to.href; });
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', restoreExplanations); else restoreExplanations();
  // The page's own save waits for a draft on its way (so it stands on the revision that draft returns) and cancels one pending.
  document.addEventListener('submit', event => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('form.grid-form[data-autosave]')) return;
    clearTimeout(timer);
    timer = null;
    if (inflight) {
      event.preventDefault();
      const submitter = event.submitter;
      inflight.finally(() => setTimeout(() => form.requestSubmit(submitter), 0));
    }
  }, true);

  // A form is sent once: a second click while the first submission is on its way is ignored (two fast clicks on
  // 保存并报送 sent two requests). Left to the other handlers first (a draft on its way defers the submission, above); the
  // mark lapses after a while, for a submission that leaves the page where it is (a download).
  document.addEventListener('submit', event => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (form.dataset.sending === '1') { event.preventDefault(); return; }
    form.dataset.sending = '1';
    setTimeout(() => { delete form.dataset.sending; }, 15000);
  });

  // Back to a page the browser kept whole (back/forward cache): it shows the state before what was done since — a form
  // submitted already offered 保存并报送 again. The page is asked for anew instead.
  window.addEventListener('pageshow', event => { if (event.persisted) location.reload(); });

  // A refused save's summary (role=alert, class=problem) takes the focus, so a keyboard or screen-reader user starts there
  // rather than at the top of the page; its links lead to each field.
  const focusProblem = () => {
    const problem = document.querySelector('main [role=alert].problem');
    if (!problem) return;
    if (!problem.hasAttribute('tabindex')) problem.setAttribute('tabindex', '-1');
    problem.focus();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', focusProblem); else focusProblem();

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
