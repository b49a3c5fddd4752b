// Fills a form the way a clerk with prefill would: shared-data values where a
// field names a prefill path, a plausible valid value of the field's type
// everywhere else; and a materials checklist from the matters' guides.
// SPDX-License-Identifier: GPL-3.0-or-later

// "YYYY-MM-DD" of today moved by a limit spec ("today", "today-6m", a date).
function dateOf(spec, fallback) {
	if (!spec) return fallback;
	if (/^\d{4}-\d{2}-\d{2}$/.test(spec)) return spec;
	const m = /^today(?:([+-])(\d+)([dmy]))?$/.exec(spec);
	if (!m) return fallback;
	const d = new Date();
	if (m[1]) {
		const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
		if (m[3] === 'd') d.setDate(d.getDate() + n);
		if (m[3] === 'm') d.setMonth(d.getMonth() + n);
		if (m[3] === 'y') d.setFullYear(d.getFullYear() + n);
	}
	return d.toISOString().slice(0, 10);
}

// A date inside the field's limits.
function dateFor(limits = {}) {
	const lo = limits.min_date ? dateOf(limits.min_date) : null;
	const hi = limits.max_date ? dateOf(limits.max_date) : null;
	if (hi && lo) return lo <= hi ? lo : hi;
	if (hi) {
		const d = new Date(hi);
		d.setDate(d.getDate() - 30);
		return d.toISOString().slice(0, 10);
	}
	if (lo) {
		const d = new Date(lo);
		d.setDate(d.getDate() + 30);
		return d.toISOString().slice(0, 10);
	}
	return '2026-01-15';
}

// A value for each pattern the demo catalog's text fields use.
const PATTERN_SAMPLES = {
	'^([0-9]{1,3}(\\.[0-9]{1,2})?%)?$': '12%',
	'^([01][0-9]|2[0-3]):[0-5][0-9]$': '09:30',
	'^1[3-9][0-9]{9}$': '13912345678',
	'^E[0-9A-Z][0-9]{7}$': 'EA1234567',
	'^[0-9]{1,6}(\\.[0-9]{1,2})?$': '88.50',
	'^[0-9]{10}$': '1234567890',
	'^[0-9]{12,19}$': '6222021234567890123',
	'^[0-9]{12}[A-Z]{2}[0-9]{5}[A-Z][0-9]{8}$': '310104001001GB00001F00010001',
	'^[0-9]{8,12}$': '12345678',
	'^[0-9]{8,32}$': '12345678',
	'^[0-9]{9,12}$': '123456789',
	'^[A-Z]+( [A-Z]+)*$': 'ZHANG SAN',
	'^[A-Z][0-9]{9}$': 'A123456789',
	'^[CL][0-9A-Z][0-9]{7}$': 'CA1234567',
	'^[^@]+@[^@]+\\.[A-Za-z]{2,}$': 'clerk@example.com',
};

// A value of the field's type that its limits accept; ids supplies valid
// identifiers ({person, uscc}).
export function sample(f, ids) {
	const l = f.limits || {};
	switch (f.type) {
	case 'text':
	case 'textarea': {
		if (l.pattern) return PATTERN_SAMPLES[l.pattern] ?? null;
		const s = '测试内容';
		return l.min_length && l.min_length > s.length ? s.repeat(Math.ceil(l.min_length / s.length)) : s;
	}
	case 'address': return '上海市徐汇区漕溪北路88号';
	case 'id_number': return ids.person;
	case 'uscc': return ids.uscc;
	case 'phone': return '13912345678';
	case 'date': return dateFor(l);
	case 'enum': return f.options[0].value;
	case 'multi': return f.options.slice(0, Math.max(1, l.min_items || 1)).map(o => o.value);
	case 'money': {
		const v = Math.max(l.min ?? 0, Math.min(l.max ?? 1e9, 100000));
		return v.toFixed(2);
	}
	case 'integer': return Math.max(l.min ?? 0, Math.min(l.max ?? 1e6, 1));
	case 'division': return '310104';
	case 'bool': return false;
	case 'table': {
		const rows = [];
		for (let i = 0; i < Math.max(1, l.min_items || 1); i++) {
			const row = {};
			for (const sf of f.fields) {
				const v = sample(sf, ids);
				if (v !== null) row[sf.key] = v;
			}
			rows.push(row);
		}
		return rows;
	}
	default: return null;
	}
}

// The shared-data value a prefill path names, or undefined.
function prefillValue(path, src) {
	const [head, ...rest] = path.split('.');
	if (head === 'person' || head === 'entity') {
		let v = src[head];
		for (const k of rest) v = v == null ? undefined : v[k];
		return v;
	}
	if (head === 'proof' || head === 'license') {
		const list = src[head === 'proof' ? 'proofs' : 'licenses'] || [];
		const rec = list.find(r => r.type === rest[0]);
		if (!rec) return undefined;
		return rest[1] in rec ? rec[rest[1]] : rec.data && rec.data[rest[1]];
	}
	return undefined;
}

// Values for every field of the forms: prefilled where the source has a
// fitting value, sampled otherwise. src: {person, entity, proofs, licenses}.
export function fillForms(forms, src, ids) {
	const values = {};
	for (const form of forms)
		for (const sec of form.sections)
			for (const f of sec.fields) {
				if (f.key in values) continue;
				let v = f.prefill ? prefillValue(f.prefill, src) : undefined;
				if (v != null && f.type === 'enum' && !f.options.some(o => o.value === v)) v = undefined;
				if (v != null && f.type === 'date' && f.limits && (f.limits.max_date || f.limits.min_date)) {
					const hi = f.limits.max_date && dateOf(f.limits.max_date);
					const lo = f.limits.min_date && dateOf(f.limits.min_date);
					if ((hi && v > hi) || (lo && v < lo)) v = undefined;
				}
				if (v == null) v = sample(f, ids);
				if (v !== null && v !== undefined) values[f.key] = v;
			}
	return values;
}

// A complete materials checklist: e-licenses where the applicant holds a
// valid one of the type, deferrable ones deferred when defer is set,
// conditional ones not applicable, optional ones missing, the rest handed in.
export function materialsFor(matters, licenses, { defer = true } = {}) {
	const out = [];
	for (const m of matters)
		for (const g of m.materials) {
			const item = { matter_code: m.code, material_id: g.id };
			const lic = g.elicense_type && licenses.find(l => l.type === g.elicense_type && l.status === 'valid');
			if (g.requirement === 'deferrable' && defer) item.status = 'deferred';
			else if (g.condition) item.status = 'not_applicable';
			else if (g.requirement === 'optional') item.status = 'missing';
			else if (lic) { item.status = 'elicense'; item.license_id = lic.id; }
			else { item.status = 'submitted'; item.form = g.forms[0]; item.copies = g.copies.original + g.copies.copy; }
			out.push(item);
		}
	return out;
}
