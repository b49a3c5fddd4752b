// Contract walk of the knowledge base: search (bigrams, pinyin initials,
// one character, matter filter, paging), articles, and the change log
// (paging from 0, deletions, an up-to-date token, an expired token).
// SPDX-License-Identifier: GPL-3.0-or-later
import { check, expect, hasFieldError } from './lib.mjs';

const q = s => encodeURIComponent(s);
const RESIDENCE_GUIDE = 'guide-310104-000112-001';

async function walkSearch(ctx) {
	const { call, tok } = ctx;
	let r = await call('S', 'GET', `/v1/kb/search?q=${q('居住证')}`, { token: tok });
	expect('search 居住证', r, { status: 200 });
	const items = r.data?.items || [];
	check('居住证 finds the residence permit guide', items.some(h => h.id === RESIDENCE_GUIDE), items.map(h => h.id).join());
	check('hits are best first (score never rises)', items.every((h, i) => i === 0 || h.score <= items[i - 1].score), items.map(h => h.score).join());
	check('every hit has a snippet on one line', items.length > 0 && items.every(h => h.snippet.length > 0 && !h.snippet.includes('\n')), '');
	check('titles with 居住证 come before hits in bodies only', items.findIndex(h => !h.title.includes('居住证')) < 0 ||
		items.slice(items.findIndex(h => !h.title.includes('居住证'))).every(h => !h.title.includes('居住证')), items.map(h => h.title).join('|'));

	r = await call('S', 'GET', '/v1/kb/search?q=jzz', { token: tok });
	expect('search by pinyin initials jzz', r, { status: 200 });
	check('jzz finds the residence permit guide', r.data?.items.some(h => h.id === RESIDENCE_GUIDE), r.text.slice(0, 300));

	r = await call('S', 'GET', `/v1/kb/search?q=${q('社保')}&limit=50`, { token: tok });
	expect('search 社保', r, { status: 200 });
	check('社保 finds articles about 社保', (r.data?.items || []).filter(h => (h.title + h.snippet).includes('社保')).length >= 3, r.text.slice(0, 300));

	// one character, paged
	const seen = new Set();
	let cursor = null, pages = 0, dup = false;
	do {
		r = await call('S', 'GET', `/v1/kb/search?q=${q('证')}&limit=10${cursor ? `&cursor=${q(cursor)}` : ''}`, { token: tok });
		if (!expect(`search 证, page ${pages + 1}`, r, { status: 200 })) break;
		for (const h of r.data.items) { if (seen.has(h.id)) dup = true; seen.add(h.id); }
		cursor = r.data.next_cursor;
		pages++;
	} while (cursor && pages < 4);
	check('the single character 证: four full pages, no hit twice', pages === 4 && seen.size === 40 && !dup, `${pages} pages, ${seen.size} hits`);

	r = await call('S', 'GET', `/v1/kb/search?q=${q('签注')}&matter=310104-000112-002`, { token: tok });
	expect('search 签注 about one matter', r, { status: 200 });
	const about = r.data?.items || [];
	check('matter filter: every hit is about that matter', about.length > 0 && about.every(h => h.matters.includes('310104-000112-002')), r.text.slice(0, 300));
	const m = await call('S', 'GET', '/v1/matters/310104-000112-002', { token: tok });
	if (m.data?.implementation_code) {
		r = await call('S', 'GET', `/v1/kb/search?q=${q('签注')}&matter=${m.data.implementation_code}`, { token: tok });
		check('matter filter by implementation code: the same hits', r.status === 200 &&
			r.data.items.map(h => h.id).join() === about.map(h => h.id).join(), r.text.slice(0, 200));
	}
	r = await call('S', 'GET', `/v1/kb/search?q=${q('？！')}`, { token: tok });
	expect('search with nothing searchable', r, { status: 200 });
	check('nothing searchable: an empty last page', r.data?.items.length === 0 && r.data.next_cursor === null, r.text);

	r = await call('L', 'GET', '/v1/kb/search', { token: tok });
	expect('search without q', r, { status: 422, problem: 'invalid-request', bad: true });
	check('missing q is named in errors[]', hasFieldError(r, 'q'), r.text);
	r = await call('L', 'GET', `/v1/kb/search?q=${q('证'.repeat(101))}`, { token: tok });
	expect('search with 101 characters', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('L', 'GET', `/v1/kb/search?q=${q('证')}&limit=0`, { token: tok });
	expect('search with limit 0', r, { status: 422, problem: 'invalid-request', bad: true });
	check('limit 0 is named in errors[]', hasFieldError(r, 'limit'), r.text);
	r = await call('L', 'GET', `/v1/kb/search?q=${q('证')}&matter=a!`, { token: tok });
	expect('search with a malformed matter code', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('S', 'GET', `/v1/kb/search?q=${q('证')}&cursor=not-a-cursor`, { token: tok });
	expect('search with a cursor it never gave', r, { status: 422, problem: 'invalid-request' });
	check('a bad cursor is named in errors[]', hasFieldError(r, 'cursor'), r.text);
	r = await call('L', 'GET', `/v1/kb/search?q=${q('证')}`, {});
	expect('search without a token', r, { status: 401, problem: 'unauthorized', bad: true });
}

async function walkArticles(ctx) {
	const { call, tok } = ctx;
	let r = await call('S', 'GET', `/v1/kb/articles/${RESIDENCE_GUIDE}`, { token: tok });
	expect('the residence permit guide', r, { status: 200 });
	const a = r.data || {};
	check('the guide: kind guide, its matter, headings, lists and a link to the matter', a.kind === 'guide' &&
		a.matters?.includes('310104-000112-001') && /^# /m.test(a.body) && /^- /m.test(a.body) &&
		a.body.includes('](matter:310104-000112-001)') && a.version >= 1, JSON.stringify(a).slice(0, 300));
	for (const id of ['faq-residence-permit-conditions', 'faq-agent-authorization', 'faq-uscc', 'guide-310104-000203-001']) {
		r = await call('S', 'GET', `/v1/kb/articles/${id}`, { token: tok });
		expect(`form help article ${id}`, r, { status: 200 });
	}
	r = await call('S', 'GET', '/v1/kb/articles/faq-no-such-article', { token: tok });
	expect('an unknown article', r, { status: 404, problem: 'not-found' });
	r = await call('S', 'GET', '/v1/kb/articles/notice-system-upgrade', { token: tok });
	expect('a withdrawn article', r, { status: 404, problem: 'not-found' });
	r = await call('L', 'GET', '/v1/kb/articles/bad.id', { token: tok });
	expect('an article id outside the pattern', r, { status: 404, problem: 'not-found', bad: true });
	r = await call('L', 'GET', `/v1/kb/articles/${RESIDENCE_GUIDE}`, {});
	expect('an article without a token', r, { status: 401, problem: 'unauthorized', bad: true });
}

// Every page of the change log after since.
async function allChanges(call, tok, since, limit, name) {
	const items = [];
	let cursor = null, pages = 0, last = null;
	do {
		const r = await call('S', 'GET', `/v1/kb/changes?since=${since}&limit=${limit}${cursor ? `&cursor=${q(cursor)}` : ''}`, { token: tok });
		/* the strict proxy turns a contract violation into an error status */
		if ((pages === 0 || r.status !== 200 || !r.data?.next_cursor) &&
		    !expect(`${name} page ${pages + 1}`, r, { status: 200 })) return null;
		items.push(...r.data.items);
		cursor = r.data.next_cursor;
		last = r.data;
		pages++;
	} while (cursor && pages < 200);
	return { items, pages, last };
}

async function walkChanges(ctx) {
	const { call, tok } = ctx;
	const all = await allChanges(call, tok, '0', 200, 'changes from 0');
	if (!all) return;
	const ids = all.items.map(c => c.id);
	check('from 0: at least 300 articles, each once', all.items.length >= 300 && new Set(ids).size === ids.length, `${all.items.length}`);
	check('from 0: seq strictly rising', all.items.every((c, i) => i === 0 || BigInt(c.seq) > BigInt(all.items[i - 1].seq)), '');
	const dels = all.items.filter(c => c.op === 'delete');
	check('from 0: the withdrawn notices as deletions without an article', dels.length >= 2 && dels.every(c => c.article === null) &&
		dels.some(c => c.id === 'notice-system-upgrade'), JSON.stringify(dels).slice(0, 300));
	check('from 0: upserts carry the whole article', all.items.filter(c => c.op === 'upsert').every(c => c.article && c.article.id === c.id), '');
	const token = all.last.sync_token;
	check('the last page: next_cursor null, sync_token the last seq', all.last.next_cursor === null && token === all.items.at(-1).seq, `${token}`);
	const small = await allChanges(call, tok, '0', 7, 'changes from 0 by 7');
	check('paging by 7: the same changes', small && small.items.map(c => c.seq).join() === all.items.map(c => c.seq).join() &&
		small.pages === Math.ceil(all.items.length / 7), small && `${small.pages} pages`);

	let r = await call('S', 'GET', `/v1/kb/changes?since=${token}`, { token: tok });
	expect('changes since the last token', r, { status: 200 });
	check('up to date: no changes, the same token', r.data?.items.length === 0 && r.data.next_cursor === null && r.data.sync_token === token, r.text);
	const mid = String(BigInt(token) - 3n);
	r = await call('S', 'GET', `/v1/kb/changes?since=${mid}`, { token: tok });
	check('since three before the end: the last changes only', r.status === 200 && r.data.items.length > 0 && r.data.items.length <= 3 &&
		r.data.items.every(c => BigInt(c.seq) > BigInt(mid)), r.text.slice(0, 200));
	const guide = all.items.find(c => c.id === RESIDENCE_GUIDE);
	r = await call('S', 'GET', `/v1/kb/articles/${RESIDENCE_GUIDE}`, { token: tok });
	check('a change carries the article as GET answers it', guide && r.status === 200 && JSON.stringify(guide.article) === JSON.stringify(r.data), '');

	r = await call('S', 'GET', '/v1/kb/changes?since=9999999999999', { token: tok });
	expect('a sync token ahead of the change log', r, { status: 410, problem: 'sync-expired' });
	r = await call('L', 'GET', '/v1/kb/changes', { token: tok });
	expect('changes without since', r, { status: 422, problem: 'invalid-request', bad: true });
	check('missing since is named in errors[]', hasFieldError(r, 'since'), r.text);
	r = await call('L', 'GET', '/v1/kb/changes?since=yesterday', { token: tok });
	expect('changes with a malformed since', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('L', 'GET', '/v1/kb/changes?since=0&limit=201', { token: tok });
	expect('changes with limit 201', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('S', 'GET', '/v1/kb/changes?since=0&cursor=12', { token: tok });
	expect('changes with a cursor it never gave', r, { status: 422, problem: 'invalid-request' });
	r = await call('L', 'GET', '/v1/kb/changes?since=0', {});
	expect('changes without a token', r, { status: 401, problem: 'unauthorized', bad: true });
}

export async function walkKnowledge(ctx) {
	await walkSearch(ctx);
	await walkArticles(ctx);
	await walkChanges(ctx);
}
