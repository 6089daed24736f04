package io.tradewind.model.flow;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Who gets a task, an approval or a notification, polymorphic on the JSON property {@code "type"}.
 * Some assignments name one user (submitter, user, manager, field), others a group (role,
 * department, mapping); {@code roundRobin} and {@code leastOpenTasks} pick one user out of a group.
 * <p>
 * A <em>user reference</em> ({@code of} of a manager) is {@code "submitter"} (who started the
 * instance), {@code "owner"} (the record's owner) or the key of a user field of the record.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = Assignment.Submitter.class, name = "submitter"),
        @JsonSubTypes.Type(value = Assignment.User.class, name = "user"),
        @JsonSubTypes.Type(value = Assignment.Role.class, name = "role"),
        @JsonSubTypes.Type(value = Assignment.Department.class, name = "department"),
        @JsonSubTypes.Type(value = Assignment.Manager.class, name = "manager"),
        @JsonSubTypes.Type(value = Assignment.Field.class, name = "field"),
        @JsonSubTypes.Type(value = Assignment.Mapping.class, name = "mapping"),
        @JsonSubTypes.Type(value = Assignment.RoundRobin.class, name = "roundRobin"),
        @JsonSubTypes.Type(value = Assignment.LeastOpenTasks.class, name = "leastOpenTasks")})
public sealed interface Assignment {

    /** The user reference for whoever started the instance. */
    String SUBMITTER = "submitter";
    /** The user reference for the record's owner. */
    String OWNER = "owner";

    /** The JSON type name. */
    @JsonIgnore
    String type();

    /** Whether the assignment yields a group of users rather than one (what a picker chooses from). */
    @JsonIgnore
    default boolean isGroup() {
        return false;
    }

    /**
     * Whoever started the instance (for a schedule or webhook: nobody). JSON type {@code submitter}.
     */
    record Submitter() implements Assignment {
        @Override
        public String type() {
            return "submitter";
        }
    }

    /**
     * One named user. JSON type {@code user}.
     *
     * @param user
     *            the user's username in the tenant
     */
    record User(String user) implements Assignment {
        /** Rejects a null username. */
        public User {
            Objects.requireNonNull(user, "user");
        }

        @Override
        public String type() {
            return "user";
        }
    }

    /**
     * Every user with an app role. JSON type {@code role}.
     *
     * @param role
     *            a role key of app.json
     */
    record Role(String role) implements Assignment {
        /** Rejects a null role. */
        public Role {
            Objects.requireNonNull(role, "role");
        }

        @Override
        public String type() {
            return "role";
        }

        @Override
        public boolean isGroup() {
            return true;
        }
    }

    /**
     * The members of a department: a fixed one by its code, or the one a department field of the record
     * holds (exactly one of the two). JSON type {@code department}.
     *
     * @param department
     *            a department code, null when {@code field} is given
     * @param field
     *            a department field of the record, null when {@code department} is given
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Department(String department, String field) implements Assignment {
        @Override
        public String type() {
            return "department";
        }

        @Override
        public boolean isGroup() {
            return true;
        }
    }

    /**
     * The manager of a user, {@code levels} steps up the reporting line (1 is the direct manager). JSON
     * type {@code manager}.
     *
     * @param of
     *            a user reference; {@code submitter} when absent
     * @param levels
     *            how many steps up, 1 to 10; 1 when absent
     */
    record Manager(String of, Integer levels) implements Assignment {
        /** Applies the defaults. */
        public Manager {
            of = of == null ? SUBMITTER : of;
            levels = levels == null ? 1 : levels;
        }

        @Override
        public String type() {
            return "manager";
        }
    }

    /**
     * The user a user field of the record holds (or its {@code owner}, {@code createdBy},
     * {@code updatedBy}). JSON type {@code field}.
     *
     * @param field
     *            the field key
     */
    record Field(String field) implements Assignment {
        /** Rejects a null field. */
        public Field {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String type() {
            return "field";
        }
    }

    /**
     * A look-up in a mapping form: the record of {@code form} whose {@code keyField} equals the value
     * of the expression {@code key}, and of it the user or department in {@code valueField} (e.g.
     * country → sales team). JSON type {@code mapping}.
     *
     * @param form
     *            the mapping form
     * @param keyField
     *            the field of the mapping form matched against {@code key}
     * @param valueField
     *            a user or department field of the mapping form
     * @param key
     *            an expression over the flow's record, e.g. {@code country}
     */
    record Mapping(String form, String keyField, String valueField, String key) implements Assignment {
        /** Rejects null components. */
        public Mapping {
            Objects.requireNonNull(form, "form");
            Objects.requireNonNull(keyField, "keyField");
            Objects.requireNonNull(valueField, "valueField");
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String type() {
            return "mapping";
        }

        @Override
        public boolean isGroup() {
            return true;
        }
    }

    /**
     * One user of a group, taking turns (per flow node). JSON type {@code roundRobin}.
     *
     * @param among
     *            the group: a role, department or mapping
     */
    record RoundRobin(Assignment among) implements Assignment {
        /** Rejects a null group. */
        public RoundRobin {
            Objects.requireNonNull(among, "among");
        }

        @Override
        public String type() {
            return "roundRobin";
        }
    }

    /**
     * The user of a group with the fewest open tasks. JSON type {@code leastOpenTasks}.
     *
     * @param among
     *            the group: a role, department or mapping
     */
    record LeastOpenTasks(Assignment among) implements Assignment {
        /** Rejects a null group. */
        public LeastOpenTasks {
            Objects.requireNonNull(among, "among");
        }

        @Override
        public String type() {
            return "leastOpenTasks";
        }
    }
}
