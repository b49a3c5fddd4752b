// Contract walk of the queue, the kiosk, the ticket actions and idempotency.
// SPDX-License-Identifier: GPL-3.0-or-later
import { check, expect, hasFieldError } from './lib.mjs';

// All waiting tickets of a queue listing, following next_cursor.
async function allPages(call, tok, query, limit) {
	const ids = [];
	const items = [];
	let cursor = null;
	let pages = 0;
	let first = null;
	do {
		const q = new URLSearchParams({ ...query, limit: String(limit) });
		if (cursor) q.set('cursor', cursor);
		const r = await call('S', 'GET', `/v1/queue?${q}`, { token: tok });
		if (!expect(`queue page ${pages + 1} (limit ${limit}${query.category ? `, category ${query.category}` : ''})`, r, { status: 200 })) return null;
		first ??= r.data;
		const got = r.data?.items || [];
		if (got.length > limit) check(`queue page holds at most ${limit} items`, false, `${got.length}`);
		for (const t of got) { ids.push(t.id); items.push(t); }
		cursor = r.data?.next_cursor;
		pages++;
	} while (cursor && pages < 100);
	return { ids, items, pages, first };
}

// Call order: the priority lane first, then by issued_at.
function inCallOrder(items) {
	for (let i = 1; i < items.length; i++) {
		const a = items[i - 1], b = items[i];
		if (a.priority === b.priority ? a.issued_at > b.issued_at : !a.priority) return false;
	}
	return true;
}

async function issue(call, tok, body, name, headers) {
	const r = await call('S', 'POST', '/v1/queue/tickets', { token: tok, json: body, headers });
	expect(name, r, { status: 201 });
	r.data = r.status === 201 && r.data ? r.data : {};
	return r;
}

async function walkListing(ctx) {
	const { call, tok } = ctx;
	const c1 = (await issue(call, tok, { category: 'C' }, 'kiosk issues a C ticket')).data;
	const c2 = (await issue(call, tok, { category: 'C', priority: false }, 'kiosk issues another C ticket')).data;
	const cp = (await issue(call, tok, { category: 'C', priority: true }, 'kiosk issues a priority C ticket')).data;
	check('a new ticket is waiting, numbered letter + 3 digits', c1 && c1.status === 'waiting' && /^C\d{3}$/.test(c1.number) && !c1.called_at && !c1.window, JSON.stringify(c1));
	check('ticket numbers count up per category', c1 && c2 && /^[A-Z]\d{3}$/.test(c2.number) && Number(c2.number?.slice(1)) === Number(c1.number?.slice(1)) + 1, `${c1 && c1.number} then ${c2 && c2.number}`);
	check('the priority flag is kept', cp && cp.priority === true, JSON.stringify(cp));

	let r = await call('S', 'POST', '/v1/queue/tickets', { token: tok, json: { category: 'Z' } });
	expect('kiosk with an unknown category', r, { status: 422, problem: 'invalid-request' });
	check('unknown category is named in errors[]', hasFieldError(r, 'category'), r.text);
	r = await call('L', 'POST', '/v1/queue/tickets', { json: { category: 'A' } });
	expect('kiosk without a token', r, { status: 401, problem: 'unauthorized', bad: true });
	r = await call('L', 'POST', '/v1/queue/tickets', { token: tok, json: { priority: true } });
	expect('kiosk without a category', r, { status: 422, problem: 'invalid-request', bad: true });

	const all = await allPages(call, tok, {}, 2);
	if (all) {
		const st = all.first.stats;
		check('paging with limit 2 visits every waiting ticket once', new Set(all.ids).size === all.ids.length && all.ids.length === st.waiting,
			`${all.ids.length} ids (${new Set(all.ids).size} distinct) over ${all.pages} pages, stats.waiting ${st.waiting}`);
		check('more than one page when more than 2 are waiting', st.waiting <= 2 || all.pages > 1, `${all.pages} pages`);
		check('waiting tickets come in call order (priority first, then issued_at)', inCallOrder(all.items), all.items.map(t => `${t.number}${t.priority ? '*' : ''}`).join(' '));
		const codes = all.first.categories.map(c => c.code);
		check('categories include A B C D V, V is the priority lane', ['A', 'B', 'C', 'D', 'V'].every(c => codes.includes(c)) &&
			all.first.categories.find(c => c.code === 'V').priority === true, JSON.stringify(all.first.categories));
		const sum = Object.values(st.by_category).reduce((a, b) => a + b, 0);
		check('stats.by_category adds up to stats.waiting and matches categories[].waiting', sum === st.waiting &&
			all.first.categories.every(c => (st.by_category[c.code] || 0) === c.waiting), JSON.stringify(st));
	}
	const onlyC = await allPages(call, tok, { category: 'C' }, 50);
	if (onlyC) {
		check('category filter answers only that category', onlyC.items.every(t => t.category === 'C'), onlyC.items.map(t => t.number).join(' '));
		const pos = id => onlyC.ids.indexOf(id);
		check('the priority ticket is ahead of earlier ordinary ones', pos(cp.id) >= 0 && pos(cp.id) < pos(c1.id) && pos(c1.id) < pos(c2.id),
			onlyC.items.map(t => t.number).join(' '));
	}
	for (const [q, what] of [['limit=0', 'limit 0'], ['limit=201', 'limit 201'], ['limit=ten', 'limit not a number'], ['category=c', 'lowercase category']]) {
		r = await call('L', 'GET', `/v1/queue?${q}`, { token: tok });
		expect(`queue with ${what}`, r, { status: 422, problem: 'invalid-request', bad: true });
	}
	r = await call('S', 'GET', '/v1/queue?cursor=not-a-cursor-at-all', { token: tok });
	expect('queue with a cursor the server never gave', r, { status: 422, problem: 'invalid-request' });
	r = await call('L', 'GET', '/v1/queue', {});
	expect('queue without a token', r, { status: 401, problem: 'unauthorized', bad: true });
}

// The ticket call-next should take: the first waiting one, in call order, of
// the categories asked for and the window's priority-lane categories.
async function nextInLine(ctx, tok, cats) {
	const all = await allPages(ctx.call, tok, {}, 200);
	if (!all) return null;
	const lane = all.first.categories.filter(c => c.priority && ctx.me.window?.categories.includes(c.code)).map(c => c.code);
	return all.items.find(t => cats.includes(t.category) || lane.includes(t.category)) || null;
}

// Finishes whatever this window has called, so call-next starts clean.
async function clearWindow(ctx, tok) {
	const r = await ctx.call('S', 'GET', '/v1/queue?limit=1', { token: tok });
	const cur = r.data && r.data.current;
	if (cur) await ctx.call('S', 'POST', `/v1/tickets/${cur.id}/finish`, { token: tok });
}

const act = (ctx, tok, id, action, json, headers) =>
	ctx.call('S', 'POST', `/v1/tickets/${id}/${action}`, { token: tok, json, headers });

async function walkTickets(ctx) {
	const { call, tok, me } = ctx;
	await clearWindow(ctx, tok);
	await issue(call, tok, { category: 'C' }, 'kiosk issues a C ticket for calling');
	await issue(call, tok, { category: 'C' }, 'kiosk issues one more C ticket');

	const want = await nextInLine(ctx, tok, ['C']);
	let r = await call('S', 'POST', '/v1/queue/call-next', { token: tok, json: { categories: ['C'] } });
	expect('call-next from C', r, { status: 200 });
	const x1 = r.data || {};
	check('the called ticket is at this window, by this staff member', x1.status === 'called' && x1.window === me.window?.id &&
		x1.staff_id === me.id && !!x1.called_at, JSON.stringify(x1));
	check("call-next takes the first in line of C and the window's priority lane", want && x1.id === want.id, `${x1.number} want ${want?.number}`);
	r = await call('S', 'POST', '/v1/queue/call-next', { token: tok, json: { categories: ['C'] } });
	expect('call-next while a ticket is called', r, { status: 409, problem: 'ticket-state' });
	r = await call('S', 'GET', '/v1/queue', { token: tok });
	check('queue shows the called ticket as current', r.data && r.data.current && r.data.current.id === x1.id, r.text.slice(0, 300));
	r = await act(ctx, tok, x1.id, 'recall');
	expect('recall the called ticket (call it out again)', r, { status: 200 });
	check('recall of the called ticket: still called, recalls 1', r.data?.status === 'called' && r.data?.recalls === 1, r.text);

	r = await act(ctx, tok, x1.id, 'hold');
	expect('hold the called ticket', r, { status: 200 });
	check('hold: status held', r.data && r.data.status === 'held', r.text);
	r = await act(ctx, tok, x1.id, 'hold');
	expect('hold a held ticket', r, { status: 409, problem: 'ticket-state' });
	r = await call('S', 'GET', '/v1/queue', { token: tok });
	check('queue lists the held ticket and no current one', r.data && r.data.current === null && r.data.held.some(t => t.id === x1.id), r.text.slice(0, 300));

	r = await call('S', 'POST', '/v1/queue/call-next', { token: tok, json: { categories: ['C'] } });
	expect('call-next after hold', r, { status: 200 });
	const x2 = r.data || {};
	r = await act(ctx, tok, x1.id, 'recall');
	expect('recall a held ticket while another is called', r, { status: 409, problem: 'ticket-state' });
	r = await act(ctx, tok, x2.id, 'skip');
	expect('skip (no-show) the called ticket', r, { status: 200 });
	check('skip: status skipped', r.data && r.data.status === 'skipped', r.text);
	r = await act(ctx, tok, x2.id, 'finish');
	expect('finish a skipped ticket', r, { status: 409, problem: 'ticket-state' });
	r = await act(ctx, tok, x2.id, 'hold');
	expect('hold a skipped ticket', r, { status: 409, problem: 'ticket-state' });
	r = await act(ctx, tok, x2.id, 'transfer', { category: 'D' });
	expect('transfer a skipped ticket', r, { status: 409, problem: 'ticket-state' });

	r = await act(ctx, tok, x1.id, 'recall');
	expect('recall the held ticket', r, { status: 200 });
	check('recall of the held ticket: called again, recalls 2', r.data && r.data.status === 'called' && r.data.recalls === 2, r.text);
	r = await act(ctx, tok, x1.id, 'transfer', { category: 'Z' });
	expect('transfer to an unknown category', r, { status: 422, problem: 'invalid-request' });
	r = await call('L', 'POST', `/v1/tickets/${x1.id}/transfer`, { token: tok, json: {} });
	expect('transfer without a category', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await act(ctx, tok, x1.id, 'hold');
	expect('hold it again', r, { status: 200 });
	r = await act(ctx, tok, x1.id, 'transfer', { category: 'D', note: '需先办理不动产登记' });
	expect('transfer the held ticket to D', r, { status: 200 });
	const t = r.data || {};
	check('transfer: waiting in D, transferred_from C, issued_at kept, note kept', t.status === 'waiting' && t.category === 'D' &&
		t.transferred_from === x1.category && t.issued_at === x1.issued_at && t.note === '需先办理不动产登记', r.text);
	r = await act(ctx, tok, x1.id, 'finish');
	expect('finish a transferred (waiting) ticket', r, { status: 409, problem: 'ticket-state' });

	r = await act(ctx, tok, x2.id, 'recall');
	expect('recall the skipped ticket', r, { status: 200 });
	check('recall of a skipped ticket: called, recalls 1', r.data && r.data.status === 'called' && r.data.recalls === 1, r.text);
	r = await act(ctx, tok, x2.id, 'finish');
	expect('finish the called ticket', r, { status: 200 });
	check('finish: status finished, finished_at set', r.data && r.data.status === 'finished' && !!r.data.finished_at, r.text);
	r = await act(ctx, tok, x2.id, 'finish');
	expect('finish a finished ticket', r, { status: 409, problem: 'ticket-state' });
	r = await act(ctx, tok, x2.id, 'recall');
	expect('recall a finished ticket', r, { status: 409, problem: 'ticket-state' });
	r = await act(ctx, tok, x2.id, 'skip');
	expect('skip a finished ticket', r, { status: 409, problem: 'ticket-state' });

	r = await act(ctx, tok, 't-20000101-Q999', 'finish');
	expect('finish an unknown ticket', r, { status: 404, problem: 'not-found' });
	r = await call('L', 'POST', '/v1/tickets/nonsense/recall', { token: tok });
	expect('recall a malformed ticket id', r, { status: 404, problem: 'not-found', bad: true });
	r = await call('L', 'POST', `/v1/tickets/${x2.id}/finish`, {});
	expect('ticket action without a token', r, { status: 401, problem: 'unauthorized', bad: true });
	r = await call('S', 'POST', '/v1/queue/call-next', { token: tok, json: { categories: ['Z'] } });
	expect('call-next from an unknown category', r, { status: 422, problem: 'invalid-request' });
	r = await call('D', 'POST', '/v1/queue/call-next', { token: tok, raw: '{"categories": [', headers: { 'content-type': 'application/json' } });
	expect('call-next with malformed JSON (direct)', r, { status: 400, problem: 'malformed-json' });
}

// Another window's ticket is forbidden; staff without a window cannot call.
async function walkWindows(ctx) {
	const { call, tok, users } = ctx;
	const other = await ctx.login(users.otherClerk, `login ${users.otherClerk} (another window)`);
	if (other) {
		await clearWindow(ctx, other.access_token);
		await issue(call, tok, { category: 'C' }, 'kiosk issues a C ticket for the other window');
		let r = await call('S', 'POST', '/v1/queue/call-next', { token: other.access_token, json: { categories: ['C'] } });
		expect(`${users.otherClerk} calls from C`, r, { status: 200 });
		const y = r.data || {};
		r = await act(ctx, tok, y.id, 'finish');
		expect("finish another window's ticket", r, { status: 403, problem: 'forbidden' });
		r = await act(ctx, tok, y.id, 'hold');
		expect("hold another window's ticket", r, { status: 403, problem: 'forbidden' });
		r = await act(ctx, other.access_token, y.id, 'finish');
		expect(`${users.otherClerk} finishes its own ticket`, r, { status: 200 });
		ctx.other = other;
	}
	const nowin = await ctx.login(users.noWindow, `login ${users.noWindow} (no window)`);
	if (nowin) {
		check(`${users.noWindow} has no window`, nowin.staff?.window === null, JSON.stringify(nowin.staff));
		const r = await call('S', 'POST', '/v1/queue/call-next', { token: nowin.access_token });
		expect('call-next by staff without a window', r, { status: 403, problem: 'forbidden' });
	}
	// queue-empty: a category nobody is waiting in (drain one if need be)
	await clearWindow(ctx, tok);
	// (the window's priority lane comes along, so call and finish until empty)
	let r = await call('S', 'GET', '/v1/queue?limit=1', { token: tok });
	const by = r.data?.stats?.by_category || {};
	const empty = Object.keys(by).find(k => by[k] === 0 && k !== 'V') || 'D';
	for (let i = 0; i < 300; i++) {
		r = await call('S', 'POST', '/v1/queue/call-next', { token: tok, json: { categories: [empty] } });
		if (r.status !== 200) break;
		await act(ctx, tok, r.data?.id, 'finish');
	}
	expect(`call-next from category ${empty} once nobody waits there`, r, { status: 404, problem: 'queue-empty' });
	r = await call('S', 'POST', '/v1/queue/call-next', { token: tok });
	check("call-next without a body (the window's categories) answers 200 or queue-empty",
		r.status === 200 || (r.status === 404 && r.data && r.data.type === '/problems/queue-empty'), `${r.status} ${r.text.slice(0, 200)}`);
	expect('call-next without a body', r, { status: r.status === 200 ? 200 : 404, problem: r.status === 200 ? undefined : 'queue-empty' });
	if (r.status === 200) await act(ctx, tok, r.data?.id, 'finish');
}

async function walkIdempotency(ctx) {
	const { call, tok } = ctx;
	const key = `walk-${process.pid}-${Date.now()}`;
	const first = await issue(call, tok, { category: 'C' }, 'kiosk with an Idempotency-Key', { 'idempotency-key': key });
	const before = await call('S', 'GET', '/v1/queue?category=C&limit=1', { token: tok });
	const again = await call('S', 'POST', '/v1/queue/tickets', { token: tok, json: { category: 'C' }, headers: { 'idempotency-key': key } });
	expect('the same key and body again', again, { status: 201 });
	check('the retry is a replay: Idempotent-Replayed true, same ticket', again.headers.get('idempotent-replayed') === 'true' &&
		first.data && again.data && again.data.id === first.data.id, `${again.headers.get('idempotent-replayed')} ${again.text}`);
	const after = await call('S', 'GET', '/v1/queue?category=C&limit=1', { token: tok });
	check('the replay issued no ticket', before.data?.stats && before.data.stats.by_category.C === after.data?.stats?.by_category.C,
		`${before.data?.stats?.by_category.C} → ${after.data?.stats?.by_category.C}`);
	check('the first answer was not marked as a replay', first.headers.get('idempotent-replayed') === null, first.headers.get('idempotent-replayed'));
	let r = await call('S', 'POST', '/v1/queue/tickets', { token: tok, json: { category: 'D' }, headers: { 'idempotency-key': key } });
	expect('the same key with another body', r, { status: 422, problem: 'idempotency-key-reuse' });
	if (ctx.other) {
		r = await call('S', 'POST', '/v1/queue/tickets', { token: ctx.other.access_token, json: { category: 'C' }, headers: { 'idempotency-key': key } });
		expect('the same key from another staff member', r, { status: 201 });
		check('keys are per staff member: no replay across staff', r.headers.get('idempotent-replayed') === null && r.data && first.data && r.data.id !== first.data.id, r.text);
	}
	r = await call('L', 'POST', '/v1/queue/tickets', { token: tok, json: { category: 'C' }, headers: { 'idempotency-key': 'k'.repeat(201) } });
	expect('an Idempotency-Key of 201 characters', r, { status: 422, problem: 'invalid-request', bad: true });

	// a replayed action answers as the first time, not 409
	await clearWindow(ctx, tok);
	const k2 = `${key}-call`;
	r = await call('S', 'POST', '/v1/queue/call-next', { token: tok, json: { categories: ['C'] }, headers: { 'idempotency-key': k2 } });
	expect('call-next with an Idempotency-Key', r, { status: 200 });
	const z = r.data || {};
	r = await call('S', 'POST', '/v1/queue/call-next', { token: tok, json: { categories: ['C'] }, headers: { 'idempotency-key': k2 } });
	expect('call-next retried with the same key (not 409)', r, { status: 200 });
	check('call-next retry replays the same ticket', r.headers.get('idempotent-replayed') === 'true' && r.data && r.data.id === z.id, r.text);
	const k3 = `${key}-hold`;
	r = await act(ctx, tok, z.id, 'hold', undefined, { 'idempotency-key': k3 });
	expect('hold with an Idempotency-Key', r, { status: 200 });
	r = await act(ctx, tok, z.id, 'hold', undefined, { 'idempotency-key': k3 });
	expect('hold retried with the same key (not 409)', r, { status: 200 });
	check('hold retry is marked as a replay', r.headers.get('idempotent-replayed') === 'true' && r.data && r.data.status === 'held', r.text);
	r = await act(ctx, tok, z.id, 'finish', undefined, { 'idempotency-key': k3 });
	expect('the hold key reused for finish (other path)', r, { status: 422, problem: 'idempotency-key-reuse' });
	r = await act(ctx, tok, z.id, 'recall');
	expect('recall the held ticket', r, { status: 200 });
	r = await act(ctx, tok, z.id, 'transfer', { category: 'A' });
	expect('transfer the called ticket to A', r, { status: 200 });
	check('transfer of a called ticket: waiting in A, window, staff and called_at cleared', r.data?.status === 'waiting' && r.data?.category === 'A' &&
		r.data?.transferred_from === z.category && r.data?.window === null && r.data?.staff_id === null && r.data?.called_at === null, r.text);
}

export async function walkQueue(ctx) {
	await walkListing(ctx);
	await walkTickets(ctx);
	await walkWindows(ctx);
	await walkIdempotency(ctx);
}
