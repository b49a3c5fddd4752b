// Contract walk of the catalog: matters (search, pinyin, delta sync), a
// matter's guide, bundles and form schemas.
// SPDX-License-Identifier: GPL-3.0-or-later
import { check, expect, hasFieldError } from './lib.mjs';

// Every page of a matters query, following next_cursor.
async function allMatters(call, tok, query, limit, name) {
	const items = [];
	let cursor = null, pages = 0, last = null;
	do {
		const q = new URLSearchParams({ ...query, limit: String(limit) });
		if (cursor) q.set('cursor', cursor);
		const r = await call('S', 'GET', `/v1/matters?${q}`, { token: tok });
		if (!expect(`${name} page ${pages + 1}`, r, { status: 200 })) return null;
		items.push(...r.data.items);
		cursor = r.data.next_cursor;
		last = r.data;
		pages++;
	} while (cursor && pages < 100);
	return { items, pages, last };
}

async function walkMatters(ctx) {
	const { call, tok } = ctx;
	const all = await allMatters(call, tok, {}, 50, 'all matters');
	const small = await allMatters(call, tok, {}, 7, 'all matters by 7');
	if (all && small) {
		check('at least 40 matters in the catalog', all.items.length >= 40, `${all.items.length}`);
		check('paging by 7 visits every matter once', small.items.map(m => m.code).join() === all.items.map(m => m.code).join() &&
			small.pages === Math.ceil(all.items.length / 7), `${small.pages} pages, ${small.items.length} items`);
		check('without since there is no deleted member', !('deleted' in all.last), JSON.stringify(Object.keys(all.last)));
		const depts = new Set(all.items.map(m => m.department.code));
		check('matters of at least 10 departments', depts.size >= 10, [...depts].join());
	}
	let r = await call('S', 'GET', '/v1/matters?q=gtgsh', { token: tok });
	expect('search by pinyin initials gtgsh', r, { status: 200 });
	check('gtgsh finds 个体工商户 matters first', r.data && r.data.items.length > 0 && r.data.items[0].name.startsWith('个体工商户'), r.data && r.data.items.map(m => m.name).join());
	r = await call('S', 'GET', `/v1/matters?q=${encodeURIComponent('居住证')}`, { token: tok });
	expect('search by name 居住证', r, { status: 200 });
	check('居住证 finds 上海市居住证申领', r.data && r.data.items.some(m => m.code === '310104-000112-001'), r.text.slice(0, 200));
	r = await call('S', 'GET', '/v1/matters?q=310104-000202-001', { token: tok });
	check('search by basic code: that matter first', r.status === 200 && r.data.items[0]?.code === '310104-000202-001', r.text.slice(0, 200));
	const one = await call('S', 'GET', '/v1/matters/310104-000202-001', { token: tok });
	expect('the 个体工商户设立登记 guide', one, { status: 200 });
	const impl = one.data && one.data.implementation_code;
	if (impl) {
		r = await call('S', 'GET', `/v1/matters?q=${impl}`, { token: tok });
		check('search by implementation code finds it', r.status === 200 && r.data.items[0]?.code === '310104-000202-001', r.text.slice(0, 200));
		r = await call('S', 'GET', `/v1/matters/${impl}`, { token: tok });
		expect('a guide by implementation code', r, { status: 200 });
		check('by implementation code: the same matter', r.data && r.data.code === '310104-000202-001', r.text.slice(0, 100));
	}
	check('the guide: materials with requirement and sources, flow, faq, form_id', one.data && one.data.materials.length > 0 &&
		one.data.flow.length > 0 && one.data.faq.length > 0 && one.data.form_id === 'sole-proprietor-setup', '');
	r = await call('S', 'GET', `/v1/matters?q=${encodeURIComponent('企业 开办')}`, { token: tok });
	check('two words must both match', r.status === 200 && r.data.items.length > 0, r.text.slice(0, 200));
	r = await call('S', 'GET', '/v1/matters?q=zzzzqqqq', { token: tok });
	check('a query that matches nothing: no items', r.status === 200 && r.data.items.length === 0 && r.data.next_cursor === null, r.text);
	r = await call('S', 'GET', '/v1/matters?department=310104-SCJ', { token: tok });
	check('department filter: only that department', r.status === 200 && r.data.items.length > 0 && r.data.items.every(m => m.department.code === '310104-SCJ'), '');

	// delta sync
	r = await call('S', 'GET', '/v1/matters?since=2000-01-01T00:00:00Z&limit=200', { token: tok });
	expect('matters since 2000', r, { status: 200 });
	check('since 2000: every matter, oldest change first, and a deleted list', r.data && all && r.data.items.length === all.items.length &&
		r.data.items.every((m, i) => i === 0 || m.updated_at >= r.data.items[i - 1].updated_at) && Array.isArray(r.data.deleted), '');
	const meta = await call('S', 'GET', '/v1/meta');
	r = await call('S', 'GET', `/v1/matters?since=${meta.data.server_time}`, { token: tok });
	expect('matters since now', r, { status: 200 });
	check('since now: nothing changed, nothing deleted', r.data && r.data.items.length === 0 && Array.isArray(r.data.deleted) && r.data.deleted.length === 0, r.text);
	r = await call('L', 'GET', '/v1/matters?since=yesterday', { token: tok });
	expect('matters with a malformed since', r, { status: 422, problem: 'invalid-request', bad: true });
	check('malformed since is named in errors[]', hasFieldError(r, 'since'), r.text);
	r = await call('L', 'GET', '/v1/matters?limit=500', { token: tok });
	expect('matters with limit 500', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('S', 'GET', '/v1/matters?cursor=xyz', { token: tok });
	expect('matters with a bad cursor', r, { status: 422, problem: 'invalid-request' });
	r = await call('S', 'GET', '/v1/matters/310104-999999-999', { token: tok });
	expect('an unknown matter', r, { status: 404, problem: 'not-found' });
	r = await call('L', 'GET', '/v1/matters', {});
	expect('matters without a token', r, { status: 401, problem: 'unauthorized', bad: true });
}

async function walkBundlesForms(ctx) {
	const { call, tok } = ctx;
	let r = await call('S', 'GET', '/v1/bundles', { token: tok });
	expect('bundles', r, { status: 200 });
	const bundles = (r.data && r.data.items) || [];
	const ids = bundles.map(b => b.id);
	check('bundles: birth, company-setup, resale-home and retirement', ['birth', 'company-setup', 'resale-home', 'retirement'].every(i => ids.includes(i)), ids.join());
	r = await call('S', 'GET', '/v1/bundles?limit=1', { token: tok });
	expect('bundles by one', r, { status: 200 });
	check('bundles by one: one item and a cursor', r.data && r.data.items.length === 1 && typeof r.data.next_cursor === 'string', r.text.slice(0, 100));
	if (r.data && r.data.next_cursor) {
		const r2 = await call('S', 'GET', `/v1/bundles?limit=1&cursor=${r.data.next_cursor}`, { token: tok });
		expect('bundles, second page', r2, { status: 200 });
		check('second page: the second bundle', r2.data && r2.data.items[0] && r2.data.items[0].id === ids[1], r2.text.slice(0, 100));
	}
	const cs = bundles.find(b => b.id === 'company-setup');
	check('企业开办一件事: 7 matters, 7 forms', cs && cs.matters.length === 7 && cs.form_ids.length === 7, JSON.stringify(cs && cs.form_ids));
	for (const fid of (cs && cs.form_ids) || []) {
		const f = await call('S', 'GET', `/v1/forms/${fid}`, { token: tok });
		expect(`form ${fid}`, f, { status: 200 });
	}
	r = await call('S', 'GET', '/v1/forms/residence-permit?version=1', { token: tok });
	expect('form residence-permit version 1', r, { status: 200 });
	check('residence-permit: prefills from people and proofs', r.data && JSON.stringify(r.data).includes('proof.residence.since') &&
		JSON.stringify(r.data).includes('person.household_address'), '');
	r = await call('S', 'GET', '/v1/forms/residence-permit?version=99', { token: tok });
	expect('a form version that does not exist', r, { status: 404, problem: 'not-found' });
	r = await call('S', 'GET', '/v1/forms/no-such-form', { token: tok });
	expect('an unknown form', r, { status: 404, problem: 'not-found' });
	r = await call('L', 'GET', '/v1/forms/residence-permit?version=0', { token: tok });
	expect('form version 0', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('L', 'GET', '/v1/forms/Bad_Id', { token: tok });
	expect('a malformed form id', r, { status: 404, problem: 'not-found', bad: true });
}

export async function walkCatalog(ctx) {
	await walkMatters(ctx);
	await walkBundlesForms(ctx);
}
