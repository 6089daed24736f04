package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.tradewind.model.I18nText;

/**
 * What starts a flow instance, polymorphic on the JSON property {@code "type"}. Conditions are
 * expressions over the record (see {@code docs/definition-language.md}, Flows); an instance starts
 * only when the condition is absent or true.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = FlowTrigger.RecordCreated.class, name = "recordCreated"),
        @JsonSubTypes.Type(value = FlowTrigger.RecordUpdated.class, name = "recordUpdated"),
        @JsonSubTypes.Type(value = FlowTrigger.RecordDeleted.class, name = "recordDeleted"),
        @JsonSubTypes.Type(value = FlowTrigger.Schedule.class, name = "schedule"),
        @JsonSubTypes.Type(value = FlowTrigger.RelativeDate.class, name = "relativeDate"),
        @JsonSubTypes.Type(value = FlowTrigger.Manual.class, name = "manual"),
        @JsonSubTypes.Type(value = FlowTrigger.Webhook.class, name = "webhook")})
public sealed interface FlowTrigger {

    /** The JSON type name. */
    @JsonIgnore
    String type();

    /** The start condition, null when absent (always start). */
    default String condition() {
        return null;
    }

    /** Whether the trigger is about a record of the flow's form (then the flow must name one). */
    @JsonIgnore
    default boolean needsForm() {
        return true;
    }

    /** Whether expressions may call {@code changed('field')}: only for record created and updated. */
    @JsonIgnore
    default boolean seesChanges() {
        return false;
    }

    /**
     * A record of the form was created. JSON type {@code recordCreated}.
     *
     * @param condition
     *            the start condition; {@code changed('f')} is true for every field given a value
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RecordCreated(String condition) implements FlowTrigger {
        @Override
        public String type() {
            return "recordCreated";
        }

        @Override
        public boolean seesChanges() {
            return true;
        }
    }

    /**
     * A record of the form was updated. JSON type {@code recordUpdated}.
     *
     * @param condition
     *            the start condition; {@code changed('f')} is true when the update changed field f
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RecordUpdated(String condition) implements FlowTrigger {
        @Override
        public String type() {
            return "recordUpdated";
        }

        @Override
        public boolean seesChanges() {
            return true;
        }
    }

    /**
     * A record of the form was deleted; the flow sees its last values. JSON type {@code recordDeleted}.
     *
     * @param condition
     *            the start condition
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RecordDeleted(String condition) implements FlowTrigger {
        @Override
        public String type() {
            return "recordDeleted";
        }
    }

    /**
     * A time table: five-field cron (minute hour day-of-month month day-of-week), read in the tenant's
     * time zone. JSON type {@code schedule}. The flow has no record unless it queries some.
     *
     * @param cron
     *            the cron expression, e.g. {@code "0 2 * * *"} (daily at 02:00)
     */
    record Schedule(String cron) implements FlowTrigger {
        /** Rejects a null expression. */
        public Schedule {
            Objects.requireNonNull(cron, "cron");
        }

        @Override
        public String type() {
            return "schedule";
        }

        @Override
        public boolean needsForm() {
            return false;
        }
    }

    /**
     * A moment relative to a date or date-time field of each record, e.g. three days after
     * {@code lastFollowUpAt}; moved when the field changes, checked against the condition when due.
     * JSON type {@code relativeDate}.
     *
     * @param field
     *            a date or date-time field of the form, or {@code createdAt} / {@code updatedAt}
     * @param offset
     *            an ISO 8601 duration after the field's value, negative ({@code -P1D}) for before
     * @param at
     *            for a date field, the local time ({@code HH:mm}, tenant time zone) on the due day;
     *            null means 00:00
     * @param condition
     *            checked when the moment comes; the instance starts only when it is true
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RelativeDate(String field, String offset, String at, String condition) implements FlowTrigger {
        /** Rejects a null field and offset. */
        public RelativeDate {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(offset, "offset");
        }

        @Override
        public String type() {
            return "relativeDate";
        }
    }

    /**
     * A button on a record: pressed by a user, who becomes the submitter. JSON type {@code manual}.
     *
     * @param label
     *            the button text
     * @param roles
     *            the app roles that see the button; empty means everyone who may update the record
     * @param condition
     *            when the button is shown (and accepted)
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Manual(I18nText label, List<String> roles, String condition) implements FlowTrigger {
        /** Rejects a null label; copies the roles. */
        public Manual {
            Objects.requireNonNull(label, "label");
            roles = FlowSupport.copy(roles);
        }

        @Override
        public String type() {
            return "manual";
        }
    }

    /**
     * An inbound webhook, {@code POST /api/hooks/{app}/{hook}}; the request body is {@code payload} in
     * expressions. JSON type {@code webhook}.
     *
     * @param hook
     *            the hook key, unique in the app
     * @param secret
     *            the name of the tenant secret that signs requests to this hook (a reference, never the
     *            secret itself)
     */
    record Webhook(String hook, String secret) implements FlowTrigger {
        /** Rejects null components. */
        public Webhook {
            Objects.requireNonNull(hook, "hook");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String type() {
            return "webhook";
        }

        @Override
        public boolean needsForm() {
            return false;
        }
    }
}
