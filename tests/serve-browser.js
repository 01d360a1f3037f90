// owed serve in a real browser (issue 15), driven by tests/serve-browser.sh:
//   node serve-browser.js CHROMIUM URL OUTDIR BALANCE REFUND
// Headless Chromium is driven over the DevTools protocol through a pipe
// (--remote-debugging-pipe: JSON messages separated by NUL bytes, written to the browser's
// fd 3 and read from its fd 4), so no npm package and no WebSocket are needed.
// The script opens the page, adds rows with the page's script, enters the seed story
// (samples/seed-xian-2018.xml: three loans, the extension of two, seven payments, the
// collector's claim), takes a screenshot of the filled form, submits, and looks for the
// lawful balance and the refund in the statement (screenshot); then goes back to the form
// from the statement, enters a date in a wrong format, submits, and finds the form again
// with the message beside that field and the other values kept.
// Prints one line per check; exits 0 when all passed, 1 otherwise.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const [chromium, url, outdir, balance, refund] = process.argv.slice(2);
const browser = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync',
  '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage',
  '--disable-quic', '--remote-debugging-pipe', '--user-data-dir=' + path.join(outdir, 'profile'),
  'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let log = '';
browser.stdio[2].on('data', (d) => { log += d; });

let pendingBytes = Buffer.alloc(0);
let nextId = 1;
const pending = new Map();
const listeners = [];
browser.stdio[4].on('data', (chunk) => {
  pendingBytes = Buffer.concat([pendingBytes, chunk]);
  let end;
  while ((end = pendingBytes.indexOf(0)) >= 0) {
    const msg = JSON.parse(pendingBytes.subarray(0, end).toString('utf8'));
    pendingBytes = pendingBytes.subarray(end + 1);
    if (msg.id && pending.has(msg.id)) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(JSON.stringify(msg.error)));
      else p.resolve(msg.result);
    } else {
      listeners.slice().forEach((l) => l(msg));
    }
  }
});

function call(method, params, sessionId) {
  const id = nextId++;
  const msg = { id, method, params: params || {} };
  if (sessionId) msg.sessionId = sessionId;
  browser.stdio[3].write(JSON.stringify(msg) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

function nextEvent(name, sessionId) {
  return new Promise((resolve) => {
    const l = (msg) => {
      if (msg.method === name && msg.sessionId === sessionId) {
        listeners.splice(listeners.indexOf(l), 1);
        resolve(msg.params);
      }
    };
    listeners.push(l);
  });
}

let failures = 0;
function check(ok, what) {
  console.log((ok ? 'ok: ' : 'FAIL: ') + what);
  if (!ok) failures++;
}

// The seed story as a borrower would type it (samples/seed-xian-2018.xml).
const story = {
  'case.as_of': '2018-06-10', 'case.currency': 'CNY', 'case.borrower': '小柳',
  'case.title': "三笔21天网贷 (Xi'an, 2017–2018)",
  'extension0.date': '2018-01-08', 'extension0.loan': 'L2', 'extension0.due': '2018-01-29',
  'extension0.fee': '320.00',
  'extension1.date': '2018-01-08', 'extension1.loan': 'L3', 'extension1.due': '2018-01-31',
  'extension1.fee': '80.00',
  'claim0.date': '2018-06-05', 'claim0.by': 'collector', 'claim0.principal': '2050.00',
  'claim0.interest': '2030.00', 'claim0.fees': '230.00',
};
[['L1', '2017-12-15', '4000.00'], ['L2', '2017-12-17', '3200.00'], ['L3', '2017-12-19', '800.00']]
  .forEach(([id, date, amount], i) => {
    Object.assign(story, {
      [`loan${i}.id`]: id, [`loan${i}.contracted`]: date, [`loan${i}.principal`]: amount,
      [`loan${i}.term_days`]: '21', [`loan${i}.received_date`]: date,
      [`loan${i}.received`]: amount, [`loan${i}.rate`]: '0.05%', [`loan${i}.per`]: 'day',
      [`loan${i}.fee_name`]: '服务费', [`loan${i}.fee`]: '5%', [`loan${i}.fee_at`]: 'maturity',
      [`loan${i}.overdue_rate`]: '0.5%', [`loan${i}.overdue_per`]: 'day',
      [`loan${i}.overdue_on`]: 'principal',
    });
  });
[['2018-01-02', '4236.00', 'L1'], ['2018-01-08', '600.00'], ['2018-02-09', '500.00'],
  ['2018-03-05', '400.00'], ['2018-03-30', '300.00'], ['2018-04-20', '500.00'],
  ['2018-05-15', '400.00']].forEach(([date, amount, loan], i) => {
  story[`payment${i}.date`] = date;
  story[`payment${i}.amount`] = amount;
  if (loan) story[`payment${i}.loan`] = loan;
});

async function main() {
  const { targetId } = await call('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await call('Target.attachToTarget', { targetId, flatten: true });
  const page = (method, params) => call(method, params, sessionId);
  await page('Page.enable');
  await page('Emulation.setDeviceMetricsOverride',
    { width: 1100, height: 900, deviceScaleFactor: 1, mobile: false });
  const evaluate = async (expression) => {
    const r = await page('Runtime.evaluate', { expression, returnByValue: true });
    if (r.exceptionDetails) throw new Error(expression + ': ' + JSON.stringify(r.exceptionDetails));
    return r.result.value;
  };
  const load = async (action) => {
    const loaded = nextEvent('Page.loadEventFired', sessionId);
    await action();
    await loaded;
  };
  const screenshot = async (file, maxHeight) => {
    const height = Math.min(maxHeight, await evaluate('document.documentElement.scrollHeight'));
    const shot = await page('Page.captureScreenshot', {
      format: 'png', captureBeyondViewport: true,
      clip: { x: 0, y: 0, width: 1100, height, scale: 1 },
    });
    fs.writeFileSync(path.join(outdir, file), Buffer.from(shot.data, 'base64'));
  };
  const rows = (kind) => evaluate(`document.querySelectorAll('[data-row="${kind}"]').length`);
  const fill = (values) => evaluate(`(() => {
      const values = ${JSON.stringify(values)};
      const missing = [];
      for (const [name, value] of Object.entries(values)) {
        const el = document.getElementsByName(name)[0];
        if (!el) { missing.push(name); continue; }
        el.value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      return missing;
    })()`);

  await load(() => page('Page.navigate', { url }));
  check(await evaluate('document.forms.length') === 2, 'the page has the upload form and the case form');

  // Rows added by the page's script: 3 loans, 8 payments (one removed again), 2 extensions.
  const clicks = { loan: 3, payment: 7, extension: 2 };
  for (const [kind, want] of Object.entries(clicks)) {
    while (await rows(kind) < want)
      await evaluate(`document.querySelector('button[data-add="${kind}"]').click()`);
  }
  await evaluate(`document.querySelector('button[data-add="payment"]').click()`);
  check(await rows('payment') === 8, 'the script adds a row');
  await evaluate(`(() => { const r = document.querySelectorAll('[data-row="payment"]');
      r[r.length - 1].querySelector('button[data-remove]').click(); })()`);
  check(await rows('payment') === 7, 'the script removes a row');
  check(await rows('loan') === 3 && await rows('extension') === 2, 'rows for 3 loans and 2 extensions');

  const missing = await fill(story);
  check(missing.length === 0, 'every field of the story is in the form' +
    (missing.length ? ': missing ' + missing.join(' ') : ''));
  await screenshot('serve-form.png', 4000);

  await load(() => evaluate(`document.getElementById('go').click()`));
  const text = await evaluate('document.body.innerText');
  check(text.includes('Summary'), 'the statement is shown');
  check(text.includes(balance), `the statement shows the lawful balance ${balance}`);
  check(text.includes(refund), `the statement shows the refund ${refund}`);
  check(await evaluate(`document.querySelectorAll('#owed-serve-bar button[name="format"]').length`) === 3,
    'the statement has the three downloads');
  await screenshot('serve-statement.png', 1400);

  // Back to the form from the statement: the story is there again; break one date.
  await load(() => evaluate(`document.querySelector('button[value="edit"]').click()`));
  check(await evaluate(`document.getElementsByName('loan2.principal')[0].value`) === '800.00',
    'back from the statement, the form holds the story');
  await fill({ 'loan0.contracted': '2017/12/15' });
  await load(() => evaluate(`document.getElementById('go').click()`));
  const msg = await evaluate(`(() => { const e = document.getElementById('err-loan0.contracted');
      return e ? e.textContent : null; })()`);
  check(msg !== null && msg.length > 0, 'the form is back with a message at the date: ' + msg);
  check(await evaluate(`document.getElementsByName('loan0.contracted')[0].value`) === '2017/12/15',
    'the wrong date is kept as typed');
  const kept = await evaluate(`[...document.querySelectorAll('input[type=text]')]
      .filter((e) => e.value !== '').length`);
  const storyTexts = Object.keys(story).filter((k) => !/\.(per|fee_at|overdue_per|overdue_on|currency)$/.test(k)).length;
  check(kept >= storyTexts, `the other values are kept (${kept} fields filled, story ${storyTexts})`);
  check(await evaluate(`document.getElementsByName('payment6.amount')[0].value`) === '400.00' &&
        await evaluate(`document.getElementsByName('claim0.by')[0].value`) === 'collector',
    'payments and the claim are kept');
  await call('Browser.close').catch(() => {});
}

// Ends once the browser has exited (its profile directory is then free to remove).
function finish(code) {
  clearTimeout(timer);
  if (browser.exitCode !== null || browser.signalCode !== null) process.exit(code);
  const hard = setTimeout(() => { browser.kill('SIGKILL'); process.exit(code); }, 10000);
  browser.once('exit', () => { clearTimeout(hard); process.exit(code); });
  browser.kill();
}
const timer = setTimeout(() => {
  console.log('FAIL: timed out');
  console.log(log);
  finish(1);
}, 120000);
main().then(() => finish(failures ? 1 : 0), (e) => {
  console.log('FAIL: ' + e.message);
  console.log(log);
  finish(1);
});
