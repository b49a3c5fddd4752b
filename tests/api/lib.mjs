// HTTP, SSE and check helpers for the contract walk (node built-ins only).
// SPDX-License-Identifier: GPL-3.0-or-later
import http from 'node:http';
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const called = [];          // {via, method, path, status} of every proxied call

// check prints one TAP-like line and counts it; detail explains a failure.
export function check(name, ok, detail) {
	if (ok) {
		passed++;
		console.log(`ok - ${name}`);
	} else {
		failed++;
		console.log(`not ok - ${name}${detail ? ` (${oneLine(detail)})` : ''}`);
	}
	return !!ok;
}

// The counts so far, for the summary line.
export function counts() {
	return { passed, failed };
}

// The proxied calls made so far, for the coverage check.
export function calls() {
	return called;
}

// Keeps failure details to one readable line.
export function oneLine(s) {
	const t = String(s).replace(/\s+/g, ' ');
	return t.length > 400 ? `${t.slice(0, 400)}…` : t;
}

// Parses "--name value" pairs; repeated names collect into arrays.
export function parseArgs(argv) {
	const out = {};
	for (let i = 0; i < argv.length; i += 2) {
		const k = argv[i].replace(/^--/, '');
		const v = argv[i + 1];
		if (k in out) out[k] = [].concat(out[k], v);
		else out[k] = v;
	}
	return out;
}

// One HTTP request with fetch. `via` names the route (S strict proxy,
// L lenient proxy, D direct to the server) for the contract verdict.
export async function request(bases, via, method, path, opt = {}) {
	const headers = { accept: 'application/json', ...(opt.headers || {}) };
	if (opt.token) headers.authorization = `Bearer ${opt.token}`;
	let body;
	if (opt.json !== undefined) {
		body = JSON.stringify(opt.json);
		headers['content-type'] ??= 'application/json';
	} else if (opt.raw !== undefined) {
		body = opt.raw;
	}
	const t0 = Date.now();
	let res;
	try {
		res = await fetch(bases[via] + path, { method, headers, body, signal: AbortSignal.timeout(opt.timeout || 30000) });
	} catch (e) {
		return { via, method, path, status: 0, headers: new Headers(), text: String(e), data: null, ms: Date.now() - t0 };
	}
	const text = await res.text();
	let data = null;
	try { data = JSON.parse(text); } catch { /* not JSON */ }
	const r = { via, method, path, status: res.status, headers: res.headers, text, data, ms: Date.now() - t0 };
	if (via !== 'D') called.push({ via, method, path: path.split('?')[0], status: res.status });
	return r;
}

// Violations Prism reported for an answer, as parsed objects.
export function violations(r) {
	const h = r.headers.get('sl-violations');
	if (!h) return [];
	try { return JSON.parse(h); } catch { return [{ location: ['?'], message: h }]; }
}

// Why the proxy (or our own shape check for direct calls) rejects this
// answer, or '' when it conforms. For S: no violation at all and no
// Prism-made answer. For L: no response violation; when the request broke
// the contract on purpose, Prism must have seen that too (proof that the
// request reached the server as the bad request it is meant to be).
export function contractProblem(r, badRequest) {
	const madeByPrism = r.data && typeof r.data.type === 'string' && r.data.type.startsWith('https://stoplight.io/prism');
	if (madeByPrism) return `prism answered itself: ${r.data.title}: ${JSON.stringify(r.data.validation || r.data.detail)}`;
	const v = violations(r);
	if (r.via === 'S') {
		return v.length ? `violations: ${JSON.stringify(v)}` : '';
	}
	if (r.via === 'L') {
		const resp = v.filter(x => x.location && x.location[0] === 'response');
		if (resp.length) return `response violations: ${JSON.stringify(resp)}`;
		if (badRequest && !v.some(x => x.location && x.location[0] === 'request'))
			return 'prism saw no request violation; the bad request is not bad by the contract';
		return '';
	}
	return '';
}

// The answer's status, problem type and contract verdict in one check.
// want: {status, problem: slug, bad: request breaks the contract on purpose}.
export function expect(name, r, want) {
	const errs = [];
	if (r.status !== want.status) errs.push(`status ${r.status}, want ${want.status}: ${r.text.slice(0, 300)}`);
	if (want.problem) {
		const ct = r.headers.get('content-type') || '';
		if (!ct.startsWith('application/problem+json')) errs.push(`content-type ${ct}`);
		if (!r.data || r.data.type !== `/problems/${want.problem}`) errs.push(`type ${r.data && r.data.type}, want /problems/${want.problem}`);
		else if (r.data.status !== want.status) errs.push(`body status ${r.data.status}`);
		else if (typeof r.data.title !== 'string' || !r.data.title) errs.push('no title');
	}
	const c = contractProblem(r, want.bad);
	if (c) errs.push(c);
	return check(`${name} → ${want.status}${want.problem ? ' ' + want.problem : ''} [${r.via}]`, errs.length === 0, errs.join('; '));
}

// A field error naming `field` in a problem's errors[].
export function hasFieldError(r, field) {
	return !!(r.data && Array.isArray(r.data.errors) && r.data.errors.some(e => e && e.field === field));
}

// Opens an SSE stream straight to the server and collects its records.
export function sse(base, path, { token, lastEventId } = {}) {
	const u = new URL(base + path);
	const st = { records: [], comments: [], status: 0, headers: {}, error: null, waiters: [] };
	const headers = { accept: 'text/event-stream' };
	if (token) headers.authorization = `Bearer ${token}`;
	if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
	const notify = () => { for (const w of st.waiters.slice()) w(); };
	const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers, method: 'GET' }, res => {
		st.status = res.statusCode;
		st.headers = res.headers;
		res.setEncoding('utf8');
		let buf = '';
		res.on('data', chunk => {
			buf += chunk.replace(/\r\n?/g, '\n');
			let i;
			while ((i = buf.indexOf('\n\n')) >= 0) {
				const block = buf.slice(0, i);
				buf = buf.slice(i + 2);
				const rec = { id: null, event: null, data: [] , at: Date.now() };
				let isRecord = false;
				for (const line of block.split('\n')) {
					if (line.startsWith(':')) { st.comments.push({ text: line.slice(1).trim(), at: Date.now() }); continue; }
					const c = line.indexOf(':');
					const k = c < 0 ? line : line.slice(0, c);
					let v = c < 0 ? '' : line.slice(c + 1);
					if (v.startsWith(' ')) v = v.slice(1);
					if (k === 'id') { rec.id = v; isRecord = true; }
					else if (k === 'event') { rec.event = v; isRecord = true; }
					else if (k === 'data') { rec.data.push(v); isRecord = true; }
				}
				if (isRecord) {
					rec.raw = rec.data.join('\n');
					try { rec.json = JSON.parse(rec.raw); } catch { rec.json = null; }
					st.records.push(rec);
				}
			}
			notify();
		});
		res.on('end', () => { st.ended = true; notify(); });
		notify();
	});
	req.on('error', e => { st.error = e; notify(); });
	req.end();
	st.close = () => req.destroy();
	// Resolves when pred(st) holds, or after ms with false.
	st.until = (pred, ms) => new Promise(resolve => {
		if (pred(st)) return resolve(true);
		const timer = setTimeout(() => { done(); resolve(false); }, ms);
		const w = () => { if (pred(st)) { clearTimeout(timer); done(); resolve(true); } };
		const done = () => { st.waiters = st.waiters.filter(x => x !== w); };
		st.waiters.push(w);
	});
	return st;
}

// Tail of a log file, prefixed for the reader of a failed run.
export function tailLog(label, file, lines = 30) {
	let text;
	try { text = readFileSync(file, 'utf8'); } catch { return; }
	const all = text.split('\n').filter(l => l.trim());
	for (const l of all.slice(-lines)) console.log(`# ${label}: ${l}`);
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));
