package io.tradewind.runtime.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class ConcurrencyTest {

    @Test
    void eightThreadsComputeDistinctRecordsCorrectlyOnAFewContexts() throws Exception {
        try (var engine = new ScriptEngine(ScriptLimits.DEFAULT, 4)) {
            var program = Scripts.quote(engine);
            var pool = Executors.newFixedThreadPool(8);
            try {
                var tasks = new ArrayList<Callable<Integer>>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    tasks.add(() -> {
                        int ok = 0;
                        for (int i = 0; i < 2000; i++) {
                            int qty = thread * 1000 + i;
                            ObjectNode data = Scripts.json("{'lines': [{'qty': " + qty + ", 'unitPrice': 0.25},"
                                    + " {'qty': 1, 'unitPrice': " + thread + ".01}]}");
                            program.compute(data, Scripts.ENV);
                            var expected = new BigDecimal(qty).multiply(new BigDecimal("0.25"))
                                    .add(new BigDecimal(thread + ".01")).setScale(2);
                            assertThat(data.get("total").decimalValue()).isEqualTo(expected);
                            ok++;
                        }
                        return ok;
                    });
                }
                int total = 0;
                for (Future<Integer> f : pool.invokeAll(tasks)) {
                    total += f.get();
                }
                assertThat(total).isEqualTo(16_000);
            } finally {
                pool.shutdown();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(engine.contextsCreated()).isBetween(1, 4);
        }
    }
}
