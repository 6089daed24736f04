package io.tradewind.runtime.script;

import static io.tradewind.runtime.script.Scripts.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tradewind.runtime.error.ScriptFailed;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.form.CompiledForm.EvalEnv;

class RuleProgramTest {

    static ScriptEngine engine;
    static RuleProgram rules;

    @BeforeAll
    static void start() {
        engine = new ScriptEngine(ScriptLimits.DEFAULT, 2);
        rules = engine.rules("quote", List.of(
                new Rule("positive", "total <= 0",
                        Map.of("en", "A quote needs at least one priced line", "zh", "报价单至少需要一行有价格"),
                        List.of("total")),
                new Rule("discount", "discount > 0.2 && !changed('approvedBy')", Map.of("de", "Rabatt zu hoch"),
                        List.of()),
                new Rule("lines", "count(lines) > 2", Map.of("fr", "trop", "en", "Too many lines"),
                        List.of("lines"))));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static EvalEnv env(String language, Set<String> changed) {
        return new EvalEnv(Scripts.NOW, ZoneId.of("UTC"), changed, language);
    }

    @Test
    void holdingConditionsYieldViolationsInTheUsersLanguage() {
        var data = json("{'total': 0, 'discount': 0.5, 'lines': [{}, {}, {}]}");
        assertThat(rules.check(data, env("zh", Set.of()))).containsExactly(
                new Violation("/data/total", "RULE_VIOLATED", "报价单至少需要一行有价格"),
                new Violation("/data", "RULE_VIOLATED", "Rabatt zu hoch"),
                new Violation("/data/lines", "RULE_VIOLATED", "Too many lines"));
    }

    @Test
    void messageFallsBackToEnglishThenAny() {
        var data = json("{'total': 0, 'discount': 0.5}");
        assertThat(rules.check(data, env("fr", Set.of()))).extracting(Violation::message)
                .containsExactly("A quote needs at least one priced line", "Rabatt zu hoch");
    }

    @Test
    void changedAndPassingRulesYieldNothing() {
        var data = json("{'total': 10, 'discount': 0.5, 'lines': []}");
        assertThat(rules.check(data, env("en", Set.of("approvedBy")))).isEmpty();
        assertThat(rules.check(data, env("en", Set.of()))).hasSize(1);
    }

    @Test
    void aThrowingRuleIsAScriptError() {
        var bad = engine.rules("bad", List.of(new Rule("r", "customer.name === 'x'", Map.of("en", "no"),
                List.of("customer"))));
        var e = assertThrows(ScriptFailed.class, () -> bad.check(json("{}"), env("en", Set.of())));
        assertThat(e.code()).isEqualTo(ScriptFailed.SCRIPT_ERROR);
        assertThat(e.violations()).extracting(Violation::pointer).containsExactly("/data/customer");
        assertThat(e.getMessage()).contains("Rule 'r' failed", "TypeError");
    }

    @Test
    void syntaxErrorsAreReportedWhenCompiling() {
        var e = assertThrows(ScriptFailed.class,
                () -> engine.rules("bad", List.of(new Rule("r", "total <=", Map.of(), List.of()))));
        assertThat(e.violations()).extracting(Violation::pointer).containsExactly("/rules/r");
    }
}
