// Contract walk of the shared data (people, entities, licenses, credit,
// proofs) with purpose headers, and of the audit log that records them.
// SPDX-License-Identifier: GPL-3.0-or-later
import { readFileSync } from 'node:fs';
import { check, expect, hasFieldError } from './lib.mjs';

// The demo applicants of `yichuangd --demo-people`: kind, identifier, name, note.
export function readPeople(file) {
	const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1).map(l => l.split('\t'));
	const find = re => {
		const row = rows.find(r => re.test(r[3]));
		return row ? { kind: row[0], id: row[1], name: row[2], note: row[3] } : null;
	};
	return {
		rows,
		permit: find(/居住证申领 full prefill/),
		soleNew: find(/个体工商户设立登记/),
		company: find(/企业开办一件事/),
		sole: find(/个体工商户 \(sole/),
		black: find(/black list \(失信/),
		watchEntity: find(/watch list \(经营异常/),
		absent: find(/no record/),
		noHousehold: find(/no household register/),
		foreign: find(/foreigner/),
		badCheck: find(/wrong check digit/),
	};
}

// A unified social credit code with its check character (GB 32100-2015).
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function usccWithCheck(first17) {
	const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]) * w[i];
	return first17 + USCC_CHARS[(31 - (sum % 31)) % 31];
}

// The GB 11714 check character of an 8-character organisation code.
function orgCheck(body8) {
	const w = [3, 7, 9, 10, 5, 8, 4, 2];
	let sum = 0;
	for (let i = 0; i < 8; i++) {
		const c = body8[i];
		sum += (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * w[i];
	}
	const v = 11 - (sum % 11);
	return v === 10 ? 'X' : v === 11 ? '0' : String(v);
}

// A valid credit code nobody holds (organisation code MA0YYYYY).
export function unknownUscc() {
	return usccWithCheck('91310104MA0YYYYY' + orgCheck('MA0YYYYY'));
}

// Every record carries its provenance.
const hasProvenance = o => o && typeof o.source === 'string' && o.source.length > 0 && /Z$/.test(o.as_of || '') &&
	typeof o.authoritative === 'boolean';

async function walkPeople(ctx, P, purpose) {
	const { call, tok } = ctx;
	let r = await call('S', 'GET', `/v1/people/${P.permit.id}`, { token: tok, headers: purpose });
	expect('person of the 居住证 intake', r, { status: 200 });
	check('person: the record has source, as_of and authoritative', hasProvenance(r.data), r.text.slice(0, 300));
	check('person: full prefill (name, household elsewhere, residence, phone, ethnicity)', r.data && r.data.name === P.permit.name &&
		r.data.household_division && !r.data.household_division.startsWith('31') && r.data.residence_address &&
		r.data.phone && r.data.ethnicity, r.text.slice(0, 300));
	r = await call('S', 'GET', `/v1/people/${P.permit.id.toLowerCase()}`, { token: tok, headers: { 'x-case': 'XH01-20261124-0001' } });
	check('person by X-Case with a lower-case x (or none) answers 200', r.status === 200, r.text.slice(0, 200));
	r = await call('S', 'GET', `/v1/people/${P.absent.id}`, { token: tok, headers: purpose });
	expect('a valid number with no record', r, { status: 404, problem: 'not-found' });
	r = await call('S', 'GET', `/v1/people/${P.noHousehold.id}`, { token: tok, headers: purpose });
	expect('a person with no household register', r, { status: 200 });
	check('no household register: household_address and household_division are null', r.data && r.data.household_address === null &&
		r.data.household_division === null, r.text.slice(0, 300));
	r = await call('S', 'GET', `/v1/people/${P.foreign.id}`, { token: tok, headers: purpose });
	expect('a foreign permanent resident', r, { status: 200 });
	check('foreigner: id_type foreign_permanent, no ethnicity, nationality not CHN', r.data && r.data.id_type === 'foreign_permanent' &&
		r.data.ethnicity === null && r.data.nationality !== 'CHN', r.text.slice(0, 300));
	r = await call('S', 'GET', `/v1/people/${P.badCheck.id}`, { token: tok, headers: purpose });
	expect('a wrong check digit', r, { status: 422, problem: 'invalid-request' });
	const e = r.data && r.data.errors && r.data.errors[0];
	check('wrong check digit: error on id_number, code check_digit, the expected digit named', e && e.field === 'id_number' &&
		e.code === 'check_digit' && new RegExp(`expected ${P.permit.id.slice(-1)}`).test(e.message), r.text);
	r = await call('S', 'GET', `/v1/people/${P.permit.id}`, { token: tok });
	expect('person without X-Ticket or X-Case', r, { status: 422, problem: 'purpose-required' });
	r = await call('L', 'GET', `/v1/people/${P.permit.id}`, { token: tok, headers: { 'x-ticket': 'A007' } });
	expect('person with a malformed X-Ticket', r, { status: 422, problem: 'invalid-request', bad: true });
	check('malformed X-Ticket is named in errors[]', hasFieldError(r, 'X-Ticket'), r.text);
	r = await call('L', 'GET', `/v1/people/${P.permit.id}`, { headers: purpose });
	expect('person without a token', r, { status: 401, problem: 'unauthorized', bad: true });
	r = await call('L', 'GET', '/v1/people/12345', { token: tok, headers: purpose });
	expect('person with a number too short', r, { status: 422, problem: 'invalid-request', bad: true });
}

async function walkEntities(ctx, P, purpose) {
	const { call, tok } = ctx;
	let r = await call('S', 'GET', `/v1/entities/${P.company.id}`, { token: tok, headers: purpose });
	expect('entity of the 企业开办 intake', r, { status: 200 });
	check('entity: the record has source, as_of and authoritative', hasProvenance(r.data), r.text.slice(0, 300));
	const rep = r.data && r.data.legal_rep;
	check('entity: active, a 有限责任公司 with registered capital', r.data && r.data.status === 'active' &&
		/^有限责任公司\(/.test(r.data.kind) && /^\d+\.\d{2}$/.test(r.data.registered_capital || ''), r.text.slice(0, 300));
	if (rep) {
		const p = await call('S', 'GET', `/v1/people/${rep.id_number}`, { token: tok, headers: purpose });
		expect('the legal representative is in the people database', p, { status: 200 });
		check('legal representative: same name in both databases', p.data && p.data.name === rep.name, `${rep.name} / ${p.data && p.data.name}`);
	}
	r = await call('S', 'GET', `/v1/entities/${P.sole.id}`, { token: tok, headers: purpose });
	expect('a 个体工商户', r, { status: 200 });
	check('个体工商户: kind 个体工商户, credit code of category 92', r.data && r.data.kind === '个体工商户' && r.data.uscc.startsWith('92'), r.text.slice(0, 200));
	r = await call('S', 'GET', `/v1/entities/${unknownUscc()}`, { token: tok, headers: purpose });
	expect(`an unknown valid credit code ${unknownUscc()}`, r, { status: 404, problem: 'not-found' });
	const wrong = P.company.id.slice(0, 17) + (P.company.id[17] === '0' ? '1' : '0');
	r = await call('S', 'GET', `/v1/entities/${wrong}`, { token: tok, headers: purpose });
	expect('entity with a wrong check character', r, { status: 422, problem: 'invalid-request' });
	check('wrong check character: code check_digit on uscc', r.data && r.data.errors && r.data.errors.some(x => x.field === 'uscc' && x.code === 'check_digit'), r.text);
	r = await call('S', 'GET', `/v1/entities/${P.company.id}`, { token: tok });
	expect('entity without a purpose', r, { status: 422, problem: 'purpose-required' });
}

// Every page of a holder's licenses or proofs, following next_cursor.
async function allPages(call, tok, path, headers, limit) {
	const items = [];
	let cursor = null, pages = 0;
	do {
		const q = new URLSearchParams({ ...path.q, limit: String(limit) });
		if (cursor) q.set('cursor', cursor);
		const r = await call('S', 'GET', `${path.p}?${q}`, { token: tok, headers });
		if (!expect(`${path.p} page ${pages + 1} (limit ${limit})`, r, { status: 200 })) return null;
		items.push(...r.data.items);
		cursor = r.data.next_cursor;
		pages++;
	} while (cursor && pages < 50);
	return { items, pages };
}

async function walkHoldings(ctx, P, purpose) {
	const { call, tok } = ctx;
	const all = await allPages(call, tok, { p: '/v1/licenses', q: { holder: P.permit.id } }, purpose, 50);
	const paged = await allPages(call, tok, { p: '/v1/licenses', q: { holder: P.permit.id } }, purpose, 1);
	if (all && paged) {
		check('licenses: paging by 1 visits the same licenses once each, one per page', paged.items.map(l => l.id).join() === all.items.map(l => l.id).join() &&
			paged.pages === Math.max(all.items.length, 1), `${paged.pages} pages for ${all.items.length}`);
		check('licenses: every one belongs to the holder and has provenance', all.items.length > 0 && all.items.every(l => l.holder === P.permit.id && hasProvenance(l)),
			JSON.stringify(all.items.map(l => l.type)));
		const types = all.items.map(l => l.type);
		check('居住证 applicant: resident_id and residence_registration e-licenses', types.includes('resident_id') && types.includes('residence_registration'), types.join());
	}
	let r = await call('S', 'GET', `/v1/licenses?holder=${P.company.id}&type=business_license`, { token: tok, headers: purpose });
	expect('the company\'s business licence', r, { status: 200 });
	check('business licence: one, numbered with the credit code', r.data && r.data.items.length === 1 && r.data.items[0].number === P.company.id, r.text.slice(0, 300));
	r = await call('S', 'GET', `/v1/licenses?holder=${P.absent.id}`, { token: tok, headers: purpose });
	expect('licenses of someone with no record', r, { status: 200 });
	check('no record: no licenses', r.data && r.data.items.length === 0 && r.data.next_cursor === null, r.text);
	r = await call('L', 'GET', `/v1/licenses?holder=${P.permit.id}&type=Bad-Type`, { token: tok, headers: purpose });
	expect('licenses with a malformed type', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('S', 'GET', `/v1/licenses?holder=${P.badCheck.id}`, { token: tok, headers: purpose });
	expect('licenses of a holder with a wrong check digit', r, { status: 422, problem: 'invalid-request' });
	r = await call('L', 'GET', '/v1/licenses', { token: tok, headers: purpose });
	expect('licenses without holder', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('S', 'GET', `/v1/licenses?holder=${P.permit.id}`, { token: tok });
	expect('licenses without a purpose', r, { status: 422, problem: 'purpose-required' });

	r = await call('S', 'GET', `/v1/proofs?holder=${P.permit.id}`, { token: tok, headers: purpose });
	expect('proofs of the 居住证 applicant', r, { status: 200 });
	const by = t => r.data && r.data.items.find(p => p.type === t);
	const si = by('social_insurance_months'), res = by('residence'), hf = by('housing_fund'), med = by('medical_insurance_months');
	check('proof.social_insurance_months: months (integer ≥ 6), employer, employer_uscc', si && Number.isInteger(si.data.months) &&
		si.data.months >= 6 && si.data.employer && /^91/.test(si.data.employer_uscc || ''), JSON.stringify(si));
	check('proof.residence: since is a date at least 6 months ago', res && /^\d{4}-\d{2}-\d{2}$/.test(res.data.since) &&
		Date.parse(res.data.since) < Date.now() - 180 * 86400e3, JSON.stringify(res));
	check('proof.housing_fund: account of 9-12 digits, balance in yuan', hf && /^\d{9,12}$/.test(hf.data.account) && /^\d+\.\d{2}$/.test(hf.data.balance), JSON.stringify(hf));
	check('proof.medical_insurance_months: months', med && Number.isInteger(med.data.months), JSON.stringify(med));
	check('every proof has provenance', r.data && r.data.items.every(hasProvenance), '');
	if (si) {
		const e = await call('S', 'GET', `/v1/entities/${si.data.employer_uscc}`, { token: tok, headers: purpose });
		check('the insured employer is in the legal-person database', e.status === 200 && e.data.name === si.data.employer, e.text.slice(0, 200));
	}
	r = await call('S', 'GET', `/v1/proofs?holder=${P.permit.id}&type=residence`, { token: tok, headers: purpose });
	check('proofs by type: only residence', r.status === 200 && r.data.items.length === 1 && r.data.items[0].type === 'residence', r.text.slice(0, 200));
	r = await call('S', 'GET', `/v1/proofs?holder=${P.permit.id}`, { token: tok });
	expect('proofs without a purpose', r, { status: 422, problem: 'purpose-required' });

	r = await call('S', 'GET', `/v1/credit/${P.black.id}`, { token: tok, headers: purpose });
	expect('credit of a black-listed person', r, { status: 200 });
	check('black list: a black_list flag with measures; report has provenance', r.data && r.data.holder_type === 'person' &&
		r.data.flags.some(f => f.kind === 'black_list' && f.measures.length > 0 && hasProvenance(f)) && hasProvenance(r.data), r.text.slice(0, 300));
	r = await call('S', 'GET', `/v1/credit/${P.permit.id}`, { token: tok, headers: purpose });
	expect('credit of someone with no flags', r, { status: 200 });
	check('no flags: an empty list', r.data && Array.isArray(r.data.flags) && r.data.flags.length === 0, r.text);
	r = await call('S', 'GET', `/v1/credit/${P.watchEntity.id}`, { token: tok, headers: purpose });
	expect('credit of a company on the watch list', r, { status: 200 });
	check('watch list: holder_type entity, a watch_list flag', r.data && r.data.holder_type === 'entity' && r.data.flags.some(f => f.kind === 'watch_list'), r.text.slice(0, 300));
	r = await call('S', 'GET', `/v1/credit/${P.badCheck.id}`, { token: tok, headers: purpose });
	expect('credit with a wrong check digit', r, { status: 422, problem: 'invalid-request' });
	r = await call('S', 'GET', `/v1/credit/${P.black.id}`, { token: tok });
	expect('credit without a purpose', r, { status: 422, problem: 'purpose-required' });
}

// The audit log: every lookup above, refusals too; supervisors only.
async function walkAudit(ctx, P) {
	const { call, tok } = ctx;
	let r = await call('S', 'GET', '/v1/audit', { token: tok });
	expect('audit log as a clerk', r, { status: 403, problem: 'forbidden' });
	const sup = await ctx.login('super01', 'login as the supervisor for the audit log');
	if (!sup) return;
	const st = sup.access_token;
	r = await call('S', 'GET', `/v1/audit?subject=${P.permit.id}&limit=200`, { token: st });
	expect('audit log of the 居住证 applicant', r, { status: 200 });
	const items = (r.data && r.data.items) || [];
	check('audit: only that subject, newest first', items.length > 0 && items.every(a => a.subject === P.permit.id) &&
		items.every((a, i) => i === 0 || BigInt(a.id) < BigInt(items[i - 1].id)), JSON.stringify(items.slice(0, 2)));
	const sources = new Set(items.map(a => a.source));
	check('audit: people, licenses, proofs and credit lookups of the subject are there', ['people', 'licenses', 'proofs', 'credit'].every(s => sources.has(s)), [...sources].join());
	check('audit: a found lookup names the staff, the purpose and the status', items.some(a => a.result === 'found' && a.staff.id === ctx.me.id &&
		a.purpose && a.purpose.kind === 'ticket' && a.status === 200 && a.count >= 1), JSON.stringify(items[0]));
	check('audit: a refused lookup (no purpose) is recorded with purpose null and 422', items.some(a => a.result === 'refused' && a.purpose === null && a.status === 422), '');
	check('audit: a proofs lookup by type records the filter', items.some(a => a.source === 'proofs' && a.query === 'type=residence'), '');
	r = await call('S', 'GET', `/v1/audit?subject=${P.badCheck.id}`, { token: st });
	check('audit: a lookup with a wrong check digit is recorded as invalid', r.status === 200 && r.data.items.some(a => a.result === 'invalid' && a.status === 422), r.text.slice(0, 300));
	r = await call('S', 'GET', `/v1/audit?staff=${ctx.me.id}&limit=3`, { token: st });
	expect('audit log of one clerk, 3 per page', r, { status: 200 });
	check('audit by staff: 3 entries of that staff and a next_cursor', r.data && r.data.items.length === 3 && r.data.items.every(a => a.staff.id === ctx.me.id) &&
		typeof r.data.next_cursor === 'string', r.text.slice(0, 300));
	if (r.data && r.data.next_cursor) {
		const r2 = await call('S', 'GET', `/v1/audit?staff=${ctx.me.id}&limit=3&cursor=${r.data.next_cursor}`, { token: st });
		expect('audit log, next page', r2, { status: 200 });
		check('audit: the next page continues below the last id', r2.data && r2.data.items.length > 0 &&
			BigInt(r2.data.items[0].id) < BigInt(r.data.items[2].id), r2.text.slice(0, 200));
	}
	r = await call('L', 'GET', '/v1/audit?limit=0', { token: st });
	expect('audit log with limit 0', r, { status: 422, problem: 'invalid-request', bad: true });
	r = await call('S', 'GET', '/v1/audit?cursor=not-a-cursor', { token: st });
	expect('audit log with a bad cursor', r, { status: 422, problem: 'invalid-request' });
	r = await call('L', 'GET', '/v1/audit', {});
	expect('audit log without a token', r, { status: 401, problem: 'unauthorized', bad: true });
}

export async function walkShared(ctx, peopleFile) {
	const P = readPeople(peopleFile);
	const need = ['permit', 'company', 'sole', 'black', 'watchEntity', 'absent', 'noHousehold', 'foreign', 'badCheck'];
	const missing = need.filter(k => !P[k]);
	if (!check('yichuangd --demo-people lists every kind of applicant the walk needs', missing.length === 0, `missing ${missing.join(' ')}`)) return;
	check('--demo-people: every row has kind, identifier and a note', P.rows.every(r => r.length === 4 && r[0] && r[1] && r[3]), '');
	const purpose = { 'x-ticket': 't-20261124-A001' };
	await walkPeople(ctx, P, purpose);
	await walkEntities(ctx, P, purpose);
	await walkHoldings(ctx, P, purpose);
	await walkAudit(ctx, P);
}
