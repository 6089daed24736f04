package io.tradewind.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.tradewind.model.app.AppDefinition;
import io.tradewind.model.flow.FlowDefinition;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.report.DashboardDefinition;
import io.tradewind.model.report.ReportDefinition;

/**
 * Reads definition files strictly, in three steps: well-formed UTF-8 JSON without duplicate keys
 * (within size and depth limits), then the file's JSON Schema, then binding to the Java records.
 * Every problem of a step is reported, each with a JSON Pointer; a later step runs only when the
 * earlier ones found nothing, so one mistake is not reported three times.
 */
public final class DefinitionParser {

    /** Largest definition file, in bytes. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    /** Deepest nesting of a definition file. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1)
                    .maxStringLength(MAX_BYTES).build())
            .build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonSchema APP_SCHEMA = schema("app.schema.json");
    private static final JsonSchema FORM_SCHEMA = schema("form.schema.json");
    private static final JsonSchema REPORT_SCHEMA = schema("report.schema.json");
    private static final JsonSchema DASHBOARD_SCHEMA = schema("dashboard.schema.json");
    private static final JsonSchema FLOW_SCHEMA = schema("flow.schema.json");

    private DefinitionParser() {
    }

    /**
     * The outcome of parsing one file.
     *
     * @param value
     *            the definition, or null when there are problems
     * @param problems
     *            every problem found, empty on success
     */
    public record Parsed<T>(T value, List<Problem> problems) {
        /** Copies the problem list. */
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    /** The mapper used to bind and write definitions (records, strict). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses an {@code app.json}. */
    public static Parsed<AppDefinition> parseApp(String json, String file) {
        return parse(json, file, APP_SCHEMA, AppDefinition.class);
    }

    /** Parses a {@code *.form.json}. */
    public static Parsed<FormDefinition> parseForm(String json, String file) {
        return parse(json, file, FORM_SCHEMA, FormDefinition.class);
    }

    /** Parses a {@code *.report.json}. */
    public static Parsed<ReportDefinition> parseReport(String json, String file) {
        return parse(json, file, REPORT_SCHEMA, ReportDefinition.class);
    }

    /** Parses a {@code *.dashboard.json}. */
    public static Parsed<DashboardDefinition> parseDashboard(String json, String file) {
        return parse(json, file, DASHBOARD_SCHEMA, DashboardDefinition.class);
    }

    /** Parses a {@code *.flow.json}. */
    public static Parsed<FlowDefinition> parseFlow(String json, String file) {
        return parse(json, file, FLOW_SCHEMA, FlowDefinition.class);
    }

    /** Parses the bytes of a file, refusing what is not UTF-8. */
    public static String decode(byte[] bytes, String file, List<Problem> problems) {
        if (bytes.length > MAX_BYTES) {
            problems.add(new Problem(Problems.FILE_UNREADABLE, file, "",
                    "The file is larger than " + MAX_BYTES / (1024 * 1024) + " MB."));
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.add(new Problem(Problems.PARSE_SYNTAX, file, "", "The file is not UTF-8 text."));
            return null;
        }
    }

    /**
     * Reads JSON into a tree, reporting syntax errors, excessive depth and every duplicate key (with
     * its pointer). Returns null when the text is not usable JSON.
     */
    public static JsonNode readTree(String json, String file, List<Problem> problems) {
        if (json.length() > MAX_BYTES) {
            problems.add(new Problem(Problems.FILE_UNREADABLE, file, "", "The file is larger than 2 MB."));
            return null;
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.add(new Problem(Problems.PARSE_SYNTAX, file, "", "The file is empty."));
                return null;
            }
            int before = problems.size();
            JsonNode node = read(p, first, "", 1, file, problems);
            if (p.nextToken() != null) {
                problems.add(new Problem(Problems.PARSE_SYNTAX, file, "", "There is more text after the JSON value"
                        + location(p) + "."));
                return null;
            }
            return problems.size() > before ? null : node;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            problems.add(new Problem(Problems.PARSE_TOO_DEEP, file, "", "The JSON is nested deeper than "
                    + MAX_DEPTH + " levels."));
            return null;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            problems.add(new Problem(Problems.PARSE_SYNTAX, file, "", "The file is not well-formed JSON"
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")") + ": "
                    + e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(Problems.FILE_UNREADABLE, file, "", "The file could not be read."));
            return null;
        }
    }

    private static JsonNode read(JsonParser p, JsonToken t, String pointer, int depth, String file,
            List<Problem> problems) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new com.fasterxml.jackson.core.exc.StreamConstraintsException("too deep");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                Set<String> seen = new HashSet<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    String child = pointer + "/" + escape(name);
                    JsonNode v = read(p, p.nextToken(), child, depth + 1, file, problems);
                    if (!seen.add(name)) {
                        problems.add(new Problem(Problems.PARSE_DUPLICATE_KEY, file, child,
                                "The property '" + name + "' appears twice in the same object."));
                    }
                    o.set(name, v);
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                int i = 0;
                for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
                    a.add(read(p, k, pointer + "/" + i++, depth + 1, file, problems));
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return f.numberNode(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE -> {
                return f.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return f.booleanNode(false);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new JsonProcessingException("unexpected token " + t, p.currentLocation()) {
            };
        }
    }

    private static <T> Parsed<T> parse(String json, String file, JsonSchema schema, Class<T> type) {
        List<Problem> problems = new ArrayList<>();
        JsonNode tree = readTree(json, file, problems);
        if (tree == null) {
            return new Parsed<>(null, problems);
        }
        problems.addAll(validate(tree, file, schema));
        if (!problems.isEmpty()) {
            return new Parsed<>(null, problems);
        }
        try {
            return new Parsed<>(MAPPER.treeToValue(tree, type), List.of());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String pointer = e instanceof com.fasterxml.jackson.databind.JsonMappingException m ? pointer(m) : "";
            return new Parsed<>(null, List.of(new Problem(Problems.PARSE_INVALID_VALUE, file, pointer,
                    "The value cannot be read: " + firstLine(e.getMessage()))));
        }
    }

    /** Checks a tree against a schema; one problem per violation, sorted by pointer. */
    static List<Problem> validate(JsonNode tree, String file, JsonSchema schema) {
        Set<Problem> out = new LinkedHashSet<>();
        for (ValidationMessage m : schema.validate(tree)) {
            String at = m.getInstanceLocation().toString();
            at = at.equals("$") || at.equals("/") ? "" : at;
            String type = m.getType();
            String property = m.getProperty();
            switch (type) {
                case "additionalProperties", "unevaluatedProperties" -> out.add(new Problem(
                        Problems.PARSE_UNKNOWN_PROPERTY, file, at + "/" + escape(property),
                        "The property '" + property + "' is not allowed here."));
                case "required" -> out.add(new Problem(Problems.PARSE_MISSING_PROPERTY, file, at,
                        "The property '" + property + "' is required here."));
                case "type" -> out.add(new Problem(Problems.PARSE_WRONG_TYPE, file, at, clean(m.getMessage())));
                case "if", "then", "else", "allOf", "anyOf", "oneOf", "not", "$ref" -> {
                    // wrappers: the nested violations are reported themselves
                }
                default -> out.add(new Problem(Problems.PARSE_INVALID_VALUE, file, at, clean(m.getMessage())));
            }
        }
        List<Problem> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(Problem::pointer).thenComparing(Problem::code));
        return sorted;
    }

    private static String pointer(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            sb.append('/').append(ref.getFieldName() != null ? escape(ref.getFieldName()) : ref.getIndex());
        }
        return sb.toString();
    }

    private static String clean(String message) {
        // networknt prefixes messages with the instance location, e.g. "/fields/0/key: ..."
        int colon = message.indexOf(": ");
        String m = colon > 0 && (message.startsWith("/") || message.startsWith("$"))
                ? message.substring(colon + 2)
                : message;
        return m.isEmpty() ? m : Character.toUpperCase(m.charAt(0)) + m.substring(1) + (m.endsWith(".") ? "" : ".");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String location(JsonParser p) {
        var loc = p.currentLocation();
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** Escapes a key for an RFC 6901 JSON Pointer. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static JsonSchema schema(String name) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(false).build();
        try (InputStream in = DefinitionParser.class.getResourceAsStream("/schemas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("schema " + name + " is missing from the classpath");
            }
            return factory.getSchema(in, config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
