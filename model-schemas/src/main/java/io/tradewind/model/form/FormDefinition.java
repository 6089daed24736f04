package io.tradewind.model.form;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A form: the data model, rules and views of one kind of record, read from
 * {@code forms/<key>.form.json}.
 *
 * @param key
 *            the form key, equal to the file name
 * @param label
 *            the form's name
 * @param description
 *            a help text, null when absent
 * @param titleField
 *            the top-level field shown as a record's title, null when absent
 * @param fields
 *            the top-level fields, in display order
 * @param rules
 *            the validation rules; empty when absent
 * @param views
 *            the views; {@link FormViews#NONE} when absent
 * @param permissions
 *            what each app role may do with the records, one entry per role; empty when absent
 *            (then only the built-in admin reaches the form)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FormDefinition(String key, I18nText label, I18nText description, String titleField,
        List<FieldDefinition> fields, List<FormRule> rules, FormViews views, List<FormPermission> permissions) {

    /** Rejects null key, label and fields; copies lists; absent views become {@link FormViews#NONE}. */
    public FormDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        rules = FieldSupport.copy(rules);
        views = views == null ? FormViews.NONE : views;
        permissions = FieldSupport.copy(permissions);
    }

    /** A form without permissions (only the built-in admin reaches it). */
    public FormDefinition(String key, I18nText label, I18nText description, String titleField,
            List<FieldDefinition> fields, List<FormRule> rules, FormViews views) {
        this(key, label, description, titleField, fields, rules, views, List.of());
    }

    /** The permission entry of a role, if the form has one. */
    public Optional<FormPermission> permission(String role) {
        return permissions.stream().filter(p -> p.role().equals(role)).findFirst();
    }

    /** The top-level field with the given key, if any (the first one when keys are duplicated). */
    public Optional<FieldDefinition> field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /**
     * The keys of the fields searched by the list's {@code q} parameter: those of the list view when
     * given, else all top-level text, email, phone and autonumber fields.
     */
    public List<String> searchFieldKeys() {
        var list = views.list();
        if (list != null && list.search() != null) {
            return list.search();
        }
        return fields.stream().filter(FieldDefinition::searchedByDefault).map(FieldDefinition::key).toList();
    }
}
