package io.tradewind.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class FlowValuesTest {

    @Test
    void durationsAreIso8601WithTheirSign() {
        assertThat(FlowValues.durationSign("P3D")).contains(1);
        assertThat(FlowValues.durationSign("PT4H")).contains(1);
        assertThat(FlowValues.durationSign("P1DT12H")).contains(1);
        assertThat(FlowValues.durationSign("P1M")).contains(1);
        assertThat(FlowValues.durationSign("P2W")).contains(1);
        assertThat(FlowValues.durationSign("-P1D")).contains(-1);
        assertThat(FlowValues.durationSign("PT0S")).contains(0);
        for (String bad : List.of("3 days", "P", "PT", "P1Y2MT3H", "1D", "", "P1X")) {
            assertThat(FlowValues.durationSign(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void cronHasFiveValidFieldsThatFireSometime() {
        for (String ok : List.of("0 2 * * *", "30 2 * * 1-5", "*/15 8-18 * * MON-FRI", "0 0 1 */3 *", " 0  9 * * 1 ")) {
            assertThat(FlowValues.cronProblem(ok)).as(ok).isEmpty();
        }
        assertThat(FlowValues.cronProblem("0 0 2 * * *")).get().asString().contains("five fields");
        assertThat(FlowValues.cronProblem("0 25 * * *")).isPresent();
        assertThat(FlowValues.cronProblem("61 * * * *")).isPresent();
        assertThat(FlowValues.cronProblem("0 9 31 2 *")).get().asString().contains("never fires");
        assertThat(FlowValues.cronProblem("")).isPresent();
        assertThat(FlowValues.cronProblem("@daily")).isPresent();
    }
}
