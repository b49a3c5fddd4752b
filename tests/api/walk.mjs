// Contract walk: every implemented yichuangd endpoint through Prism proxies
// (meta, auth, lockout, errors, 501 areas, coverage); queue.mjs, events.mjs,
// shared.mjs, catalog.mjs, cases.mjs and kb.mjs walk the queue, tickets,
// events, shared data, the catalog, cases and the knowledge base.
// usage: node walk.mjs --server URL --strict URL --lenient URL --spec FILE
//        [--server-pid PID] [--people FILE] [--log label=FILE]...
// SPDX-License-Identifier: GPL-3.0-or-later
import { readFileSync } from 'node:fs';
import { check, counts, calls, expect, hasFieldError, parseArgs, request, tailLog } from './lib.mjs';
import { walkQueue } from './queue.mjs';
import { walkEvents } from './events.mjs';
import { walkShared } from './shared.mjs';
import { walkCatalog } from './catalog.mjs';
import { walkCases } from './cases.mjs';
import { walkKnowledge } from './kb.mjs';

// Demo staff (yichuangd --demo); every demo password is "demo".
export const USERS = {
	clerk: 'clerk01',        // window W01, categories A B V
	otherClerk: 'clerk02',   // another window
	noWindow: 'agent01',     // an agent: no window
	lockVictim: 'super01',   // locked on purpose near the end
};
const PASSWORD = 'demo';

const args = parseArgs(process.argv.slice(2));
const bases = { S: args.strict, L: args.lenient, D: args.server };
const call = (via, method, path, opt) => request(bases, via, method, path, opt);
const spec = JSON.parse(readFileSync(args.spec, 'utf8'));

// Logs in and returns the token pair (or null, with a failed check).
async function login(username, name = `login ${username}`) {
	const r = await call('S', 'POST', '/v1/auth/login', { json: { username, password: PASSWORD } });
	if (!expect(name, r, { status: 200 })) return null;
	return r.data;
}

async function walkMeta() {
	let r = await call('S', 'GET', '/v1/health');
	expect('health', r, { status: 200 });
	r = await call('S', 'GET', '/v1/meta');
	expect('meta', r, { status: 200 });
	const caps = (r.data && r.data.capabilities) || [];
	check('meta lists auth, queue, events, events-longpoll', ['auth', 'queue', 'events', 'events-longpoll'].every(c => caps.includes(c)), JSON.stringify(caps));
	return r.data;
}

async function walkAuth(ctx) {
	const pair = await login(USERS.clerk, 'login with the right password');
	if (!pair) return;
	check('login answers a Bearer token pair with the 15 min / 30 day lifetimes',
		pair.token_type === 'Bearer' && pair.expires_in === 900 && pair.refresh_expires_in === 2592000,
		JSON.stringify({ t: pair.token_type, e: pair.expires_in, r: pair.refresh_expires_in }));
	check('login answers the staff record with a window', pair.staff && pair.staff.username === USERS.clerk && pair.staff.window && pair.staff.window.id,
		JSON.stringify(pair.staff));

	let r = await call('S', 'GET', '/v1/me', { token: pair.access_token });
	expect('me with the token', r, { status: 200 });
	check('me is the logged-in staff member', r.data && r.data.id === pair.staff.id && r.data.role === pair.staff.role, r.text);
	r = await call('L', 'GET', '/v1/me', {});
	expect('me without a token', r, { status: 401, problem: 'unauthorized', bad: true });
	r = await call('S', 'GET', '/v1/me', { token: 'bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtMDEyMzQ1' });
	expect('me with an unknown token', r, { status: 401, problem: 'unauthorized' });
	r = await call('S', 'GET', '/v1/me', { token: pair.refresh_token });
	expect('me with the refresh token as bearer', r, { status: 401, problem: 'unauthorized' });

	// wrong password; a success resets the count of consecutive failures
	r = await call('S', 'POST', '/v1/auth/login', { json: { username: USERS.clerk, password: 'wrong' } });
	expect('login with a wrong password', r, { status: 401, problem: 'invalid-credentials' });
	check('wrong password: remaining_attempts is 4, instance is the path',
		r.data && r.data.remaining_attempts === 4 && r.data.instance === '/v1/auth/login', r.text);
	await login(USERS.clerk, 'login again after one failure');
	r = await call('S', 'POST', '/v1/auth/login', { json: { username: USERS.clerk, password: 'wrong' } });
	check('a successful login resets the failure count (remaining_attempts 4 again)', r.status === 401 && r.data && r.data.remaining_attempts === 4, r.text);
	await login(USERS.clerk, 'login resets the count again');

	// malformed and invalid bodies
	r = await call('L', 'POST', '/v1/auth/login', { json: { username: USERS.clerk } });
	expect('login without a password', r, { status: 422, problem: 'invalid-request', bad: true });
	check('missing password is named in errors[]', hasFieldError(r, 'password'), r.text);
	r = await call('L', 'POST', '/v1/auth/login', { json: { password: PASSWORD } });
	expect('login without a username', r, { status: 422, problem: 'invalid-request', bad: true });
	check('missing username is named in errors[]', hasFieldError(r, 'username'), r.text);
	r = await call('L', 'POST', '/v1/auth/login', { json: { username: 12, password: ['demo'] } });
	expect('login with non-string fields', r, { status: 422, problem: 'invalid-request', bad: true });
	check('both non-string fields are named in errors[]', hasFieldError(r, 'username') && hasFieldError(r, 'password'), r.text);
	r = await call('D', 'POST', '/v1/auth/login', { raw: '{"username": "clerk01", "password": ', headers: { 'content-type': 'application/json' } });
	expect('login with malformed JSON (direct: Prism cannot forward it)', r, { status: 400, problem: 'malformed-json' });
	r = await call('L', 'POST', '/v1/auth/login', { raw: 'username=clerk01&password=demo', headers: { 'content-type': 'text/plain' } });
	expect('login with a text/plain body', r, { status: 415, problem: 'unsupported-media-type', bad: true });
	r = await call('L', 'POST', '/v1/auth/login', { json: { username: USERS.clerk, password: 'x'.repeat(70 * 1024) } });
	expect('login with a 70 KiB body', r, { status: 413, problem: 'payload-too-large', bad: true });
	// the limit is exactly 64 KiB (direct: Prism re-serializes bodies and would drop the padding)
	const pad = n => { const b = `{"username":"${USERS.clerk}","password":"${PASSWORD}"`; return b + ' '.repeat(n - b.length - 1) + '}'; };
	r = await call('D', 'POST', '/v1/auth/login', { raw: pad(65536), headers: { 'content-type': 'application/json' } });
	check('a body of exactly 64 KiB is accepted (direct)', r.status === 200, `${r.status} ${r.text.slice(0, 200)}`);
	r = await call('D', 'POST', '/v1/auth/login', { raw: pad(65537), headers: { 'content-type': 'application/json' } });
	expect('a body of 64 KiB + 1 byte (direct)', r, { status: 413, problem: 'payload-too-large' });

	// refresh rotates; logout revokes both tokens
	r = await call('S', 'POST', '/v1/auth/refresh', { json: { refresh_token: pair.refresh_token } });
	expect('refresh', r, { status: 200 });
	const p2 = r.data || {};
	check('refresh answers new tokens', p2.refresh_token && p2.refresh_token !== pair.refresh_token && p2.access_token !== pair.access_token, r.text);
	r = await call('S', 'GET', '/v1/me', { token: p2.access_token });
	expect('me with the refreshed access token', r, { status: 200 });
	r = await call('S', 'POST', '/v1/auth/refresh', { json: { refresh_token: pair.refresh_token } });
	expect('refresh with the rotated (used) refresh token', r, { status: 401, problem: 'unauthorized' });
	r = await call('S', 'POST', '/v1/auth/refresh', { json: { refresh_token: 'bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtMDEyMzQ1' } });
	expect('refresh with an unknown token', r, { status: 401, problem: 'unauthorized' });
	r = await call('L', 'POST', '/v1/auth/refresh', { json: {} });
	expect('refresh without refresh_token', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('S', 'POST', '/v1/auth/refresh', { json: { refresh_token: p2.refresh_token } });
	expect('refresh the new refresh token', r, { status: 200 });
	const p3 = r.data || {};
	r = await call('S', 'POST', '/v1/auth/logout', { token: p3.access_token });
	expect('logout', r, { status: 204 });
	r = await call('S', 'GET', '/v1/me', { token: p3.access_token });
	expect('me after logout', r, { status: 401, problem: 'unauthorized' });
	r = await call('S', 'POST', '/v1/auth/refresh', { json: { refresh_token: p3.refresh_token } });
	expect('refresh after logout', r, { status: 401, problem: 'unauthorized' });
	r = await call('L', 'POST', '/v1/auth/logout', {});
	expect('logout without a token', r, { status: 401, problem: 'unauthorized', bad: true });
	ctx.me = pair.staff;
}

// Five failures lock a username for 15 minutes, whether or not it exists;
// the answers do not tell the two apart.
async function walkLockout(meta) {
	const ghost = `ghost${process.pid}`;
	const seen = [];
	for (let i = 1; i <= 5; i++) {
		const r = await call('S', 'POST', '/v1/auth/login', { json: { username: ghost, password: `wrong${i}` } });
		seen.push(r);
		if (i < 5) expect(`unknown username, failure ${i}`, r, { status: 401, problem: 'invalid-credentials' });
	}
	check('remaining_attempts counts down 4, 3, 2, 1', seen.slice(0, 4).map(r => r.data && r.data.remaining_attempts).join() === '4,3,2,1',
		seen.map(r => r.data && r.data.remaining_attempts).join());
	const fifth = seen[4];
	check('failure 5 answers 401 with remaining_attempts 0 or 423 account-locked',
		(fifth.status === 401 && fifth.data && fifth.data.remaining_attempts === 0) || fifth.status === 423, fifth.text);
	let r = await call('S', 'POST', '/v1/auth/login', { json: { username: ghost, password: 'wrong6' } });
	expect('unknown username after 5 failures', r, { status: 423, problem: 'account-locked' });
	const retry = Number(r.headers.get('retry-after'));
	check('locked: Retry-After is about 15 minutes', retry > 840 && retry <= 900, `Retry-After: ${r.headers.get('retry-after')}`);
	const until = r.data && Date.parse(r.data.locked_until);
	const now = Date.parse(meta && meta.server_time) || Date.now();
	check('locked: locked_until is about 15 minutes ahead', until - now > 13 * 60e3 && until - now < 17 * 60e3, r.data && r.data.locked_until);

	const victim = USERS.lockVictim;
	const first = await call('S', 'POST', '/v1/auth/login', { json: { username: victim, password: 'wrong1' } });
	expect(`existing username ${victim}, failure 1`, first, { status: 401, problem: 'invalid-credentials' });
	check('an existing and an unknown username fail alike (no enumeration)',
		first.data && seen[0].data && first.data.title === seen[0].data.title && first.data.detail === seen[0].data.detail &&
		first.data.remaining_attempts === seen[0].data.remaining_attempts, `${first.text} vs ${seen[0].text}`);
	for (let i = 2; i <= 5; i++) await call('S', 'POST', '/v1/auth/login', { json: { username: victim, password: `wrong${i}` } });
	r = await call('S', 'POST', '/v1/auth/login', { json: { username: victim, password: PASSWORD } });
	expect('the right password of a locked username', r, { status: 423, problem: 'account-locked' });
}

// Requests outside the contract, answered by the server's common layer.
async function walkErrors(tok) {
	let r = await call('L', 'GET', '/v1/no-such-thing', { token: tok });
	expect('unknown route', r, { status: 404, problem: 'not-found', bad: true });
	r = await call('L', 'GET', '/v2/queue', { token: tok });
	expect('unknown version prefix', r, { status: 404, problem: 'not-found', bad: true });
	r = await call('L', 'DELETE', '/v1/queue', { token: tok });
	expect('known path, other method', r, { status: 405, problem: 'method-not-allowed', bad: true });
	check('405 names the allowed methods in Allow', /\bGET\b/.test(r.headers.get('allow') || ''), `Allow: ${r.headers.get('allow')}`);
	r = await call('D', 'POST', '/v1/queue/tickets', { token: tok, raw: '{"category": "A",}', headers: { 'content-type': 'application/json' } });
	expect('kiosk with malformed JSON (direct)', r, { status: 400, problem: 'malformed-json' });
	check('problem instance is the request path', r.data && r.data.instance === '/v1/queue/tickets', r.text);
	r = await call('L', 'POST', '/v1/queue/tickets', { token: tok, json: { category: 'A', pad: 'x'.repeat(66 * 1024) } });
	expect('kiosk with a 66 KiB body', r, { status: 413, problem: 'payload-too-large', bad: true });
	r = await call('L', 'POST', '/v1/queue/tickets', { token: tok, raw: '<ticket category="A"/>', headers: { 'content-type': 'application/xml' } });
	expect('kiosk with an XML body', r, { status: 415, problem: 'unsupported-media-type', bad: true });
}

// One endpoint per later area answers 501 not-implemented; Prism would
// re-mock a 501 (it treats it as "upstream not implemented"), so these go
// straight to the server and are checked against the contract here.
async function walkLater(tok) {
	const later = [
		['assist', 'GET', '/v1/assist/sessions?status=waiting', '/v1/assist/sessions', {}],
	];
	for (const [area, method, path, tmpl, opt] of later) {
		const r = await call('D', method, path, { token: tok, ...opt });
		expect(`${area}: ${method} ${path.split('?')[0]} (later issue)`, r, { status: 501, problem: 'not-implemented' });
		const op = spec.paths[tmpl] && spec.paths[tmpl][method.toLowerCase()];
		check(`${area}: the contract marks ${method} ${tmpl} not implemented and lists 501`,
			op && op['x-implemented'] === false && op.responses && op.responses['501'], tmpl);
	}
}

// Every operation marked implemented answered 2xx through the strict proxy.
function walkCoverage() {
	const missing = [];
	for (const [tmpl, item] of Object.entries(spec.paths)) {
		const re = new RegExp(`^${tmpl.replace(/\{[^}]+\}/g, '[^/]+')}$`);
		for (const [method, op] of Object.entries(item)) {
			if (!op || op['x-implemented'] !== true) continue;
			const hit = calls().some(c => c.via === 'S' && c.method === method.toUpperCase() && re.test(c.path) && c.status >= 200 && c.status < 300);
			if (!hit) missing.push(`${method.toUpperCase()} ${tmpl}`);
		}
	}
	check('every implemented operation answered 2xx through the validating proxy', missing.length === 0, `not walked: ${missing.join(', ')}`);
}

// Runs one part of the walk; a crash (e.g. on an answer of the wrong shape)
// fails that part and lets the others run.
async function section(name, fn) {
	try {
		return await fn();
	} catch (e) {
		check(`the ${name} walk ran to its end`, false, e && e.stack);
		return undefined;
	}
}

async function main() {
	const ctx = { call, login, users: USERS, bases };
	const meta = await section('meta', walkMeta);
	await section('auth', () => walkAuth(ctx));
	const pair = await login(USERS.clerk, 'login for the queue walk');
	const tok = pair && pair.access_token;
	if (tok) {
		ctx.tok = tok;
		ctx.me = pair.staff;
		await section('queue', () => walkQueue(ctx));
		await section('events', () => walkEvents(ctx));
		await section('shared data', () => walkShared(ctx, args.people));
		await section('catalog', () => walkCatalog(ctx));
		await section('cases', () => walkCases(ctx, args.people));
		await section('knowledge', () => walkKnowledge(ctx));
		await section('errors', () => walkErrors(tok));
		await section('later', () => walkLater(tok));
	}
	await section('lockout', () => walkLockout(meta));
	walkCoverage();
	if (args['server-pid']) {
		let alive = true;
		try { process.kill(Number(args['server-pid']), 0); } catch { alive = false; }
		check('yichuangd is still running after the walk', alive);
	}
	const { passed, failed } = counts();
	if (failed) for (const l of [].concat(args.log || [])) {
		const i = l.indexOf('=');
		tailLog(l.slice(0, i), l.slice(i + 1));
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main().catch(e => {
	check('the walk ran to its end', false, e && e.stack);
	const { passed, failed } = counts();
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(1);
});
