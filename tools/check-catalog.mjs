#!/usr/bin/env node
// check-catalog: validates data/catalog against the REST contract's schemas and checks its cross references.
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node tools/check-catalog.mjs [catalog-dir [openapi.yaml]]
// Prints one line per problem ("file: /json/pointer: message") and exits 1
// if there is any, else prints a summary and exits 0.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const catalogDir = path.resolve(process.argv[2] || path.join(root, 'data/catalog'));
const apiFile = path.resolve(process.argv[3] || path.join(root, 'api/openapi.yaml'));
const require = createRequire(path.join(root, 'package.json'));
const Ajv2020 = require('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats');
const yaml = require('js-yaml');

const FIELD_TYPES = ['text', 'textarea', 'id_number', 'uscc', 'phone', 'date', 'enum', 'multi', 'money', 'integer', 'division', 'address', 'bool', 'table'];
const TEXT_LIKE = new Set(['text', 'textarea', 'id_number', 'uscc', 'phone', 'address']);
const problems = [];

// Record one problem against a file (relative to the project root) and a JSON pointer.
function problem(file, pointer, message) {
	problems.push(`${path.relative(root, file) || file}: ${pointer || '/'}: ${message}`);
}
const ptr = (...parts) => parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

// ------------------------------------------------------------- schemas
// Load the contract and compile the component schemas the catalog uses.
function loadContract() {
	const text = fs.readFileSync(apiFile, 'utf8');
	const doc = (yaml.safeLoad || yaml.load)(text);
	const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
	addFormats(ajv);
	ajv.addFormat('password', true);
	ajv.addKeyword('components');
	ajv.addSchema({ $id: 'urn:yichuang:api', components: doc.components });
	const validator = (name) => {
		const v = ajv.getSchema(`urn:yichuang:api#/components/schemas/${name}`);
		if (!v) throw new Error(`no schema ${name} in ${apiFile}`);
		return v;
	};
	return { schemas: doc.components.schemas, validator };
}

// Run a compiled schema on a value, reporting each error at its JSON pointer.
function validate(v, value, file, base) {
	if (v(value)) return true;
	for (const e of v.errors) {
		let msg = e.message;
		if (e.params && e.params.additionalProperty) msg += ` (${e.params.additionalProperty})`;
		if (e.params && e.params.unevaluatedProperty) msg += ` (${e.params.unevaluatedProperty})`;
		if (e.params && e.params.allowedValues) msg += ` (${e.params.allowedValues.join(', ')})`;
		problem(file, base + e.instancePath, `schema: ${msg}`);
	}
	return false;
}

// Resolve a `$ref` to the named component schema.
function deref(schemas, s) {
	while (s && s.$ref) {
		const m = /^#\/components\/schemas\/(.+)$/.exec(s.$ref);
		s = m ? { ...schemas[m[1]], _name: m[1] } : null;
	}
	return s;
}
// Properties of an object schema, including those of its allOf parts.
function propertiesOf(schemas, s) {
	s = deref(schemas, s);
	const props = { ...(s.properties || {}) };
	for (const part of s.allOf || []) Object.assign(props, propertiesOf(schemas, part));
	return props;
}
// A oneOf of one schema and null stands for the schema itself.
function unNull(schemas, s) {
	s = deref(schemas, s);
	if (s && s.oneOf) {
		const rest = s.oneOf.filter((x) => x.type !== 'null');
		if (rest.length === 1) return deref(schemas, rest[0]);
	}
	return s;
}

// What kind of value a shared-data leaf schema holds, for matching field types.
function leafKind(s) {
	const t = Array.isArray(s.type) ? s.type.filter((x) => x !== 'null') : [s.type];
	const named = { IdNumber: 'id_number', Uscc: 'uscc', DivisionCode: 'division', MoneyAmount: 'money', HolderId: 'holder' };
	if (named[s._name]) return named[s._name];
	if (s.enum) return 'enum';
	if (s.format === 'date') return 'date';
	if (t.includes('object') || t.includes('array')) return 'object';
	if (t.includes('boolean') && t.length === 1) return 'bool';
	if (t.includes('integer') && t.length === 1) return 'integer';
	if (t.includes('number') && t.length === 1) return 'number';
	if (t.length > 1) return 'any';
	return 'string';
}
// Field types a leaf kind can fill.
const FILLS = {
	id_number: ['id_number', 'text'], uscc: ['uscc', 'text'], holder: ['text'], division: ['division', 'text'], money: ['money', 'text'],
	enum: ['enum', 'text'], date: ['date', 'text'], bool: ['bool'], integer: ['integer', 'money'], number: ['money', 'integer'],
	string: ['text', 'textarea', 'address', 'phone', 'enum'],
	any: ['text', 'textarea', 'address', 'phone', 'enum', 'date', 'integer', 'money', 'bool', 'division', 'id_number', 'uscc'],
};

// Resolve a prefill path (person.*, entity.*, proof.<type>.*, license.<type>.*) to its leaf schema, or an error string.
function resolvePrefill(schemas, p) {
	const seg = p.split('.');
	const roots = { person: 'Person', entity: 'Entity', proof: 'Proof', license: 'License' };
	const rootName = roots[seg[0]];
	if (!rootName) return `unknown shared-data source "${seg[0]}" (person, entity, proof, license)`;
	let rest = seg.slice(1);
	let s = { $ref: `#/components/schemas/${rootName}` };
	if (rootName === 'Proof' || rootName === 'License') {
		const typeName = rootName === 'Proof' ? 'ProofType' : 'LicenseType';
		const re = new RegExp(schemas[typeName].pattern);
		if (rest.length < 2) return `${seg[0]} paths are ${seg[0]}.<type>.<field>`;
		if (!re.test(rest[0])) return `"${rest[0]}" is not a valid ${typeName}`;
		rest = rest.slice(1);
		const props = propertiesOf(schemas, s);
		// proof.<type>.<key> is shorthand for the record's data.<key> unless it names a member.
		if (!props[rest[0]] || rest[0] === 'data') {
			if (rest[0] === 'data') rest = rest.slice(1);
			if (rest.length !== 1 || !/^[a-z][a-z0-9_]*$/.test(rest[0])) return `bad ${seg[0]} data key in "${p}"`;
			return { type: ['string', 'number', 'boolean', 'null'] };
		}
	}
	for (let i = 0; i < rest.length; i++) {
		const props = propertiesOf(schemas, s);
		if (!(rest[i] in props)) return `${rootName} has no member "${rest.slice(0, i + 1).join('.')}"`;
		if (['source', 'as_of', 'authoritative'].includes(rest[i])) return `"${rest[i]}" is provenance, not a value`;
		s = unNull(schemas, props[rest[i]]);
	}
	s = deref(schemas, s);
	if (leafKind(s) === 'object') return `"${p}" names an object, not a value`;
	return s;
}

// ------------------------------------------------------------- fields
// Check a condition: its fields exist, its operator suits the field, its value suits the options.
function checkCondition(cond, keys, file, at, self) {
	if (!cond || typeof cond !== 'object') return;
	for (const k of ['all', 'any']) if (Array.isArray(cond[k])) cond[k].forEach((c, i) => checkCondition(c, keys, file, `${at}/${k}/${i}`, self));
	if (cond.not) checkCondition(cond.not, keys, file, `${at}/not`, self);
	if (!cond.field) return;
	const target = keys.get(cond.field);
	if (!target) return problem(file, `${at}/field`, `condition refers to unknown field "${cond.field}"`);
	if (cond.field === self) return problem(file, `${at}/field`, `condition of "${self}" refers to itself`);
	const { op } = cond;
	const hasValue = 'value' in cond;
	if (op === 'empty' || op === 'not_empty') {
		if (hasValue) problem(file, `${at}/value`, `"${op}" takes no value`);
		return;
	}
	if (!hasValue) return problem(file, at, `"${op}" needs a value`);
	if (target.type === 'multi' || target.type === 'table') return problem(file, at, `only empty/not_empty apply to a ${target.type} field`);
	const values = op === 'in' || op === 'not_in' ? cond.value : [cond.value];
	if (!Array.isArray(values)) return problem(file, `${at}/value`, `"${op}" needs a list`);
	if ((op === 'eq' || op === 'ne') && Array.isArray(cond.value)) return problem(file, `${at}/value`, `"${op}" needs a single value`);
	for (const v of values) {
		if (target.type === 'enum' && !(target.options || []).some((o) => o.value === v))
			problem(file, `${at}/value`, `"${v}" is not an option of "${cond.field}"`);
		if (target.type === 'bool' && typeof v !== 'boolean') problem(file, `${at}/value`, `"${cond.field}" is a bool; compare with true or false`);
		if ((target.type === 'integer' || target.type === 'money') && typeof v !== 'number') problem(file, `${at}/value`, `"${cond.field}" is numeric; compare with a number`);
	}
	if (['lt', 'le', 'gt', 'ge'].includes(op) && !['integer', 'money', 'date'].includes(target.type))
		problem(file, at, `"${op}" needs an integer, money or date field, "${cond.field}" is ${target.type}`);
}

// POSIX extended regular expressions (regcomp) lack these Perl forms.
function checkPattern(pattern, file, at) {
	if (/\\[dDwWsSbB]|\(\?|[*+?}]\?/.test(pattern)) problem(file, at, `pattern uses Perl syntax that POSIX ERE does not support: ${pattern}`);
	try { new RegExp(pattern); } catch (e) { problem(file, at, `pattern does not compile: ${e.message}`); }
}

const DATE_RE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
// Whether a default value suits the field's type.
function defaultFits(f, v) {
	if (v === null) return true;
	switch (f.type) {
	case 'bool': return typeof v === 'boolean';
	case 'integer': return Number.isInteger(v);
	case 'money': return typeof v === 'string' && /^[0-9]{1,13}\.[0-9]{2}$/.test(v);
	case 'date': return typeof v === 'string' && DATE_RE.test(v);
	case 'division': return typeof v === 'string' && /^[0-9]{6}$/.test(v);
	case 'enum': return (f.options || []).some((o) => o.value === v);
	case 'multi': return Array.isArray(v) && v.every((x) => (f.options || []).some((o) => o.value === x));
	case 'table': return Array.isArray(v);
	default: return typeof v === 'string';
	}
}

// Check one field's own attributes (options, limits, default, prefill, help, sub-fields).
function checkField(ctx, f, file, at, inTable) {
	const { schemas, matterCodes } = ctx;
	ctx.typesUsed.add(f.type);
	const choice = f.type === 'enum' || f.type === 'multi';
	if (choice && !(f.options && f.options.length)) problem(file, at, `${f.type} field "${f.key}" needs options`);
	if (!choice && f.options) problem(file, `${at}/options`, `options apply to enum and multi only`);
	if (f.options) {
		const seen = new Set();
		f.options.forEach((o, i) => {
			if (seen.has(o.value)) problem(file, `${at}/options/${i}`, `duplicate option value "${o.value}"`);
			seen.add(o.value);
		});
	}
	if (f.type === 'table') {
		if (inTable) problem(file, at, 'tables do not nest');
		if (!f.fields) problem(file, at, `table "${f.key}" needs fields`);
	} else if (f.fields) problem(file, `${at}/fields`, 'fields apply to table only');
	const l = f.limits || {};
	const allowed = {
		min_length: TEXT_LIKE, max_length: TEXT_LIKE, pattern: TEXT_LIKE,
		min: new Set(['integer', 'money']), max: new Set(['integer', 'money']),
		min_date: new Set(['date']), max_date: new Set(['date']),
		min_items: new Set(['multi', 'table']), max_items: new Set(['multi', 'table']),
	};
	for (const k of Object.keys(l)) if (allowed[k] && !allowed[k].has(f.type)) problem(file, `${at}/limits/${k}`, `${k} does not apply to a ${f.type} field`);
	for (const [lo, hi] of [['min_length', 'max_length'], ['min', 'max'], ['min_items', 'max_items']])
		if (l[lo] !== undefined && l[hi] !== undefined && l[lo] > l[hi]) problem(file, `${at}/limits`, `${lo} is above ${hi}`);
	if (l.min_date && l.max_date && DATE_RE.test(l.min_date) && DATE_RE.test(l.max_date) && l.min_date > l.max_date) problem(file, `${at}/limits`, 'min_date is after max_date');
	if (l.pattern) checkPattern(l.pattern, file, `${at}/limits/pattern`);
	if (f.type === 'multi' && l.max_items && f.options && l.max_items > f.options.length) problem(file, `${at}/limits/max_items`, 'max_items exceeds the number of options');
	if ('default' in f && !defaultFits(f, f.default)) problem(file, `${at}/default`, `default ${JSON.stringify(f.default)} does not suit a ${f.type} field`);
	if (f.prefill) {
		if (inTable) problem(file, `${at}/prefill`, 'table sub-fields cannot be prefilled');
		const leaf = resolvePrefill(schemas, f.prefill);
		if (typeof leaf === 'string') problem(file, `${at}/prefill`, leaf);
		else {
			const kind = leafKind(leaf);
			if (!(FILLS[kind] || []).includes(f.type)) problem(file, `${at}/prefill`, `"${f.prefill}" (${kind}) cannot fill a ${f.type} field`);
			if (kind === 'enum' && f.type === 'enum') {
				const missing = leaf.enum.filter((v) => !(f.options || []).some((o) => o.value === v));
				if (missing.length) problem(file, `${at}/options`, `prefill "${f.prefill}" may give ${missing.join(', ')}, not among the options`);
			}
		}
	}
	if (f.help) {
		const m = /^guide-(.+)$/.exec(f.help);
		if (m && !matterCodes.has(m[1])) problem(file, `${at}/help`, `"${f.help}" names no matter of the catalog`);
		if (!m && !/^faq-[a-z0-9-]+$/.test(f.help)) problem(file, `${at}/help`, `help ids are guide-<matter code> or faq-<slug>`);
		ctx.helpIds.add(f.help);
	}
}

// Check a form: unique keys, each field, conditions; record keys for the cross-form comparison.
function checkForm(ctx, form, file, base) {
	const keys = new Map();
	form.sections.forEach((s, si) => s.fields.forEach((f, fi) => {
		const at = `${base}${ptr('sections', si, 'fields', fi)}`;
		if (keys.has(f.key)) problem(file, `${at}/key`, `duplicate field key "${f.key}" in form "${form.id}"`);
		keys.set(f.key, f);
	}));
	const sectionKeys = new Set();
	form.sections.forEach((s, si) => {
		const sat = `${base}${ptr('sections', si)}`;
		if (sectionKeys.has(s.key)) problem(file, `${sat}/key`, `duplicate section key "${s.key}"`);
		sectionKeys.add(s.key);
		if (s.visible_if) {
			checkCondition(s.visible_if, keys, file, `${sat}/visible_if`, null);
			for (const f of s.fields) if (conditionFields(s.visible_if).includes(f.key)) problem(file, `${sat}/visible_if`, `section "${s.key}" is hidden by its own field "${f.key}"`);
		}
		s.fields.forEach((f, fi) => {
			const at = `${sat}${ptr('fields', fi)}`;
			ctx.fieldCount++;
			checkField(ctx, f, file, at, false);
			for (const c of ['visible_if', 'required_if']) if (f[c]) checkCondition(f[c], keys, file, `${at}/${c}`, f.key);
			if (f.type === 'table' && f.fields) {
				const sub = new Map(keys);
				const own = new Set();
				f.fields.forEach((g, gi) => {
					if (own.has(g.key)) problem(file, `${at}/fields/${gi}/key`, `duplicate sub-field key "${g.key}"`);
					own.add(g.key);
					sub.set(g.key, g);
				});
				f.fields.forEach((g, gi) => {
					checkField(ctx, g, file, `${at}/fields/${gi}`, true);
					for (const c of ['visible_if', 'required_if']) if (g[c]) checkCondition(g[c], sub, file, `${at}/fields/${gi}/${c}`, g.key);
				});
			}
			const seen = ctx.sharedKeys.get(f.key);
			const sig = { type: f.type, label: f.label, prefill: f.prefill || null, options: f.options ? f.options.map((o) => `${o.value}=${o.label}`).join(' ') : null, form: form.id, file, at };
			if (!seen) ctx.sharedKeys.set(f.key, sig);
			else for (const k of ['type', 'label', 'prefill', 'options'])
				if (seen[k] !== sig[k]) problem(file, `${at}/${k}`, `key "${f.key}" has ${k} ${JSON.stringify(sig[k])} here but ${JSON.stringify(seen[k])} in form "${seen.form}"; a shared key must mean one field`);
		});
	});
}
// The field keys a condition mentions.
function conditionFields(c) {
	if (!c) return [];
	if (c.field) return [c.field];
	return [...(c.all || []), ...(c.any || [])].flatMap(conditionFields).concat(c.not ? conditionFields(c.not) : []);
}

// ------------------------------------------------------------- matters
// Check a matter's own content rules (materials, flow, fee, time limits).
function checkMatter(ctx, m, file) {
	const ids = new Set();
	m.materials.forEach((mt, i) => {
		const at = ptr('matter', 'materials', i);
		if (ids.has(mt.id)) problem(file, `${at}/id`, `duplicate material id "${mt.id}"`);
		ids.add(mt.id);
		if (!mt.forms.includes('original') && mt.copies.original) problem(file, `${at}/copies/original`, 'originals counted but not accepted in original form');
		if (!mt.forms.includes('copy') && mt.copies.copy) problem(file, `${at}/copies/copy`, 'copies counted but not accepted as a copy');
		if (mt.forms.includes('original') && mt.forms.length === 1 && !mt.copies.original) problem(file, `${at}/copies/original`, 'only originals are accepted but none counted');
		if (mt.elicense_type && mt.source !== 'government') problem(file, `${at}/elicense_type`, 'only a government-issued material can be replaced by an e-license');
		if (mt.source === 'government' && !mt.source_note) problem(file, `${at}/source_note`, 'name the issuing department of a government-issued material');
		if (mt.requirement === 'deferrable') ctx.deferrable++;
		if (mt.elicense_type) ctx.licenseTypes.add(mt.elicense_type);
	});
	m.flow.forEach((s, i) => { if (s.step !== i + 1) problem(file, ptr('matter', 'flow', i, 'step'), `steps are numbered 1..n, found ${s.step} at position ${i + 1}`); });
	if (m.fee.charged !== (m.fee.items.length > 0)) problem(file, '/matter/fee', 'charged must be true exactly when there are fee items');
	const { legal, promised } = m.time_limits;
	if (legal.unit === promised.unit && promised.value > legal.value) problem(file, '/matter/time_limits/promised', 'promised time is longer than the legal limit');
	const dupKeyword = m.keywords.find((k, i) => m.keywords.indexOf(k) !== i);
	if (dupKeyword) problem(file, '/matter/keywords', `duplicate keyword "${dupKeyword}"`);
	const dept = ctx.departments.get(m.department.code);
	if (dept && dept !== m.department.name) problem(file, '/matter/department/name', `department ${m.department.code} is "${dept}" elsewhere`);
	ctx.departments.set(m.department.code, m.department.name);
}

// Read and parse one JSON file, reporting a parse error as a problem.
function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (e) {
		problem(file, '', `cannot read JSON: ${e.message}`);
		return undefined;
	}
}

function main() {
	const { schemas, validator } = loadContract();
	const V = { Matter: validator('Matter'), MatterSummary: validator('MatterSummary'), FormSchema: validator('FormSchema'), Bundle: validator('Bundle') };
	const ctx = {
		schemas, matterCodes: new Set(), sharedKeys: new Map(), typesUsed: new Set(), helpIds: new Set(), licenseTypes: new Set(),
		departments: new Map(), fieldCount: 0, deferrable: 0,
	};
	const dir = path.join(catalogDir, 'matters');
	if (!fs.existsSync(dir)) {
		problem(dir, '', 'no matters directory');
		return finish(ctx, 0, 0, 0);
	}
	const entries = [];
	const invalidCodes = new Set();
	const invalidForms = new Set();
	for (const name of fs.readdirSync(dir).sort()) {
		const file = path.join(dir, name);
		if (!name.endsWith('.json')) { problem(file, '', 'not a .json file'); continue; }
		const doc = readJson(file);
		if (doc === undefined) continue;
		if (!doc || typeof doc !== 'object' || Array.isArray(doc)) { problem(file, '', 'expected {"matter": Matter, "form": FormSchema or null}'); continue; }
		for (const k of Object.keys(doc)) if (k !== 'matter' && k !== 'form') problem(file, ptr(k), 'unexpected member; a matter file holds "matter" and "form"');
		if (!('form' in doc)) problem(file, '', 'missing "form" (null when the matter has no form)');
		const okM = validate(V.Matter, doc.matter, file, '/matter');
		const okF = doc.form == null || validate(V.FormSchema, doc.form, file, '/form');
		// An invalid matter still names its code, so others' references to it are not reported twice.
		if (!okM) {
			if (doc.matter && typeof doc.matter.code === 'string') invalidCodes.add(doc.matter.code);
			continue;
		}
		const m = doc.matter;
		const summary = { code: m.code, implementation_code: m.implementation_code, name: m.name, kind: m.kind, department: m.department, targets: m.targets, promised: m.time_limits.promised, updated_at: m.updated_at };
		validate(V.MatterSummary, summary, file, '/matter');
		if (name !== `${m.code}.json`) problem(file, '/matter/code', `file should be named ${m.code}.json`);
		if (!okF && doc.form && typeof doc.form.id === 'string') invalidForms.add(doc.form.id);
		entries.push({ file, matter: m, form: okF ? doc.form : undefined });
	}

	// Codes: unique across basic and implementation codes (either serves GET /v1/matters/{code}).
	const codeOwner = new Map();
	for (const e of entries) for (const [k, code] of [['code', e.matter.code], ['implementation_code', e.matter.implementation_code]]) {
		if (codeOwner.has(code)) problem(e.file, `/matter/${k}`, `code ${code} is also used by ${path.relative(root, codeOwner.get(code))}`);
		codeOwner.set(code, e.file);
	}
	for (const e of entries) ctx.matterCodes.add(e.matter.code);
	for (const code of invalidCodes) ctx.matterCodes.add(code);
	const byCode = new Map(entries.map((e) => [e.matter.code, e]));
	const known = (code) => ctx.matterCodes.has(code);

	// Forms: ids unique; each form's matters point back at it.
	const forms = new Map();
	for (const e of entries) {
		if (!e.form) continue;
		if (forms.has(e.form.id)) problem(e.file, '/form/id', `form id "${e.form.id}" is also defined in ${path.relative(root, forms.get(e.form.id).file)}`);
		forms.set(e.form.id, e);
	}
	for (const e of entries) {
		const m = e.matter;
		if (e.form && m.form_id !== e.form.id) problem(e.file, '/matter/form_id', `form_id ${JSON.stringify(m.form_id)} but the file holds form "${e.form.id}"`);
		if (m.form_id && !forms.has(m.form_id) && !invalidForms.has(m.form_id)) problem(e.file, '/matter/form_id', `form "${m.form_id}" is defined nowhere`);
		if (m.form_id && forms.has(m.form_id) && !forms.get(m.form_id).form.matters.includes(m.code)) problem(e.file, '/matter/form_id', `form "${m.form_id}" does not list this matter in its matters`);
		if (e.form) e.form.matters.forEach((code, i) => {
			const other = byCode.get(code);
			if (!other) { if (!known(code)) problem(e.file, ptr('form', 'matters', i), `unknown matter ${code}`); }
			else if (other.matter.form_id !== e.form.id) problem(e.file, ptr('form', 'matters', i), `matter ${code} has form_id ${JSON.stringify(other.matter.form_id)}, not "${e.form.id}"`);
		});
		const seen = new Set();
		m.related.forEach((code, i) => {
			if (code === m.code) problem(e.file, ptr('matter', 'related', i), 'a matter is not related to itself');
			else if (!known(code)) problem(e.file, ptr('matter', 'related', i), `unknown matter ${code}`);
			if (seen.has(code)) problem(e.file, ptr('matter', 'related', i), `duplicate ${code}`);
			seen.add(code);
		});
		checkMatter(ctx, m, e.file);
		if (e.form) checkForm(ctx, e.form, e.file, '/form');
	}

	// Bundles: valid, matters exist with their names, form_ids are exactly the matters' forms.
	const bundleFile = path.join(catalogDir, 'bundles.json');
	let bundleCount = 0;
	const bundles = fs.existsSync(bundleFile) ? readJson(bundleFile) : (problem(bundleFile, '', 'missing'), undefined);
	if (bundles !== undefined && !Array.isArray(bundles)) problem(bundleFile, '', 'expected an array of Bundle');
	else if (bundles) {
		const ids = new Set();
		bundles.forEach((b, i) => {
			const at = ptr(i);
			bundleCount++;
			if (!validate(V.Bundle, b, bundleFile, at)) return;
			if (ids.has(b.id)) problem(bundleFile, `${at}/id`, `duplicate bundle id "${b.id}"`);
			ids.add(b.id);
			const want = [];
			const codes = new Set();
			b.matters.forEach((bm, j) => {
				const e = byCode.get(bm.code);
				if (codes.has(bm.code)) problem(bundleFile, `${at}/matters/${j}`, `duplicate matter ${bm.code}`);
				codes.add(bm.code);
				if (!e) return known(bm.code) || problem(bundleFile, `${at}/matters/${j}/code`, `unknown matter ${bm.code}`);
				if (e.matter.name !== bm.name) problem(bundleFile, `${at}/matters/${j}/name`, `matter ${bm.code} is named "${e.matter.name}"`);
				if (e.matter.form_id) want.push(e.matter.form_id);
			});
			b.form_ids.forEach((id, j) => { if (!forms.has(id) && !invalidForms.has(id)) problem(bundleFile, `${at}/form_ids/${j}`, `unknown form "${id}"`); });
			const have = new Set(b.form_ids);
			for (const id of want) if (!have.has(id)) problem(bundleFile, `${at}/form_ids`, `missing form "${id}" of a bundled matter`);
			for (const id of have) if (!want.includes(id)) problem(bundleFile, `${at}/form_ids`, `form "${id}" belongs to no bundled matter`);
			if (have.size !== b.form_ids.length) problem(bundleFile, `${at}/form_ids`, 'duplicate form id');
			for (const t of b.targets) if (!b.matters.some((bm) => byCode.get(bm.code)?.matter.targets.includes(t))) problem(bundleFile, `${at}/targets`, `no bundled matter serves target "${t}"`);
		});
	}

	// Catalog-wide content rules the demo relies on.
	const unused = FIELD_TYPES.filter((t) => !ctx.typesUsed.has(t));
	if (unused.length) problem(catalogDir, '', `field types never used: ${unused.join(', ')}`);
	if (!ctx.deferrable) problem(catalogDir, '', 'no material is deferrable (容缺后补)');
	return finish(ctx, entries.length, forms.size, bundleCount);
}

// Print the problems or the summary and set the exit status.
function finish(ctx, matters, forms, bundles) {
	for (const p of problems) console.log(p);
	const summary = `${matters} matters, ${forms} forms, ${ctx.fieldCount} fields, ${bundles} bundles`;
	if (problems.length) {
		console.log(`check-catalog: ${problems.length} problem${problems.length === 1 ? '' : 's'} (${summary})`);
		process.exitCode = 1;
	} else {
		console.log(`check-catalog: ok (${summary}; e-license types: ${[...ctx.licenseTypes].sort().join(', ')}; help ids: ${ctx.helpIds.size})`);
	}
}

main();
