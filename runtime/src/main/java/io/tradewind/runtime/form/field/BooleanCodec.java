package io.tradewind.runtime.form.field;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/** Yes/no: JSON true or false only. */
public record BooleanCodec() implements FieldCodec {
    @Override
    public JsonNode normalize(JsonNode input, String pointer, List<Violation> out) {
        if (!input.isBoolean()) {
            FieldCodec.add(out, pointer, "WRONG_TYPE", "Expected true or false, got " + FieldCodec.describe(input)
                    + ".");
            return null;
        }
        return BooleanNode.valueOf(input.booleanValue());
    }

    @Override
    public SqlKind kind() {
        return SqlKind.BOOLEAN;
    }
}
