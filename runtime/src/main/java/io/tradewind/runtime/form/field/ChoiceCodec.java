package io.tradewind.runtime.form.field;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/**
 * One value from a list (select) or several (multiselect, stored in the options' order without
 * duplicates). Also serves country codes, whose list is ISO 3166-1 alpha-2 and whose input is
 * upper-cased.
 */
public record ChoiceCodec(List<String> options, boolean multiple, boolean upperCase, Integer minItems,
        Integer maxItems) implements FieldCodec {

    public ChoiceCodec {
        options = List.copyOf(options);
    }

    /** A country field: ISO 3166-1 alpha-2 codes. */
    public static ChoiceCodec country() {
        return new ChoiceCodec(List.of(java.util.Locale.getISOCountries()), false, true, null, null);
    }

    @Override
    public JsonNode normalize(JsonNode input, String pointer, List<Violation> out) {
        if (!multiple) {
            String v = one(input, pointer, out);
            return v == null ? null : TextNode.valueOf(v);
        }
        if (!input.isArray()) {
            FieldCodec.add(out, pointer, "WRONG_TYPE", "Expected an array of option values, got "
                    + FieldCodec.describe(input) + ".");
            return null;
        }
        Set<String> chosen = new LinkedHashSet<>();
        int before = out.size();
        for (int i = 0; i < input.size(); i++) {
            String v = one(input.get(i), pointer + "/" + i, out);
            if (v != null) {
                chosen.add(v);
            }
        }
        if (out.size() > before) {
            return null;
        }
        if (minItems != null && chosen.size() < minItems) {
            FieldCodec.add(out, pointer, "TOO_FEW", "Choose at least " + minItems + ".");
        }
        if (maxItems != null && chosen.size() > maxItems) {
            FieldCodec.add(out, pointer, "TOO_MANY", "Choose at most " + maxItems + ".");
        }
        if (chosen.isEmpty() || out.size() > before) {
            return null;
        }
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        new ArrayList<>(options).stream().filter(chosen::contains).forEach(arr::add);
        return arr;
    }

    private String one(JsonNode input, String pointer, List<Violation> out) {
        String s = FieldCodec.text(input, pointer, out, upperCase ? "a country code" : "an option value");
        if (s == null || (s = s.strip()).isEmpty()) {
            return null;
        }
        String v = upperCase ? s.toUpperCase(java.util.Locale.ROOT) : s;
        if (!options.contains(v)) {
            if (upperCase) {
                FieldCodec.add(out, pointer, "COUNTRY_UNKNOWN", "'" + s + "' is not an ISO 3166-1 alpha-2 country"
                        + " code (e.g. DE, US, CN).");
            } else {
                String shown = options.size() <= 12 ? ": " + String.join(", ", options) : "";
                FieldCodec.add(out, pointer, "NOT_AN_OPTION", "'" + s + "' is not one of the options" + shown + ".");
            }
            return null;
        }
        return v;
    }

    @Override
    public SqlKind kind() {
        return multiple ? SqlKind.ARRAY : SqlKind.TEXT;
    }
}
