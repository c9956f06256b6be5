// @ts-check
// The matrix webview. It only renders what the extension sends and posts
// the user's clicks back. Builds the DOM with textContent only, so document
// text can never become markup.

/**
 * @typedef {'customer' | 'aws' | 'shared'} Owner
 * @typedef {'infrastructure' | 'container' | 'abstracted'} Model
 * @typedef {{ title: string, url: string }} Source
 * @typedef {{ owner: Owner, reason: string, sources: Source[] }} Cell
 * @typedef {'inherited' | 'shared' | 'customer-specific'} ControlKind
 * @typedef {{ id: string, title: string, sourceOwner: string, origin: 'table' | 'prose', summary: string,
 *             byModel: Record<Model, Cell>, itControl: { kind: ControlKind, area: string, basis: 'aws-example' | 'this-product' },
 *             awsGuidance?: { owner: Owner, summary: string, sources: Source[] } }} Row
 * @typedef {{ kind: ControlKind, title: string, summary: string, examples: string[],
 *             rows: { row: string, title: string, area: string, basis: 'aws-example' | 'this-product' }[],
 *             customer: number, shared: number, aws: number, findings: number }} ControlCounts
 * @typedef {{ title: string, label: string, note: string, url?: string }} TableSource
 * @typedef {{ id: Model, title: string, examples: string[], summary: string }} ModelInfo
 * @typedef {{ customer: number, aws: number, shared: number, findings: number }} Counts
 * @typedef {{ id: number, kind: Owner | 'finding', resource: string, key: string, ruleId?: string, file: string, line: number }} LocationItem
 * @typedef {{ service: string, name: string, model: Model, resources: number, reason: string }} ServiceSide
 * @typedef {{ service: string, name: string, model: Model, rationale: string, securityDoc?: Source, known: boolean,
 *             variants: { name: string, model: Model, note: string, source: Source }[],
 *             rows: { row: string, title: string, owner: Owner, reason: string, sources: Source[], basis: 'service' | 'model' }[] }} ServiceColumn
 * @typedef {{ owner?: Owner, model?: Model, file?: string, resource?: string }} Filter
 * @typedef {{ type: 'data', matrix: { rows: Row[], models: ModelInfo[], source: TableSource, aws: Source & { note: string },
 *             itControls: { source: Source, note: string } },
 *             controls?: ControlCounts[],
 *             counts: Record<string, Counts>, locations: Record<string, { total: number, items: LocationItem[] }>,
 *             services: { service: string, name: string, model: Model, resources: number }[],
 *             sides: Record<string, Record<Owner, ServiceSide[]>>, column: ServiceColumn | null,
 *             files: number, scanned: number, filter: Filter, strings?: Record<string, string>,
 *             filterOptions: { owners: Owner[], models: Model[], files: { value: string, label: string }[] },
 *             cloud?: string, clouds?: CloudPresence[], filters?: Record<string, Filter> }} DataMessage
 * @typedef {{ id: string, name: string, files: number }} CloudPresence
 * @typedef {{ cloud: string, name: string, source: { title: string, url: string, publisher: string, revised: string, note: string },
 *             owners: { id: string, title: string }[], models: { id: string, title: string, summary: string }[],
 *             rows: { id: string, title: string, summary: string, byModel: Record<string, { owner: string, reason: string, sources: Source[] }>,
 *                     counts: Record<string, number>, findings: number }[],
 *             services: { service: string, name: string, model: string, resources: number }[],
 *             perModel: { model: string, title: string, summary: string, services: { service: string, name: string, resources: number }[],
 *                         rows: { row: string, title: string, owner: string, reason: string }[] }[],
 *             files: number }} CloudView
 * @typedef {{ type: 'cloud-data', cloud: string, clouds: CloudPresence[], view: CloudView,
 *             locations: Record<string, { total: number, items: LocationItem[] }>, files: number, scanned: number,
 *             filter: { owner?: string, model?: string, file?: string, resource?: string }, filters?: Record<string, Filter>, strings?: Record<string, string>,
 *             filterOptions: { owners: string[], models: { value: string, label: string }[], files: { value: string, label: string }[] } }} CloudDataMessage
 * @typedef {{ data?: DataMessage | CloudDataMessage, filter?: Filter | CloudDataMessage['filter'], service?: string, expanded?: string[], cloud?: string, filters?: Record<string, Filter> }} State
 */

const vscode = acquireVsCodeApi();
const app = /** @type {HTMLElement} */ (document.getElementById('app'));
const OWNERS = /** @type {const} */ (['customer', 'shared', 'aws']);
const OWNER_LABEL = { customer: 'Customer', shared: 'Shared', aws: 'AWS', microsoft: 'Microsoft', both: 'Both', finding: 'Finding' };
const MODEL_LABEL = { infrastructure: 'Infrastructure', container: 'Container', abstracted: 'Abstracted' };

/** Translations of the English strings below, sent by the extension (vscode.l10n). */
/** @type {Record<string, string>} */
let strings = {};

/**
 * The translation of an English string, with {0}, {1} … filled in.
 * @param {string} english
 * @param {...(string | number)} args
 */
function t(english, ...args) {
  const text = Object.prototype.hasOwnProperty.call(strings, english) ? strings[english] : english;
  return text.replace(/\{(\d+)\}/g, (match, index) => (args[Number(index)] === undefined ? match : String(args[Number(index)])));
}

/** @param {string} owner */
function ownerLabel(owner) {
  const english = OWNER_LABEL[/** @type {keyof typeof OWNER_LABEL} */ (owner)];
  return english ? t(english) : owner;
}

/** @param {Model} model */
function modelLabel(model) {
  return t(MODEL_LABEL[model]);
}

/** Rows whose drill-down list is open; kept across re-renders and reloads. */
let expanded = new Set(/** @type {State} */ (vscode.getState() ?? {}).expanded ?? []);

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
  return el('span', { className: `badge badge-${owner}`, text: ownerLabel(owner) });
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

/**
 * @param {string} label
 * @param {string} id
 * @param {{ value: string, label: string }[]} options
 * @param {string | undefined} current
 * @param {(value: string | undefined) => void} onChange
 */
function select(label, id, options, current, onChange) {
  const control = /** @type {HTMLSelectElement} */ (el('select'));
  control.id = id;
  for (const option of [{ value: '', label: t('All') }, ...options]) {
    const node = /** @type {HTMLOptionElement} */ (el('option', { text: option.label }));
    node.value = option.value;
    node.selected = option.value === (current ?? '');
    control.append(node);
  }
  control.addEventListener('change', () => onChange(control.value || undefined));
  const wrapper = el('label', { className: 'filter' }, [label, ' ', control]);
  return wrapper;
}

/**
 * @param {string} text
 * @param {string} className
 * @param {() => void} onClick
 * @param {string} [title]
 */
function button(text, className, onClick, title) {
  const node = /** @type {HTMLButtonElement} */ (el('button', { className, text, title }));
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

/** @param {DataMessage | CloudDataMessage} data @param {{ owner?: string, model?: string, file?: string, resource?: string }} change */
function setFilter(data, change) {
  /** @type {Record<string, string | undefined>} */
  const filter = { ...data.filter, ...change };
  if (!filter.file) delete filter.resource;
  for (const key of Object.keys(filter)) if (filter[key] === undefined) delete filter[key];
  vscode.postMessage({ type: 'filter', filter });
}

function saveState() {
  const state = /** @type {State} */ (vscode.getState() ?? {});
  vscode.setState({ ...state, expanded: [...expanded] });
}

/** Files listed at once in the File filter; typing narrows the rest. */
const FILE_MATCHES_SHOWN = 50;

/** What is typed in the File filter, kept across re-renders (new counts arrive while the user types). */
const fileSearch = { query: '', focused: false, active: 0 };

/**
 * The File filter: a search box over the counted files (thousands after a
 * workspace scan) with a list of the files whose path contains every typed
 * word. Arrow keys move in the list, Enter picks, Escape closes.
 * @param {DataMessage | CloudDataMessage} data
 */
function fileFilter(data) {
  const files = data.filterOptions.files;
  const current = files.find((file) => file.value === data.filter.file);
  const wrapper = el('div', { className: 'filter combo' });
  const label = /** @type {HTMLLabelElement} */ (el('label', { text: t('File') }));
  label.htmlFor = 'filter-file';
  const input = /** @type {HTMLInputElement} */ (el('input'));
  input.id = 'filter-file';
  input.type = 'search';
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.placeholder = t('All {0} files: type to search', files.length);
  // The chosen file while the box is idle; what the user typed while they type.
  input.value = fileSearch.focused ? fileSearch.query : (current?.label ?? '');
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', 'filter-file-options');
  const list = el('ul', { className: 'combo-options' });
  list.id = 'filter-file-options';
  list.setAttribute('role', 'listbox');

  /** @type {{ value: string, label: string }[]} */
  let shown = [];
  const pick = (/** @type {string | undefined} */ value) => {
    fileSearch.query = '';
    fileSearch.focused = false;
    setFilter(data, { file: value, resource: undefined });
  };
  const draw = () => {
    const words = fileSearch.query.toLowerCase().split(/\s+/).filter(Boolean);
    const matching = words.length ? files.filter((file) => words.every((word) => file.label.toLowerCase().includes(word))) : files;
    shown = [{ value: '', label: t('All files') }, ...matching.slice(0, FILE_MATCHES_SHOWN)];
    fileSearch.active = Math.min(fileSearch.active, shown.length - 1);
    list.replaceChildren();
    shown.forEach((option, index) => {
      const item = el('li', { text: option.label, className: option.value === (data.filter.file ?? '') ? 'current' : '' });
      item.id = `filter-file-option-${index}`;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', String(index === fileSearch.active));
      if (index === fileSearch.active) item.classList.add('active');
      // mousedown, not click: it comes before the input's blur closes the list.
      item.addEventListener('mousedown', (event) => {
        event.preventDefault();
        pick(option.value || undefined);
      });
      list.append(item);
    });
    const more = matching.length - (shown.length - 1);
    if (more > 0) list.append(el('li', { className: 'more', text: t('… {0} more: type to narrow', more) }));
    if (words.length && !matching.length) list.append(el('li', { className: 'more', text: t('No file matches') }));
    input.setAttribute('aria-activedescendant', `filter-file-option-${fileSearch.active}`);
  };
  const open = (/** @type {boolean} */ opened) => {
    list.hidden = !opened;
    input.setAttribute('aria-expanded', String(opened));
    if (opened) draw();
  };
  input.addEventListener('focus', () => {
    if (!fileSearch.focused) {
      // Typing replaces the chosen file's name; the list starts with every file.
      fileSearch.query = '';
      fileSearch.active = 0;
      input.select();
    }
    fileSearch.focused = true;
    open(true);
  });
  input.addEventListener('blur', () => {
    fileSearch.focused = false;
    input.value = current?.label ?? '';
    open(false);
  });
  input.addEventListener('input', () => {
    fileSearch.query = input.value;
    fileSearch.active = input.value ? 1 : 0;
    open(true);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (list.hidden) open(true);
      fileSearch.active = (fileSearch.active + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
      draw();
      list.children[fileSearch.active]?.scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const option = shown[fileSearch.active];
      if (option) pick(option.value || undefined);
    } else if (event.key === 'Escape') {
      input.blur();
    }
  });
  open(false);
  wrapper.append(label, ' ', input, list);
  return wrapper;
}

/**
 * The filters (owner, service model, file) and the export buttons, for either cloud's data.
 * @param {DataMessage | CloudDataMessage} data
 * @param {{ value: string, label: string }[]} models
 */
function filterBar(data, models) {
  const bar = el('div', { className: 'filters' });
  bar.append(
    select(t('Owner'), 'filter-owner', data.filterOptions.owners.map((o) => ({ value: o, label: ownerLabel(o) })), data.filter.owner, (value) => setFilter(data, { owner: value })),
    select(t('Service model'), 'filter-model', models, data.filter.model, (value) => setFilter(data, { model: value })),
    fileFilter(data),
  );
  if (data.filter.resource) {
    const chip = el('span', { className: 'chip' }, [`${t('Resource: {0}', data.filter.resource)} `]);
    chip.append(button('×', 'chip-clear', () => setFilter(data, { resource: undefined }), t('Show the whole file')));
    bar.append(chip);
  }
  if (Object.keys(data.filter).length) bar.append(button(t('Clear filters'), 'secondary', () => vscode.postMessage({ type: 'filter', filter: {} })));
  const exports = el('span', { className: 'exports' }, [
    button(t('Export Markdown'), 'secondary export-markdown', () => vscode.postMessage({ type: 'export', format: 'markdown' }), t('Save the matrix with these counts as a Markdown table')),
    button(t('Export CSV'), 'secondary export-csv', () => vscode.postMessage({ type: 'export', format: 'csv' }), t('Save the matrix with these counts as CSV')),
  ]);
  bar.append(exports);
  return bar;
}

/** @param {LocationItem} item */
function locationEntry(item) {
  const where = item.line ? `${item.file}:${item.line}` : item.file;
  // A finding's key is its message: the list shows the rule id, the tooltip the message.
  const label = item.kind === 'finding' ? `${item.resource} · ${item.ruleId ?? ''}` : `${item.resource} · ${item.key}`;
  const entry = el('li', {}, [badge(item.kind), ' ']);
  const link = button(label, 'location', () => vscode.postMessage({ type: 'open', id: item.id }), item.kind === 'finding' ? `${item.key}\n${t('Go to {0}', where)}` : t('Go to {0}', where));
  link.dataset.id = String(item.id);
  entry.append(link, ' ', el('span', { className: 'where', text: where }));
  return entry;
}

/** @param {DataMessage} data */
function sourceTable(data) {
  const table = el('table', { className: 'matrix source-table' });
  const head = el('tr', {}, [el('th', { text: t('Responsibility') }), el('th', { text: t('Owner in the table'), title: t('The owner the third-party article gives') })]);
  for (const owner of OWNERS) head.append(el('th', { text: t('{0} settings', ownerLabel(owner)) }));
  head.append(el('th', { text: t('Findings') }));
  table.append(el('thead', {}, [head]));
  const body = el('tbody');
  for (const row of data.matrix.rows) {
    const counts = data.counts[row.id] ?? { customer: 0, aws: 0, shared: 0, findings: 0 };
    const list = data.locations[row.id] ?? { total: 0, items: [] };
    const open = expanded.has(row.id);
    const title = rowTitleCell(row, row.id, list.total > 0, () => render(data));
    if (row.origin === 'prose') title.append(' ', el('span', { className: 'origin', text: t("(from the article's text)") }));
    const ownerCell = el('td', {}, [badge(row.sourceOwner)]);
    if (row.awsGuidance) {
      const guidance = el('div', { className: 'aws-guidance', title: row.awsGuidance.summary }, [t("AWS's own guidance:"), ' ', badge(row.awsGuidance.owner), ' ', sourceLinks(row.awsGuidance.sources)]);
      guidance.dataset.row = row.id;
      ownerCell.append(guidance);
    }
    const tr = el('tr', { className: `origin-${row.origin}` }, [title, ownerCell]);
    for (const owner of OWNERS) {
      const count = counts[owner];
      tr.append(countCell(count, row.id, owner, ownerLabel(owner)));
    }
    tr.append(el('td', { className: counts.findings ? 'count findings' : 'count zero', text: String(counts.findings) }));
    body.append(tr);
    if (open) body.append(drilldownRow(row.id, list, 6));
  }
  table.append(body);
  return table;
}

/**
 * A row's title: with settings to list, a toggle that opens or closes its drill-down (remembered
 * under `key`), else plain text.
 * @param {{ id: string, title: string, summary: string }} row @param {string} key @param {boolean} listable @param {() => void} rerender
 */
function rowTitleCell(row, key, listable, rerender) {
  const title = el('td', { title: row.summary });
  if (!listable) {
    title.append(row.title);
    return title;
  }
  const open = expanded.has(key);
  const toggle = button(`${open ? '▾' : '▸'} ${row.title}`, 'row-toggle', () => {
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    saveState();
    rerender();
  }, open ? t('Hide the settings of this row') : t('List the settings of this row'));
  toggle.dataset.row = row.id;
  toggle.setAttribute('aria-expanded', String(open));
  title.append(toggle);
  return title;
}

/**
 * A row's count of one owner's settings: a button that lists them, or a plain 0.
 * @param {number} count @param {string} row @param {string} owner @param {string} label
 */
function countCell(count, row, owner, label) {
  const cell = el('td', { className: 'count' });
  if (count === 0) {
    cell.append(el('span', { className: 'zero', text: '0' }));
    return cell;
  }
  const countButton = button(String(count), `count-button badge-${owner}`, () => vscode.postMessage({ type: 'reveal', row, owner }), t('Show the {0} {1} setting(s) in this row', count, label));
  countButton.dataset.row = row;
  countButton.dataset.owner = owner;
  cell.append(countButton);
  return cell;
}

/**
 * The opened row's settings and findings, one entry each, under the row.
 * @param {string} row @param {{ total: number, items: LocationItem[] }} list @param {number} columns
 */
function drilldownRow(row, list, columns) {
  const items = el('ul', { className: 'locations' });
  for (const item of list.items) items.append(locationEntry(item));
  if (list.total > list.items.length) items.append(el('li', { className: 'more', text: t('… and {0} more (narrow the filters to list them)', list.total - list.items.length) }));
  const detail = el('td', {}, [items]);
  /** @type {HTMLTableCellElement} */ (detail).colSpan = columns;
  const detailRow = el('tr', { className: 'drilldown' }, [detail]);
  detailRow.dataset.row = row;
  return detailRow;
}

/** @param {DataMessage} data */
function servicesSection(data) {
  const section = el('section', { className: 'services-by-row' });
  section.append(el('h2', { text: t('Your services on each side') }));
  if (!data.services.length) {
    section.append(el('p', { className: 'note', text: t('No services counted yet: open a template or run “Responsibility Lens: Scan Workspace”.') }));
    return section;
  }
  section.append(el('p', { className: 'note', text: t('For each row, who does the work for each service in this workspace, from the cell of its service model, and why.') }));
  const table = el('table', { className: 'matrix sides' });
  const head = el('tr', {}, [el('th', { text: t('Responsibility') })]);
  for (const owner of OWNERS) head.append(el('th', { text: ownerLabel(owner) }));
  table.append(el('thead', {}, [head]));
  const body = el('tbody');
  for (const row of data.matrix.rows) {
    const tr = el('tr', {}, [el('td', { text: row.title })]);
    const sides = data.sides[row.id];
    for (const owner of OWNERS) {
      const cell = el('td', { className: `side side-${owner}` });
      /** @type {Map<Model, ServiceSide[]>} */
      const byModel = new Map();
      for (const side of sides?.[owner] ?? []) byModel.set(side.model, [...(byModel.get(side.model) ?? []), side]);
      for (const [model, group] of byModel) {
        cell.append(
          el('div', { className: 'side-group' }, [
            el('strong', { text: group.map((side) => side.name).join(', ') }),
            el('span', { className: 'model-tag', text: ` (${modelLabel(model)})` }),
            el('div', { className: 'reason', text: group[0].reason }),
          ]),
        );
      }
      tr.append(cell);
    }
    body.append(tr);
  }
  table.append(body);
  section.append(table);
  return section;
}

/** @param {DataMessage} data */
function serviceSection(data) {
  const section = el('section', { className: 'service-column' });
  section.append(el('h2', { text: t('One service’s column') }));
  if (!data.services.length) return section;
  section.append(
    select(t('Service'), 'service-picker', [...data.services].sort((a, b) => a.name.localeCompare(b.name)).map((s) => ({ value: s.service, label: t(s.resources === 1 ? '{0} ({1}, 1 resource)' : '{0} ({1}, {2} resources)', s.name, modelLabel(s.model), s.resources) })), data.column?.service, (value) =>
      vscode.postMessage({ type: 'service', service: value ?? null }),
    ),
  );
  const column = data.column;
  if (!column) return section;
  section.append(el('h3', { text: t('{0}: {1} model', column.name, modelLabel(column.model)) }));
  if (column.rationale) section.append(el('p', { text: column.rationale }));
  if (column.securityDoc) section.append(el('p', {}, [t('Security documentation:'), ' ', sourceLinks([column.securityDoc])]));
  if (!column.known) section.append(el('p', { className: 'note', text: t('This service is not in the knowledge yet; the column follows the model its resources were given.') }));
  if (column.variants.length) {
    const variants = el('ul', { className: 'variants' });
    for (const variant of column.variants) variants.append(el('li', {}, [el('strong', { text: variant.name }), ` (${modelLabel(variant.model)}): ${variant.note} `, sourceLinks([variant.source])]));
    section.append(variants);
  }
  const table = el('table', { className: 'matrix column-table' });
  table.append(el('thead', {}, [el('tr', {}, [el('th', { text: t('Responsibility') }), el('th', { text: t('Owner') }), el('th', { text: t('Why') })])]));
  const body = el('tbody');
  for (const row of column.rows) {
    // The model's cell speaks of services in general (its examples); the service's own text needs no label.
    const reason = el('div', { className: 'reason' }, row.basis === 'model' ? [el('span', { className: 'basis', text: t('{0} services in general:', modelLabel(column.model)) }), ' ', row.reason] : [row.reason]);
    const tr = el('tr', {}, [el('td', { text: row.title }), el('td', {}, [badge(row.owner)]), el('td', {}, [reason, sourceLinks(row.sources)])]);
    tr.dataset.row = row.row;
    tr.dataset.basis = row.basis;
    body.append(tr);
  }
  table.append(body);
  section.append(table);
  return section;
}

/** @param {DataMessage} data */
function perModelSection(data) {
  const section = el('section');
  section.append(el('h2', { text: t('By service model') }));
  const models = el('div', { className: 'models' });
  for (const model of data.matrix.models) {
    models.append(el('div', { className: 'model' }, [el('h3', { text: model.title }), el('p', { text: model.summary }), el('p', { className: 'examples', text: t('e.g. {0}', model.examples.join(', ')) })]));
  }
  section.append(models);
  const perModel = el('table', { className: 'matrix per-model' });
  const modelHead = el('tr', {}, [el('th', { text: t('Responsibility') })]);
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
  section.append(perModel);
  return section;
}

/** AWS's IT-control view: its three kinds, the rows of the table that fall in each, and this workspace's settings there. @param {DataMessage} data */
function controlsSection(data) {
  const section = el('section', { className: 'it-controls' });
  section.append(el('h2', { text: t("AWS's IT-control view") }));
  const source = data.matrix.itControls.source;
  section.append(el('p', { className: 'note' }, [t('From AWS’s own page:'), ' ', sourceLinks([source]), ' ', data.matrix.itControls.note]));
  const table = el('table', { className: 'matrix controls-table' });
  const head = el('tr', {}, [el('th', { text: t('Kind of control (AWS examples)') })]);
  for (const owner of OWNERS) head.append(el('th', { text: t('{0} settings', ownerLabel(owner)) }));
  head.append(el('th', { text: t('Findings') }));
  table.append(el('thead', {}, [head]));
  const body = el('tbody');
  for (const kind of data.controls ?? []) {
    const tr = el('tr', { className: `control-${kind.kind}` }, [
      el('td', {}, [el('strong', { text: kind.title }), ' ', el('span', { className: 'examples', text: `(${kind.examples.join('; ')})` }), el('div', { className: 'reason', text: kind.summary })]),
    ]);
    tr.dataset.kind = kind.kind;
    for (const owner of OWNERS) tr.append(el('td', { className: kind[owner] ? 'count' : 'count zero', text: String(kind[owner]) }));
    tr.append(el('td', { className: kind.findings ? 'count findings' : 'count zero', text: String(kind.findings) }));
    body.append(tr);
    const rows = el('ul', { className: 'control-rows' });
    for (const row of kind.rows) {
      const item = el('li', {}, [row.title, el('span', { className: 'area', text: ` — ${row.area}` })]);
      if (row.basis === 'this-product') item.append(' ', el('span', { className: 'origin', text: t('(placed by this product)') }));
      rows.append(item);
    }
    const detail = el('td', {}, [rows]);
    /** @type {HTMLTableCellElement} */ (detail).colSpan = 5;
    body.append(el('tr', { className: 'control-detail' }, [detail]));
  }
  table.append(body);
  section.append(table);
  return section;
}

/** What the table is and where it comes from: a third-party summary, with AWS's own page for what it says. @param {DataMessage} data */
function sourceNote(data) {
  const source = data.matrix.source;
  const note = el('p', { className: 'note table-source' }, [el('strong', { text: source.label }), ': “', source.title, '”. ', source.note]);
  const aws = el('p', { className: 'note aws-source' }, [t('AWS’s own page:'), ' ', sourceLinks([data.matrix.aws]), ' ', data.matrix.aws.note]);
  return [note, aws];
}

/**
 * The switch between the clouds' matrices, shown when the counted files are of several clouds:
 * tabs that arrow keys move along (and Home/End), as WAI-ARIA's tabs pattern asks.
 * @param {DataMessage | CloudDataMessage} data
 */
function cloudSwitch(data) {
  const clouds = data.clouds ?? [];
  const list = el('div', { className: 'cloud-switch' });
  list.setAttribute('role', 'tablist');
  list.setAttribute('aria-label', t('Cloud'));
  /** @type {HTMLButtonElement[]} */
  const tabs = [];
  const choose = (/** @type {string} */ cloud) => {
    if (cloud !== data.cloud) vscode.postMessage({ type: 'cloud', cloud });
  };
  for (const cloud of clouds) {
    const selected = cloud.id === data.cloud;
    const tab = button('', `cloud-tab${selected ? ' selected' : ''}`, () => choose(cloud.id));
    tab.append(el('span', { className: 'cloud-name', text: cloud.name }), ' ', el('span', { className: 'cloud-files', text: t('{0} file(s)', cloud.files) }));
    tab.id = `cloud-tab-${cloud.id}`;
    tab.dataset.cloud = cloud.id;
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-selected', String(selected));
    tab.setAttribute('aria-controls', 'cloud-panel');
    tab.tabIndex = selected ? 0 : -1;
    tab.addEventListener('keydown', (event) => {
      const index = tabs.indexOf(tab);
      const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const target = tabs[(next + tabs.length) % tabs.length];
      target.focus();
      choose(/** @type {string} */ (target.dataset.cloud));
    });
    tabs.push(tab);
    list.append(tab);
  }
  return list;
}

/** @param {CloudView} view @param {string} owner */
function cloudOwnerLabel(view, owner) {
  const english = view.owners.find((candidate) => candidate.id === owner)?.title;
  return english ? t(english) : ownerLabel(owner);
}

/**
 * A cloud's own table (rows × service models with owners) with this workspace's settings per
 * owner and findings: a count opens its settings, a row lists them.
 * @param {CloudDataMessage} data
 */
function cloudTable(data) {
  const view = data.view;
  const table = el('table', { className: 'matrix cloud-table' });
  table.dataset.cloud = view.cloud;
  const head = el('tr', {}, [el('th', { text: t('Responsibility') })]);
  for (const model of view.models) head.append(el('th', { text: model.title, title: model.summary }));
  for (const owner of view.owners) head.append(el('th', { text: t('{0} settings', cloudOwnerLabel(view, owner.id)) }));
  head.append(el('th', { text: t('Findings') }));
  table.append(el('thead', {}, [head]));
  const body = el('tbody');
  for (const row of view.rows) {
    const list = data.locations[row.id] ?? { total: 0, items: [] };
    const key = `${view.cloud}:${row.id}`;
    const open = expanded.has(key);
    const title = rowTitleCell(row, key, list.total > 0, () => render(data));
    const tr = el('tr', {}, [title]);
    tr.dataset.row = row.id;
    for (const model of view.models) {
      const cell = row.byModel[model.id];
      const td = el('td', { className: 'model-owner', title: cell?.reason ?? '' }, cell ? [badge(cell.owner)] : []);
      td.dataset.model = model.id;
      tr.append(td);
    }
    for (const owner of view.owners) {
      const count = row.counts[owner.id] ?? 0;
      tr.append(countCell(count, row.id, owner.id, cloudOwnerLabel(view, owner.id)));
    }
    tr.append(el('td', { className: row.findings ? 'count findings' : 'count zero', text: String(row.findings) }));
    body.append(tr);
    if (open) body.append(drilldownRow(row.id, list, 2 + view.models.length + view.owners.length));
  }
  table.append(body);
  return table;
}

/**
 * The per-model view: which of this workspace's services are of each model, and who does each
 * row for them (the model's column of the table, with its reason).
 * @param {CloudDataMessage} data
 */
function cloudModelsSection(data) {
  const view = data.view;
  const section = el('section', { className: 'cloud-models' });
  section.append(el('h2', { text: t('By service model') }));
  const models = el('div', { className: 'models' });
  for (const model of view.perModel) {
    const services = model.services.length
      ? el('p', { className: 'model-services' }, [t('In this workspace:'), ' ', el('strong', { text: model.services.map((entry) => (entry.resources === 1 ? entry.name : `${entry.name} (${entry.resources})`)).join(', ') })])
      : el('p', { className: 'model-services note', text: t('No services of this model in the counted files.') });
    const card = el('div', { className: 'model' }, [el('h3', { text: model.title }), el('p', { text: model.summary }), services]);
    card.dataset.model = model.model;
    models.append(card);
  }
  section.append(models);
  const table = el('table', { className: 'matrix per-model' });
  const head = el('tr', {}, [el('th', { text: t('Responsibility') })]);
  for (const model of view.perModel) head.append(el('th', { text: model.title }));
  table.append(el('thead', {}, [head]));
  const body = el('tbody');
  for (const row of view.rows) {
    const tr = el('tr', {}, [el('td', { text: row.title })]);
    tr.dataset.row = row.id;
    for (const model of view.models) {
      const cell = row.byModel[model.id];
      tr.append(el('td', {}, cell ? [badge(cell.owner), el('div', { className: 'reason', text: cell.reason }), sourceLinks(cell.sources)] : []));
    }
    body.append(tr);
  }
  table.append(body);
  section.append(table);
  return section;
}

/** Where the cloud's table comes from, and when it was revised. @param {CloudView} view */
function cloudSource(view) {
  const source = view.source;
  return el('p', { className: 'note cloud-source' }, [
    el('strong', { text: t('Source:') }),
    ' ',
    sourceLinks([{ title: source.title, url: source.url }]),
    ' ',
    t('({0}, revised {1})', source.publisher, source.revised),
    ' ',
    source.note,
  ]);
}

/** A cloud's matrix in the generic view. @param {CloudDataMessage} data @param {HTMLElement} root */
function renderCloud(data, root) {
  const view = data.view;
  root.append(el('h1', { text: t('Shared responsibility matrix') }));
  root.append(el('p', { className: 'subtitle' }, [el('strong', { text: view.name }), ': “', view.source.title, '” ', t('({0}, revised {1})', view.source.publisher, view.source.revised)]));
  const counted = data.scanned ? t('{0} file(s) counted ({1} from the workspace scan).', data.files, data.scanned) : t('{0} file(s) counted.', data.files);
  root.append(el('p', { className: 'summary', text: `${counted} ${t('Click a count to jump to those settings, or a row to list them.')}` }));
  root.append(filterBar(data, data.filterOptions.models));
  root.append(el('h2', { text: t('{0}’s table, with this workspace', view.source.publisher) }), cloudTable(data), cloudSource(view));
  root.append(cloudModelsSection(data));
}

/** AWS's matrix: the third-party table, AWS's IT-control view, the services' sides and columns. @param {DataMessage} data @param {HTMLElement} root */
function renderAws(data, root) {
  root.append(el('h1', { text: t('Shared responsibility matrix') }));
  root.append(el('p', { className: 'subtitle' }, [el('strong', { text: data.matrix.source.label })]));
  const counted = data.scanned ? t('{0} file(s) counted ({1} from the workspace scan).', data.files, data.scanned) : t('{0} file(s) counted.', data.files);
  root.append(el('p', { className: 'summary', text: `${counted} ${t('Click a count to jump to those settings, or a row to list them.')}` }));
  root.append(filterBar(data, data.filterOptions.models.map((m) => ({ value: m, label: modelLabel(m) }))));
  root.append(el('h2', { text: t('The third-party summary table, with this workspace') }), sourceTable(data));
  root.append(...sourceNote(data));
  root.append(controlsSection(data), servicesSection(data), serviceSection(data), perModelSection(data));
}

/** @param {DataMessage | CloudDataMessage} data */
function render(data) {
  // Removing a focused box may fire its blur: remember whether the user was typing in the File filter.
  const typing = fileSearch.focused;
  const query = fileSearch.query;
  // The switch keeps the keyboard when the user moves along it.
  const switching = document.activeElement?.classList.contains('cloud-tab') ?? false;
  app.replaceChildren();
  fileSearch.focused = typing;
  fileSearch.query = query;
  strings = data.strings ?? {};
  /** @type {HTMLElement} */
  let root = app;
  if ((data.clouds ?? []).length > 1) {
    app.append(cloudSwitch(data));
    root = el('div', { className: 'cloud-panel' });
    root.id = 'cloud-panel';
    root.setAttribute('role', 'tabpanel');
    root.setAttribute('aria-labelledby', `cloud-tab-${data.cloud}`);
    app.append(root);
  }
  if (data.type === 'cloud-data') renderCloud(data, root);
  else renderAws(data, root);
  if (switching) /** @type {HTMLElement | null} */ (document.querySelector('.cloud-tab.selected'))?.focus();
  // New counts arrived while the user was typing in the File filter: carry on where they were.
  if (typing) {
    const input = /** @type {HTMLInputElement | null} */ (document.getElementById('filter-file'));
    input?.focus();
    input?.setSelectionRange(input.value.length, input.value.length);
  }
}

window.addEventListener('message', (event) => {
  const message = /** @type {DataMessage | CloudDataMessage} */ (event.data);
  if (message?.type !== 'data' && message?.type !== 'cloud-data') return;
  /** @type {State} */
  const state = {
    data: message,
    filter: message.filter,
    service: message.type === 'data' ? message.column?.service : /** @type {State} */ (vscode.getState() ?? {}).service,
    expanded: [...expanded],
    cloud: message.cloud,
    filters: message.filters,
  };
  vscode.setState(state);
  render(message);
});

const saved = /** @type {State | undefined} */ (vscode.getState());
if (saved?.data) render(saved.data);
vscode.postMessage({ type: 'ready' });
