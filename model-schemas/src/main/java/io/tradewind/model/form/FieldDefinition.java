package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.tradewind.model.I18nText;

/**
 * A field of a form or of a subtable row, polymorphic on the JSON property {@code "type"}; one
 * record per type.
 * <p>
 * Conventions shared by all field records: optional properties without a documented default are
 * {@code null} when absent (numbers are boxed; decimal bounds are {@link java.math.BigDecimal},
 * integer bounds {@link Long}); the documented defaults (e.g. text {@code maxLength} 255, decimal
 * {@code scale} 2, formula {@code resultType} decimal) are applied by the compact constructors, so
 * those accessors never return null; lists are copied and never null. The JSON property
 * {@code default} is the record component {@code defaultValue}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = TextField.class, name = TextField.TYPE),
        @JsonSubTypes.Type(value = TextareaField.class, name = TextareaField.TYPE),
        @JsonSubTypes.Type(value = RichtextField.class, name = RichtextField.TYPE),
        @JsonSubTypes.Type(value = IntegerField.class, name = IntegerField.TYPE),
        @JsonSubTypes.Type(value = DecimalField.class, name = DecimalField.TYPE),
        @JsonSubTypes.Type(value = MoneyField.class, name = MoneyField.TYPE),
        @JsonSubTypes.Type(value = PercentField.class, name = PercentField.TYPE),
        @JsonSubTypes.Type(value = BooleanField.class, name = BooleanField.TYPE),
        @JsonSubTypes.Type(value = DateField.class, name = DateField.TYPE),
        @JsonSubTypes.Type(value = DatetimeField.class, name = DatetimeField.TYPE),
        @JsonSubTypes.Type(value = SelectField.class, name = SelectField.TYPE),
        @JsonSubTypes.Type(value = MultiselectField.class, name = MultiselectField.TYPE),
        @JsonSubTypes.Type(value = EmailField.class, name = EmailField.TYPE),
        @JsonSubTypes.Type(value = PhoneField.class, name = PhoneField.TYPE),
        @JsonSubTypes.Type(value = UrlField.class, name = UrlField.TYPE),
        @JsonSubTypes.Type(value = CountryField.class, name = CountryField.TYPE),
        @JsonSubTypes.Type(value = UserField.class, name = UserField.TYPE),
        @JsonSubTypes.Type(value = DepartmentField.class, name = DepartmentField.TYPE),
        @JsonSubTypes.Type(value = LinkField.class, name = LinkField.TYPE),
        @JsonSubTypes.Type(value = SubtableField.class, name = SubtableField.TYPE),
        @JsonSubTypes.Type(value = AutonumberField.class, name = AutonumberField.TYPE),
        @JsonSubTypes.Type(value = FormulaField.class, name = FormulaField.TYPE)})
public sealed interface FieldDefinition
        permits TextField, TextareaField, RichtextField, IntegerField, DecimalField, MoneyField, PercentField,
        BooleanField, DateField, DatetimeField, SelectField, MultiselectField, EmailField, PhoneField, UrlField,
        CountryField, UserField, DepartmentField, LinkField, SubtableField, AutonumberField, FormulaField {

    /** The field key, unique in its scope (the form's top level or one subtable's row). */
    String key();

    /** The JSON type name, e.g. {@code "text"}; equal to the record's {@code TYPE} constant. */
    @JsonIgnore
    String type();

    /** The label, or null when absent (user interfaces then show the key). */
    I18nText label();

    /** A help text, or null when absent. */
    I18nText description();

    /** Whether a value is required; false when absent. */
    boolean required();

    /**
     * Whether the list search ({@code q}) looks into this field by default: text, email, phone and
     * autonumber.
     */
    @JsonIgnore
    default boolean searchedByDefault() {
        return this instanceof TextField || this instanceof EmailField || this instanceof PhoneField
                || this instanceof AutonumberField;
    }

    /**
     * Whether a list view may search this field: the default ones plus textarea, richtext and url.
     */
    @JsonIgnore
    default boolean searchable() {
        return searchedByDefault() || this instanceof TextareaField || this instanceof RichtextField
                || this instanceof UrlField;
    }
}
