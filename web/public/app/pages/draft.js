// A draft: its text with every finding highlighted in place, the findings grouped by category
// and severity (click one to scroll to it in the text, and the reverse), the three reviews,
// versions and their diff, decisions on findings, and comments.
import {api} from '../api.js';
import {askDialog, formatTime, h, notice, replace} from '../dom.js';
import {CATEGORIES, SEVERITIES, STAGES, STATUSES, categoryName, categoryRank, severityName,
        severityRank, statusName} from '../labels.js';
import {csvLink, openCounts, pager, severityBadge, stageBadge} from '../widgets.js';
import {renderDiff} from './diff.js';
import {sourcePicker} from './source.js';

const FINDINGS_PER_PAGE = 200;
const REVIEW_STAGES = ['review1', 'review2', 'review3'];

export async function renderDraft(main, {user, params, query}) {
  const id = Number(params[0]);
  const view = {
    draft: await api('GET', `/api/drafts/${id}`),
    version: Number(query.get('v')) || 0,     // 0: the current version
    findingFilter: {severity: '', category: '', status: ''},
    findingPage: 1,
    findings: null,                            // the current page of findings
    selected: Number(query.get('finding')) || 0,
    tab: 'findings',
    compare: null,                             // [a, b] while a diff is shown
  };
  const ui = {
    head: h('div', {class: 'draft-head'}),
    docTools: h('div', {class: 'doc-tools'}),
    doc: h('div', {class: 'doc-text', 'data-testid': 'doc-text', lang: 'zh-CN'}),
    side: h('aside', {class: 'side-pane'}),
    marks: new Map(),   // finding id -> its first <mark> in the text
    items: new Map(),   // finding id -> its list item
  };
  // The draft page fills the window; only the text and the side pane scroll.
  main.classList.add('page-draft');
  replace(main, ui.head,
          h('div', {class: 'draft-body'},
            h('section', {class: 'doc-pane'}, ui.docTools, ui.doc), ui.side));

  const currentVersion = () => view.version || view.draft.version;
  const isCurrent = () => currentVersion() === view.draft.version;

  async function reloadDraft(detail) {
    view.draft = detail || await api('GET', `/api/drafts/${id}`);
    if (view.version > view.draft.version) view.version = 0;
    drawHead();
    await loadVersion();
  }

  // ---- header: title, stage progress, actions ----
  function drawHead() {
    const d = view.draft;
    const signed = new Map();
    for (const s of d.signatures || []) if (!s.void) signed.set(s.stage, s);
    const steps = STAGES.map(([stage, name]) => {
      const s = signed.get(stage);
      const order = STAGES.findIndex(([x]) => x === d.stage);
      const mine = STAGES.findIndex(([x]) => x === stage);
      const cls = stage === d.stage ? 'step current' : mine < order ? 'step done' : 'step';
      return h('li', {class: cls, 'data-stage': stage},
        h('span', {class: 'step-name'}, name),
        s ? h('span', {class: 'step-who'}, `${s.user} · 第${s.version}版`) : null);
    });
    replace(ui.head,
      h('div', {class: 'draft-title-row'},
        h('h1', {'data-testid': 'draft-title'}, d.title),
        stageBadge(d)),
      h('div', {class: 'draft-meta'},
        `${d.unit ? d.unit.name : ''} · 编辑 ${d.editor ? d.editor.display_name : ''} · 当前第${d.version}版 · `,
        openCounts(d.open)),
      d.returned && d.stage === 'draft' ? h('div', {class: 'returned-banner', role: 'alert', 'data-testid': 'returned-banner'},
        h('strong', null, '已退回修改：'), d.returned.comment,
        h('span', {class: 'muted'}, ` —— ${d.returned.by}，${formatTime(d.returned.at)}`)) : null,
      h('ol', {class: 'stages'}, steps),
      actionBar());
  }

  function actionBar() {
    const d = view.draft;
    const can = d.can || {};
    const message = h('div', {class: 'action-message'});
    const run = async (fn) => {
      replace(message);
      try {
        const detail = await fn();
        if (detail !== undefined) await reloadDraft(detail);
      } catch (e) {
        replace(message, notice('error', e.message));
        if (e.status === 409) {
          // Someone changed the draft meanwhile: show what is there now, keep the message.
          view.draft = await api('GET', `/api/drafts/${id}`);
          view.version = 0;
          drawHead();
          await loadVersion();
          ui.head.querySelector('.action-message').append(notice('error', e.message));
        }
      }
    };
    const buttons = [];
    if (can.submit) {
      buttons.push(h('button', {class: 'btn btn-primary', type: 'button', 'data-action': 'submit',
        onclick: () => run(() => api('POST', `/api/drafts/${id}/submit`, {json: {}}))}, '提交初审'));
    }
    if (can.sign) {
      const stageLabel = d.stage_name || d.stage;
      buttons.push(h('button', {class: 'btn btn-primary', type: 'button', 'data-action': 'sign',
        onclick: () => run(async () => {
          const final = d.stage === 'review3';
          const open = d.open || {};
          const values = await askDialog({
            title: `签署${stageLabel}`,
            text: `您将以本人名义签署第${d.version}版的${stageLabel}。` +
                  (final ? '终审通过后稿件即可发布，请再次输入密码确认。' : '签署后稿件进入下一审。') +
                  (final && open.critical ? `注意：尚有 ${open.critical} 个严重问题未处理，终审不能通过。` : ''),
            fields: final ? [{name: 'password', label: '密码', type: 'password', required: true}] : [],
            confirm: `签署${stageLabel}`,
          });
          if (!values) return undefined;
          return api('POST', `/api/drafts/${id}/sign`,
                     {json: final ? {version: d.version, password: values.password} : {version: d.version}});
        })}, `签署${stageLabel}`));
    }
    if (can.send_back) {
      buttons.push(h('button', {class: 'btn btn-danger', type: 'button', 'data-action': 'send-back',
        onclick: () => run(async () => {
          const values = await askDialog({
            title: '退回修改', text: '稿件将退回编辑，已有签署作废，修改后从初审重新开始。',
            fields: [{name: 'comment', label: '退回原因', type: 'textarea', required: true}],
            confirm: '退回', danger: true});
          if (!values) return undefined;
          return api('POST', `/api/drafts/${id}/send-back`, {json: {version: d.version, comment: values.comment}});
        })}, '退回修改'));
    }
    if (can.new_version) {
      buttons.push(h('button', {class: 'btn', type: 'button', 'data-action': 'new-version',
        onclick: () => run(() => newVersionDialog())}, '上传新版本'));
    }
    if (can.publish) {
      buttons.push(h('button', {class: 'btn', type: 'button', 'data-action': 'publish',
        onclick: () => run(async () => {
          const ok = await askDialog({title: '标记已发布', text: '确认该稿件已在网站发布？', confirm: '已发布'});
          return ok ? api('POST', `/api/drafts/${id}/publish`, {json: {}}) : undefined;
        })}, '标记已发布'));
    }
    if (!can.sign) buttons.push(h('span', {class: 'muted', 'data-testid': 'waiting-for'}, waitingText(d)));
    return h('div', {class: 'actions'}, buttons, message);
  }

  function waitingText(d) {
    if (d.stage === 'published') return '已发布。';
    if (d.stage === 'approved') return '终审已通过，等待发布。';
    if (d.stage === 'draft') return '草稿，等待编辑提交。';
    if (user.role === 'admin') return `等待${d.stage_name}。`;
    // Voided signatures count too (docs/api.md): one person never signs two stages of a draft.
    const mine = (d.signatures || []).find((s) => s.user === (user.display_name || user.username) &&
                                                  s.stage !== d.stage);
    if (mine) {
      return `等待${d.stage_name}。您已签署过本稿件的${mine.stage_name || mine.stage}，同一人不能签署两个阶段。`;
    }
    return `等待${d.stage_name}。`;
  }

  function newVersionDialog() {
    return new Promise((resolve) => {
      const picker = sourcePicker();
      const error = h('div', {class: 'dialog-error', role: 'alert'});
      const button = h('button', {type: 'submit', class: 'btn btn-primary'}, '上传并检查');
      const form = h('form', {class: 'dialog-form dialog-wide'},
        h('h2', null, '上传新版本'),
        h('p', null, '新版本会重新检查；已有的签署作废，稿件回到初审。'),
        picker.element, error,
        h('div', {class: 'dialog-buttons'},
          h('button', {type: 'button', class: 'btn', onclick: () => { close(); resolve(undefined); }}, '取消'),
          button));
      const dialog = h('dialog', {class: 'dialog'}, form);
      const close = () => { dialog.close(); dialog.remove(); };
      dialog.addEventListener('cancel', (ev) => { ev.preventDefault(); close(); resolve(undefined); });
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        button.disabled = true;
        try {
          const src = await picker.read();
          const detail = await api('POST', `/api/drafts/${id}/versions`, src);
          close();
          view.version = 0;
          resolve(detail);
        } catch (e) {
          // A file the server cannot read, or one too large: say so and let the editor retry.
          error.textContent = e.message;
        } finally {
          button.disabled = false;
        }
      });
      document.body.append(dialog);
      dialog.showModal();
    });
  }

  // ---- the text of one version with its findings marked ----
  async function loadVersion() {
    view.compare = null;
    const n = currentVersion();
    const [version] = await Promise.all([
      api('GET', `/api/drafts/${id}/versions/${n}`),
      loadFindings(),
    ]);
    view.text = version.text || '';
    drawDocTools(version);
    drawText();
    ui.doc.dataset.version = String(n);  // which version the text pane shows (for tests)
    drawSide();
    if (view.selected) select(view.selected, {scrollText: true, scrollList: true});
  }

  // The list pane shows a page of findings; the text marks every one of them (marks: where
  // each is, without the rest).
  async function loadFindings() {
    const base = `/api/drafts/${id}/versions/${currentVersion()}`;
    [view.findings, view.marks] = await Promise.all([
      api('GET', `${base}/findings`,
          {query: {...view.findingFilter, page: view.findingPage, per_page: FINDINGS_PER_PAGE}}),
      api('GET', `${base}/marks`, {query: view.findingFilter}),
    ]);
  }

  function drawDocTools(version) {
    const d = view.draft;
    const versionSelect = h('select', {name: 'version', 'aria-label': '查看版本'},
      (d.versions || []).map((v) => h('option', {value: String(v.number), selected: v.number === currentVersion()},
        `第${v.number}版${v.number === d.version ? '（当前）' : ''}`)));
    versionSelect.addEventListener('change', async () => {
      view.version = Number(versionSelect.value);
      view.findingPage = 1;
      view.selected = 0;
      await loadVersion();
    });
    replace(ui.docTools,
      h('label', {class: 'inline'}, '正文 ', versionSelect),
      h('span', {class: 'muted'}, [version.filename || '', version.format ? `（${version.format}）` : '',
        version.author ? ` · ${version.author}` : '', version.created_at ? ` · ${formatTime(version.created_at)}` : ''].join('')),
      h('span', {class: 'legend'}, SEVERITIES.map(([s, name]) => h('span', {class: `legend-item hl sev-${s}`}, name))));
  }

  function drawText() {
    ui.marks.clear();
    const items = view.marks ? view.marks.items : [];
    replace(ui.doc, ...markText(view.text, items, ui.marks));
    if (!view.text) ui.doc.append(h('p', {class: 'muted'}, '（此版本没有正文）'));
  }

  // ---- side pane: findings, versions, comments, history ----
  function drawSide() {
    const tabs = [['findings', `问题 ${view.findings ? view.findings.total : ''}`], ['versions', '版本'],
                  ['comments', '评论'], ['history', '签署与处理记录']];
    const body = h('div', {class: 'side-body'});
    const bar = h('div', {class: 'tabs', role: 'tablist'}, tabs.map(([t, label]) =>
      h('button', {type: 'button', role: 'tab', class: t === view.tab ? 'tab active' : 'tab', 'data-tab': t,
                   onclick: () => { view.tab = t; drawSide(); }}, label)));
    replace(ui.side, bar, body);
    const draw = {findings: drawFindings, versions: drawVersions, comments: drawComments, history: drawHistory}[view.tab];
    draw(body).catch((e) => body.append(notice('error', e.message)));
  }

  async function drawFindings(body) {
    ui.items.clear();
    const f = view.findings;
    const counts = f.counts || {};
    const sel = (name, label, list, countKey) => {
      const s = h('select', {name},
        h('option', {value: ''}, `${label}：全部`),
        list.map(([v, text]) => {
          const c = counts[countKey] && counts[countKey][v];
          return h('option', {value: v, selected: view.findingFilter[name] === v}, c !== undefined ? `${text}（${c}）` : text);
        }));
      s.addEventListener('change', async () => {
        view.findingFilter[name] = s.value;
        view.findingPage = 1;
        await loadFindings();
        drawText();
        drawSide();
      });
      return s;
    };
    const n = currentVersion();
    body.append(h('div', {class: 'finding-filters'},
      sel('severity', '严重程度', SEVERITIES, 'severity'),
      sel('category', '类别', CATEGORIES, 'category'),
      sel('status', '状态', STATUSES.filter(([s]) => s !== 'fixed'), 'status'),
      // This version's findings with the filters chosen, every page of them.
      csvLink(`/api/drafts/${id}/versions/${n}/findings.csv`, view.findingFilter,
              `draft-${id}-v${n}-findings.csv`, 'draft-findings-csv')));
    if (!isCurrent()) body.append(notice('info', `正在查看第${currentVersion()}版（不是当前版本），只能查看，不能处理。`));
    if (!f.items.length) {
      body.append(h('p', {class: 'empty'}, f.total === 0 && !Object.values(view.findingFilter).some(Boolean) ?
        '此版本未发现问题。' : '没有符合条件的问题。'));
      return;
    }
    if (f.total > f.items.length) {
      body.append(h('p', {class: 'muted small'}, `正文中标出本页的 ${f.items.length} 处问题。`));
    }
    // Grouped by category (the most severe first), then by severity; by position inside.
    const groups = new Map();
    for (const item of f.items) {
      if (!groups.has(item.category)) groups.set(item.category, []);
      groups.get(item.category).push(item);
    }
    const ordered = [...groups.entries()].sort((a, b) =>
      Math.min(...a[1].map((x) => severityRank(x.severity))) - Math.min(...b[1].map((x) => severityRank(x.severity))) ||
      categoryRank(a[0]) - categoryRank(b[0]));
    const list = h('div', {class: 'finding-groups', 'data-testid': 'findings'});
    for (const [category, items] of ordered) {
      const bySeverity = new Map();
      for (const item of items) {
        if (!bySeverity.has(item.severity)) bySeverity.set(item.severity, []);
        bySeverity.get(item.severity).push(item);
      }
      const sub = [...bySeverity.entries()].sort((a, b) => severityRank(a[0]) - severityRank(b[0]));
      list.append(h('section', {class: 'finding-group'},
        h('h3', null, items[0].category_name || categoryName(category), h('span', {class: 'muted'}, `（${items.length}）`)),
        sub.map(([severity, xs]) => [
          h('h4', {class: `sev-text-${severity}`}, `${severityName(severity)} ${xs.length}`),
          h('ul', {class: 'findings'}, xs.map(findingItem)),
        ])));
    }
    body.append(list, pager(f, async (p) => {
      view.findingPage = p;
      await loadFindings();
      drawText();
      drawSide();
      ui.doc.scrollTop = 0;
    }));
  }

  function findingItem(f) {
    const decision = f.decision;
    const canDecide = isCurrent() && user.role !== 'admin' && view.draft.stage !== 'published';
    const li = h('li', {class: `finding sev-${f.severity}${f.status !== 'open' ? ' decided' : ''}`,
                        'data-finding': f.id, tabindex: 0},
      h('div', {class: 'f-head'},
        severityBadge(f.severity),
        h('span', {class: 'f-text'}, `「${f.text}」`),
        f.suggestion ? [h('span', {class: 'f-arrow'}, '→'), h('span', {class: 'f-suggestion'}, f.suggestion)] : null,
        h('span', {class: 'f-pos'}, `${f.line}:${f.column}`)),
      h('div', {class: 'f-message'}, f.message),
      h('div', {class: 'f-meta'}, `规则 ${f.rule}`,
        f.status !== 'open' ? h('span', {class: `badge status-${f.status}`}, statusName(f.status)) : null,
        decision ? h('span', {class: 'f-decision'},
          `${decision.by}，${formatTime(decision.at)}${decision.reason ? `：${decision.reason}` : ''}` +
          `${decision.allow_list ? '（已加入本单位白名单）' : ''}`) : null),
      canDecide ? h('div', {class: 'f-actions'},
        f.status === 'open' ? [
          h('button', {type: 'button', class: 'btn btn-small', 'data-decide': 'accepted', onclick: (ev) => { ev.stopPropagation(); decide(f, 'accepted'); }}, '不是错误'),
          h('button', {type: 'button', class: 'btn btn-small', 'data-decide': 'deferred', onclick: (ev) => { ev.stopPropagation(); decide(f, 'deferred'); }}, '暂缓'),
        ] : h('button', {type: 'button', class: 'btn btn-small', 'data-decide': 'open', onclick: (ev) => { ev.stopPropagation(); decide(f, 'open'); }}, '重新打开'),
        h('button', {type: 'button', class: 'btn btn-small btn-link', onclick: (ev) => { ev.stopPropagation(); commentOn(f); }}, '评论')) : null);
    li.addEventListener('click', () => select(f.id, {scrollText: true}));
    li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') select(f.id, {scrollText: true}); });
    ui.items.set(f.id, li);
    return li;
  }

  async function decide(f, status) {
    let body = {status};
    if (status !== 'open') {
      const reviewer = user.role.startsWith('reviewer');
      const values = await askDialog({
        title: status === 'accepted' ? '标记为“不是错误”' : '暂缓处理',
        text: `「${f.text}」：${f.message}`,
        fields: [
          {name: 'reason', label: '理由', type: 'textarea', required: true,
           placeholder: status === 'accepted' ? '例如：专有名词，原文无误' : '例如：待核实数据后修改'},
          status === 'accepted' && reviewer ?
            {name: 'allow_list', label: '加入本单位白名单，以后不再提示', type: 'checkbox'} : null,
        ].filter(Boolean),
        confirm: '确定'});
      if (!values) return;
      body = {status, reason: values.reason};
      if (values.allow_list) body.allow_list = true;
    }
    try {
      await api('POST', `/api/findings/${f.id}/decision`, {json: body});
      view.selected = f.id;
      view.draft = await api('GET', `/api/drafts/${id}`);
      drawHead();
      await loadFindings();
      drawText();
      drawSide();
      select(f.id, {scrollList: true});
    } catch (e) {
      ui.side.prepend(notice('error', e.message));
    }
  }

  async function commentOn(f) {
    const values = await askDialog({title: '评论此问题', text: `「${f.text}」：${f.message}`,
      fields: [{name: 'text', label: '评论', type: 'textarea', required: true}], confirm: '发表'});
    if (!values) return;
    try {
      await api('POST', `/api/drafts/${id}/comments`, {json: {text: values.text, finding: f.id}});
      view.tab = 'comments';
      drawSide();
    } catch (e) {
      ui.side.prepend(notice('error', e.message));
    }
  }

  // Selecting a finding marks it in both panes; `scrollText`/`scrollList` bring it into view.
  function select(findingId, {scrollText = false, scrollList = false} = {}) {
    view.selected = findingId;
    for (const el of ui.doc.querySelectorAll('mark.selected')) el.classList.remove('selected');
    for (const el of ui.side.querySelectorAll('li.finding.selected')) el.classList.remove('selected');
    for (const el of ui.doc.querySelectorAll(`mark[data-findings~="${findingId}"]`)) el.classList.add('selected');
    const mark = ui.marks.get(findingId);
    const item = ui.items.get(findingId);
    if (item) item.classList.add('selected');
    if (scrollText && mark) {
      mark.scrollIntoView({block: 'center', behavior: 'smooth'});
      flash(mark);
    }
    if (scrollList && item) {
      item.scrollIntoView({block: 'nearest', behavior: 'smooth'});
      flash(item);
    }
  }

  ui.doc.addEventListener('click', (ev) => {
    const mark = ev.target.closest('mark[data-findings]');
    if (!mark) return;
    if (view.tab !== 'findings') {
      view.tab = 'findings';
      drawSide();
    }
    select(Number(mark.dataset.top), {scrollList: true});
  });

  // ---- versions and their diff ----
  async function drawVersions(body) {
    const d = view.draft;
    const versions = d.versions || [];
    const a = h('select', {name: 'a'}, versions.map((v) => h('option', {value: String(v.number), selected: v.number === Math.max(1, d.version - 1)}, `第${v.number}版`)));
    const b = h('select', {name: 'b'}, versions.map((v) => h('option', {value: String(v.number), selected: v.number === d.version}, `第${v.number}版`)));
    body.append(
      h('table', {class: 'table versions'},
        h('thead', null, h('tr', null, h('th', null, '版本'), h('th', null, '作者'), h('th', null, '时间'), h('th', null, '来源'), h('th', null, '问题'))),
        h('tbody', null, versions.map((v) => h('tr', {class: v.number === currentVersion() ? 'current' : ''},
          h('td', null, h('a', {href: `/drafts/${id}?v=${v.number}`, onclick: async (ev) => {
            ev.preventDefault();
            ev.stopPropagation();
            view.version = v.number;
            view.findingPage = 1;
            view.tab = 'findings';
            history.replaceState(null, '', `/drafts/${id}?v=${v.number}`);
            await loadVersion();
          }}, `第${v.number}版`)),
          h('td', null, v.author), h('td', {class: 'nowrap'}, formatTime(v.created_at)),
          h('td', null, v.filename || v.format || ''), h('td', {class: 'num'}, String(v.findings ?? '')))))),
      versions.length > 1 ? h('form', {class: 'compare-form'},
        h('span', null, '比较 '), a, h('span', null, ' 与 '), b,
        h('button', {type: 'submit', class: 'btn btn-small', 'data-action': 'compare'}, '显示差异')) : h('p', {class: 'muted'}, '只有一个版本。'));
    const form = body.querySelector('.compare-form');
    if (form) {
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        await showDiff(Number(a.value), Number(b.value));
      });
    }
  }

  async function showDiff(a, b) {
    const [va, vb] = await Promise.all([api('GET', `/api/drafts/${id}/versions/${a}`),
                                        api('GET', `/api/drafts/${id}/versions/${b}`)]);
    view.compare = [a, b];
    ui.doc.dataset.version = 'diff';
    const back = h('button', {type: 'button', class: 'btn btn-small', onclick: () => loadVersion()}, '返回正文');
    replace(ui.docTools, h('strong', null, `第${a}版 → 第${b}版 的差异`), back);
    replace(ui.doc, renderDiff(va.text || '', vb.text || ''));
  }

  // ---- comments ----
  async function drawComments(body) {
    const comments = await api('GET', `/api/drafts/${id}/comments`);
    const text = h('textarea', {name: 'comment', rows: 3, maxlength: 4000, placeholder: '对整篇稿件的意见…'});
    const message = h('div');
    const form = h('form', {class: 'comment-form'}, text, message,
      h('button', {type: 'submit', class: 'btn btn-small btn-primary'}, '发表评论'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!text.value.trim()) {
        replace(message, notice('error', '评论不能为空。'));
        return;
      }
      try {
        await api('POST', `/api/drafts/${id}/comments`, {json: {text: text.value.trim()}});
        drawSide();
      } catch (e) {
        replace(message, notice('error', e.message));
      }
    });
    body.append(
      comments.items.length ? h('ul', {class: 'comments', 'data-testid': 'comments'}, comments.items.map((c) => h('li', null,
        h('div', {class: 'c-head'}, h('strong', null, c.user), h('span', {class: 'muted'}, ` ${formatTime(c.at)}`),
          c.finding ? h('a', {href: `/drafts/${id}?finding=${c.finding}`, class: 'c-finding', onclick: (ev) => {
            ev.preventDefault();
            ev.stopPropagation();
            view.tab = 'findings';
            drawSide();
            select(c.finding, {scrollText: true, scrollList: true});
          }}, '（关于一处问题）') : null),
        h('div', {class: 'c-text'}, c.text)))) : h('p', {class: 'empty'}, '还没有评论。'),
      user.role !== 'admin' ? form : null);
  }

  // ---- signatures and what became of every finding ----
  async function drawHistory(body) {
    const d = view.draft;
    const issues = await api('GET', `/api/drafts/${id}/issues`);
    body.append(h('h3', null, '签署记录'),
      (d.signatures || []).length ? h('ul', {class: 'signatures'}, d.signatures.map((s) =>
        h('li', {class: s.void ? 'void' : ''}, `${s.stage_name || s.stage}：${s.user}，第${s.version}版，${formatTime(s.at)}`,
          s.void ? h('span', {class: 'badge'}, '已作废') : null))) : h('p', {class: 'muted'}, '尚无签署。'),
      h('h3', null, '问题处理记录'),
      issues.items.length ? h('table', {class: 'table issues'},
        h('thead', null, h('tr', null, h('th', null, '原文'), h('th', null, '规则'), h('th', null, '状态'), h('th', null, '经过'))),
        h('tbody', null, issues.items.map((it) => h('tr', null,
          h('td', null, `「${it.text}」`), h('td', null, it.rule),
          h('td', null, h('span', {class: `badge status-${it.status}`}, statusName(it.status))),
          h('td', null, it.status === 'fixed' ? `第${it.first_version}版发现，第${it.fixed_in_version}版已修改` : `第${it.first_version}版发现`,
            (it.decisions || []).map((x) => h('div', {class: 'small'}, `${statusName(x.status)}：${x.by}，${formatTime(x.at)}${x.reason ? `，${x.reason}` : ''}`))))))) :
        h('p', {class: 'muted'}, '没有问题记录。'));
  }

  drawHead();
  await loadVersion();
}

function flash(el) {
  el.classList.remove('flash');
  void el.offsetWidth;  // restart the animation
  el.classList.add('flash');
}

// The text cut at every finding's start and end: plain text nodes, and <mark>s for the pieces
// that one or more findings cover, coloured by the most severe of them. Returns the nodes;
// fills `marks` with each finding's first mark. Offsets are UTF-16 indices (docs/api.md).
export function markText(text, findings, marks) {
  const len = text.length;
  const spans = [];
  for (const f of findings) {
    let start = Math.max(0, Math.min(len, Number(f.start) || 0));
    let end = Math.max(start, Math.min(len, Number(f.end) || 0));
    if (end === start && start < len) end = start + 1;  // a missing character: mark its place
    if (end > start) spans.push({start, end, f});
  }
  const cuts = new Set([0, len]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const startsAt = new Map();
  for (const s of spans) {
    if (!startsAt.has(s.start)) startsAt.set(s.start, []);
    startsAt.get(s.start).push(s);
  }
  const nodes = [];
  let active = [];
  for (let i = 0; i + 1 < points.length; ++i) {
    const from = points[i];
    const to = points[i + 1];
    active = active.filter((s) => s.end > from);
    if (startsAt.has(from)) active.push(...startsAt.get(from));
    const piece = text.slice(from, to);
    if (!active.length) {
      nodes.push(document.createTextNode(piece));
      continue;
    }
    const top = active.reduce((a, b) => severityRank(b.f.severity) < severityRank(a.f.severity) ? b : a);
    const mark = document.createElement('mark');
    mark.className = `hl sev-${top.f.severity}${active.length > 1 ? ' overlap' : ''}`;
    mark.dataset.findings = active.map((s) => s.f.id).join(' ');
    mark.dataset.top = String(top.f.id);
    mark.title = active.map((s) => `${severityName(s.f.severity)}：${s.f.message}`).join('\n');
    mark.textContent = piece;
    for (const s of active) if (!marks.has(s.f.id)) marks.set(s.f.id, mark);
    nodes.push(mark);
  }
  return nodes;
}
