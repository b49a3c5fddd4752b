// Contract walk of cases: the three reference intakes submitted once (with
// replays and refusals), queries, the audited read, materials, payment,
// evaluation and case events.
// SPDX-License-Identifier: GPL-3.0-or-later
import { check, expect, hasFieldError } from './lib.mjs';
import { readPeople } from './shared.mjs';
import { fillForms, materialsFor } from './fill.mjs';

const NUMBER = /^XH01-\d{8}-\d{4}$/;
let keyNo = 0;
const newKey = () => `case-${process.pid}-${Date.now()}-${++keyNo}`;

// What a clerk's client gathers for one applicant: shared data, guides, forms.
async function gather(ctx, holder, kind, codes, purpose) {
	const { call, tok } = ctx;
	const get = async path => {
		const r = await call('D', 'GET', path, { token: tok, headers: purpose });
		return r.status === 200 ? r.data : null;
	};
	const src = {};
	if (kind === 'person') src.person = await get(`/v1/people/${holder}`);
	else src.entity = await get(`/v1/entities/${holder}`);
	src.licenses = (await get(`/v1/licenses?holder=${holder}&limit=200`))?.items || [];
	src.proofs = (await get(`/v1/proofs?holder=${holder}&limit=200`))?.items || [];
	const matters = [];
	for (const c of codes) matters.push(await get(`/v1/matters/${c}`));
	const forms = [];
	for (const m of matters)
		if (m && m.form_id && !forms.some(f => f.id === m.form_id)) forms.push(await get(`/v1/forms/${m.form_id}`));
	return { src, matters, forms };
}

// A CaseCreate for an applicant and matters, prefilled and complete.
async function draft(ctx, P, { holder, kind, codes, bundle = null, defer = true }) {
	const purpose = { 'x-ticket': 't-20261124-A001' };
	const g = await gather(ctx, holder, kind, codes, purpose);
	const ids = { person: kind === 'person' ? holder : g.src.entity?.legal_rep?.id_number || P.permit.id, uscc: kind === 'entity' ? holder : P.company.id };
	const values = fillForms(g.forms, g.src, ids);
	const rec = g.src.person || g.src.entity || {};
	return {
		body: {
			matters: codes,
			bundle_id: bundle,
			ticket_id: null,
			applicant: {
				kind, id_type: kind === 'entity' ? 'uscc' : rec.id_type || 'resident_id', id_number: holder,
				name: rec.name, phone: rec.phone ?? null, address: rec.residence_address ?? rec.address ?? null,
			},
			agent: null,
			form: { forms: g.forms.map(f => ({ id: f.id, version: f.version })), values },
			overrides: [],
			materials: materialsFor(g.matters, g.src.licenses, { defer }),
			delivery: { method: 'window', address: null },
			note: null,
		},
		g,
	};
}

async function submit(ctx, body, name, key = newKey(), via = 'S') {
	const r = await ctx.call(via, 'POST', '/v1/cases', { token: ctx.tok, json: body, headers: { 'idempotency-key': key } });
	r.key = key;
	return r;
}

const clone = o => JSON.parse(JSON.stringify(o));

// The three reference intakes, once each, with replays and refusals.
async function walkCreate(ctx, P, made) {
	const permit = await draft(ctx, P, { holder: P.permit.id, kind: 'person', codes: ['310104-000112-001'] });
	let r = await submit(ctx, permit.body, '居住证');
	if (!expect('submit the 居住证申领 (full prefill)', r, { status: 201 })) console.log(`# ${r.text.slice(0, 1500)}`);
	const c1 = r.data || {};
	made.permit = c1;
	check('case number HALL-YYYYMMDD-NNNN and a 6-digit query password', NUMBER.test(c1.number || '') && /^\d{6}$/.test(c1.query_password || ''),
		`${c1.number} ${c1.query_password}`);
	check('Location names the new case', r.headers.get('location') === `/v1/cases/${c1.number}`, r.headers.get('location'));
	check('a deferred material: the case awaits materials', c1.status === 'awaiting_materials' && c1.materials.some(m => m.status === 'deferred'), c1.status);
	check('e-licenses satisfy materials (免提交) with their license_id', c1.materials && c1.materials.some(m => m.status === 'elicense' && m.license_id && m.received_at), '');
	check('the timeline starts with accepted and routed', c1.timeline && c1.timeline[0].kind === 'accepted' && c1.timeline.some(t => t.kind === 'routed' && t.department), '');
	check('due_on is a date after today', /^\d{4}-\d{2}-\d{2}$/.test(c1.due_on || '') && c1.due_on >= c1.created_at.slice(0, 10), c1.due_on);

	const again = await submit(ctx, permit.body, '居住证 again', r.key);
	expect('the same submission with the same key', again, { status: 201 });
	check('the retry replays the first case: same number and password, Idempotent-Replayed', again.headers.get('idempotent-replayed') === 'true' &&
		again.data && again.data.number === c1.number && again.data.query_password === c1.query_password, again.text.slice(0, 200));
	const other = clone(permit.body);
	other.note = '另一份';
	r = await submit(ctx, other, 'other body', r.key);
	expect('the same key with another body', r, { status: 422, problem: 'idempotency-key-reuse' });
	r = await ctx.call('L', 'POST', '/v1/cases', { token: ctx.tok, json: permit.body });
	expect('a submission without Idempotency-Key', r, { status: 422, problem: 'invalid-request', bad: true });
	check('the missing key is named in errors[]', hasFieldError(r, 'Idempotency-Key'), r.text);

	// field errors
	const bad = clone(permit.body);
	bad.form.values['applicant.id_number'] = P.badCheck.id;
	delete bad.form.values['residence.street'];
	r = await submit(ctx, bad, 'bad values');
	expect('a form with a wrong check digit and a required field left out', r, { status: 422, problem: 'invalid-request' });
	const e = (r.data && r.data.errors) || [];
	check('field errors name the form keys: check_digit and required', e.some(x => x.field === 'form.values.applicant.id_number' && x.code === 'check_digit') &&
		e.some(x => x.field === 'form.values.residence.street' && x.code === 'required'), r.text.slice(0, 400));
	const missing = clone(permit.body);
	const photo = missing.materials.findIndex(m => m.material_id === 'photo');
	missing.materials[photo] = { matter_code: '310104-000112-001', material_id: 'photo', status: 'missing' };
	r = await submit(ctx, missing, 'missing material');
	expect('a required material missing', r, { status: 422, problem: 'invalid-request' });
	check('the missing material is named: materials[i].status', hasFieldError(r, `materials[${photo}].status`), r.text.slice(0, 300));
	const unknown = clone(permit.body);
	unknown.matters = ['310104-999999-999'];
	r = await submit(ctx, unknown, 'unknown matter');
	expect('an unknown matter', r, { status: 422, problem: 'invalid-request' });
	check('the unknown matter is named: matters[0]', hasFieldError(r, 'matters[0]'), r.text.slice(0, 300));
	const ovr = clone(permit.body);
	ovr.form.values['applicant.phone'] = '13700001111';
	ovr.overrides = [{ field: 'applicant.phone', value: '13700001111', original: permit.g.src.person.phone, source: permit.g.src.person.source, as_of: permit.g.src.person.as_of, reason: 'x' }];
	r = await submit(ctx, ovr, 'short reason', newKey(), 'L');
	expect('an override with a one-character reason', r, { status: 422, problem: 'invalid-request', bad: true });
	check('the reason is named: overrides[0].reason', hasFieldError(r, 'overrides[0].reason'), r.text.slice(0, 300));
	ovr.overrides[0].reason = '申请人更换了手机号码';
	r = await submit(ctx, ovr, 'override');
	expect('a case with an override and its reason', r, { status: 201 });
	check('the override is kept with its reason and noted in the timeline', r.data && r.data.overrides[0]?.reason === '申请人更换了手机号码' &&
		r.data.timeline.some(t => t.kind === 'note' && t.text.includes('applicant.phone')), '');
	made.override = r.data;
	check('case numbers of one day count up (sortable)', r.data && r.data.number > c1.number, `${c1.number} then ${r.data && r.data.number}`);

	// 个体工商户设立登记 for a person
	const sole = await draft(ctx, P, { holder: P.soleNew.id, kind: 'person', codes: ['310104-000202-001'], defer: false });
	r = await submit(ctx, sole.body, '个体工商户');
	if (!expect('submit 个体工商户设立登记 for a person', r, { status: 201 })) console.log(`# ${r.text.slice(0, 1500)}`);
	made.sole = r.data;
	// 企业开办一件事 for a company by its credit code: seven merged forms
	const cs = await ctx.call('S', 'GET', '/v1/bundles', { token: ctx.tok });
	const bundle = cs.data && cs.data.items.find(b => b.id === 'company-setup');
	if (bundle) {
		const co = await draft(ctx, P, { holder: P.company.id, kind: 'entity', codes: bundle.matters.map(m => m.code), bundle: 'company-setup' });
		r = await submit(ctx, co.body, '企业开办');
		if (!expect('submit 企业开办一件事 for a company (7 matters, one merged form)', r, { status: 201 })) console.log(`# ${r.text.slice(0, 1500)}`);
		made.company = r.data;
		check('企业开办: seven matters, applicant an entity by its credit code', r.status === 201 && r.data.matters.length === 7 && r.data.applicant.kind === 'entity' &&
			r.data.applicant.id_number === P.company.id && r.data.bundle_id === 'company-setup', '');
		const wrongKind = clone(co.body);
		wrongKind.applicant.kind = 'person';
		r = await submit(ctx, wrongKind, 'kind');
		expect('a company bundle with a person as applicant', r, { status: 422, problem: 'invalid-request' });
		check('applicant.kind is named', hasFieldError(r, 'applicant.kind'), r.text.slice(0, 300));
		const partial = clone(co.body);
		partial.form.forms = partial.form.forms.slice(0, 2);
		r = await submit(ctx, partial, 'forms');
		expect('a bundle case naming only two of its seven forms', r, { status: 422, problem: 'invalid-request' });
		check('form.forms is named', hasFieldError(r, 'form.forms'), r.text.slice(0, 300));
	}
	// a passport: a fee is due
	const pass = await draft(ctx, P, { holder: P.soleNew.id, kind: 'person', codes: ['310104-000132-001'], defer: false });
	r = await submit(ctx, pass.body, '护照');
	if (!expect('submit 普通护照签发 (a fee is due)', r, { status: 201 })) console.log(`# ${r.text.slice(0, 1500)}`);
	made.passport = r.data;
	check('passport: awaiting payment of 120.00', r.data && r.data.status === 'awaiting_payment' && r.data.fee.status === 'due' &&
		r.data.fee.amount_due === '120.00', r.data && JSON.stringify(r.data.fee));

	const agent = await ctx.login('agent01', 'login as a remote-assist agent');
	if (agent) {
		r = await ctx.call('S', 'POST', '/v1/cases', { token: agent.access_token, json: permit.body, headers: { 'idempotency-key': newKey() } });
		expect('an agent submitting a case', r, { status: 403, problem: 'forbidden' });
	}
	r = await ctx.call('L', 'POST', '/v1/cases', { json: permit.body, headers: { 'idempotency-key': newKey() } });
	expect('a submission without a token', r, { status: 401, problem: 'unauthorized', bad: true });
	r = await ctx.call('D', 'POST', '/v1/cases', { token: ctx.tok, raw: '{"matters": [', headers: { 'content-type': 'application/json', 'idempotency-key': newKey() } });
	expect('a submission with malformed JSON (direct)', r, { status: 400, problem: 'malformed-json' });
	// JSON whose string holds a byte that is not UTF-8: refused before anything reads it
	const notUtf8 = Buffer.concat([Buffer.from('{"matters": ["'), Buffer.from([0xff, 0xfe]), Buffer.from('"]}')]);
	r = await ctx.call('D', 'POST', '/v1/cases', { token: ctx.tok, raw: notUtf8, headers: { 'content-type': 'application/json', 'idempotency-key': newKey() } });
	expect('a submission that is not UTF-8 (direct)', r, { status: 400, problem: 'malformed-json' });
}

async function walkQuery(ctx, P, made) {
	const { call, tok } = ctx;
	const c1 = made.permit;
	if (!c1 || !c1.number) return;
	let r = await call('S', 'GET', `/v1/cases?q=${encodeURIComponent(P.permit.name)}`, { token: tok });
	expect('cases by applicant name', r, { status: 200 });
	check('by name: the applicant\'s cases, identity numbers masked', r.data && r.data.items.some(c => c.number === c1.number) &&
		r.data.items.every(c => c.applicant.id_number_masked.includes('*')), r.text.slice(0, 300));
	r = await call('S', 'GET', `/v1/cases?q=${P.permit.id}`, { token: tok });
	check('by document number: found', r.status === 200 && r.data.items.some(c => c.number === c1.number), r.text.slice(0, 200));
	r = await call('S', 'GET', `/v1/cases?q=${c1.number}`, { token: tok });
	check('by case number: exactly that case', r.status === 200 && r.data.items.length === 1 && r.data.items[0].number === c1.number, r.text.slice(0, 200));
	r = await call('S', 'GET', '/v1/cases?mine=true&status=awaiting_payment', { token: tok });
	expect('my cases awaiting payment', r, { status: 200 });
	check('mine and status filter: only such cases of this clerk', r.data && r.data.items.length > 0 &&
		r.data.items.every(c => c.status === 'awaiting_payment' && c.staff.id === ctx.me.id), r.text.slice(0, 300));
	const seen = [];
	let cursor = null, pages = 0;
	do {
		r = await call('S', 'GET', `/v1/cases?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: tok });
		if (!expect(`cases page ${pages + 1} by one`, r, { status: 200 })) break;
		seen.push(...r.data.items.map(c => c.number));
		cursor = r.data.next_cursor;
		pages++;
	} while (cursor && pages < 30);
	check('paging by one: newest first, each case once', seen.length >= 4 && new Set(seen).size === seen.length &&
		seen.every((n, i) => i === 0 || n < seen[i - 1]), seen.join(' '));
	r = await call('L', 'GET', '/v1/cases?status=lost', { token: tok });
	expect('cases with an unknown status', r, { status: 422, problem: 'invalid-request', bad: true });

	r = await call('S', 'GET', `/v1/cases/${c1.number}`, { token: tok });
	expect('the full case', r, { status: 200 });
	check('the full case: timeline, materials, fee, evaluation; no query password', r.data && r.data.timeline.length > 0 &&
		r.data.materials.length > 0 && r.data.fee && 'evaluation' in r.data && !('query_password' in r.data), '');
	r = await call('S', 'GET', '/v1/cases/XH01-20000101-0001', { token: tok });
	expect('an unknown case', r, { status: 404, problem: 'not-found' });
	const sup = await ctx.login('super01', 'login as the supervisor to read the case audit');
	if (sup) {
		r = await call('S', 'GET', `/v1/audit?subject=${c1.number}`, { token: sup.access_token });
		check('reading the full case is audited (source cases)', r.status === 200 && r.data.items.some(a => a.source === 'cases' && a.result === 'found'), r.text.slice(0, 300));
	}
}

async function walkChanges(ctx, made) {
	const { call, tok } = ctx;
	const c1 = made.permit;
	if (!c1 || !c1.number) return;
	const deferred = c1.materials.find(m => m.status === 'deferred');
	let r = await call('S', 'POST', `/v1/cases/${c1.number}/materials`, { token: tok, json: { items: [{ matter_code: deferred.matter_code, material_id: deferred.material_id, status: 'submitted', form: 'copy', copies: 1 }] } });
	expect('the deferred material handed in', r, { status: 200 });
	check('materials: received, the case moves on, timeline materials_received', r.data && r.data.status === 'in_progress' &&
		r.data.materials.find(m => m.material_id === deferred.material_id)?.received_at && r.data.timeline.some(t => t.kind === 'materials_received'), r.data && r.data.status);
	r = await call('S', 'POST', `/v1/cases/${c1.number}/materials`, { token: tok, json: { items: [{ matter_code: deferred.matter_code, material_id: 'no_such_material', status: 'submitted' }] } });
	expect('materials: an unknown material id', r, { status: 422, problem: 'invalid-request' });
	check('unknown material is named: items[0].material_id', hasFieldError(r, 'items[0].material_id'), r.text.slice(0, 300));
	r = await call('S', 'POST', `/v1/cases/${c1.number}/materials`, { token: tok, json: { items: [{ matter_code: deferred.matter_code, material_id: 'photo', status: 'missing' }] } });
	expect('materials: a required one set missing', r, { status: 422, problem: 'invalid-request' });
	r = await call('L', 'POST', `/v1/cases/${c1.number}/materials`, { token: tok, json: { items: [] } });
	expect('materials: an empty list', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('S', 'POST', '/v1/cases/XH01-20000101-0001/materials', { token: tok, json: { items: [{ matter_code: deferred.matter_code, material_id: 'photo', status: 'submitted' }] } });
	expect('materials of an unknown case', r, { status: 404, problem: 'not-found' });

	const pc = made.passport;
	if (pc && pc.number) {
		r = await call('S', 'POST', `/v1/cases/${pc.number}/payment`, { token: tok, json: { method: 'qr', amount: '100.00' } });
		expect('payment of the wrong amount', r, { status: 422, problem: 'invalid-request' });
		check('the wrong amount is named', hasFieldError(r, 'amount'), r.text);
		r = await call('S', 'POST', `/v1/cases/${pc.number}/payment`, { token: tok, json: { method: 'qr', amount: '120.00', reference: 'WX20261124001' } });
		expect('payment of the amount due', r, { status: 200 });
		check('paid: fee status paid with a receipt number, the case moves on', r.data && r.data.fee.status === 'paid' && r.data.fee.receipt_no &&
			r.data.fee.paid_at && r.data.status === 'in_progress', r.data && JSON.stringify(r.data.fee));
		r = await call('S', 'POST', `/v1/cases/${pc.number}/payment`, { token: tok, json: { method: 'qr', amount: '120.00' } });
		expect('paying again', r, { status: 409, problem: 'conflict' });
	}
	r = await call('S', 'POST', `/v1/cases/${c1.number}/payment`, { token: tok, json: { method: 'cash', amount: '0.00' } });
	expect('payment of a case with nothing due', r, { status: 409, problem: 'conflict' });
	r = await call('L', 'POST', `/v1/cases/${c1.number}/payment`, { token: tok, json: { method: 'bitcoin', amount: '1.00' } });
	expect('payment by an unknown method', r, { status: 422, problem: 'invalid-request', bad: true });

	r = await call('S', 'POST', `/v1/cases/${c1.number}/evaluation`, { token: tok, json: { level: 'dissatisfied', channel: 'counter_pad' } });
	expect('a low evaluation without a comment', r, { status: 422, problem: 'invalid-request' });
	check('the missing comment is named', hasFieldError(r, 'comment'), r.text);
	r = await call('S', 'POST', `/v1/cases/${c1.number}/evaluation`, { token: tok, json: { level: 'very_satisfied', channel: 'counter_pad' } });
	expect('the evaluation (非常满意)', r, { status: 201 });
	check('evaluation: level, channel, time, the staff who served', r.data && r.data.level === 'very_satisfied' && r.data.staff && r.data.staff.id === ctx.me.id, r.text);
	r = await call('S', 'POST', `/v1/cases/${c1.number}/evaluation`, { token: tok, json: { level: 'satisfied', channel: 'sms' } });
	expect('a second evaluation (一次一评)', r, { status: 409, problem: 'conflict' });
	r = await call('L', 'POST', `/v1/cases/${c1.number}/evaluation`, { token: tok, json: { level: 'meh', channel: 'counter_pad' } });
	expect('an evaluation of an unknown level', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('S', 'GET', `/v1/cases/${c1.number}`, { token: tok });
	check('the case shows its evaluation and an evaluated entry', r.status === 200 && r.data.evaluation && r.data.evaluation.level === 'very_satisfied' &&
		r.data.timeline.some(t => t.kind === 'evaluated'), '');
}

// case.created and case.updated on the event log, validated as CaseEvent.
async function walkCaseEvents(ctx, made) {
	const evs = [];
	let after = '0';
	for (let page = 0; page < 100; page++) {
		const r = await ctx.call('S', 'GET', `/v1/events?after=${after}&wait=0`, { token: ctx.tok, headers: { accept: 'application/json' } });
		if (page === 0) expect('events after the cases', r, { status: 200 });
		if (r.status !== 200 || !r.data.events.length) break;
		evs.push(...r.data.events);
		after = r.data.next_cursor;
	}
	const created = evs.filter(e => e.type === 'case.created').map(e => e.data.case.number);
	check('case.created for every new case, once', made.permit && created.includes(made.permit.number) && new Set(created).size === created.length, created.join(' '));
	check('case.updated after materials, payment and evaluation', evs.some(e => e.type === 'case.updated' && e.data.case.number === (made.permit && made.permit.number)), '');
}

export async function walkCases(ctx, peopleFile) {
	const P = readPeople(peopleFile);
	if (!P.permit || !P.company || !P.soleNew) return;
	const made = {};
	await walkCreate(ctx, P, made);
	await walkQuery(ctx, P, made);
	await walkChanges(ctx, made);
	await walkCaseEvents(ctx, made);
}
