package io.tradewind.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.model.form.FormDefinition;

/**
 * Row filters of permissions are checked like the runtime compiles them: every value shape and
 * limit.
 */
class FilterCheckTest {

    private static final FormDefinition FORM = DefinitionParser.parseForm("""
            {"key": "thing", "label": {"en": "Thing"}, "fields": [
              {"key": "name", "type": "text"}, {"key": "qty", "type": "integer"}, {"key": "price", "type": "money"},
              {"key": "done", "type": "boolean"}, {"key": "due", "type": "date"}, {"key": "at", "type": "datetime"},
              {"key": "tags", "type": "multiselect", "options": ["a", "b"]}, {"key": "team", "type": "department"},
              {"key": "rep", "type": "user"}, {"key": "when", "type": "formula", "expr": "due", "resultType": "date"},
              {"key": "lines", "type": "subtable", "fields": [{"key": "x", "type": "text"}]}]}""", "thing")
            .value();

    private static List<String> check(String filter) throws Exception {
        JsonNode node = DefinitionParser.mapper().readTree(filter);
        return FilterCheck.check(node, "/f", FORM).stream().map(FilterCheck.Issue::pointer).toList();
    }

    @Test
    void validFiltersOfEveryKindPass() throws Exception {
        assertThat(check("""
                {"and": [
                  {"field": "name", "op": "startsWith", "value": "Ham"},
                  {"field": "qty", "op": "between", "value": [1, 10]},
                  {"field": "price", "op": "gte", "value": 100.5},
                  {"field": "done", "op": "eq", "value": false},
                  {"field": "due", "op": "lt", "value": "2026-12-31"},
                  {"field": "at", "op": "gt", "value": "2026-01-01T00:00:00+08:00"},
                  {"field": "tags", "op": "in", "value": ["a", "b"]},
                  {"field": "tags", "op": "isNull", "value": false},
                  {"field": "team", "op": "eq", "value": "$user.department"},
                  {"field": "rep", "op": "in", "value": ["$user.id"]},
                  {"field": "when", "op": "within", "value": "P2W", "direction": "next"},
                  {"field": "updatedAt", "op": "within", "value": "PT12H"},
                  {"field": "version", "op": "gt", "value": 1},
                  {"or": [{"field": "owner", "op": "eq", "value": "$user.id"},
                          {"not": {"field": "createdBy", "op": "ne", "value": "$user.id"}}]}]}""")).isEmpty();
    }

    @Test
    void wrongValuesArePointedAt() throws Exception {
        assertThat(check("""
                {"or": [
                  {"field": "qty", "op": "eq", "value": "3"},
                  {"field": "done", "op": "eq", "value": 1},
                  {"field": "due", "op": "eq", "value": "31.12.2026"},
                  {"field": "at", "op": "eq", "value": "2026-01-01T00:00:00"},
                  {"field": "name", "op": "eq", "value": null},
                  {"field": "name", "op": "eq", "value": {"$user": "id"}},
                  {"field": "qty", "op": "contains", "value": "1"},
                  {"field": "name", "op": "within", "value": "P1D"},
                  {"field": "due", "op": "within", "value": "P1D", "direction": "later"},
                  {"field": "name", "op": "isNull", "value": "yes"},
                  {"field": "name", "op": "eq", "value": "x", "direction": "next"},
                  {"field": "qty", "op": "nin", "value": 3},
                  {"field": "due", "op": "eq", "value": "$user.id"},
                  {"op": "eq", "value": 1},
                  {"field": "name"},
                  "text",
                  {"and": [{"field": "name", "op": "eq", "value": "a"}], "or": []}]}""")).containsExactly(
                "/f/or/0/value", "/f/or/1/value", "/f/or/2/value", "/f/or/3/value", "/f/or/4/value",
                "/f/or/5/value", "/f/or/6/op", "/f/or/7/op", "/f/or/8/direction", "/f/or/9/value",
                "/f/or/10/direction", "/f/or/11/value", "/f/or/12/value", "/f/or/13", "/f/or/14", "/f/or/15",
                "/f/or/16/or");
    }

    @Test
    void tooDeepOrTooLargeIsReportedOnce() throws Exception {
        ObjectNode deep = DefinitionParser.mapper().createObjectNode().put("field", "name").put("op", "isNull");
        for (int i = 0; i < 12; i++) {
            deep = DefinitionParser.mapper().createObjectNode().set("not", deep);
        }
        assertThat(FilterCheck.check(deep, "/f", FORM)).hasSize(1);

        ObjectNode wide = DefinitionParser.mapper().createObjectNode();
        ArrayNode parts = wide.putArray("or");
        for (int i = 0; i < 250; i++) {
            parts.addObject().put("field", "qty").put("op", "eq").put("value", i);
        }
        assertThat(FilterCheck.check(wide, "/f", FORM)).extracting(FilterCheck.Issue::message).singleElement()
                .asString().contains("too large");
        parts.remove(249);
        while (parts.size() > 199) {
            parts.remove(parts.size() - 1);
        }
        assertThat(FilterCheck.check(wide, "/f", FORM)).isEmpty();
    }
}
