package io.tradewind.runtime.script;

import static io.tradewind.runtime.script.Scripts.ENV;
import static io.tradewind.runtime.script.Scripts.json;
import static io.tradewind.runtime.script.Scripts.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.tradewind.runtime.error.ScriptFailed;

class LimitsTest {

    @Test
    void anInfiniteLoopHitsTheStatementLimitAndThePoolRecovers() {
        try (var engine = new ScriptEngine(ScriptLimits.DEFAULT, 1)) {
            long start = System.nanoTime();
            var e = assertThrows(ScriptFailed.class,
                    () -> one(engine, "(() => { while (true) {} })()", "decimal", 2).compute(json("{}"), ENV));
            assertThat(e.code()).isEqualTo(ScriptFailed.SCRIPT_LIMIT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertQuoteWorks(engine);
            assertThat(engine.contextsCreated()).as("the spent context was replaced").isEqualTo(2);
        }
    }

    @Test
    void theWatchdogInterruptsALongEvaluationAndThePoolRecovers() {
        try (var engine = new ScriptEngine(new ScriptLimits(Long.MAX_VALUE / 2, Duration.ofMillis(100)), 1)) {
            long start = System.nanoTime();
            var e = assertThrows(ScriptFailed.class,
                    () -> one(engine, "(() => { while (true) {} })()", "decimal", 2).compute(json("{}"), ENV));
            assertThat(e.code()).isEqualTo(ScriptFailed.SCRIPT_LIMIT);
            assertThat(e.getMessage()).contains("time limit");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            var e2 = assertThrows(ScriptFailed.class, () -> one(engine,
                    "(() => { try { while (true) {} } finally { while (true) {} } })()", "decimal", 2)
                    .compute(json("{}"), ENV));
            assertThat(e2.code()).isEqualTo(ScriptFailed.SCRIPT_LIMIT);
            assertQuoteWorks(engine);
        }
    }

    @Test
    void contextsAreReusedAcrossEvaluationsAndPrograms() {
        try (var engine = new ScriptEngine(ScriptLimits.DEFAULT, 2)) {
            for (int i = 0; i < 200; i++) {
                assertQuoteWorks(engine);
                var data = json("{'a': " + i + "}");
                one(engine, "a * 2", "integer", 0).compute(data, ENV);
                assertThat(data.get("f").longValue()).isEqualTo(2L * i);
            }
            assertThat(engine.contextsCreated()).isEqualTo(1);
        }
    }

    static void assertQuoteWorks(ScriptEngine engine) {
        var data = json("{'lines': [{'qty': 3, 'unitPrice': 19.99}]}");
        Scripts.quote(engine).compute(data, ENV);
        assertThat(data.get("total").decimalValue()).isEqualTo(new BigDecimal("59.97"));
    }
}
