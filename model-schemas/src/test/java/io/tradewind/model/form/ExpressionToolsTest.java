package io.tradewind.model.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ExpressionToolsTest {

    @Test
    void autonumberPatternsFormatPerPeriod() {
        AutonumberPattern p = AutonumberPattern.parse("Q-{yyyy}-{seq:5}");
        assertThat(p.format(LocalDate.of(2026, 11, 23), 42)).isEqualTo("Q-2026-00042");
        assertThat(p.periodKey(LocalDate.of(2026, 1, 1))).isEqualTo(p.periodKey(LocalDate.of(2026, 12, 31)));
        assertThat(p.periodKey(LocalDate.of(2026, 1, 1))).isNotEqualTo(p.periodKey(LocalDate.of(2027, 1, 1)));
        AutonumberPattern monthly = AutonumberPattern.parse("SO-{yy}{MM}-{seq:4}");
        assertThat(monthly.format(LocalDate.of(2026, 3, 9), 7)).isEqualTo("SO-2603-0007");
        assertThat(monthly.periodKey(LocalDate.of(2026, 3, 1))).isNotEqualTo(monthly.periodKey(
                LocalDate.of(2026, 4, 1)));
        AutonumberPattern plain = AutonumberPattern.parse("{seq:3}");
        assertThat(plain.periodKey(LocalDate.of(2026, 3, 1))).isEqualTo(plain.periodKey(LocalDate.of(2030, 1, 1)));
        for (String bad : List.of("Q-{yyyy}", "{seq:0}", "{seq:13}", "{seq:3}{seq:3}", "Q-{yyy}-{seq:3}", "{seq:3",
                "Q}{seq:2}", "")) {
            assertThatThrownBy(() -> AutonumberPattern.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void freeIdentifiersSkipPropertiesParametersStringsAndKeywords() {
        assertThat(ExpressionReferences.freeIdentifiers("sum(lines, l => l.amount) + tax"))
                .containsExactly("sum", "lines", "tax");
        assertThat(ExpressionReferences.freeIdentifiers("(a, b) => a + b + c")).containsExactly("c");
        assertThat(ExpressionReferences.freeIdentifiers("'qty' + \"price\" + `x ${total} y`"))
                .containsExactly("total");
        assertThat(ExpressionReferences.freeIdentifiers("status == 'paid' && !isEmpty(note) ? true : null"))
                .containsExactly("status", "isEmpty", "note");
        assertThat(ExpressionReferences.freeIdentifiers("({a: 1, b}).a")).containsExactly("b");
        assertThat(ExpressionReferences.syntaxProblem("qty * (price")).isPresent();
        assertThat(ExpressionReferences.syntaxProblem("'open")).isPresent();
        assertThat(ExpressionReferences.syntaxProblem(" ")).isPresent();
        assertThat(ExpressionReferences.syntaxProblem("qty * (price + 1)")).isEmpty();
    }

    @Test
    void flowExpressionsExposeMembersLiteralArgumentsAndLiterals() {
        assertThat(ExpressionReferences.memberNames("outputs.open.length > settings.max && outputs?.last", "outputs"))
                .containsExactly("open", "last");
        assertThat(ExpressionReferences.memberNames("x.outputs.open + outputs['a']", "outputs")).isEmpty();
        assertThat(ExpressionReferences.literalArguments("changed('stage') || changed(\"owner\") || changed(f)",
                "changed")).containsExactly("stage", "owner");
        assertThat(ExpressionReferences.literalArguments("record.changed('stage')", "changed")).isEmpty();
        assertThat(ExpressionReferences.stringLiteral("'approved'")).contains("approved");
        assertThat(ExpressionReferences.stringLiteral(" \"draft\" ")).contains("draft");
        assertThat(ExpressionReferences.stringLiteral("'a' + 'b'")).isEmpty();
        assertThat(ExpressionReferences.stringLiteral("status")).isEmpty();
    }

    @Test
    void formulasAreOrderedByDependencyAndCyclesFound() throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<FieldDefinition> fields = List.of(
                m.readValue("{\"key\":\"total\",\"type\":\"formula\",\"expr\":\"subtotal + tax\"}",
                        FieldDefinition.class),
                m.readValue("{\"key\":\"tax\",\"type\":\"formula\",\"expr\":\"subtotal * 0.2\"}",
                        FieldDefinition.class),
                m.readValue("{\"key\":\"subtotal\",\"type\":\"formula\",\"expr\":\"qty * price\"}",
                        FieldDefinition.class),
                m.readValue("{\"key\":\"qty\",\"type\":\"integer\"}", FieldDefinition.class));
        assertThat(FormulaOrder.order(fields).stream().map(FormulaField::key)).containsExactly("subtotal", "tax",
                "total");
        assertThat(FormulaOrder.cycles(fields)).isEmpty();
        List<FieldDefinition> cyclic = List.of(
                m.readValue("{\"key\":\"a\",\"type\":\"formula\",\"expr\":\"b\"}", FieldDefinition.class),
                m.readValue("{\"key\":\"b\",\"type\":\"formula\",\"expr\":\"c\"}", FieldDefinition.class),
                m.readValue("{\"key\":\"c\",\"type\":\"formula\",\"expr\":\"a\"}", FieldDefinition.class),
                m.readValue("{\"key\":\"d\",\"type\":\"formula\",\"expr\":\"d\"}", FieldDefinition.class));
        assertThat(FormulaOrder.cycles(cyclic)).containsExactly(List.of("a", "b", "c"), List.of("d"));
        assertThatThrownBy(() -> FormulaOrder.order(cyclic)).isInstanceOf(FormulaCycleException.class);
    }
}
