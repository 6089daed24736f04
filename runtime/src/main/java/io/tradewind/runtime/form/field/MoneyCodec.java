package io.tradewind.runtime.form.field;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/**
 * An amount with its ISO 4217 currency, stored as {@code {"amount": 123.45, "currency": "USD"}}.
 */
public record MoneyCodec(Set<String> currencies, String defaultCurrency, int scale, BigDecimal min, BigDecimal max)
        implements
            FieldCodec {
    @Override
    public JsonNode normalize(JsonNode input, String pointer, List<Violation> out) {
        if (!input.isObject()) {
            FieldCodec.add(out, pointer, "WRONG_TYPE", "Expected an amount with its currency, e.g."
                    + " {\"amount\": 1250.50, \"currency\": \"USD\"}.");
            return null;
        }
        int before = out.size();
        input.fieldNames().forEachRemaining(k -> {
            if (!k.equals("amount") && !k.equals("currency")) {
                FieldCodec.add(out, pointer + "/" + k, "UNKNOWN_PROPERTY", "A money value has only amount and"
                        + " currency.");
            }
        });
        JsonNode a = input.get("amount");
        if (a == null || a.isNull()) {
            FieldCodec.add(out, pointer + "/amount", "REQUIRED", "The amount is missing.");
            return null;
        }
        JsonNode amount = new NumberCodec(scale, min, max).normalize(a, pointer + "/amount", out);
        String currency = currency(input.get("currency"), pointer + "/currency", out);
        if (amount == null || currency == null || out.size() > before) {
            return null;
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("amount", amount);
        n.put("currency", currency);
        return n;
    }

    private String currency(JsonNode c, String pointer, List<Violation> out) {
        if (c == null || c.isNull()) {
            if (defaultCurrency == null) {
                FieldCodec.add(out, pointer, "REQUIRED", "The currency is missing (an ISO 4217 code such as USD).");
            }
            return defaultCurrency;
        }
        String code = FieldCodec.text(c, pointer, out, "an ISO 4217 currency code");
        if (code == null) {
            return null;
        }
        code = code.strip().toUpperCase(java.util.Locale.ROOT);
        boolean known = code.matches("[A-Z]{3}") && Currency.getAvailableCurrencies().stream()
                .anyMatch(x -> x.getCurrencyCode().equals(c.textValue().strip().toUpperCase(java.util.Locale.ROOT)));
        if (!known) {
            FieldCodec.add(out, pointer, "CURRENCY_UNKNOWN", "'" + c.textValue() + "' is not an ISO 4217 currency"
                    + " code.");
            return null;
        }
        if (!currencies.isEmpty() && !currencies.contains(code)) {
            FieldCodec.add(out, pointer, "CURRENCY_NOT_ALLOWED", "Allowed currencies: " + String.join(", ",
                    currencies.stream().sorted().toList()) + ".");
            return null;
        }
        return code;
    }

    @Override
    public SqlKind kind() {
        return SqlKind.MONEY;
    }
}
