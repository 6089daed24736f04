package io.tradewind.model;

/**
 * The stable problem codes. Each constant's value equals its name, so codes can be compared, stored
 * and searched as plain strings. Codes starting with {@code PARSE_} come from reading a file and
 * checking it against its JSON Schema; all others come from the semantic checks that run on
 * structurally valid definitions.
 */
public final class Problems {

    // --- reading and structure (a file with one of these is not bound to records) ---

    /** The file is not well-formed JSON (or not UTF-8); the pointer is where reading stopped. */
    public static final String PARSE_SYNTAX = "PARSE_SYNTAX";
    /** An object has the same property twice; the pointer is the repeated property. */
    public static final String PARSE_DUPLICATE_KEY = "PARSE_DUPLICATE_KEY";
    /** A property that the schema does not allow here; the pointer is that property. */
    public static final String PARSE_UNKNOWN_PROPERTY = "PARSE_UNKNOWN_PROPERTY";
    /** A required property is absent; the pointer is where it belongs. */
    public static final String PARSE_MISSING_PROPERTY = "PARSE_MISSING_PROPERTY";
    /** A value of the wrong JSON type (e.g. a string where a number is expected). */
    public static final String PARSE_WRONG_TYPE = "PARSE_WRONG_TYPE";
    /** Any other schema violation: an enum, pattern, length or range constraint. */
    public static final String PARSE_INVALID_VALUE = "PARSE_INVALID_VALUE";
    /** The JSON is nested deeper than the parser allows (64 levels). */
    public static final String PARSE_TOO_DEEP = "PARSE_TOO_DEEP";

    // --- package layout ---

    /** The package folder does not exist. */
    public static final String PACKAGE_NOT_FOUND = "PACKAGE_NOT_FOUND";
    /** The package has no app.json. */
    public static final String APP_MISSING = "APP_MISSING";
    /** A file inside forms/ or seed/ that does not belong there (wrong extension or a sub-folder). */
    public static final String FILE_UNEXPECTED = "FILE_UNEXPECTED";
    /** A file could not be read from disk. */
    public static final String FILE_UNREADABLE = "FILE_UNREADABLE";
    /** The app key differs from the package folder name. */
    public static final String APP_KEY_MISMATCH = "APP_KEY_MISMATCH";
    /** A form key differs from its file name ({@code forms/<key>.form.json}). */
    public static final String FORM_FILE_NAME_MISMATCH = "FORM_FILE_NAME_MISMATCH";
    /** Two form files declare the same key; reported on the later file. */
    public static final String FORM_DUPLICATE_KEY = "FORM_DUPLICATE_KEY";

    // --- keys ---

    /** A key does not follow its naming pattern. */
    public static final String KEY_INVALID = "KEY_INVALID";
    /** A field key is a system field name such as {@code id} or {@code createdAt}. */
    public static final String KEY_RESERVED = "KEY_RESERVED";
    /** Two fields of the same scope share a key; reported on the later one. */
    public static final String FIELD_DUPLICATE_KEY = "FIELD_DUPLICATE_KEY";
    /** Two rules of a form share a key; reported on the later one. */
    public static final String RULE_DUPLICATE_KEY = "RULE_DUPLICATE_KEY";
    /** Two roles of an app share a key; reported on the later one. */
    public static final String ROLE_DUPLICATE_KEY = "ROLE_DUPLICATE_KEY";

    // --- references ---

    /** A link field's target form is not a form of the app. */
    public static final String LINK_UNKNOWN_FORM = "LINK_UNKNOWN_FORM";
    /** A link field's display field is not a top-level field of the target form. */
    public static final String LINK_UNKNOWN_DISPLAY_FIELD = "LINK_UNKNOWN_DISPLAY_FIELD";
    /** A list view column, sort or search entry names neither a field nor a system field. */
    public static final String VIEW_UNKNOWN_FIELD = "VIEW_UNKNOWN_FIELD";
    /** A list view search entry names a field that is not text-like. */
    public static final String VIEW_FIELD_NOT_SEARCHABLE = "VIEW_FIELD_NOT_SEARCHABLE";
    /** The title field is not a top-level field of the form. */
    public static final String TITLE_UNKNOWN_FIELD = "TITLE_UNKNOWN_FIELD";
    /** A rule's fields entry is not a top-level field of the form. */
    public static final String RULE_UNKNOWN_FIELD = "RULE_UNKNOWN_FIELD";
    /** A menu item names a form the app does not have. */
    public static final String MENU_UNKNOWN_FORM = "MENU_UNKNOWN_FORM";

    // --- field properties ---

    /** A select or multiselect field has no options. */
    public static final String OPTIONS_EMPTY = "OPTIONS_EMPTY";
    /** An option value (or an allowed currency) appears twice; reported on the later one. */
    public static final String OPTIONS_DUPLICATE = "OPTIONS_DUPLICATE";
    /** A default (or default currency) is not one of the field's options (or currencies). */
    public static final String DEFAULT_NOT_AN_OPTION = "DEFAULT_NOT_AN_OPTION";
    /**
     * A default value does not fit the field type: a JSON value of the wrong type (found by the
     * schema), or a date, date-time or e-mail default that cannot be read as one.
     */
    public static final String DEFAULT_WRONG_TYPE = "DEFAULT_WRONG_TYPE";
    /** A default lies outside the field's min/max, length or item-count bounds. */
    public static final String DEFAULT_OUT_OF_RANGE = "DEFAULT_OUT_OF_RANGE";
    /** A text default does not match the field's pattern. */
    public static final String DEFAULT_PATTERN_MISMATCH = "DEFAULT_PATTERN_MISMATCH";
    /**
     * A lower bound is greater than the upper bound (min/max, minLength/maxLength, minItems/maxItems,
     * minRows/maxRows).
     */
    public static final String RANGE_INVERTED = "RANGE_INVERTED";
    /** A scale outside the range of its type (decimal and formula 0..10, money 0..4, percent 0..6). */
    public static final String SCALE_OUT_OF_RANGE = "SCALE_OUT_OF_RANGE";
    /** A bound or default has more decimal places than the field's scale. */
    public static final String SCALE_EXCEEDED = "SCALE_EXCEEDED";
    /** A date bound is not a valid ISO date (yyyy-MM-dd). */
    public static final String DATE_INVALID = "DATE_INVALID";
    /** A text pattern is not a valid Java regular expression. */
    public static final String REGEX_INVALID = "REGEX_INVALID";
    /** A currency is not an ISO 4217 code known to the JDK. */
    public static final String CURRENCY_UNKNOWN = "CURRENCY_UNKNOWN";
    /** A country is not an upper-case ISO 3166-1 alpha-2 code. */
    public static final String COUNTRY_UNKNOWN = "COUNTRY_UNKNOWN";
    /** An autonumber pattern does not parse (see {@code AutonumberPattern}). */
    public static final String AUTONUMBER_PATTERN_INVALID = "AUTONUMBER_PATTERN_INVALID";
    /** A subtable inside a subtable. */
    public static final String SUBTABLE_NESTED = "SUBTABLE_NESTED";
    /** A field type that a subtable row cannot hold (autonumber). */
    public static final String SUBTABLE_FIELD_NOT_ALLOWED = "SUBTABLE_FIELD_NOT_ALLOWED";

    // --- expressions ---

    /**
     * An expression is empty, has unbalanced brackets or an unterminated string, template or comment.
     */
    public static final String EXPR_SYNTAX = "EXPR_SYNTAX";
    /** An expression uses a name that is neither a field of its scope nor a standard-library name. */
    public static final String EXPR_UNKNOWN_FIELD = "EXPR_UNKNOWN_FIELD";
    /** Formulas depend on each other in a cycle; reported once per cycle, on its first formula. */
    public static final String FORMULA_CYCLE = "FORMULA_CYCLE";

    // --- permissions ---

    /** A permission names a role that app.json does not declare; the pointer is its role. */
    public static final String PERMISSION_UNKNOWN_ROLE = "PERMISSION_UNKNOWN_ROLE";
    /** A permission names the built-in {@code admin}, which always has every right. */
    public static final String PERMISSION_ROLE_RESERVED = "PERMISSION_ROLE_RESERVED";
    /** Two permissions of a form name the same role; reported on the later one. */
    public static final String PERMISSION_DUPLICATE_ROLE = "PERMISSION_DUPLICATE_ROLE";
    /**
     * A permission grants read, update, delete, export or transfer without {@code rows}; the pointer is
     * the permission.
     */
    public static final String PERMISSION_ROWS_REQUIRED = "PERMISSION_ROWS_REQUIRED";
    /**
     * A permission grants update, delete, export or transfer without read; the pointer is its actions.
     */
    public static final String PERMISSION_NEEDS_READ = "PERMISSION_NEEDS_READ";
    /** A permission's {@code fields} names something that is not a top-level field of the form. */
    public static final String PERMISSION_UNKNOWN_FIELD = "PERMISSION_UNKNOWN_FIELD";
    /**
     * A row filter is not valid: unknown field or operator, a value of the wrong shape, an unknown
     * placeholder; the pointer is into the filter.
     */
    public static final String PERMISSION_FILTER_INVALID = "PERMISSION_FILTER_INVALID";
    /**
     * A role with create cannot write a required field that has no default (hidden or read-only); the
     * pointer is the field's entry in {@code fields}, or {@code otherFields}.
     */
    public static final String PERMISSION_REQUIRED_FIELD_NOT_WRITABLE = "PERMISSION_REQUIRED_FIELD_NOT_WRITABLE";

    // --- reports and dashboards ---

    /** A report key differs from its file name ({@code reports/<key>.report.json}). */
    public static final String REPORT_FILE_NAME_MISMATCH = "REPORT_FILE_NAME_MISMATCH";
    /** A dashboard key differs from its file name ({@code dashboards/<key>.dashboard.json}). */
    public static final String DASHBOARD_FILE_NAME_MISMATCH = "DASHBOARD_FILE_NAME_MISMATCH";
    /**
     * Two parameters, or two of the dimensions and measures, of a report or dashboard share a key;
     * reported on the later one.
     */
    public static final String REPORT_DUPLICATE_KEY = "REPORT_DUPLICATE_KEY";
    /** A report's dataset names a form the app does not have. */
    public static final String REPORT_UNKNOWN_FORM = "REPORT_UNKNOWN_FORM";
    /** A report's {@code dataset.rows} is not a subtable field of the dataset's form. */
    public static final String REPORT_UNKNOWN_ROWS = "REPORT_UNKNOWN_ROWS";
    /**
     * A dimension or measure field path names no field: not a field of the dataset (or row), not a
     * system field, not {@code parent.<field>} of a subtable dataset, not one join
     * {@code <linkField>.<field of the target form>}.
     */
    public static final String REPORT_UNKNOWN_FIELD = "REPORT_UNKNOWN_FIELD";
    /** A dimension on a field that cannot be grouped by: a subtable or a multi-choice field. */
    public static final String REPORT_FIELD_NOT_SCALAR = "REPORT_FIELD_NOT_SCALAR";
    /** A date bucket on a field that is neither a date nor a date-time. */
    public static final String REPORT_BUCKET_NOT_DATE = "REPORT_BUCKET_NOT_DATE";
    /**
     * An aggregation that does not fit its field's type: sum and avg need a number-like field, min and
     * max a number-like, date or date-time field, count distinct a scalar field.
     */
    public static final String REPORT_AGG_TYPE_MISMATCH = "REPORT_AGG_TYPE_MISMATCH";
    /**
     * A measure is not exactly one of an aggregation and a ratio, or its aggregation needs a field it
     * lacks, or a ratio has a field or filter.
     */
    public static final String REPORT_MEASURE_INVALID = "REPORT_MEASURE_INVALID";
    /** A ratio names something that is not an aggregation measure of the same report. */
    public static final String REPORT_RATIO_UNKNOWN_MEASURE = "REPORT_RATIO_UNKNOWN_MEASURE";
    /** A sort key names neither a dimension nor a measure of the report. */
    public static final String REPORT_SORT_UNKNOWN_KEY = "REPORT_SORT_UNKNOWN_KEY";
    /**
     * A report filter (dataset or measure) is not valid: unknown field or operator, a value of the
     * wrong shape, a parameter of the wrong type; the pointer is into the filter.
     */
    public static final String REPORT_FILTER_INVALID = "REPORT_FILTER_INVALID";
    /**
     * A {@code "$param.<key>"} names a parameter that is not declared (by the report for its filters,
     * by the dashboard for its items' values).
     */
    public static final String REPORT_UNKNOWN_PARAMETER = "REPORT_UNKNOWN_PARAMETER";
    /**
     * A parameter is not valid: a select without options, options on another type, a default (or a
     * dashboard's value) that does not fit the type, a dashboard parameter of another type than the
     * report parameter it is passed to.
     */
    public static final String REPORT_PARAMETER_INVALID = "REPORT_PARAMETER_INVALID";
    /**
     * A chart's {@code x}, {@code series}, {@code rows} or {@code columns} names no dimension, or a
     * {@code y} entry names no measure.
     */
    public static final String REPORT_CHART_UNKNOWN_KEY = "REPORT_CHART_UNKNOWN_KEY";
    /**
     * A chart lacks what its type needs: {@code y} (all but table), {@code x} (bar, line, area, pie,
     * funnel, leaderboard, map), {@code stages} (funnel), {@code rows} and {@code columns} (pivot).
     */
    public static final String REPORT_CHART_INCOMPLETE = "REPORT_CHART_INCOMPLETE";
    /** A map chart's {@code x} dimension is not a country field (or has a bucket). */
    public static final String REPORT_MAP_NOT_COUNTRY = "REPORT_MAP_NOT_COUNTRY";
    /** A funnel stage is not an option of the select field of the funnel's {@code x} dimension. */
    public static final String REPORT_FUNNEL_UNKNOWN_STAGE = "REPORT_FUNNEL_UNKNOWN_STAGE";
    /** A dashboard item names a report the app does not have. */
    public static final String DASHBOARD_UNKNOWN_REPORT = "DASHBOARD_UNKNOWN_REPORT";
    /** A dashboard item passes a parameter its report does not declare. */
    public static final String DASHBOARD_UNKNOWN_PARAMETER = "DASHBOARD_UNKNOWN_PARAMETER";

    // --- flows ---

    /** A flow key differs from its file name ({@code flows/<key>.flow.json}). */
    public static final String FLOW_FILE_NAME_MISMATCH = "FLOW_FILE_NAME_MISMATCH";
    /** Two flow files declare the same key; reported on the later file. */
    public static final String FLOW_DUPLICATE_KEY = "FLOW_DUPLICATE_KEY";
    /** Two nodes of a flow share a key; reported on the later one. */
    public static final String FLOW_NODE_DUPLICATE_KEY = "FLOW_NODE_DUPLICATE_KEY";
    /** Two webhook flows of an app use the same hook key; reported on the later file. */
    public static final String FLOW_HOOK_DUPLICATE = "FLOW_HOOK_DUPLICATE";
    /** The flow's form, or a form named by a node or mapping, is not a form of the app. */
    public static final String FLOW_UNKNOWN_FORM = "FLOW_UNKNOWN_FORM";
    /** The trigger is about a record (record, relative-date, manual) but the flow names no form. */
    public static final String FLOW_FORM_REQUIRED = "FLOW_FORM_REQUIRED";
    /**
     * A field named by a trigger, node or assignment is not a field of its form (nor a system field
     * where those are allowed).
     */
    public static final String FLOW_UNKNOWN_FIELD = "FLOW_UNKNOWN_FIELD";
    /**
     * A field of the wrong type: a relative date on a field that is no date, a user reference or
     * assignment field that is no user field, a department assignment field that is no department
     * field, a mapping value that is neither, an update/delete {@code link} that is no link field.
     */
    public static final String FLOW_FIELD_TYPE_MISMATCH = "FLOW_FIELD_TYPE_MISMATCH";
    /**
     * A flow writes a field that cannot be written: a formula or autonumber (or a system field other
     * than {@code owner}), or a task's {@code required} entry that is not among its fields.
     */
    public static final String FLOW_FIELD_NOT_WRITABLE = "FLOW_FIELD_NOT_WRITABLE";
    /** A select field is set to a text literal that is not one of its options. */
    public static final String FLOW_VALUE_NOT_AN_OPTION = "FLOW_VALUE_NOT_AN_OPTION";
    /** A role (manual trigger, role assignment) is not a role of app.json. */
    public static final String FLOW_UNKNOWN_ROLE = "FLOW_UNKNOWN_ROLE";
    /**
     * A node key used as a target ({@code next}, a branch, {@code onReject}, {@code onError},
     * {@code returnTo}, {@code records}) names no node of the flow.
     */
    public static final String FLOW_UNKNOWN_NODE = "FLOW_UNKNOWN_NODE";
    /** A sub-flow node names a flow the app does not have. */
    public static final String FLOW_UNKNOWN_FLOW = "FLOW_UNKNOWN_FLOW";
    /** A notify node names a template that is not {@code templates/<name>.html} of the package. */
    public static final String FLOW_UNKNOWN_TEMPLATE = "FLOW_UNKNOWN_TEMPLATE";
    /** An expression reads {@code settings.<key>} for a key app.json's settings do not have. */
    public static final String FLOW_UNKNOWN_SETTING = "FLOW_UNKNOWN_SETTING";
    /**
     * An expression reads {@code outputs.<key>} where no node with an output (query, create, http,
     * script) of that key can have run before.
     */
    public static final String FLOW_UNKNOWN_OUTPUT = "FLOW_UNKNOWN_OUTPUT";
    /**
     * An expression calls {@code changed()} in a flow not started by a record being created or updated.
     */
    public static final String FLOW_CHANGED_NOT_AVAILABLE = "FLOW_CHANGED_NOT_AVAILABLE";
    /** A node cannot be reached from the start node (the first). */
    public static final String FLOW_NODE_UNREACHABLE = "FLOW_NODE_UNREACHABLE";
    /** A join node with no parallel split before it, or with fewer than two incoming edges. */
    public static final String FLOW_JOIN_WITHOUT_SPLIT = "FLOW_JOIN_WITHOUT_SPLIT";
    /**
     * A cycle of nodes none of which waits (approval, task, delay, wait-until, a sub-flow that waits):
     * it would spin; reported once per cycle, on its first node.
     */
    public static final String FLOW_CYCLE_WITHOUT_WAIT = "FLOW_CYCLE_WITHOUT_WAIT";
    /**
     * An approval (other than a manager chain) or a task without assignees; a notify without
     * recipients.
     */
    public static final String FLOW_NO_ASSIGNEES = "FLOW_NO_ASSIGNEES";
    /**
     * An assignment that cannot work: round robin or least-open-tasks over something that is not a
     * group, a department with both or neither of department and field, a manager level outside 1..10,
     * an owner assignment that names a group.
     */
    public static final String FLOW_ASSIGNMENT_INVALID = "FLOW_ASSIGNMENT_INVALID";
    /**
     * An approval's settings do not fit its mode (ratio without a ratio in (0, 1], manager chain with
     * assignees or without levels 1..10, levels or ratio on another mode), its actions lack approve, or
     * return and returnTo do not come together.
     */
    public static final String FLOW_APPROVAL_INVALID = "FLOW_APPROVAL_INVALID";
    /** A {@code returnTo} entry names a node that does not come before the approval. */
    public static final String FLOW_RETURN_TARGET_INVALID = "FLOW_RETURN_TARGET_INVALID";
    /**
     * A deadline's action does not fit: escalate without escalateTo (or escalateTo otherwise),
     * remindEvery without remind, auto-approve or auto-reject on a task.
     */
    public static final String FLOW_DEADLINE_INVALID = "FLOW_DEADLINE_INVALID";
    /**
     * A notify node lacks what its channels need: a message for in-app, a subject and template for
     * e-mail.
     */
    public static final String FLOW_NOTIFY_INVALID = "FLOW_NOTIFY_INVALID";
    /**
     * An update or delete names both {@code link} and {@code records}, or {@code records} names a node
     * that is not a query.
     */
    public static final String FLOW_TARGET_INVALID = "FLOW_TARGET_INVALID";
    /** A sub-flow calls itself (directly or through others) or a flow about another form. */
    public static final String FLOW_SUBFLOW_INVALID = "FLOW_SUBFLOW_INVALID";
    /**
     * A duration is not ISO 8601 ({@code P3D}, {@code PT4H}, {@code P1DT12H}), is not positive where it
     * must be, or is out of range (an HTTP timeout above one minute).
     */
    public static final String FLOW_DURATION_INVALID = "FLOW_DURATION_INVALID";
    /**
     * A schedule's cron expression is not five valid fields (minute hour day-of-month month
     * day-of-week), runs more than once an hour, or never fires.
     */
    public static final String FLOW_CRON_INVALID = "FLOW_CRON_INVALID";
    /**
     * A query filter is not valid: unknown field or operator, a value of the wrong shape, an unknown
     * placeholder; the pointer is into the filter.
     */
    public static final String FLOW_FILTER_INVALID = "FLOW_FILTER_INVALID";

    // --- seed data ---

    /**
     * A seed file does not fit its form: wrong shape, unknown form or field, bad id or dangling link.
     */
    public static final String SEED_INVALID = "SEED_INVALID";

    private Problems() {
    }
}
