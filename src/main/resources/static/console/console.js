/*
 * The console: four pages over the public API (overview, jobs, experiments, a user), drawn with
 * uPlot. No inline script or handler (the service's Content-Security-Policy allows scripts from
 * itself only); the credential is kept in this tab's memory, never stored, never shown.
 */
'use strict';

(() => {
  const state = {
    /** {kind: 'key' | 'token', value} or null. */
    credential: null,
    /** Whether reads need a credential, from the OpenAPI document; null until known. */
    readsOpen: null,
    /** Timers of the page shown, stopped when another is. */
    timers: [],
    /** Ratings counter samples for the rate per minute: [{at, count}]. */
    ratingSamples: [],
  };
  const DASHES = [[], [8, 4], [2, 3], [12, 3, 3, 3]];
  const COLOURS = ['#0b5cad', '#a4161a', '#2b7a0b', '#6f42c1'];

  // --- Elements and text --------------------------------------------------------------------

  /** An element with attributes (on* never: listeners are added with addEventListener) and children. */
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (name === 'dataset') {
        Object.assign(element.dataset, value);
      } else {
        element.setAttribute(name, value === true ? '' : String(value));
      }
    });
    children.flat().forEach((child) => {
      if (child === null || child === undefined) {
        return;
      }
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return element;
  }

  function button(label, action, attributes) {
    const b = el('button', Object.assign({type: 'button'}, attributes || {}), label);
    b.addEventListener('click', action);
    return b;
  }

  const number = (value, digits) => (value === null || value === undefined ? '—' : Number(value).toFixed(digits));
  const percent = (value) => (value === null || value === undefined ? '—' : (100 * value).toFixed(1) + '%');
  // What the user did with a contributing movie: "rated 4", "played 3 times", "rated 4, viewed once".
  const EVENT_VERBS = {view: 'viewed', play: 'played', list: 'listed', purchase: 'bought'};
  const didWith = (c) => {
    const parts = [];
    if (c.rating !== null && c.rating !== undefined) parts.push('rated ' + c.rating);
    for (const [type, count] of Object.entries(c.events || {})) {
      parts.push((EVENT_VERBS[type] || type) + ' ' + (count === 1 ? 'once' : count + ' times'));
    }
    return parts.join(', ');
  };
  const time = (instant) => (instant ? new Date(instant).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');

  function errorBox(error) {
    const problem = error && error.problem;
    const text = problem
      ? (problem.title || 'Error') + (problem.status ? ' (' + problem.status + ')' : '') + ': ' + (problem.detail || '')
      : String(error && error.message ? error.message : error);
    return el('p', {class: 'error', role: 'alert'}, text);
  }

  // --- The API -------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, problem) {
      super(problem && problem.detail ? problem.detail : 'HTTP ' + status);
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(method, path, body) {
    const headers = {Accept: 'application/json, application/problem+json'};
    if (state.credential) {
      if (state.credential.kind === 'token') {
        headers.Authorization = 'Bearer ' + state.credential.value;
      } else {
        headers['X-API-Key'] = state.credential.value;
      }
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json() : null;
    if (!response.ok) {
      throw new ApiError(response.status, data);
    }
    return data;
  }

  /** Whether reads are open, as the OpenAPI document says (an open operation lists an empty requirement). */
  async function readsOpen() {
    if (state.readsOpen === null) {
      const document = await api('GET', '/v3/api-docs');
      const security = (((document.paths || {})['/models'] || {}).get || {}).security || [];
      state.readsOpen = security.some((requirement) => Object.keys(requirement).length === 0);
    }
    return state.readsOpen;
  }

  /** Whether the page may read now; when not, says so in {@code view}. */
  async function mayRead(view) {
    if (state.credential || (await readsOpen())) {
      return true;
    }
    view.append(el('p', {class: 'note', id: 'needs-credential'},
      'Reads are closed on this service: enter an API key or a bearer token above to look.'));
    return false;
  }

  // --- Charts --------------------------------------------------------------------------------

  /**
   * A line chart: x values and named series, each with its own dash and point marks so that it
   * reads without colour. The container's data-points says how many x values it drew.
   */
  function lineChart(container, options) {
    container.replaceChildren();
    const width = Math.max(280, Math.min(container.clientWidth || 600, 1100) - 8);
    const series = [{label: options.xLabel}].concat(options.series.map((s, i) => ({
      label: s.label,
      stroke: COLOURS[i % COLOURS.length],
      dash: DASHES[i % DASHES.length],
      width: 2,
      scale: s.scale || 'y',
      points: {show: true, size: 6},
      value: (u, v) => (v === null || v === undefined ? '—' : v.toFixed(options.digits === undefined ? 4 : options.digits)),
    })));
    const scales = {x: {time: Boolean(options.time)}};
    const axes = [{label: options.xLabel}, {label: options.yLabel, scale: 'y'}];
    if (options.series.some((s) => s.scale === 'y2')) {
      scales.y2 = {};
      axes.push({label: options.y2Label, scale: 'y2', side: 1, grid: {show: false}});
    }
    const data = [options.x].concat(options.series.map((s) => s.values));
    // eslint-disable-next-line no-undef
    const plot = new uPlot({title: options.title, width, height: 220, scales, axes, series}, data, container);
    container.dataset.points = String(options.x.length);
    if (performance.getEntriesByName('first-chart').length === 0) {
      // Time to first chart, from the start of the page that drew it (read by the browser test).
      performance.mark('first-chart');
      performance.measure('time-to-first-chart', 'page-start', 'first-chart');
    }
    container.setAttribute('aria-label', options.title);
    return plot;
  }

  // --- Pages ---------------------------------------------------------------------------------

  async function overview(view) {
    view.append(el('h2', {}, 'Overview'));
    const health = el('p', {id: 'health'}, 'Health: …');
    view.append(health);
    api('GET', '/actuator/health').then((h) => {
      health.replaceChildren('Health: ', el('span', {class: h.status === 'UP' ? 'ok' : 'bad'}, h.status));
    }).catch((e) => health.replaceChildren(errorBox(e)));
    if (!(await mayRead(view))) {
      return;
    }
    const models = await api('GET', '/models');
    const versions = models.versions.slice().reverse(); // oldest first, for the charts
    view.append(el('p', {}, 'Served version: ', el('strong', {id: 'active-version'}, models.active || 'none')));
    const charts = el('div', {class: 'grid'});
    const rmse = el('div', {class: 'chart', id: 'chart-rmse'});
    const ndcg = el('div', {class: 'chart', id: 'chart-ndcg'});
    const coverage = el('div', {class: 'chart', id: 'chart-coverage'});
    charts.append(rmse, ndcg, coverage);
    view.append(el('h3', {}, 'Evaluation by version'), charts);
    const x = versions.map((v) => Date.parse(v.createdAt) / 1000);
    lineChart(rmse, {
      title: 'Held-out RMSE (lower is better)',
      xLabel: 'saved', yLabel: 'RMSE', time: true, x,
      series: [{label: 'held-out RMSE', values: versions.map((v) => v.evaluation.heldOutRmse ?? null)},
        {label: 'validation RMSE', values: versions.map((v) => v.evaluation.validationRmse ?? null)}],
    });
    lineChart(ndcg, {
      title: 'NDCG@10 (higher is better)',
      xLabel: 'saved', yLabel: 'NDCG@10', time: true, x,
      series: [{label: 'held-out NDCG@10', values: versions.map((v) => v.evaluation.heldOutNdcgAtK ?? null)},
        {label: "ranker's validation NDCG", values: versions.map((v) => (v.ranker ? v.ranker.evaluation.validationNdcg ?? null : null))}],
    });
    lineChart(coverage, {
      title: 'Catalogue coverage of the top 10',
      xLabel: 'saved', yLabel: 'share of movies', time: true, x,
      series: [{label: 'held-out users\' lists', values: versions.map((v) => v.evaluation.heldOutCoverage ?? null)}],
    });
    const rows = models.versions.map((v) => el('tr', {},
      el('td', {}, v.version + (v.version === models.active ? ' (served)' : '')),
      el('td', {}, time(v.createdAt)),
      el('td', {}, v.algorithm + (v.ranker ? ' + ' + v.ranker.algorithm : '')),
      el('td', {}, number(v.evaluation.heldOutRmse, 4)),
      el('td', {}, number(v.evaluation.heldOutNdcgAtK, 4)),
      el('td', {}, percent(v.evaluation.heldOutCoverage)),
      el('td', {}, v.version === models.active ? '' : button('Activate', () => activate(v.version, view), {disabled: !state.credential}))));
    view.append(el('h3', {}, 'Versions'), el('div', {class: 'scroll'}, el('table', {},
      el('thead', {}, el('tr', {}, ['version', 'saved', 'algorithm', 'held-out RMSE', 'NDCG@10', 'coverage', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows))));
    const rate = el('p', {id: 'ratings-rate'}, 'Ratings posted per minute: ',
      state.credential ? 'measuring…' : 'needs a credential with the admin scope (metrics)');
    view.append(rate);
    if (state.credential) {
      const sample = async () => {
        const metric = await api('GET', '/actuator/metrics/recommender.ratings.accepted');
        const count = metric.measurements.find((m) => m.statistic === 'COUNT').value;
        state.ratingSamples.push({at: Date.now(), count});
        state.ratingSamples = state.ratingSamples.slice(-2);
        const [first, last] = state.ratingSamples;
        rate.replaceChildren('Ratings posted per minute (this instance): ',
          last && first !== last ? number((60000 * (last.count - first.count)) / Math.max(1, last.at - first.at), 1) : 'measuring…',
          ' (', String(count), ' since it started)');
      };
      await sample().catch((e) => rate.replaceChildren(errorBox(e)));
      state.timers.push(setInterval(() => sample().catch(() => {}), 10000));
    }
  }

  async function activate(version, view) {
    try {
      await api('PUT', '/models/active', {version});
      show();
    } catch (e) {
      view.prepend(errorBox(e));
    }
  }

  async function jobs(view) {
    view.append(el('h2', {}, 'Training jobs'));
    const form = el('form', {class: 'inline', id: 'new-job'},
      el('label', {}, 'factors', el('input', {name: 'factors', type: 'number', min: 1, max: 512, value: 8})),
      el('label', {}, 'epochs', el('input', {name: 'epochs', type: 'number', min: 1, max: 500, value: 5})),
      el('label', {}, 'activation', el('select', {name: 'activation'},
        ['never', 'if-better', 'always'].map((a) => el('option', {value: a}, a)))),
      el('button', {type: 'submit', disabled: !state.credential}, 'Train a version'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      try {
        await api('POST', '/training-jobs', {
          parameters: {factors: Number(data.get('factors')), epochs: Number(data.get('epochs'))},
          activation: data.get('activation'),
        });
        show();
      } catch (e) {
        form.after(errorBox(e));
      }
    });
    view.append(form);
    if (!state.credential) {
      view.append(el('p', {class: 'note'}, 'Submitting, cancelling and activating need a credential.'));
    }
    if (!(await mayRead(view))) {
      return;
    }
    const list = el('div', {id: 'job-list'});
    const detail = el('div', {id: 'job-detail'});
    view.append(list, detail);
    let selected = null;
    const refresh = async () => {
      const page = await api('GET', '/training-jobs?page=0&size=20');
      list.replaceChildren(el('div', {class: 'scroll'}, el('table', {},
        el('thead', {}, el('tr', {}, ['job', 'status', 'progress', 'version', ''].map((h) => el('th', {}, h)))),
        el('tbody', {}, page.jobs.map((job) => jobRow(job, () => {
          selected = job.id;
          drawJob(job, detail);
        }))))));
      const shown = page.jobs.find((job) => job.id === selected) || page.jobs[0];
      if (shown) {
        selected = shown.id;
        drawJob(shown, detail);
      }
      return page.jobs.some((job) => job.status === 'QUEUED' || job.status === 'RUNNING');
    };
    await refresh();
    // Live while a job is queued or running; a quiet page asks every 10 s.
    let busy = true;
    const tick = async () => {
      busy = await refresh().catch(() => busy);
    };
    state.timers.push(setInterval(() => {
      if (busy) {
        tick();
      }
    }, 1000));
    state.timers.push(setInterval(() => {
      if (!busy) {
        tick();
      }
    }, 10000));
  }

  function jobRow(job, select) {
    const progress = job.progress;
    const bar = progress && (job.status === 'RUNNING' || job.status === 'QUEUED')
      ? el('progress', {max: progress.maxEpochs, value: progress.epoch, 'aria-label': 'epoch ' + progress.epoch + ' of ' + progress.maxEpochs})
      : null;
    const done = job.status === 'SUCCEEDED' || job.status === 'FAILED' || job.status === 'CANCELLED';
    return el('tr', {dataset: {job: job.id, status: job.status}},
      el('td', {}, button(job.id, select, {class: 'link'})),
      el('td', {}, job.status + (job.reason ? ' — ' + job.reason : '')),
      el('td', {}, bar, bar ? ' ' + (progress.model || '') + ' ' + progress.epoch + '/' + progress.maxEpochs : (done ? 'done' : '…')),
      el('td', {}, job.modelVersion || ''),
      el('td', {},
        done ? null : button('Cancel', () => api('DELETE', '/training-jobs/' + encodeURIComponent(job.id))
          .then(show, (e) => document.getElementById('job-list').prepend(errorBox(e))), {disabled: !state.credential}),
        job.status === 'SUCCEEDED' && job.modelVersion && !job.activated
          ? button('Activate', () => activate(job.modelVersion, document.getElementById('view')), {disabled: !state.credential})
          : null));
  }

  /** A job's epochs of {@code model} split into runs: a tuned model trains one run per candidate setting. */
  function runs(job, model) {
    const found = [];
    job.epochs.filter((e) => e.model === model && !e.refit).forEach((e) => {
      if (found.length === 0 || e.epoch <= found[found.length - 1][found[found.length - 1].length - 1].epoch) {
        found.push([]);
      }
      found[found.length - 1].push(e);
    });
    return found;
  }

  /**
   * A job's curves: per model, the training loss and the validation figure by epoch of its latest
   * run (a tuned model's earlier runs are listed with where they ended), and the comparison with
   * the served version once it is made.
   */
  function drawJob(job, detail) {
    const key = job.id + ':' + job.epochs.length + ':' + job.status;
    if (detail.dataset.drawn === key) {
      return;
    }
    detail.dataset.drawn = key;
    detail.replaceChildren(el('h3', {}, 'Job ' + job.id + ': ' + job.status));
    const models = [...new Set(job.epochs.map((e) => e.model))];
    if (models.length === 0) {
      detail.append(el('p', {class: 'note'}, 'No epoch finished yet.'));
    }
    const grid = el('div', {class: 'grid'});
    detail.append(grid);
    models.forEach((model) => {
      const all = runs(job, model);
      const epochs = all[all.length - 1];
      const ndcg = epochs.some((e) => e.validationNdcg !== null && e.validationNdcg !== undefined);
      const validation = epochs.map((e) => (ndcg ? e.validationNdcg : e.validationRmse) ?? null);
      const chart = el('div', {class: 'chart job-chart', dataset: {model}});
      const cell = el('div', {}, chart);
      grid.append(cell);
      lineChart(chart, {
        title: model + ': loss and validation by epoch' + (all.length > 1 ? ' (run ' + all.length + ' of ' + all.length + ')' : ''),
        xLabel: 'epoch', yLabel: 'training loss', y2Label: ndcg ? 'validation NDCG' : 'validation RMSE',
        x: epochs.map((e) => e.epoch),
        series: [{label: 'training loss', values: epochs.map((e) => e.trainLoss)},
          {label: ndcg ? 'validation NDCG' : 'validation RMSE', values: validation, scale: 'y2'}],
      });
      if (all.length > 1) {
        cell.append(el('p', {class: 'note'}, 'Runs of the candidate settings, where each ended: ' + all.map((run, i) => {
          const last = run[run.length - 1];
          return (i + 1) + ': ' + number(ndcg ? last.validationNdcg : last.validationRmse, 4) + ' after ' + last.epoch + ' epochs';
        }).join('; ')));
      }
    });
    const comparison = job.evaluation;
    if (comparison && comparison.candidate) {
      const row = (label, m) => el('tr', {}, el('td', {}, label), el('td', {}, number(m && m.rmse, 4)),
        el('td', {}, number(m && m.mae, 4)), el('td', {}, number(m && m.ndcgAtK, 4)));
      detail.append(el('h3', {}, 'Against the served version'), el('div', {class: 'scroll'}, el('table', {id: 'job-comparison'},
        el('thead', {}, el('tr', {}, ['', 'RMSE', 'MAE', 'NDCG@10'].map((h) => el('th', {}, h)))),
        el('tbody', {}, row('this job\'s version', comparison.candidate), row('served ' + (comparison.activeVersion || ''), comparison.active)))),
      el('p', {class: 'note'}, 'On ' + (comparison.comparedOn || 'the held-out ratings') + '; '
        + (comparison.candidateIsBetter ? 'the new version is better.' : 'the new version is not better.')));
    }
  }

  async function experiments(view) {
    view.append(el('h2', {}, 'Experiments'));
    if (!(await mayRead(view))) {
      return;
    }
    const models = await api('GET', '/models');
    const options = () => models.versions.map((v) => el('option', {value: v.version}, v.version + (v.version === models.active ? ' (served)' : '')));
    const form = el('form', {class: 'inline', id: 'new-experiment'},
      el('label', {}, 'name', el('input', {name: 'name', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}', value: 'console-' + Date.now().toString(36)})),
      el('label', {}, 'variant A', el('select', {name: 'a'}, options())),
      el('label', {}, 'share A %', el('input', {name: 'share', type: 'number', min: 1, max: 99, value: 50})),
      el('label', {}, 'variant B', el('select', {name: 'b'}, options())),
      el('button', {type: 'submit', disabled: !state.credential}, 'Start'));
    if (models.versions.length > 1) {
      form.querySelector('[name=b]').selectedIndex = 1;
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const share = Number(data.get('share'));
      try {
        await api('POST', '/experiments', {
          name: data.get('name'),
          variants: [{name: 'A', version: data.get('a'), share}, {name: 'B', version: data.get('b'), share: 100 - share}],
        });
        show();
      } catch (e) {
        form.after(errorBox(e));
      }
    });
    view.append(el('h3', {}, 'Start one'), form);
    const list = await api('GET', '/experiments');
    if (list.experiments.length === 0) {
      view.append(el('p', {class: 'note'}, 'No experiment yet.'));
    }
    for (const experiment of list.experiments) {
      const section = el('section', {class: 'experiment', dataset: {name: experiment.name, status: experiment.status}},
        el('h3', {}, experiment.name + ' — ' + experiment.status + (experiment.promoted ? ', promoted ' + experiment.promoted : '')));
      view.append(section);
      if (experiment.status === 'damaged') {
        section.append(el('p', {class: 'error'}, experiment.reason || 'its record cannot be read'));
        continue;
      }
      const report = await api('GET', '/experiments/' + encodeURIComponent(experiment.name));
      section.append(rates(report));
      if (experiment.status === 'running') {
        section.append(el('div', {class: 'actions'}, report.variants.map((variant) => button('End, promoting ' + variant.name, async () => {
          try {
            await api('POST', '/experiments/' + encodeURIComponent(experiment.name) + '/end', {promote: variant.name});
            show();
          } catch (e) {
            section.append(errorBox(e));
          }
        }, {dataset: {promote: variant.name}}))));
      }
    }
  }

  /** Each variant's hit rate with its 95% interval, drawn and written. */
  function rates(report) {
    const top = Math.max(0.05, ...report.variants.map((v) => (v.interval ? v.interval.high : v.hitRate || 0)));
    const chart = el('div', {class: 'rates', role: 'img', 'aria-label': 'hit rate by variant with 95% intervals'});
    report.variants.forEach((v) => {
      const track = el('div', {class: 'rate-track'});
      if (v.hitRate !== null && v.hitRate !== undefined) {
        const bar = el('div', {class: 'rate-bar'});
        bar.style.width = (100 * v.hitRate / top) + '%';
        track.append(bar);
      }
      if (v.interval) {
        const interval = el('div', {class: 'rate-interval'});
        interval.style.left = (100 * v.interval.low / top) + '%';
        interval.style.width = (100 * (v.interval.high - v.interval.low) / top) + '%';
        track.append(interval);
      }
      chart.append(el('strong', {}, v.name), track,
        el('div', {class: 'rate-text'}, 'hit rate ' + percent(v.hitRate)
          + (v.interval ? ' (95% interval ' + percent(v.interval.low) + '–' + percent(v.interval.high) + ')' : '')
          + ', ' + v.usersWithHit + ' of ' + v.users + ' users, ' + v.recommendations + ' lists, ' + v.hits + ' hits; version ' + v.version
          + ', share ' + v.share + '%'));
    });
    return chart;
  }

  async function user(view) {
    view.append(el('h2', {}, 'A user'));
    const form = el('form', {class: 'inline', id: 'user-form'},
      el('label', {}, 'user id', el('input', {name: 'user', type: 'number', min: 0, required: true, value: location.hash.split('/')[2] || ''})),
      el('label', {}, 'genre', el('input', {name: 'genre', size: 10})),
      el('label', {}, 'from year', el('input', {name: 'minYear', type: 'number', min: 1870, max: 2100})),
      el('label', {}, 'to year', el('input', {name: 'maxYear', type: 'number', min: 1870, max: 2100})),
      el('label', {}, 'diversity', el('input', {name: 'diversity', type: 'number', min: 0, max: 1, step: 0.1, value: 0})),
      el('button', {type: 'submit'}, 'Look up'));
    const result = el('div', {id: 'user-result'});
    view.append(form, result);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      lookUp(new FormData(form), result).catch((e) => result.replaceChildren(errorBox(e)));
    });
    if (!(await mayRead(view))) {
      return;
    }
    if (form.querySelector('[name=user]').value) {
      await lookUp(new FormData(form), result).catch((e) => result.replaceChildren(errorBox(e)));
    }
  }

  async function lookUp(data, result) {
    const id = encodeURIComponent(String(data.get('user')).trim());
    const query = new URLSearchParams({limit: '12'});
    ['genre', 'minYear', 'maxYear'].forEach((name) => {
      const value = String(data.get(name) || '').trim();
      if (value) {
        query.set(name, value);
      }
    });
    if (Number(data.get('diversity')) > 0) {
      query.set('diversity', String(data.get('diversity')));
    }
    const [list, ratings] = await Promise.all([
      api('GET', '/users/' + id + '/recommendations?' + query),
      api('GET', '/users/' + id + '/ratings?limit=20'),
    ]);
    result.replaceChildren(
      el('h3', {}, 'Recommended (' + list.strategy + (list.variant ? ', variant ' + list.variant : '') + ', version ' + list.modelVersion + ')'),
      el('div', {class: 'cards', id: 'recommendations'}, list.items.map((item) => card(id, item))),
      el('h3', {}, 'Rated (' + ratings.total + ')'),
      el('div', {class: 'scroll'}, el('table', {id: 'ratings'},
        el('thead', {}, el('tr', {}, ['movie', 'rating', 'when', 'source'].map((h) => el('th', {}, h)))),
        el('tbody', {}, ratings.ratings.map((r) => el('tr', {},
          el('td', {}, r.title || String(r.movie)), el('td', {}, String(r.rating)), el('td', {}, time(r.ratedAt)), el('td', {}, r.source)))))));
  }

  function card(user, item) {
    const detail = el('div', {class: 'detail'});
    const why = button('Why?', async () => {
      try {
        const explanation = await api('GET', '/users/' + user + '/recommendations/' + item.movieId + '/explanation?limit=5');
        detail.replaceChildren(el('div', {class: 'explanation'},
          el('p', {}, 'Predicted ' + number(explanation.rating.predictedRating, 2) + ' (mean ' + number(explanation.rating.globalMean, 2)
            + ', user ' + number(explanation.rating.userBias, 2) + ', movie ' + number(explanation.rating.itemBias, 2)
            + ', taste ' + number(explanation.rating.factors, 2) + ')'),
          (explanation.contributions || []).length
            ? el('ul', {}, explanation.contributions.map((c) => el('li', {}, (c.title || c.movieId) + ' ' + didWith(c) + ': ' + percent(c.share) + ' of the score')))
            : el('p', {class: 'note'}, 'No rated movie contributes (' + explanation.strategy + ').')));
      } catch (e) {
        detail.replaceChildren(errorBox(e));
      }
    }, {class: 'why'});
    const similar = button('Similar', async () => {
      try {
        const found = await api('GET', '/movies/' + item.movieId + '/similar?limit=5');
        detail.replaceChildren(el('ul', {class: 'similar'}, found.items.map((s) => el('li', {},
          (s.title || s.movieId) + (s.year ? ' (' + s.year + ')' : '') + ' — similarity ' + number(s.similarity, 2) + ', ' + s.ratings + ' ratings'))));
      } catch (e) {
        detail.replaceChildren(errorBox(e));
      }
    }, {class: 'similar-button'});
    return el('div', {class: 'card', dataset: {movie: item.movieId}},
      el('div', {class: 'title'}, item.title || 'movie ' + item.movieId),
      el('div', {class: 'meta'}, [item.year, (item.genres || []).join(', '), 'predicted ' + number(item.predictedRating, 2)].filter(Boolean).join(' · ')),
      el('div', {class: 'actions'}, why, similar),
      detail);
  }

  // --- Routing and the credential ---------------------------------------------------------

  const PAGES = {overview, jobs, experiments, user};

  async function show() {
    state.timers.forEach((timer) => clearInterval(timer));
    state.timers = [];
    performance.mark('page-start');
    const route = (location.hash.split('/')[1] || 'overview');
    const page = PAGES[route] || overview;
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('current', a.dataset.route === route));
    const view = document.getElementById('view');
    const fresh = el('div', {id: 'page', dataset: {page: route}});
    view.replaceChildren(fresh);
    try {
      await page(fresh);
      fresh.dataset.ready = 'true';
    } catch (e) {
      fresh.append(errorBox(e));
      fresh.dataset.ready = 'error';
    }
  }

  function credentialForm() {
    const form = document.getElementById('credential');
    const input = document.getElementById('credential-value');
    const status = document.getElementById('credential-state');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = input.value.trim();
      input.value = '';
      state.credential = value ? {kind: document.getElementById('credential-kind').value, value} : null;
      status.textContent = state.credential ? (state.credential.kind === 'token' ? 'a bearer token' : 'an API key') + ' held in this tab' : 'no credential';
      show();
    });
    document.getElementById('credential-forget').addEventListener('click', () => {
      state.credential = null;
      status.textContent = 'no credential';
      show();
    });
  }

  window.addEventListener('hashchange', show);
  document.addEventListener('DOMContentLoaded', () => {
    credentialForm();
    show();
  });
})();
