// Browser end-to-end test of the web playground, in Debian's headless Chromium (playwright-core).
//   node tests/browser/run.mjs SITE_DIR ARTIFACT_DIR
// Serves SITE_DIR on 127.0.0.1, loads the page, and checks: the canvas renders (not blank); an
// invalid definition put into the editor (through the page's hook, and through real key input)
// shows its finding; bad input gets a clear error and the page keeps running; the Placement and
// Simulation screens answer their hooks. Screenshots go to
// ARTIFACT_DIR. Exits non-zero on the first failure.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const [siteArg, artifacts] = process.argv.slice(2);
if (!siteArg || !artifacts) {
  console.error('usage: node run.mjs SITE_DIR ARTIFACT_DIR');
  process.exit(2);
}
const site = path.resolve(siteArg);
fs.mkdirSync(artifacts, { recursive: true });

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = http.createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = path.join(site, name === '/' ? 'index.html' : name);
  if (!file.startsWith(site) || !fs.existsSync(file)) {
    res.writeHead(404);
    res.end('not found');
    return;
  }
  if (process.env.VERBOSE) console.log('GET', name);
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader',
         '--enable-unsafe-swiftshader'],
});
// Clipboard permissions: the test writes the system clipboard, then presses Ctrl+V like a user.
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

// Standard deviation of the grey levels of a PNG (ImageMagick): a blank canvas is one flat colour.
function greySpread(file) {
  return parseFloat(execFileSync('convert', [file, '-colorspace', 'Gray', '-format', '%[fx:standard_deviation]', 'info:']).toString());
}

async function waitFrames(n) {
  const start = await page.evaluate(() => window.ecsplay.frames());
  await page.waitForFunction((s) => window.ecsplay.frames() >= s, start + n, { timeout: 20000 });
}

// ImGui 1.86 reads the keyboard's state once per frame: hold a chord for a few frames, as a
// person does, or the frame never sees it.
async function chord(...keys) {
  for (const k of keys) await page.keyboard.down(k);
  await waitFrames(2);
  for (const k of keys.reverse()) await page.keyboard.up(k);
  await waitFrames(1);
}

async function shot(name) {
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file });
  return file;
}

try {
  await page.goto(url);
  await page.waitForFunction(() => window.ecsplay && window.ecsplay.ready(), null, { timeout: 60000 });
  await waitFrames(3);

  // 1. The canvas renders the playground: the first example, valid.
  let file = await shot('01-initial.png');
  check(greySpread(file) > 0.02, `the canvas is drawn (${file})`);
  let state = await page.evaluate(() => window.ecsplay.state());
  check(state.valid === true, 'the first example is valid');

  // 2. An invalid definition through the page's hook shows its finding.
  const wrongSize = JSON.stringify({
    family: 'demo', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '4096',
    containerDefinitions: [{ name: 'app', image: 'nginx' }],
  }, null, 2);
  check(await page.evaluate((t) => window.ecsplay.setText(t), wrongSize) === '', 'the hook sets the editor text');
  await waitFrames(3);
  state = await page.evaluate(() => window.ecsplay.state());
  const fargate = state.findings.find((f) => f.code === 'FargateCpuMemory');
  check(state.valid === false && fargate && fargate.path === 'memory' &&
        fargate.message.startsWith('No Fargate configuration exists for given values: 256 CPU, 4096 memory.'),
        'a wrong Fargate size gives ECS\'s finding on memory');
  file = await shot('02-invalid-fargate-size.png');
  check(greySpread(file) > 0.02, `the invalid definition is drawn (${file})`);

  // 3. Real key input: click into the editor, select all, type a definition without containers.
  await page.mouse.click(300, 400);
  await waitFrames(2);
  await chord('Control', 'a');
  await chord('Delete');
  await page.keyboard.type('{"family": "typed"}', { delay: 5 });
  await waitFrames(5);
  state = await page.evaluate(() => window.ecsplay.state());
  check(state.findings.some((f) => f.code === 'MissingRequiredParameter' && f.path === 'containerDefinitions'),
        'typed text is validated: containerDefinitions is missing');
  await shot('03-typed.png');

  // 4. Bad input: each gets a clear error and the page keeps drawing frames.
  const bad = [
    ['malformed JSON', '{"family": "x", "containerDefinitions": [}', (s) => s.jsonError && /line 1, column \d+/.test(s.jsonError)],
    ['NaN', '{"family": "x", "cpu": NaN}', (s) => s.jsonError && s.jsonError.startsWith('Malformed JSON')],
    ['wrong types', '{"family": 7, "containerDefinitions": "none"}', (s) => s.findings.filter((f) => f.code === 'InvalidType').length === 2],
    ['negative and huge numbers', '{"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "memory": -5, "cpu": 99999999999999999999}]}',
      (s) => s.findings.some((f) => f.code === 'ContainerMemoryNotPositive') && s.findings.some((f) => f.path === 'containerDefinitions[0].cpu')],
    ['deep nesting', '['.repeat(100000), (s) => s.jsonError && s.jsonError.includes('nests deeper')],
    ['invalid UTF-8 escape', '{"family": "\\udc00x", "containerDefinitions": []}', (s) => s.jsonError !== null || s.valid === false],
  ];
  for (const [what, text, ok] of bad) {
    await page.evaluate((t) => window.ecsplay.setText(t), text);
    await waitFrames(2);
    state = await page.evaluate(() => window.ecsplay.state());
    check(ok(state), `bad input (${what}) gets a clear error: ${state.jsonError || state.findings.map((f) => f.code).join(',')}`);
  }
  await shot('04-bad-input.png');

  // A 10 MB text is refused with a message naming the limit; the previous text stays.
  const refusal = await page.evaluate(() => window.ecsplay.setText('{"family": "' + 'x'.repeat(10 * 1000 * 1000) + '"}'));
  check(/10\.0 MB.*1 MiB/.test(refusal), `a 10 MB text is refused: ${refusal}`);
  // ... and so is a 10 MB paste (a paste event, then Ctrl+V in the editor).
  await page.mouse.click(300, 400);
  await page.evaluate(() => navigator.clipboard.writeText('y'.repeat(10 * 1000 * 1000)));
  await chord('Control', 'v');
  await waitFrames(3);
  const notice = await page.evaluate(() => window.ecsplay.notice());
  check(notice.startsWith('Paste refused: the clipboard holds 10.0 MB'), `a 10 MB paste is refused: ${notice}`);
  file = await shot('05-paste-refused.png');
  // A small paste goes in.
  await chord('Control', 'a');
  await page.evaluate(() => navigator.clipboard.writeText(
    '{"family": "pasted", "containerDefinitions": [{"name": "a", "image": "b", "memory": 128}]}'));
  await chord('Control', 'v');
  await waitFrames(5);
  state = await page.evaluate(() => window.ecsplay.state());
  check(state.valid === true && state.taskDefinition.family === 'pasted', 'a pasted definition is validated');

  // 5. Every example loads, and says what its index promises.
  const index = JSON.parse(fs.readFileSync(new URL('../../playground/examples/index.json', import.meta.url)));
  for (let i = 0; i < index.length; i++) {
    await page.evaluate((n) => window.ecsplay.loadExample(n), i);
    await waitFrames(2);
    state = await page.evaluate(() => window.ecsplay.state());
    check(state.valid === index[i].valid, `example ${i} "${index[i].title}" is ${index[i].valid ? 'valid' : 'invalid'}`);
    if (i === 3) await shot('06-example-fargate-wrong-size.png');
  }
  await page.evaluate(() => window.ecsplay.setLaunchType('FARGATE'));
  await page.evaluate(() => window.ecsplay.loadExample(1));
  await waitFrames(3);
  state = await page.evaluate(() => window.ecsplay.state());
  check(state.valid === false && state.findings.some((f) => f.message.startsWith('Task definition does not support launch_type FARGATE')),
        'judging an EC2 bridge definition for FARGATE says why it cannot run there');
  await shot('07-judged-for-fargate.png');

  // 6. Registration semantics: revisions grow, deregister makes INACTIVE, delete needs INACTIVE.
  await page.evaluate(() => window.ecsplay.setLaunchType(''));
  await page.evaluate(() => window.ecsplay.loadExample(0));
  let answer = await page.evaluate(() => window.ecsplay.registry('register'));
  check(answer.startsWith('Registered web:1 '), `register: ${answer}`);
  answer = await page.evaluate(() => window.ecsplay.registry('register'));
  check(answer.startsWith('Registered web:2 '), `register again: ${answer}`);
  const arn1 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
  const arn2 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';
  answer = await page.evaluate((a) => window.ecsplay.registry('delete:' + a), arn2);
  check(answer.includes('ACTIVE'), `deleting an ACTIVE revision fails: ${answer}`);
  await page.evaluate((a) => window.ecsplay.registry('deregister:' + a), arn1);
  answer = await page.evaluate((a) => window.ecsplay.registry('delete:' + a), arn1);
  check(answer.includes('DELETE_IN_PROGRESS'), `deleting an INACTIVE revision: ${answer}`);
  answer = await page.evaluate(() => window.ecsplay.registry('register'));
  check(answer.startsWith('Registered web:3 '), `revisions keep growing: ${answer}`);
  await page.evaluate(() => window.ecsplay.loadExample(3));
  answer = await page.evaluate(() => window.ecsplay.registry('register'));
  check(answer.startsWith('ClientException: No Fargate configuration exists'), `an invalid definition is refused: ${answer}`);
  state = await page.evaluate(() => window.ecsplay.state());
  check(JSON.stringify(state.revisions.map((r) => r.arn.split('/')[1] + ' ' + r.status)) === '["web:2 ACTIVE","web:3 ACTIVE"]',
        `the revisions' statuses: ${JSON.stringify(state.revisions)}`);

  // 7. The Placement screen: the demo cluster, a request, RunTask, and bad requests.
  await page.evaluate(() => window.ecsplay.loadExample(0));  // web: 256 CPU units, 512 MiB, awsvpc
  await page.evaluate(() => window.ecsplay.showScreen(1));
  await page.evaluate(() => window.ecsplay.lab('reset'));
  await waitFrames(3);
  let lab = await page.evaluate(() => window.ecsplay.labState());
  check(lab.instances.length === 6 && lab.instances[5].status === 'DRAINING' && lab.instances[5].reason === 'NOT ACTIVE',
        'the demo cluster: six instances, a draining one passed over');
  await shot('08-placement.png');
  check(await page.evaluate(() => window.ecsplay.lab('request ' + JSON.stringify({
    count: 10, strategies: [{type: 'spread', field: 'attribute:ecs.availability-zone'}, {type: 'binpack', field: 'memory'}]}))) === '',
    'a spread + binpack request is taken');
  await page.evaluate(() => window.ecsplay.lab('run'));
  await waitFrames(3);
  lab = await page.evaluate(() => window.ecsplay.labState());
  const reply = JSON.parse(lab.lastReply);
  // Two awsvpc tasks per instance (ENIs), five ACTIVE instances: 10 placed.
  check(reply.tasks.length === 10 && reply.failures.length === 0, `RunTask placed 10 tasks: ${reply.tasks.length}, ${reply.failures.length} failures`);
  await page.evaluate(() => window.ecsplay.lab('run'));
  await waitFrames(3);
  lab = await page.evaluate(() => window.ecsplay.labState());
  const full = JSON.parse(lab.lastReply);
  check(full.tasks.length === 0 && full.failures.length === 10 && full.failures[0].reason === 'RESOURCE:ENI',
        `a full cluster answers RESOURCE:ENI failures: ${JSON.stringify(full.failures[0])}`);
  await shot('09-placement-full.png');
  await page.evaluate(() => window.ecsplay.lab('request ' + JSON.stringify({count: 1, strategies: [
    {type: 'binpack', field: 'disk'}]})));
  lab = await page.evaluate(() => window.ecsplay.labState());
  check(lab.requestError.startsWith('InvalidParameterException: The binpack placement strategy takes the field cpu or memory'),
        `an unknown binpack field is refused: ${lab.requestError}`);
  await page.evaluate(() => window.ecsplay.lab('request ' + JSON.stringify({count: 1, constraints: [
    {type: 'memberOf', expression: 'attribute:stack == prod and (attribute:ecs.instance-type =~ m5.*'}]})));
  lab = await page.evaluate(() => window.ecsplay.labState());
  check(/Invalid expression at position \d+/.test(lab.requestError), `a malformed expression points at its position: ${lab.requestError}`);
  await waitFrames(2);
  await shot('10-placement-bad-expression.png');
  const broken = await page.evaluate(() => window.ecsplay.lab('request {broken'));
  check(broken.startsWith('Malformed JSON at line 1'), `a broken request JSON is answered: ${broken}`);
  await page.evaluate(() => window.ecsplay.lab('stop'));

  // 8. The Simulation screen: the gallery, a scenario over time, actions, bad input.
  await page.evaluate(() => window.ecsplay.showScreen(2));
  await page.mouse.move(1270, 5);  // out of the way: no tooltip over the screenshots
  await waitFrames(3);
  let sim = await page.evaluate(() => window.ecsplay.simState());
  check(sim.loaded === false, 'the Simulation screen opens on its gallery');
  file = await shot('11-simulation-gallery.png');
  check(greySpread(file) > 0.02, `the gallery is drawn (${file})`);
  check(await page.evaluate(() => window.ecsplay.simLoad('task-lifecycle')) === '', 'task-lifecycle loads');
  const webTask = (s) => s.tasks.find((t) => t.definition === 'web:1');
  await page.evaluate(() => window.ecsplay.simSeek(60000));
  await waitFrames(3);
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(sim.nowText === '0:01:00' && webTask(sim) && webTask(sim).lastStatus === 'RUNNING',
        `task-lifecycle at 1m: the web task is RUNNING (${sim.nowText}, ${webTask(sim) && webTask(sim).lastStatus})`);
  check(await page.evaluate((id) => window.ecsplay.simSelect(id), webTask(sim).id.slice(0, 8)) === '', 'a task is selected by its short id');
  await waitFrames(3);
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(sim.selectedContainer === 'app' && sim.runtime.environment.some((e) => e.name === 'AWS_EXECUTION_ENV' && e.value === 'AWS_ECS_EC2'),
        'the selected task\'s container sees the environment ECS injects');
  file = await shot('12-simulation-running.png');
  check(greySpread(file) > 0.02, `the running task is drawn (${file})`);
  await page.evaluate(() => window.ecsplay.simSeek('4m'));
  await waitFrames(3);
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(webTask(sim).lastStatus === 'STOPPED' && webTask(sim).stopCode === 'UserInitiated',
        `task-lifecycle at 4m: the web task is STOPPED (${webTask(sim).lastStatus}, ${webTask(sim).stopCode})`);
  check(sim.latestNote === 'Stop the task: ECS sets desiredStatus to STOPPED and walks it down.', `the lesson's note is shown: ${sim.latestNote}`);
  await shot('13-simulation-stopped.png');
  // Back in time: the log is what it was at 1m.
  await page.evaluate(() => window.ecsplay.simSeek(60000));
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(webTask(sim).lastStatus === 'RUNNING' && sim.log.every((l) => l.t <= 60000), 'seeking back restores 1m, log included');
  // Next event: from 1m the next line of the log is the note at 3m.
  await page.evaluate(() => window.ecsplay.simNext());
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(sim.now === 180000, `next event goes to 0:03:00 (${sim.nowText})`);
  // Playing: frames move simulated time.
  await page.evaluate(() => window.ecsplay.simSeek(0));
  await page.evaluate(() => window.ecsplay.simPlay(60));
  await waitFrames(20);
  await page.evaluate(() => window.ecsplay.simPause());
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(sim.now > 0 && sim.playing === false, `playing at 60x moved time to ${sim.nowText}`);

  // Actions go through the engine: StopTask, TerminateInstance.
  await page.evaluate(() => window.ecsplay.simLoad('health-checks'));
  await page.evaluate(() => window.ecsplay.simSeek('8m30s'));
  await waitFrames(3);
  sim = await page.evaluate(() => window.ecsplay.simState());
  const api = sim.tasks.find((t) => t.definition === 'api:1');
  check(api && api.healthStatus === 'UNHEALTHY' && api.lastStatus === 'RUNNING',
        `health-checks at 8m30s: the api task is UNHEALTHY and still RUNNING (${api && api.healthStatus})`);
  await page.evaluate((id) => window.ecsplay.simSelect(id), api.id);
  await waitFrames(3);
  await shot('14-simulation-unhealthy.png');
  check(await page.evaluate((id) => window.ecsplay.simStopTask(id), api.id) === '', 'StopTask is accepted');
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(sim.tasks.find((t) => t.id === api.id).desiredStatus === 'STOPPED' && /^StopTask .* desiredStatus is now STOPPED/.test(sim.message),
        `StopTask's answer is shown: ${sim.message}`);
  const instance = sim.instances[0].ec2InstanceId;
  check(await page.evaluate((id) => window.ecsplay.simTerminate(id), instance) === '', `TerminateInstance ${instance} is accepted`);
  await page.evaluate(() => window.ecsplay.simSeek('10m'));
  await waitFrames(3);
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(sim.tasks.every((t) => t.lastStatus === 'STOPPED'), 'terminating the instance stopped every task');
  await shot('15-simulation-terminated.png');

  // Bad input: a clear answer each time, and the page keeps drawing.
  const badSim = [
    ['unknown scenario', () => window.ecsplay.simLoad('no-such-lesson'), (r) => r.startsWith("No scenario named 'no-such-lesson'")],
    ['unknown request', () => window.ecsplay.sim('fly away'), (r) => r.startsWith("unknown request 'fly away'")],
    ['seek to nonsense', () => window.ecsplay.simSeek('soon'), (r) => r.startsWith("'seek' takes milliseconds")],
    ['no such task', () => window.ecsplay.simSelect('ffffffff'), (r) => r.startsWith("No task 'ffffffff'")],
    ['no such instance', () => window.ecsplay.simTerminate('i-nope'), (r) => r.startsWith('TerminateInstance i-nope: ')],
    ['corrupt JSON', () => window.ecsplay.simLoadText('{"ecsplay": 1, "clusters": [}'), (r) => r.startsWith('The scenario is not JSON: Malformed JSON at line 1')],
    ['deep nesting', () => window.ecsplay.simLoadText('['.repeat(100000)), (r) => r.includes('nests deeper')],
    ['a scenario with errors', () => window.ecsplay.simLoadText('{"ecsplay": 1, "bogus": true, "timeline": [{"at": "soon", "note": "x"}]}'),
      (r) => /^The scenario has \d+ errors?/.test(r)],
  ];
  for (const [what, call, ok] of badSim) {
    const answer = await page.evaluate(call);
    check(ok(answer), `bad simulation input (${what}) gets a clear answer: ${answer}`);
  }
  await waitFrames(3);
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(sim.loaded === false && sim.loadErrors.length >= 2, `the failed load lists its errors: ${sim.loadErrors.join(' | ')}`);
  file = await shot('16-simulation-load-errors.png');
  check(greySpread(file) > 0.02, `the load errors are drawn (${file})`);
  check(await page.evaluate(() => window.ecsplay.simLoad('fargate-spot')) === '', 'a good scenario loads after a bad one');
  await page.evaluate(() => window.ecsplay.simSeek('5m30s'));
  await waitFrames(3);
  await shot('17-simulation-fargate-spot.png');
  // Services: the rolling deployment's table, then a load balancer's target health.
  check(await page.evaluate(() => window.ecsplay.simLoad('rolling-deployment')) === '', 'rolling-deployment loads');
  await page.evaluate(() => window.ecsplay.simSeek('2m30s'));
  await waitFrames(3);
  sim = await page.evaluate(() => window.ecsplay.simState());
  const web = sim.services.find((s) => s.name === 'web');
  check(web && /^web:2 IN_PROGRESS /.test(web.deployments) && web.deployments.includes('<-  web:1'),
        `mid-deployment the Services table shows the new and the old deployment: ${web && web.deployments}`);
  await page.evaluate(() => window.ecsplay.simSeek('5m'));
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(sim.services.every((s) => / COMPLETED /.test(s.deployments) && s.running === s.desired),
        `the deployments complete: ${sim.services.map((s) => s.deployments).join(' | ')}`);
  check(sim.log.some((l) => l.type === 'WaiterSucceeded'), 'the services-stable waiter succeeded');
  await shot('18-simulation-rolling-deployment.png');
  check(await page.evaluate(() => window.ecsplay.simLoad('load-balancer-health')) === '', 'load-balancer-health loads');
  await page.evaluate(() => window.ecsplay.simSeek('3m30s'));
  await waitFrames(3);
  sim = await page.evaluate(() => window.ecsplay.simState());
  check(sim.services[0].targets.includes('draining') && sim.tasks.some((t) => t.target === 'healthy'),
        `the load balancer column and task targets are shown: ${sim.services[0].targets}`);
  file = await shot('19-simulation-load-balancer.png');
  check(greySpread(file) > 0.02, `the load balancer lesson is drawn (${file})`);
  await page.evaluate(() => window.ecsplay.showScreen(0));

  check(problems.length === 0, `no page errors or console errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
} catch (e) {
  console.log(`FAIL ${e.stack || e}`);
  failures++;
  await shot('99-failure.png').catch(() => {});
  if (problems.length) console.log(problems.join('\n'));
} finally {
  await browser.close();
  server.close();
}
console.log(failures ? `${failures} browser check(s) failed` : 'browser test passed');
process.exit(failures ? 1 : 0);
