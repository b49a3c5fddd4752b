// Contract walk of /v1/events: long-poll JSON through the proxy, and the SSE
// stream straight from the server (Prism does not stream).
// SPDX-License-Identifier: GPL-3.0-or-later
import { check, expect, sse, sleep } from './lib.mjs';

const TYPES = ['ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.skipped', 'ticket.held', 'ticket.transferred', 'ticket.finished'];
const increasing = ids => ids.every((id, i) => i === 0 || BigInt(id) > BigInt(ids[i - 1]));

async function walkLongPoll(ctx) {
	const { call, tok } = ctx;
	const json = { accept: 'application/json' };
	let r = await call('S', 'GET', '/v1/events', { token: tok, headers: json });
	expect('events without after', r, { status: 200 });
	const cursor = r.data && r.data.next_cursor;
	check('without after: no events, the current cursor, at once', r.data && r.data.events.length === 0 && /^\d+$/.test(cursor) && r.ms < 3000,
		`${r.ms} ms ${r.text.slice(0, 200)}`);

	r = await call('S', 'GET', '/v1/events?after=0&wait=0', { token: tok, headers: json });
	expect('events after 0', r, { status: 200 });
	const evs = (r.data && r.data.events) || [];
	const ids = evs.map(e => e.id);
	check('after 0: the queue walk left events, ids increasing', evs.length > 0 && increasing(ids), ids.slice(0, 20).join(' '));
	check('after 0: every event is a ticket event with ticket and stats', evs.every(e => TYPES.includes(e.type) && e.data && e.data.ticket && e.data.stats),
		JSON.stringify(evs.find(e => !TYPES.includes(e.type)) || ''));
	const missing = TYPES.filter(ty => !evs.some(e => e.type === ty));
	check('after 0: the queue walk left one event type per action (issued … finished)', missing.length === 0, `missing ${missing.join(' ')}`);
	check('after 0: next_cursor is the last id answered', evs.length > 0 && r.data?.next_cursor === ids[ids.length - 1], `${r.data && r.data.next_cursor} vs ${ids[ids.length - 1]}`);
	check('after 0: the cursor of "now" is not behind the events', evs.length > 0 && BigInt(cursor) >= BigInt(ids[ids.length - 1]), `${cursor}`);

	r = await call('S', 'GET', `/v1/events?after=${cursor}&wait=2`, { token: tok, headers: json });
	expect('long-poll with nothing new (wait 2)', r, { status: 200 });
	check('nothing new: answers no events after about 2 s, cursor unchanged', r.data && r.data.events.length === 0 &&
		r.data?.next_cursor === cursor && r.ms >= 1500 && r.ms < 8000, `${r.ms} ms ${r.text.slice(0, 200)}`);

	const poll = call('S', 'GET', `/v1/events?after=${cursor}&wait=20`, { token: tok, headers: json });
	await sleep(400);
	const t = await call('S', 'POST', '/v1/queue/tickets', { token: tok, json: { category: 'A' } });
	r = await poll;
	expect('long-poll woken by a new ticket', r, { status: 200 });
	const got = (r.data && r.data.events) || [];
	check('the long-poll answers soon with ticket.issued for that ticket', r.ms < 8000 && got.length >= 1 && got[0].type === 'ticket.issued' &&
		t.data && got[0].data?.ticket?.id === t.data.id && BigInt(got[0].id) > BigInt(cursor), `${r.ms} ms ${r.text.slice(0, 300)}`);

	for (const [q, what] of [['wait=61', 'wait 61'], ['wait=-1', 'wait -1'], ['after=abc', 'after not a number']]) {
		r = await call('L', 'GET', `/v1/events?${q}`, { token: tok, headers: json });
		expect(`events with ${what}`, r, { status: 422, problem: 'invalid-request', bad: true });
	}
	r = await call('L', 'GET', '/v1/events', { headers: json });
	expect('events without a token', r, { status: 401, problem: 'unauthorized', bad: true });
}

async function walkSse(ctx) {
	const { call, tok, bases } = ctx;
	const s = sse(bases.D, '/v1/events', { token: tok });
	await s.until(st => st.status || st.error, 5000);
	check('SSE: 200 text/event-stream', s.status === 200 && /^text\/event-stream/.test(s.headers['content-type'] || ''), `${s.status} ${s.headers['content-type']} ${s.error || ''}`);
	const beat = await s.until(st => st.comments.some(c => c.text === 'heartbeat'), 3500);
	check('SSE: a ": heartbeat" comment within the --heartbeat interval', beat, JSON.stringify(s.comments));
	check('SSE without Last-Event-ID: only new events (none yet)', s.records.length === 0, JSON.stringify(s.records.slice(0, 2)));
	const t = await call('S', 'POST', '/v1/queue/tickets', { token: tok, json: { category: 'B' } });
	const gotIt = await s.until(st => st.records.length > 0, 5000);
	const rec = s.records[0] || {};
	check('SSE: a new ticket arrives as id/event/data', gotIt && /^\d+$/.test(rec.id || '') && rec.event === 'ticket.issued' &&
		rec.json && rec.json.ticket && t.data && rec.json.ticket.id === t.data.id && rec.json.stats, JSON.stringify(rec));
	const n0 = s.comments.filter(c => c.text === 'heartbeat').length;
	await sleep(3000);
	const n1 = s.comments.filter(c => c.text === 'heartbeat').length;
	check('SSE: heartbeats keep coming (at least 2 in 3 s at --heartbeat 1)', n1 - n0 >= 2, `${n1 - n0}`);
	s.close();

	// resume: the events after a given id, in order, by header and by ?after=
	const lp = await call('S', 'GET', '/v1/events?after=0&wait=0', { token: tok, headers: { accept: 'application/json' } });
	const all = ((lp.data && lp.data.events) || []).map(e => e.id);
	if (!check('SSE resume: enough events to resume from', all.length >= 4, `${all.length}`)) return;
	const from = all[all.length - 4];
	const want = all.slice(-3);
	for (const [how, path, lastEventId] of [['Last-Event-ID', '/v1/events', from], ['?after=', `/v1/events?after=${from}`, undefined]]) {
		const r = sse(bases.D, path, { token: tok, lastEventId });
		await r.until(st => st.records.length >= 3 || st.ended || st.error, 5000);
		const ids = r.records.map(x => x.id);
		check(`SSE resume with ${how} ${from}: the 3 later events, in order`, ids.slice(0, 3).join() === want.join(), `${ids.join()} want ${want.join()}`);
		check(`SSE resume with ${how}: event names match the long-poll types`, r.records.slice(0, 3).every((x, i) =>
			x.event === lp.data?.events?.[all.length - 3 + i]?.type), r.records.map(x => x.event).join());
		r.close();
	}
	const un = sse(bases.D, '/v1/events', {});
	await un.until(st => st.status || st.error, 5000);
	check('SSE without a token: 401', un.status === 401, `${un.status}`);
	un.close();
}

export async function walkEvents(ctx) {
	await walkLongPoll(ctx);
	await walkSse(ctx);
}
