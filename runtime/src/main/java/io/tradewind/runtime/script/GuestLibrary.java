package io.tradewind.runtime.script;

import java.util.Set;

import org.graalvm.polyglot.Source;

import io.tradewind.model.form.ExpressionScope;

/**
 * The JavaScript every pooled context runs once when it is created: it defines the standard library
 * of {@link ExpressionScope#FUNCTIONS} as read-only globals, removes every global that is not in
 * {@link ExpressionScope#GLOBALS}, freezes all built-in objects reachable from the global object or
 * from syntax (so a script cannot leave state behind for the next evaluation), and returns the
 * private driver that runs compiled formula and rule programs. The driver is never a global.
 * <p>
 * Conventions of the library: {@code null} and {@code undefined} are skipped by the aggregates
 * ({@code sum} of nothing is 0; {@code avg}, {@code minOf}, {@code maxOf} of nothing are
 * {@code null}); a non-number among the values is a {@code TypeError}; {@code round},
 * {@code daysBetween} and {@code addDays} return {@code null} when an argument is {@code null}.
 * Rounding is half up (away from zero) on the shortest decimal form of the number, so
 * {@code round(1.005, 2)} is {@code 1.01}.
 */
final class GuestLibrary {

    /** The names the library leaves on the global object (besides the standard library). */
    static final Set<String> KEPT_GLOBALS = ExpressionScope.GLOBALS;

    static final Source SOURCE = Source.newBuilder("js", script(), "tradewind-stdlib.js").buildLiteral();

    private GuestLibrary() {
    }

    private static String script() {
        return JS.replace("$KEPT", toJsArray(KEPT_GLOBALS)).replace("$FUNCTIONS", toJsArray(ExpressionScope.FUNCTIONS));
    }

    private static String toJsArray(Set<String> names) {
        var sb = new StringBuilder("[");
        names.stream().sorted().forEach(n -> sb.append('"').append(n).append("\","));
        return sb.append(']').toString();
    }

    private static final String JS = """
            (function () {
            'use strict';
            const G = globalThis;
            const KEPT = new Set($KEPT);
            const FUNCTIONS = $FUNCTIONS;
            const hasOwn = Object.hasOwn, freeze = Object.freeze, isArray = Array.isArray, defineProperty = Object.defineProperty;
            const SetC = Set, ErrorC = Error, TypeErrorC = TypeError, ownKeys = Reflect.ownKeys;
            const PROTO_NAMES = new SetC(ownKeys(Object.prototype));
            const jsonParse = JSON.parse, jsonStringify = JSON.stringify;
            const MAX_TEXT = 10000, MAX_MESSAGE = 300;
            const DATE = /^(\\d{4})-(\\d{2})-(\\d{2})$/;
            const regexpExec = RegExp.prototype.exec;

            let env = null;

            function fail(msg) { throw new TypeErrorC(msg); }

            // ---- dates as day numbers (no Date object needed) ----
            function daysFromCivil(y, m, d) {
              y -= m <= 2 ? 1 : 0;
              const era = Math.floor(y / 400);
              const yoe = y - era * 400;
              const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
              const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
              return era * 146097 + doe - 719468;
            }
            function civilFromDays(z) {
              z += 719468;
              const era = Math.floor(z / 146097);
              const doe = z - era * 146097;
              const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
              const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
              const mp = Math.floor((5 * doy + 2) / 153);
              const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
              const m = mp + (mp < 10 ? 3 : -9);
              const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
              return String(y).padStart(4, '0') + '-' + String(m).padStart(2, '0') + '-' + String(d).padStart(2, '0');
            }
            function dayNumber(v, fn) {
              const s = typeof v === 'string' ? (v.length > 10 && v[10] === 'T' ? v.slice(0, 10) : v) : null;
              const m = s === null ? null : regexpExec.call(DATE, s);
              if (m === null) fail(fn + ': not an ISO date: ' + (typeof v === 'string' ? v.slice(0, 40) : typeof v));
              const y = +m[1], mo = +m[2], d = +m[3];
              const n = daysFromCivil(y, mo, d);
              if (mo < 1 || mo > 12 || d < 1 || civilFromDays(n) !== s) fail(fn + ': not a valid date: ' + s);
              return n;
            }
            function isDate(s) {
              const m = regexpExec.call(DATE, s);
              return m !== null && civilFromDays(daysFromCivil(+m[1], +m[2], +m[3])) === s;
            }

            // ---- numbers ----
            function roundHalfUp(x, digits) {
              if (x === 0 || !Number.isFinite(x)) return x;
              const sign = x < 0 ? -1 : 1;
              const parts = String(Math.abs(x)).split('e');
              const exp = parts.length > 1 ? +parts[1] : 0;
              const shifted = Math.round(Number(parts[0] + 'e' + (exp + digits)));
              const back = String(shifted).split('e');
              const result = Number(back[0] + 'e' + ((back.length > 1 ? +back[1] : 0) - digits));
              return result === 0 ? 0 : sign * result;
            }
            function values(fnName, args) {
              const first = args[0];
              if (isArray(first) && (args.length === 1 || (args.length === 2 && typeof args[1] === 'function'))) {
                const fn = args[1];
                const out = [];
                for (let i = 0; i < first.length; i++) {
                  const v = fn === undefined ? first[i] : fn(first[i], i);
                  if (v === null || v === undefined) continue;
                  if (typeof v !== 'number') fail(fnName + ': not a number: ' + typeof v);
                  out.push(v);
                }
                return out;
              }
              if ((first === null || first === undefined) && (args.length === 1 || (args.length === 2 && typeof args[1] === 'function'))) return [];
              const out = [];
              for (let i = 0; i < args.length; i++) {
                const v = args[i];
                if (v === null || v === undefined) continue;
                if (typeof v !== 'number') fail(fnName + ': not a number: ' + typeof v);
                out.push(v);
              }
              return out;
            }

            const lib = {
              today() { return env.today; },
              now() { return env.now; },
              sum(...args) { const v = values('sum', args); let s = 0; for (let i = 0; i < v.length; i++) s += v[i]; return s; },
              avg(...args) { const v = values('avg', args); if (v.length === 0) return null; let s = 0; for (let i = 0; i < v.length; i++) s += v[i]; return s / v.length; },
              minOf(...args) { const v = values('minOf', args); if (v.length === 0) return null; let m = v[0]; for (let i = 1; i < v.length; i++) if (v[i] < m) m = v[i]; return m; },
              maxOf(...args) { const v = values('maxOf', args); if (v.length === 0) return null; let m = v[0]; for (let i = 1; i < v.length; i++) if (v[i] > m) m = v[i]; return m; },
              count(rows, predicate) {
                if (rows === null || rows === undefined) return 0;
                if (!isArray(rows)) fail('count: not a list');
                if (predicate === undefined) return rows.length;
                let n = 0;
                for (let i = 0; i < rows.length; i++) if (predicate(rows[i], i)) n++;
                return n;
              },
              round(x, digits) {
                if (x === null || x === undefined) return null;
                if (typeof x !== 'number') fail('round: not a number: ' + typeof x);
                const d = digits === undefined || digits === null ? 0 : digits;
                if (!Number.isInteger(d) || d < -15 || d > 15) fail('round: digits must be an integer from -15 to 15');
                return roundHalfUp(x, d);
              },
              daysBetween(d1, d2) {
                if (d1 === null || d1 === undefined || d2 === null || d2 === undefined) return null;
                return dayNumber(d2, 'daysBetween') - dayNumber(d1, 'daysBetween');
              },
              addDays(date, n) {
                if (date === null || date === undefined || n === null || n === undefined) return null;
                if (!Number.isInteger(n) || Math.abs(n) > 3650000) fail('addDays: not a whole number of days');
                return civilFromDays(dayNumber(date, 'addDays') + n);
              },
              isEmpty(v) { return v === null || v === undefined || v === '' || (isArray(v) && v.length === 0); },
              coalesce(...args) { for (let i = 0; i < args.length; i++) if (args[i] !== null && args[i] !== undefined) return args[i]; return null; },
              changed(field) {
                if (env.changed === null) env.changed = new SetC(jsonParse(env.changedJson));
                return env.changed.has(field);
              },
            };

            // ---- the sandbox: freeze what is reachable, drop what is not allowed ----
            const seen = new Set();
            function deepFreeze(o) {
              if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) return;
              seen.add(o);
              for (const k of Reflect.ownKeys(o)) {
                const d = Reflect.getOwnPropertyDescriptor(o, k);
                if (d === undefined) continue;
                deepFreeze(d.value); deepFreeze(d.get); deepFreeze(d.set);
              }
              deepFreeze(Reflect.getPrototypeOf(o));
              if (o !== G) { try { freeze(o); } catch (e) { /* e.g. typed array views; none reachable after cleanup */ } }
            }
            // legacy RegExp statics (RegExp.$1, lastMatch, ...) would carry the last match across evaluations
            for (const k of Reflect.ownKeys(RegExp)) {
              if (typeof k === 'string' && (k.startsWith('$') || ['input', 'lastMatch', 'lastParen', 'leftContext', 'rightContext'].includes(k))) {
                try { delete RegExp[k]; } catch (e) { }
              }
            }
            const roots = [G, function* () {}, async function () {}, async function* () {}, (async function () {})(),
              [][Symbol.iterator](), ''[Symbol.iterator](), new Map().entries(), new Set().values(), /x/g[Symbol.matchAll](''),
              (function* () {})(), (async function* () {})(), 1n, Symbol.iterator, lib];
            for (const r of roots) deepFreeze(typeof r === 'object' || typeof r === 'function' ? r : Object(r));
            for (const k of Reflect.ownKeys(G)) {
              if (!KEPT.has(k)) { try { delete G[k]; } catch (e) { } }
            }
            for (const name of FUNCTIONS) {
              Object.defineProperty(G, name, { value: lib[name], writable: false, enumerable: false, configurable: false });
            }
            freeze(G);

            // ---- the driver ----
            function getter(name) {
              if (PROTO_NAMES.has(name)) return r => (hasOwn(r, name) && r[name] !== undefined ? r[name] : null);
              return r => { const v = r[name]; return v === undefined ? null : v; };
            }
            function setter(key) {
              if (PROTO_NAMES.has(key)) return (o, v) => { defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true }); };
              return (o, v) => { o[key] = v; };
            }
            function binder(fn, names) {
              const g = names.map(getter);
              switch (g.length) {
                case 0: return r => fn();
                case 1: { const [a] = g; return r => fn(a(r)); }
                case 2: { const [a, b] = g; return r => fn(a(r), b(r)); }
                case 3: { const [a, b, c] = g; return r => fn(a(r), b(r), c(r)); }
                default: return r => fn(...g.map(x => x(r)));
              }
            }
            function message(e) {
              let m;
              if (e instanceof ErrorC) { m = e.name + ': ' + e.message; } else { m = 'threw ' + (e === null ? 'null' : typeof e); }
              return m.length > MAX_MESSAGE ? m.slice(0, MAX_MESSAGE) + '...' : m;
            }
            function unusable(m) { const e = new ErrorC(m); e.name = 'Unusable'; return e; }
            function coerce(type, scale, v) {
              if (v === null || v === undefined) return null;
              switch (type) {
                case 'decimal':
                case 'integer':
                  if (typeof v !== 'number') throw unusable('returned a ' + kind(v) + ', expected a number');
                  if (!Number.isFinite(v)) throw unusable('returned ' + String(v) + ', expected a finite number');
                  return roundHalfUp(v, type === 'integer' ? 0 : scale);
                case 'boolean':
                  if (typeof v !== 'boolean') throw unusable('returned a ' + kind(v) + ', expected a boolean');
                  return v;
                case 'text':
                  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
                  if (typeof v !== 'string') throw unusable('returned a ' + kind(v) + ', expected text');
                  if (v.length > MAX_TEXT) throw unusable('returned text longer than ' + MAX_TEXT + ' characters');
                  return v;
                case 'date':
                  if (typeof v !== 'string' || v.length !== 10 || !isDate(v)) throw unusable('returned ' + (typeof v === 'string' ? 'text' : 'a ' + kind(v)) + ' that is not an ISO date');
                  return v;
                default:
                  throw unusable('has an unknown result type');
              }
            }
            function kind(v) { return isArray(v) ? 'list' : v === null ? 'null' : typeof v; }
            function begin(today, now, changedJson) { env = { today, now, changedJson, changed: null }; }

            function prepareFormulas(list) {
              return freeze(list.map(([key, type, scale, fn, names]) => freeze({ key, type, scale, run: binder(fn, names), set: setter(key) })));
            }
            function formulas(program) {
              const subs = freeze(program.subs.map(([key, list]) => freeze({ key, list: prepareFormulas(list) })));
              const top = prepareFormulas(program.top);
              return function (input, today, now, changedJson) {
                begin(today, now, changedJson);
                try {
                  const d = jsonParse(input);
                  const s = [];
                  for (const sub of subs) {
                    const rows = d[sub.key];
                    if (!isArray(rows)) { s.push(null); continue; }
                    const outRows = [];
                    for (let i = 0; i < rows.length; i++) {
                      const row = rows[i];
                      if (row === null || typeof row !== 'object' || isArray(row)) { outRows.push(null); continue; }
                      const out = [];
                      for (const f of sub.list) {
                        let v;
                        try { v = coerce(f.type, f.scale, f.run(row)); } catch (e) { return jsonStringify({ e: message(e), p: [sub.key, i, f.key] }); }
                        f.set(row, v);
                        out.push(v);
                      }
                      outRows.push(out);
                    }
                    s.push(outRows);
                  }
                  const t = [];
                  for (const f of top) {
                    let v;
                    try { v = coerce(f.type, f.scale, f.run(d)); } catch (e) { return jsonStringify({ e: message(e), p: [f.key] }); }
                    f.set(d, v);
                    t.push(v);
                  }
                  return jsonStringify({ s, t });
                } finally { env = null; }
              };
            }
            function rules(program) {
              const list = freeze(program.map(([fn, names]) => binder(fn, names)));
              return function (input, today, now, changedJson) {
                begin(today, now, changedJson);
                try {
                  const d = jsonParse(input);
                  const v = [];
                  for (let i = 0; i < list.length; i++) {
                    let hit;
                    try { hit = list[i](d); } catch (e) { return jsonStringify({ e: message(e), i }); }
                    if (hit) v.push(i);
                  }
                  return jsonStringify({ v });
                } finally { env = null; }
              };
            }
            function values(program) {
              const list = freeze(program.map(([fn, names]) => binder(fn, names)));
              return function (input, today, now, changedJson, index) {
                begin(today, now, changedJson);
                try {
                  const d = jsonParse(input);
                  let v;
                  try { v = list[index](d); } catch (e) { return jsonStringify({ e: message(e) }); }
                  if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) v = null;
                  return jsonStringify({ v });
                } finally { env = null; }
              };
            }
            return freeze({ formulas, rules, values });
            })()
            """;
}
