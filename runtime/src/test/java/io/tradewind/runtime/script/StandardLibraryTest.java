package io.tradewind.runtime.script;

import static io.tradewind.runtime.script.Scripts.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.form.ExpressionScope;
import io.tradewind.runtime.error.ScriptFailed;
import io.tradewind.runtime.form.CompiledForm.EvalEnv;

class StandardLibraryTest {

    static ScriptEngine engine;
    static final String DATA = "{'lines': [{'amount': 10, 'qty': 1}, {'amount': null, 'qty': 2}, {'amount': 5.5, 'qty': 3}],"
            + " 'start': '2026-02-27', 'end': '2026-03-01', 'name': '', 'tags': [], 'x': 2.345}";

    @BeforeAll
    static void start() {
        engine = new ScriptEngine(ScriptLimits.DEFAULT, 2);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static JsonNode eval(String expr, String type) {
        return eval(expr, type, Scripts.ENV);
    }

    static JsonNode eval(String expr, String type, EvalEnv env) {
        var data = json(DATA);
        engine.formulas("lib", List.of(new Formula("f", expr, type, 4)), List.of()).compute(data, env);
        return data.get("f");
    }

    static String text(String expr) {
        return eval(expr, "text").asText();
    }

    @Test
    void everyDocumentedFunctionIsDefined() {
        for (String name : ExpressionScope.FUNCTIONS) {
            assertThat(text("typeof " + name)).as(name).isEqualTo("function");
        }
        for (String name : ExpressionScope.GLOBALS) {
            assertThat(text("typeof " + name)).as(name).isNotEqualTo("undefined".equals(name) ? "x" : "undefined");
        }
    }

    @Test
    void todayAndNowComeFromTheEnvironmentInItsZone() {
        assertThat(text("today()")).isEqualTo("2026-11-23");
        assertThat(text("now()")).isEqualTo("2026-11-23T23:30:00Z");
        var shanghai = new EvalEnv(Scripts.NOW, ZoneId.of("Asia/Shanghai"), Set.of(), "zh");
        assertThat(eval("today()", "text", shanghai).asText()).isEqualTo("2026-11-24");
    }

    @Test
    void aggregatesSkipNulls() {
        assertThat(text("sum(lines, l => l.amount)")).isEqualTo("15.5");
        assertThat(text("sum([1, 2, null, 3])")).isEqualTo("6");
        assertThat(text("sum(1, 2, 3)")).isEqualTo("6");
        assertThat(text("sum(missing, l => l.amount)")).isEqualTo("0");
        assertThat(text("sum([])")).isEqualTo("0");
        assertThat(text("avg(lines, l => l.amount)")).isEqualTo("7.75");
        assertThat(eval("avg([])", "decimal").isNull()).isTrue();
        assertThat(text("minOf(lines, l => l.amount)")).isEqualTo("5.5");
        assertThat(text("maxOf(lines, l => l.qty)")).isEqualTo("3");
        assertThat(text("minOf(4, 2, 8)")).isEqualTo("2");
        assertThat(eval("maxOf([null])", "decimal").isNull()).isTrue();
        assertThat(text("count(lines)")).isEqualTo("3");
        assertThat(text("count(lines, l => l.qty > 1)")).isEqualTo("2");
        assertThat(text("count(missing)")).isEqualTo("0");
        assertThatThrownBy(() -> eval("sum(['a'])", "decimal")).isInstanceOf(ScriptFailed.class)
                .hasMessageContaining("sum: not a number");
    }

    @Test
    void roundIsHalfUpOnTheDecimalForm() {
        assertThat(text("round(2.5)")).isEqualTo("3");
        assertThat(text("round(-2.5)")).isEqualTo("-3");
        assertThat(text("round(1.005, 2)")).isEqualTo("1.01");
        assertThat(text("round(x, 2)")).isEqualTo("2.35");
        assertThat(text("round(1234.5, -2)")).isEqualTo("1200");
        assertThat(text("round(0.1 + 0.2, 2)")).isEqualTo("0.3");
        assertThat(text("round(1e-7, 7)")).isEqualTo("1e-7");
        assertThat(eval("round(null, 2)", "decimal").isNull()).isTrue();
    }

    @Test
    void dateArithmetic() {
        assertThat(text("daysBetween(start, end)")).isEqualTo("2");
        assertThat(text("daysBetween(end, start)")).isEqualTo("-2");
        assertThat(text("daysBetween('2024-02-28', '2024-03-01')")).isEqualTo("2");
        assertThat(text("daysBetween('2026-01-01T10:00:00Z', '2026-01-31')")).isEqualTo("30");
        assertThat(text("addDays(start, 2)")).isEqualTo("2026-03-01");
        assertThat(text("addDays('2024-12-31', 1)")).isEqualTo("2025-01-01");
        assertThat(text("addDays('2024-03-01', -1)")).isEqualTo("2024-02-29");
        assertThat(eval("addDays(null, 1)", "date").isNull()).isTrue();
        assertThat(eval("daysBetween(start, null)", "integer").isNull()).isTrue();
        assertThatThrownBy(() -> eval("addDays('2026-02-30', 1)", "date")).hasMessageContaining("not a valid date");
        assertThatThrownBy(() -> eval("daysBetween('soon', end)", "integer"))
                .hasMessageContaining("not an ISO date");
    }

    @Test
    void emptinessAndCoalesce() {
        assertThat(text("[isEmpty(null), isEmpty(undefined), isEmpty(name), isEmpty(tags), isEmpty(0), isEmpty('a')]"
                + ".join()")).isEqualTo("true,true,true,true,false,false");
        assertThat(text("coalesce(null, undefined, '', 'x')")).isEqualTo("");
        assertThat(text("coalesce(missing, 7)")).isEqualTo("7");
        assertThat(eval("coalesce()", "text").isNull()).isTrue();
    }

    @Test
    void changedLooksAtTheEnvironment() {
        var env = Scripts.env(Set.of("status", "amount"));
        assertThat(eval("changed('status')", "boolean", env).booleanValue()).isTrue();
        assertThat(eval("changed('name')", "boolean", env).booleanValue()).isFalse();
        assertThat(eval("changed('status')", "boolean").booleanValue()).isFalse();
    }
}
