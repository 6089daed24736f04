package io.tradewind.runtime.script;

import static io.tradewind.runtime.script.Scripts.ENV;
import static io.tradewind.runtime.script.Scripts.json;
import static io.tradewind.runtime.script.Scripts.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tradewind.runtime.error.ScriptFailed;

/** Every escape is tried on a pool of one context, so a leak would show in the next evaluation. */
class SandboxTest {

    static ScriptEngine engine;

    @BeforeAll
    static void start() {
        engine = new ScriptEngine(ScriptLimits.DEFAULT, 1);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static String text(String expr) {
        var data = json("{}");
        one(engine, expr, "text", 0).compute(data, ENV);
        return data.get("f").isNull() ? null : data.get("f").asText();
    }

    static ScriptFailed fails(String expr) {
        var e = assertThrows(ScriptFailed.class, () -> text(expr), expr);
        assertThat(e.getMessage()).as(expr).doesNotContain("java.", "Exception", "com.oracle", "at ");
        return e;
    }

    @Test
    void hostAndPolyglotAccessAreAbsent() {
        for (String name : List.of("Java", "Polyglot", "Packages", "java", "Graal", "print", "printErr", "load",
                "loadWithNewGlobal", "quit", "console", "Date", "globalThis", "Function", "Reflect", "Proxy",
                "Intl", "WebAssembly", "SharedArrayBuffer", "Atomics", "WeakRef", "Symbol", "RegExp", "Promise")) {
            // an unknown free identifier is bound as a (missing) field, so it is null, not the global
            assertThat(text("typeof " + name)).as(name).isIn("undefined", "object");
            assertThat(text("String(" + name + ")")).as(name).isEqualTo("null");
        }
        assertThat(text("typeof eval")).isEqualTo("undefined");
        fails("eval('1 + 1')");
        fails("Java.type('java.lang.System').exit(0)");
        fails("Polyglot.eval('js', '1')");
        fails("new Date().toString()");
        fails("load('/etc/passwd')");
        fails("print('hello')");
    }

    @Test
    void reachingTheGlobalObjectThroughConstructorsGivesNothing() {
        assertThat(fails("this.constructor.constructor('return this')()").getMessage()).contains("TypeError");
        assertThat(fails("(() => 1).constructor('return this')()").getMessage()).contains("EvalError");
        fails("(async () => 1).constructor('return 1')");
        fails("(function* () {}).constructor('return 1')");
        assertThat(text("typeof (function () { return this; })()")).isEqualTo("undefined");
    }

    @Test
    void prototypePollutionDoesNotReachTheNextEvaluation() {
        fails("(() => { Object.prototype.x = 1; return 'done'; })()");
        fails("(() => { Array.prototype.push = null; return 'done'; })()");
        fails("(() => { ({}).__proto__.polluted = 'yes'; return 'done'; })()");
        fails("(() => { Math.max = () => 42; return 'done'; })()");
        fails("(() => { (async () => 1)().constructor.prototype.then = 1; return 'done'; })()");
        assertThat(text("String(({}).x) + String(({}).polluted) + Math.max(1, 2) + typeof [].push"))
                .isEqualTo("undefinedundefined2function");
    }

    @Test
    void globalsCannotBeAssignedOrRedefined() {
        // a free identifier is a field of the record: assigning it changes only this evaluation's copy
        assertThat(text("(() => { leaked = 1; return 'done'; })()")).isEqualTo("done");
        fails("(() => { Object.defineProperty(Object.getPrototypeOf(sum), 'x', {value: 1}); return 'ok'; })()");
        fails("(() => { sum.evil = 1; return 'done'; })()");
        fails("(() => { Object.assign(Math, {evil: 1}); return 'done'; })()");
        assertThat(text("typeof leaked + typeof sum.evil + typeof Math.evil")).isEqualTo("objectundefinedundefined");
    }

    @Test
    void standardLibraryCannotBeReplaced() {
        fails("(() => { sum = () => 42; return 'done'; })()");
        assertThat(text("sum([1, 2])")).isEqualTo("3");
    }

    @Test
    void noRegExpStateLeaksBetweenEvaluations() {
        text("'secret-4711'.replace(/(\\d+)/, '$1')");
        assertThat(text("String(/x/.constructor.$1) + String(/x/.constructor.lastMatch)"))
                .isEqualTo("undefinedundefined");
    }

    @Test
    void hugeStringsFailCleanly() {
        var e = assertThrows(ScriptFailed.class, () -> text("'x'.repeat(1e9)"));
        assertThat(e.code()).isIn(ScriptFailed.SCRIPT_ERROR, ScriptFailed.SCRIPT_LIMIT);
        var e2 = assertThrows(ScriptFailed.class, () -> text("'x'.repeat(2 ** 31)"));
        assertThat(e2.getMessage()).contains("RangeError");
        assertThat(text("'ok'")).isEqualTo("ok");
    }

    @Test
    void deepRecursionIsAScriptErrorNotACrash() {
        var e = assertThrows(ScriptFailed.class, () -> text("(function f(n) { return f(n + 1) + 1; })(0)"));
        assertThat(e.code()).isIn(ScriptFailed.SCRIPT_ERROR, ScriptFailed.SCRIPT_LIMIT);
        assertThat(text("'still fine'")).isEqualTo("still fine");
    }
}
