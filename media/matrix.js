// @ts-check
// The matrix webview. Builds the DOM with textContent only, so document
// text can never become markup.

/**
 * @typedef {'customer' | 'aws' | 'shared'} Owner
 * @typedef {{ title: string, url: string }} Source
 * @typedef {{ owner: Owner, reason: string, sources: Source[] }} Cell
 * @typedef {{ id: string, title: string, sourceOwner: string, origin: 'table' | 'prose', summary: string,
 *             byModel: Record<'infrastructure' | 'container' | 'abstracted', Cell> }} Row
 * @typedef {{ id: 'infrastructure' | 'container' | 'abstracted', title: string, examples: string[], summary: string }} Model
 * @typedef {{ customer: number, aws: number, shared: number, findings: number }} Counts
 * @typedef {{ type: 'data', matrix: { rows: Row[], models: Model[], source: Source & { note: string } },
 *             counts: Record<string, Counts>, services: { service: string, model: string, resources: number }[], files: number }} DataMessage
 */

const vscode = acquireVsCodeApi();
const app = /** @type {HTMLElement} */ (document.getElementById('app'));
const OWNERS = /** @type {const} */ (['customer', 'shared', 'aws']);
const OWNER_LABEL = { customer: 'Customer', shared: 'Shared', aws: 'AWS', both: 'Both' };

/**
 * @param {string} tag
 * @param {{ className?: string, text?: string, title?: string }} [options]
 * @param {(Node | string)[]} [children]
 */
function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title) node.title = options.title;
  for (const child of children) node.append(child);
  return node;
}

/** @param {string} owner */
function badge(owner) {
  return el('span', { className: `badge badge-${owner}`, text: OWNER_LABEL[/** @type {keyof typeof OWNER_LABEL} */ (owner)] ?? owner });
}

/** @param {Source[]} sources */
function sourceLinks(sources) {
  const span = el('span', { className: 'sources' });
  for (const source of sources) {
    const link = /** @type {HTMLAnchorElement} */ (el('a', { text: source.title }));
    if (/^https:\/\//.test(source.url)) link.href = source.url;
    span.append(link, ' ');
  }
  return span;
}

/** @param {DataMessage} data */
function render(data) {
  app.replaceChildren();
  app.append(el('h1', { text: 'AWS Shared Responsibility Matrix' }));
  app.append(
    el('p', { className: 'summary', text: `${data.files} open template(s) counted. Click a count to jump to those settings.` }),
  );

  const table = el('table', { className: 'matrix' });
  const head = el('tr', {}, [el('th', { text: 'Responsibility' }), el('th', { text: 'Source owner' })]);
  for (const owner of OWNERS) head.append(el('th', { text: `${OWNER_LABEL[owner]} settings` }));
  head.append(el('th', { text: 'Findings' }));
  table.append(el('thead', {}, [head]));
  const body = el('tbody');
  for (const row of data.matrix.rows) {
    const counts = data.counts[row.id] ?? { customer: 0, aws: 0, shared: 0, findings: 0 };
    const title = el('td', { title: row.summary }, [row.title]);
    if (row.origin === 'prose') title.append(' ', el('span', { className: 'origin', text: '(from the source text)' }));
    const tr = el('tr', { className: `origin-${row.origin}` }, [title, el('td', {}, [badge(row.sourceOwner)])]);
    for (const owner of OWNERS) {
      const count = counts[owner];
      const cell = el('td', { className: 'count' });
      if (count > 0) {
        const button = el('button', { className: `count-button badge-${owner}`, text: String(count), title: `Show the ${count} ${OWNER_LABEL[owner]} setting(s) in this row` });
        button.dataset.row = row.id;
        button.dataset.owner = owner;
        button.addEventListener('click', () => vscode.postMessage({ type: 'reveal', row: row.id, owner }));
        cell.append(button);
      } else cell.append(el('span', { className: 'zero', text: '0' }));
      tr.append(cell);
    }
    tr.append(el('td', { className: counts.findings ? 'count findings' : 'count zero', text: String(counts.findings) }));
    body.append(tr);
  }
  table.append(body);
  app.append(el('h2', { text: 'The source table, with this workspace' }), table);
  app.append(el('p', { className: 'note' }, [data.matrix.source.note, ' ', sourceLinks([data.matrix.source])]));

  app.append(el('h2', { text: 'By service model' }));
  const models = el('div', { className: 'models' });
  for (const model of data.matrix.models) {
    models.append(el('div', { className: 'model' }, [el('h3', { text: model.title }), el('p', { text: model.summary }), el('p', { className: 'examples', text: `e.g. ${model.examples.join(', ')}` })]));
  }
  app.append(models);
  const perModel = el('table', { className: 'matrix per-model' });
  const modelHead = el('tr', {}, [el('th', { text: 'Responsibility' })]);
  for (const model of data.matrix.models) modelHead.append(el('th', { text: model.title }));
  perModel.append(el('thead', {}, [modelHead]));
  const modelBody = el('tbody');
  for (const row of data.matrix.rows) {
    const tr = el('tr', {}, [el('td', { text: row.title })]);
    for (const model of data.matrix.models) {
      const cell = row.byModel[model.id];
      tr.append(el('td', {}, [badge(cell.owner), el('div', { className: 'reason', text: cell.reason }), sourceLinks(cell.sources)]));
    }
    modelBody.append(tr);
  }
  perModel.append(modelBody);
  app.append(perModel);

  if (data.services.length) {
    app.append(el('h2', { text: 'Services in the open templates' }));
    const list = el('ul', { className: 'services' });
    for (const service of data.services) list.append(el('li', { text: `${service.service}: ${service.model} model, ${service.resources} resource(s)` }));
    app.append(list);
  }
}

window.addEventListener('message', (event) => {
  const message = /** @type {DataMessage} */ (event.data);
  if (message?.type !== 'data') return;
  vscode.setState(message);
  render(message);
});

const saved = /** @type {DataMessage | undefined} */ (vscode.getState());
if (saved) render(saved);
vscode.postMessage({ type: 'ready' });
