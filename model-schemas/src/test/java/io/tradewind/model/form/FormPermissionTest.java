package io.tradewind.model.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.model.DefinitionParser;

/** Binding, writing and the immutability of the permissions of a form. */
class FormPermissionTest {

    private static final String FORM = """
            {"key": "customer", "label": {"en": "Customer"},
             "fields": [{"key": "company", "type": "text", "required": true},
                        {"key": "creditLimit", "type": "decimal"},
                        {"key": "notes", "type": "textarea"},
                        {"key": "department", "type": "department"}],
             "permissions": [
               {"role": "sales_rep", "actions": ["create", "read", "update"],
                "rows": ["own", {"filter": {"and": [{"field": "owner", "op": "isNull"},
                  {"field": "department", "op": "eq", "value": "$user.department"}]}}],
                "fields": {"creditLimit": "read", "notes": "hidden"}},
               {"role": "sales_director", "actions": ["read", "export", "transfer"],
                "rows": ["department", "departmentTree", "all"], "otherFields": "read"}]}
            """;

    private static FormDefinition parse(String json) {
        var parsed = DefinitionParser.parseForm(json, "forms/customer.form.json");
        assertThat(parsed.problems()).isEmpty();
        return parsed.value();
    }

    @Test
    void permissionsBindToRecords() {
        FormDefinition form = parse(FORM);
        assertThat(form.permissions()).hasSize(2);
        FormPermission rep = form.permission("sales_rep").orElseThrow();
        assertThat(rep.actions()).containsExactly(PermissionAction.CREATE, PermissionAction.READ,
                PermissionAction.UPDATE);
        assertThat(rep.rows()).hasSize(2);
        assertThat(rep.rows().get(0)).isEqualTo(new RowScope.Own());
        RowScope.Filter filter = (RowScope.Filter) rep.rows().get(1);
        assertThat(filter.filter().at("/and/1/value").textValue()).isEqualTo(RowScope.Filter.USER_DEPARTMENT);
        assertThat(rep.access("creditLimit")).isEqualTo(FieldAccess.READ);
        assertThat(rep.access("notes")).isEqualTo(FieldAccess.HIDDEN);
        assertThat(rep.access("company")).isEqualTo(FieldAccess.WRITE);
        assertThat(rep.otherFields()).isEqualTo(FieldAccess.WRITE);
        assertThat(rep.allows(PermissionAction.DELETE)).isFalse();

        FormPermission director = form.permission("sales_director").orElseThrow();
        assertThat(director.rows()).containsExactly(new RowScope.Department(), new RowScope.DepartmentTree(),
                new RowScope.All());
        assertThat(director.access("company")).isEqualTo(FieldAccess.READ);
        assertThat(director.fields()).isEmpty();
        assertThat(form.permission("finance")).isEmpty();
    }

    @Test
    void formWithoutPermissionsHasAnEmptyList() {
        FormDefinition form = parse("""
                {"key": "thing", "label": {"en": "Thing"}, "fields": [{"key": "name", "type": "text"}]}""");
        assertThat(form.permissions()).isEmpty();
        assertThat(DefinitionParser.mapper().valueToTree(form).has("permissions")).isFalse();
    }

    @Test
    void permissionsWriteBackInTheirJsonShapeAndReadBackEqual() throws Exception {
        FormDefinition form = parse(FORM);
        JsonNode written = DefinitionParser.mapper().valueToTree(form);
        JsonNode rep = written.at("/permissions/0");
        assertThat(rep.get("actions").toString()).isEqualTo("[\"create\",\"read\",\"update\"]");
        assertThat(rep.get("rows").get(0).textValue()).isEqualTo("own");
        assertThat(rep.at("/rows/1/filter/and/0/op").textValue()).isEqualTo("isNull");
        assertThat(rep.at("/fields/notes").textValue()).isEqualTo("hidden");
        assertThat(written.at("/permissions/1/rows").toString()).isEqualTo(
                "[\"department\",\"departmentTree\",\"all\"]");
        assertThat(written.at("/permissions/1/otherFields").textValue()).isEqualTo("read");

        FormDefinition again = parse(DefinitionParser.mapper().writeValueAsString(form));
        assertThat(again).isEqualTo(form);
    }

    @Test
    void recordsCopyTheirInputsAndRejectNulls() {
        Set<PermissionAction> actions = new HashSet<>(Set.of(PermissionAction.READ));
        Map<String, FieldAccess> fields = new LinkedHashMap<>(Map.of("notes", FieldAccess.HIDDEN));
        ObjectNode filterNode = DefinitionParser.mapper().createObjectNode().put("field", "owner").put("op",
                "isNull");
        RowScope.Filter filter = new RowScope.Filter(filterNode);
        FormPermission p = new FormPermission("finance", actions, List.of(filter), fields, null);
        actions.add(PermissionAction.DELETE);
        fields.put("company", FieldAccess.HIDDEN);
        filterNode.put("op", "eq");
        filter.filter().withObject("/x").put("y", 1);

        assertThat(p.actions()).containsExactly(PermissionAction.READ);
        assertThat(p.access("company")).isEqualTo(FieldAccess.WRITE);
        assertThat(((RowScope.Filter) p.rows().getFirst()).filter().get("op").textValue()).isEqualTo("isNull");
        assertThat(((RowScope.Filter) p.rows().getFirst()).filter().has("x")).isFalse();
        assertThatThrownBy(() -> p.actions().add(PermissionAction.CREATE)).isInstanceOf(
                UnsupportedOperationException.class);
        assertThatThrownBy(() -> new FormPermission(null, Set.of(), null, null, null)).isInstanceOf(
                NullPointerException.class);
        assertThatThrownBy(() -> new FormPermission("r", Set.of(), null, Map.of("a", FieldAccess.READ), null)
                .fields().put("b", FieldAccess.READ)).isInstanceOf(UnsupportedOperationException.class);
        Map<String, FieldAccess> withNull = new LinkedHashMap<>();
        withNull.put("a", null);
        assertThatThrownBy(() -> new FormPermission("r", Set.of(), null, withNull, null)).isInstanceOf(
                NullPointerException.class);
        assertThatThrownBy(() -> new RowScope.Filter(null)).isInstanceOf(NullPointerException.class);
        assertThat(new FormPermission("r", null, null, null, null).actions()).isEmpty();
    }

    @Test
    void fieldAccessWidestPrefersWrite() {
        assertThat(FieldAccess.HIDDEN.widest(FieldAccess.READ)).isEqualTo(FieldAccess.READ);
        assertThat(FieldAccess.WRITE.widest(FieldAccess.READ)).isEqualTo(FieldAccess.WRITE);
        assertThat(FieldAccess.HIDDEN.widest(FieldAccess.HIDDEN)).isEqualTo(FieldAccess.HIDDEN);
    }
}
