package io.tradewind.model.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * The {@code app.json} of an app package.
 *
 * @param key
 *            the app key, equal to the package folder name
 * @param version
 *            a semantic version {@code MAJOR.MINOR.PATCH}
 * @param name
 *            the app's name
 * @param description
 *            a help text, null when absent
 * @param roles
 *            the roles the app defines; empty when absent
 * @param menu
 *            the forms shown in the app's menu, in order; empty when absent
 * @param settings
 *            free-form scalar settings; empty when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AppDefinition(String key, String version, I18nText name, I18nText description,
        List<RoleDefinition> roles, List<MenuItem> menu, Map<String, Object> settings) {

    /** Rejects null key, version and name; copies collections. */
    public AppDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(name, "name");
        roles = roles == null ? List.of() : List.copyOf(roles);
        menu = menu == null ? List.of() : List.copyOf(menu);
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A role an app defines. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoleDefinition(String key, I18nText label) {
        /** Rejects a null key. */
        public RoleDefinition {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A menu entry: a form of the app. */
    public record MenuItem(String form) {
        /** Rejects a null form. */
        public MenuItem {
            Objects.requireNonNull(form, "form");
        }
    }
}
