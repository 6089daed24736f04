package io.tradewind.runtime.form.field;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.runtime.error.TradewindException.Violation;

/** Text with a known format: e-mail addresses, phone numbers and web addresses. */
public record FormattedTextCodec(Format format) implements FieldCodec {
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()./-]{4,30}(?:\\s*(?:x|ext\\.?)\\s*[0-9]{1,6})?$");

    /** The formats this codec knows. */
    public enum Format {
        EMAIL, PHONE, URL
    }

    @Override
    public JsonNode normalize(JsonNode input, String pointer, List<Violation> out) {
        String s = FieldCodec.text(input, pointer, out, format.name().toLowerCase(Locale.ROOT));
        if (s == null || (s = s.strip()).isEmpty()) {
            return null;
        }
        return switch (format) {
            case EMAIL -> email(s, pointer, out);
            case PHONE -> phone(s, pointer, out);
            case URL -> url(s, pointer, out);
        };
    }

    private static JsonNode email(String s, String pointer, List<Violation> out) {
        if (s.length() > 254 || !EMAIL.matcher(s).matches()) {
            FieldCodec.add(out, pointer, "EMAIL_INVALID", "Not a valid e-mail address, e.g. anna@example.com.");
            return null;
        }
        int at = s.lastIndexOf('@');
        return TextNode.valueOf(s.substring(0, at) + "@" + s.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    private static JsonNode phone(String s, String pointer, List<Violation> out) {
        String collapsed = s.replaceAll("\\s+", " ");
        long digits = collapsed.chars().filter(Character::isDigit).count();
        if (!PHONE.matcher(collapsed).matches() || digits < 4 || digits > 20) {
            FieldCodec.add(out, pointer, "PHONE_INVALID", "Not a valid phone number, e.g. +49 40 1234567.");
            return null;
        }
        return TextNode.valueOf(collapsed);
    }

    private static JsonNode url(String s, String pointer, List<Violation> out) {
        String candidate = s.matches("(?i)^[a-z][a-z0-9+.-]*://.*") ? s : "https://" + s;
        try {
            URI uri = new URI(candidate);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || !uri.getHost().contains(".") || candidate.length() > 2000) {
                throw new URISyntaxException(candidate, "not a web address");
            }
            return TextNode.valueOf(candidate);
        } catch (URISyntaxException e) {
            FieldCodec.add(out, pointer, "URL_INVALID", "Not a valid web address, e.g. https://example.com.");
            return null;
        }
    }

    @Override
    public SqlKind kind() {
        return SqlKind.TEXT;
    }
}
