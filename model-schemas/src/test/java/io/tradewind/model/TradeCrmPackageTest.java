package io.tradewind.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.tradewind.model.form.AutonumberField;
import io.tradewind.model.form.SubtableField;

/** The bundled trade-CRM package loads without a single problem. */
class TradeCrmPackageTest {

    @Test
    void tradeCrmLoadsCleanly() {
        AppPackageLoader.LoadResult result = AppPackageLoader.load(Path.of("../apps/trade-crm"));
        assertThat(result.problems()).isEmpty();
        AppPackage pkg = result.pkg();
        assertThat(pkg.forms().keySet()).containsExactlyInAnyOrder("customer", "contact", "follow_up",
                "opportunity", "quote", "order", "product");
        assertThat(pkg.forms().get("quote").field("number")).get().isInstanceOf(AutonumberField.class);
        assertThat(pkg.forms().get("quote").field("lines")).get().isInstanceOf(SubtableField.class);
        assertThat(pkg.seedFiles()).hasSizeGreaterThanOrEqualTo(6);
    }
}
