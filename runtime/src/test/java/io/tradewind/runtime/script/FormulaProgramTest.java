package io.tradewind.runtime.script;

import static io.tradewind.runtime.script.Scripts.ENV;
import static io.tradewind.runtime.script.Scripts.json;
import static io.tradewind.runtime.script.Scripts.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tradewind.runtime.error.ScriptFailed;
import io.tradewind.runtime.error.TradewindException.Violation;

class FormulaProgramTest {

    static ScriptEngine engine;

    @BeforeAll
    static void start() {
        engine = new ScriptEngine(ScriptLimits.DEFAULT, 2);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void quoteLinesAndTotalAreExactDecimals() {
        var data = json("{'lines': [{'qty': 3, 'unitPrice': 19.99}, {'qty': 1, 'unitPrice': 0.1},"
                + " {'qty': 1, 'unitPrice': 0.2}], 'status': 'draft'}");
        Scripts.quote(engine).compute(data, ENV);
        assertThat(data.get("lines").get(0).get("amount").decimalValue()).isEqualTo(new BigDecimal("59.97"));
        assertThat(data.get("lines").get(1).get("amount").decimalValue()).isEqualTo(new BigDecimal("0.10"));
        assertThat(data.get("total").decimalValue()).isEqualTo(new BigDecimal("60.27"));
        assertThat(data.get("lineCount").longValue()).isEqualTo(3);
        assertThat(data.get("status").asText()).isEqualTo("draft");
    }

    @Test
    void onlyTheFieldsExpressionsReadCrossTheBoundaryYetEveryReadFieldIsThere() {
        // the row formula reads qty and price; the top-level formulas read the whole rows (weight is read
        // by no row formula) and one top-level field; other fields must not matter
        var data = json("{'lines': [{'qty': 2, 'price': 1.5, 'weight': 4}, {'qty': 1, 'price': 2, 'weight': 6}],"
                + " 'parts': [{'n': 3, 'note': 'x'}], 'rate': 2, 'big': 'ignored'}");
        engine.formulas("trim", List.of(new Formula("total", "sum(lines, l => l.amount) * rate", "decimal", 2),
                new Formula("weight", "sum(lines, l => l.weight)", "decimal", 1)),
                List.of(
                        new SubtableFormulas("lines", List.of(new Formula("amount", "qty * price", "decimal", 2))),
                        new SubtableFormulas("parts", List.of(new Formula("twice", "n * 2", "integer", 0)))))
                .compute(data, ENV);
        assertThat(data.get("total").decimalValue()).isEqualTo(new BigDecimal("10.00"));
        assertThat(data.get("weight").decimalValue()).isEqualTo(new BigDecimal("10.0"));
        assertThat(data.get("parts").get(0).get("twice").longValue()).isEqualTo(6);
        assertThat(data.get("parts").get(0).get("note").asText()).isEqualTo("x");
        assertThat(data.get("big").asText()).isEqualTo("ignored");
    }

    @Test
    void pointOnePlusPointTwoRoundsToThirtyCents() {
        var data = json("{'a': 0.1, 'b': 0.2}");
        one(engine, "a + b", "decimal", 2).compute(data, ENV);
        assertThat(data.get("f").decimalValue()).isEqualTo(new BigDecimal("0.30"));
    }

    @Test
    void laterFormulasSeeEarlierResultsRounded() {
        var data = json("{'x': 1.005}");
        engine.formulas("t", List.of(new Formula("r", "x", "decimal", 2), new Formula("twice", "r * 2", "decimal", 3)),
                List.of()).compute(data, ENV);
        assertThat(data.get("r").decimalValue()).isEqualTo(new BigDecimal("1.01"));
        assertThat(data.get("twice").decimalValue()).isEqualTo(new BigDecimal("2.020"));
    }

    @Test
    void resultTypesAreCoerced() {
        var data = json("{'n': 2.5, 'name': 'Ada', 'd': '2026-02-27'}");
        engine.formulas("t", List.of(new Formula("i", "n", "integer", 0), new Formula("neg", "-n", "integer", 0),
                new Formula("b", "n > 2", "boolean", 0), new Formula("t", "name + ' ' + n", "text", 0),
                new Formula("d2", "addDays(d, 2)", "date", 0), new Formula("nothing", "missing", "decimal", 2),
                new Formula("undef", "undefined", "text", 0)), List.of()).compute(data, ENV);
        assertThat(data.get("i").longValue()).isEqualTo(3);
        assertThat(data.get("neg").longValue()).isEqualTo(-3);
        assertThat(data.get("b").booleanValue()).isTrue();
        assertThat(data.get("t").textValue()).isEqualTo("Ada 2.5");
        assertThat(data.get("d2").textValue()).isEqualTo("2026-03-01");
        assertThat(data.get("nothing").isNull()).isTrue();
        assertThat(data.get("undef").isNull()).isTrue();
    }

    @Test
    void rowFormulasSeeOnlyTheirRow() {
        var data = json("{'qty': 100, 'lines': [{'unitPrice': 2}]}");
        Scripts.quote(engine).compute(data, ENV);
        // qty is not a field of the row: it is null there, and null * 2 is 0 in JavaScript
        assertThat(data.get("lines").get(0).get("amount").decimalValue()).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void missingSubtableAndEmptyRowsAreFine() {
        var data = json("{}");
        Scripts.quote(engine).compute(data, ENV);
        assertThat(data.get("total").decimalValue()).isEqualTo(new BigDecimal("0.00"));
        assertThat(data.get("lineCount").longValue()).isZero();
    }

    @Test
    void aThrowingFormulaNamesItsFieldAndRow() {
        var program = engine.formulas("t", List.of(),
                List.of(new SubtableFormulas("lines", List.of(new Formula("amount", "qty.foo.bar", "decimal", 2)))));
        var data = json("{'lines': [{'qty': {'foo': {'bar': 1}}}, {'qty': 2}]}");
        var e = assertThrows(ScriptFailed.class, () -> program.compute(data, ENV));
        assertThat(e.code()).isEqualTo(ScriptFailed.SCRIPT_ERROR);
        assertThat(e.violations()).extracting(Violation::pointer).containsExactly("/data/lines/1/amount");
        assertThat(e.getMessage()).contains("'amount'", "row 2", "TypeError").doesNotContain("java", "Exception");
        assertThat(data.get("lines").get(0).has("amount")).as("data unchanged on failure").isFalse();
    }

    @Test
    void unusableResultsAreScriptErrorsWithPointer() {
        for (String expr : List.of("({a: 1})", "[1]", "0 / 0", "1 / 0", "-Infinity", "'12'", "NaN")) {
            var e = assertThrows(ScriptFailed.class,
                    () -> one(engine, expr, "decimal", 2).compute(json("{}"), ENV), expr);
            assertThat(e.code()).as(expr).isEqualTo(ScriptFailed.SCRIPT_ERROR);
            assertThat(e.violations()).as(expr).extracting(Violation::pointer).containsExactly("/data/f");
            assertThat(e.violations().get(0).code()).isEqualTo(ScriptFailed.SCRIPT_ERROR);
        }
        assertThatThrownBy(() -> one(engine, "'2026-02-30'", "date", 0).compute(json("{}"), ENV))
                .hasMessageContaining("not an ISO date");
        assertThatThrownBy(() -> one(engine, "1", "boolean", 0).compute(json("{}"), ENV))
                .hasMessageContaining("expected a boolean");
        assertThatThrownBy(() -> one(engine, "'x'.repeat(10001)", "text", 0).compute(json("{}"), ENV))
                .hasMessageContaining("longer than 10000");
        assertThatThrownBy(() -> one(engine, "1e300", "integer", 0).compute(json("{}"), ENV))
                .isInstanceOf(ScriptFailed.class);
    }

    @Test
    void thrownValuesThatAreNotErrorsAreReported() {
        var e = assertThrows(ScriptFailed.class,
                () -> one(engine, "(() => { throw 'nope'; })()", "text", 0).compute(json("{}"), ENV));
        assertThat(e.getMessage()).contains("threw string");
    }

    @Test
    void syntaxErrorsAreFoundWithoutRunning() {
        assertThat(engine.syntaxError("qty * unitPrice")).isEmpty();
        assertThat(engine.syntaxError("sum(lines, l => l.amount)")).isEmpty();
        assertThat(engine.syntaxError("qty * ")).get().asString().contains("end of the expression");
        assertThat(engine.syntaxError("a +* b")).get().asString().startsWith("line 1, column");
        assertThat(engine.syntaxError("a b")).isPresent();
        assertThat(engine.syntaxError("")).isPresent();
        assertThat(engine.syntaxError("(a")).isPresent();
        var e = assertThrows(ScriptFailed.class, () -> one(engine, "1 +", "decimal", 2));
        assertThat(e.violations()).extracting(Violation::pointer).containsExactly("/data/f");
    }
}
